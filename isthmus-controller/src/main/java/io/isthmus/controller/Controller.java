package io.isthmus.controller;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.metrics.PrometheusText;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.channel.AgentChannelServer;
import io.isthmus.controller.channel.AgentCredentials;
import io.isthmus.controller.channel.HostCounters;
import io.isthmus.controller.metering.MeteringService;
import io.isthmus.controller.rest.ApiServer;
import io.isthmus.controller.routing.ReportedSession;
import io.isthmus.controller.store.SqliteStore;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running controller: the embedded store in its data directory, the system manager on it, the REST API (with the
 * operator's {@code /metrics}), and the agent channel (gRPC) on its own address. {@link #close()} stops the agent
 * channel and the API first, then closes the store.
 */
public final class Controller implements AutoCloseable {
    /** Name of the operator token file the controller creates in its data directory when none is given. */
    public static final String OPERATOR_TOKEN_FILE = "operator-token";

    private final Store store;
    private final SystemManager system;
    private final ApiServer api;
    private final AgentChannelServer agentChannel;
    private final AgentCredentials agentCredentials;
    private final Path operatorTokenFile;
    private final MeteringService metering;

    private Controller(Store store, SystemManager system, ApiServer api, AgentChannelServer agentChannel,
                       AgentCredentials agentCredentials, Path operatorTokenFile, MeteringService metering) {
        this.metering = metering;
        this.store = store;
        this.system = system;
        this.api = api;
        this.agentChannel = agentChannel;
        this.agentCredentials = agentCredentials;
        this.operatorTokenFile = operatorTokenFile;
    }

    /**
     * Opens the store in {@code dataDir} (creating it), serves the API on {@code listen} and the agent channel on a
     * free loopback port.
     *
     * @param operatorTokenFile the file holding the operator's bearer token; {@code null} for the default
     */
    public static Controller start(Path dataDir, InetSocketAddress listen, Path operatorTokenFile) throws IOException {
        return start(dataDir, listen, operatorTokenFile, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Opens the store in {@code dataDir} (creating it), serves the API on {@code listen} and the agent channel on
     * {@code agentListen}.
     *
     * @param operatorTokenFile the file holding the operator's bearer token; {@code null} to use (and on first start
     *     create) {@value #OPERATOR_TOKEN_FILE} in the data directory
     * @param agentListen the agent channel's address (port 0 picks a free one); the agents' token secret is
     *     {@value AgentCredentials#SECRET_FILE} in the data directory, created on first start
     */
    public static Controller start(Path dataDir, InetSocketAddress listen, Path operatorTokenFile,
                                   InetSocketAddress agentListen) throws IOException {
        return start(dataDir, listen, operatorTokenFile, agentListen, NetworkIdRange.ALL);
    }

    /**
     * {@link #start(Path, InetSocketAddress, Path, InetSocketAddress)} allocating network ids from
     * {@code networkIds} only (a deployment that shares the 24-bit space with another, or a test of exhaustion).
     */
    public static Controller start(Path dataDir, InetSocketAddress listen, Path operatorTokenFile,
                                   InetSocketAddress agentListen, NetworkIdRange networkIds) throws IOException {
        Files.createDirectories(dataDir);
        Path tokenFile = operatorTokenFile != null ? operatorTokenFile : dataDir.resolve(OPERATOR_TOKEN_FILE);
        String token = operatorToken(tokenFile, operatorTokenFile == null);
        AgentCredentials credentials = AgentCredentials.open(dataDir);
        Store store = SqliteStore.open(dataDir);
        AgentChannelServer channel = null;
        try {
            SystemManager system = SystemManager.create(store, new SecureRandom(), Limits.DEFAULT, networkIds);
            MeteringService metering = new MeteringService(store, Clock.systemUTC());
            channel = AgentChannelServer.start(agentListen, store, credentials, OverlayAddressing.defaults(),
                AgentChannelServer.DEFAULT_EXPIRY, metering);
            AgentChannelServer agents = channel;
            ApiServer api = ApiServer.start(listen, token, system.tenants(), system.hosts(), system.networks(),
                system.nodes(), credentials, agents::counters, text -> metrics(text, store, agents),
                agents.routing(), system.peering(), agents.peering(), metering);
            return new Controller(store, system, api, channel, credentials, tokenFile, metering);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            store.close();
            throw e;
        }
    }

    /**
     * The controller's families of a {@code /metrics} scrape: the store's revision, the agents' last counter
     * reports (kept in memory since the controller started), their routing sessions, and the peer ranges left out.
     */
    private static void metrics(PrometheusText text, Store store, AgentChannelServer agents) {
        text.family("isthmus_controller_store_revision", PrometheusText.Type.GAUGE,
            "The store's revision: the number of writes since it was created.").sample(store.revision());
        Map<HostId, HostCounters> reports = new TreeMap<>(Comparator.comparing(HostId::value));
        reports.putAll(agents.counters());
        text.family("isthmus_controller_agents_connected", PrometheusText.Type.GAUGE,
            "Hosts whose agent is connected now (its update stream open).").sample(agents.connectedAgents());
        text.family("isthmus_controller_agents_reporting", PrometheusText.Type.GAUGE,
            "Hosts whose agent reported counters since the controller started.").sample(reports.size());
        text.family("isthmus_controller_agent_last_report_timestamp_seconds", PrometheusText.Type.GAUGE,
            "When each host's agent last reported its counters (Unix time).");
        reports.forEach((host, report) -> text.sample(Map.of("host", host.value()),
            report.receivedAt().getEpochSecond()));
        text.family("isthmus_controller_agent_reported_counter", PrometheusText.Type.GAUGE,
            "Each data-plane counter of each host's agent as last reported (GET /v1/hosts/{hostId}/counters).");
        reports.forEach((host, report) -> new TreeMap<>(report.counters()).forEach((name, value) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("host", host.value());
            labels.put("counter", name.toLowerCase(Locale.ROOT));
            text.sample(labels, value);
        }));
        routingMetrics(text, agents.routing().sessions());
        text.family("isthmus_controller_peering_usage_reports_total", PrometheusText.Type.COUNTER,
            "Usage reports of the agents (peered traffic) the controller took since it started.")
            .sample(agents.usageReports());
        text.family("isthmus_controller_peering_usage_refused_pairs_total", PrometheusText.Type.COUNTER,
            "Pairs of attachments in the agents' usage reports the controller refused (an attachment unknown, or "
                + "not of a network with a node on the reporting host).").sample(agents.refusedUsagePairs());
        text.family("isthmus_controller_peering_ranges_left_out", PrometheusText.Type.GAUGE,
            "Peer ranges offered to networks through peering routers that they cannot see: they overlap the "
                + "network's own or another peer's, and its attachment does not translate overlaps.")
            .sample(agents.peering().leftOutCount());
    }

    /** The routing sessions the agents reported: how many are up and down per protocol, and the routes learned. */
    private static void routingMetrics(PrometheusText text, List<ReportedSession> sessions) {
        Map<RoutingProtocol, long[]> byProtocol = new EnumMap<>(RoutingProtocol.class);
        for (RoutingProtocol protocol : RoutingProtocol.values()) {
            byProtocol.put(protocol, new long[3]);
        }
        for (ReportedSession session : sessions) {
            long[] counts = byProtocol.get(session.status().protocol());
            counts[session.status().up() ? 0 : 1]++;
            counts[2] += session.learned().size();
        }
        text.family("isthmus_controller_routing_sessions", PrometheusText.Type.GAUGE,
            "Routing sessions of the virtual routers with their participants, as the agents last reported them.");
        byProtocol.forEach((protocol, counts) -> {
            String name = protocol.name().toLowerCase(Locale.ROOT);
            text.sample(protocolState(name, "up"), counts[0]);
            text.sample(protocolState(name, "down"), counts[1]);
        });
        text.family("isthmus_controller_routing_learned_routes", PrometheusText.Type.GAUGE,
            "Routes learned from routing participants and accepted by their policies.");
        byProtocol.forEach((protocol, counts) ->
            text.sample(Map.of("protocol", protocol.name().toLowerCase(Locale.ROOT)), counts[2]));
    }

    private static Map<String, String> protocolState(String protocol, String state) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("protocol", protocol);
        labels.put("state", state);
        return labels;
    }

    /** Reads the token, or creates a random one readable by the owner only when {@code create} allows it. */
    private static String operatorToken(Path file, boolean create) throws IOException {
        if (!Files.exists(file)) {
            if (!create) {
                throw new IOException("operator token file " + file + " does not exist");
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            throw new IOException("operator token in " + file + " must have at least 16 characters");
        }
        return token;
    }

    /** The address the REST API listens on. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    /** The file holding the operator's bearer token. */
    public Path operatorTokenFile() {
        return operatorTokenFile;
    }

    /** The services, for in-process callers (the agent channel, tests). */
    public SystemManager system() {
        return system;
    }

    /** The address the agent channel listens on. */
    public InetSocketAddress agentChannelAddress() {
        return agentChannel.address();
    }

    /** The agent channel (the hosts' last counter reports). */
    public AgentChannelServer agentChannel() {
        return agentChannel;
    }

    /** Metering: usage records, the fee schedule, invoices (also the routing manager's usage recorder). */
    public MeteringService metering() {
        return metering;
    }

    /** The agents' credentials (issues host tokens, as {@code POST /v1/hosts/{id}/credentials} does). */
    public AgentCredentials agentCredentials() {
        return agentCredentials;
    }

    /** The store, for in-process callers (tests, tools); the controller owns its lifecycle. */
    public Store store() {
        return store;
    }

    @Override
    public void close() {
        agentChannel.close();
        api.close();
        store.close();
    }
}
