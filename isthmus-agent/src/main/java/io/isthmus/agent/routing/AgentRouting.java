package io.isthmus.agent.routing;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.RouterPunt;
import io.isthmus.agent.router.RouterServiceThread;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.PacketOutput;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.ospf.OspfConfig;
import io.isthmus.routing.ospf.OspfInterface;
import io.isthmus.routing.rip.RipAuthentication;
import io.isthmus.routing.rip.RipPort;
import io.isthmus.routing.rip.RipPortConfig;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The routing protocols of this host's virtual routers: OSPF and RIP on the participants' links, BGP in each
 * network's private namespace, and the reports of their sessions to the controller, which merges what they learn
 * into the route tables.
 */
public final class AgentRouting {
    /** The shortest time between two reports of changed sessions. */
    static final long REPORT_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RoutingReports reports = new RoutingReports();
    private final LinkRoutingService ospf;
    private final LinkRoutingService rip;
    private final BgpRoutingService bgp;
    private final Consumer<String> log;
    private long reportedVersion = -1;
    private long nextReport;

    /** The routing of host {@code hostId}'s routers over {@code ports}, sending through {@code out}. */
    public AgentRouting(String hostId, PortTable ports, DataplaneSinks out, Consumer<String> log) {
        this.log = log;
        this.ospf = new LinkRoutingService(RoutingProtocol.OSPF, ports, out, reports, AgentRouting::ospf, log);
        this.rip = new LinkRoutingService(RoutingProtocol.RIP, ports, out, reports, AgentRouting::rip, log);
        this.bgp = new BgpRoutingService(hostId, ports, out, reports, log);
    }

    /** Registers the protocols with the routers' slow path; before it starts. */
    public void register(RouterServiceThread services) {
        services.register(RouterPunt.Kind.OSPF, ospf);
        services.register(RouterPunt.Kind.RIP, rip);
        services.register(RouterPunt.Kind.BGP, bgp);
    }

    /** The sessions by {@code protocol/up} or {@code protocol/down}, every pair present. */
    public Map<String, Long> sessionCounts() {
        return reports.countsByState();
    }

    /** The packets each protocol's service dropped, by {@code protocol/reason}, every pair present. */
    public Map<String, Long> drops() {
        Map<String, Long> drops = new TreeMap<>();
        for (LinkRoutingService.Drop drop : LinkRoutingService.Drop.values()) {
            drops.put("ospf/" + drop.name().toLowerCase(Locale.ROOT), ospf.drops(drop));
            drops.put("rip/" + drop.name().toLowerCase(Locale.ROOT), rip.drops(drop));
        }
        for (BgpRoutingService.Drop drop : BgpRoutingService.Drop.values()) {
            drops.put("bgp/" + drop.name().toLowerCase(Locale.ROOT), bgp.drops(drop));
        }
        bgp.listenerDrops().forEach((reason, count) -> drops.put("bgp/" + reason, count));
        return drops;
    }

    /**
     * Sends the controller the sessions' state when it changed (at most every 100 ms) or when {@code periodic};
     * control thread. A failed report is tried again at the next change or period.
     */
    public void report(ControllerClient client, long now, boolean periodic) {
        long version = reports.version();
        if (!periodic && (version == reportedVersion || now - nextReport < 0)) {
            return;
        }
        nextReport = now + REPORT_SPACING_NANOS;
        try {
            int refused = client.reportRouting(reports.report());
            reportedVersion = version;
            if (refused > 0) {
                log.accept("event=routing-report-refused-routes count=" + refused);
            }
        } catch (RuntimeException e) {
            log.accept("event=routing-report-failed error=\"" + e + "\"");
        }
    }

    /** Ends every session and deletes the namespaces; after the slow path stopped. */
    public void close() {
        ospf.closeAll();
        rip.closeAll();
        bgp.closeAll();
    }

    /** An OSPF session with {@code participant}: the subnet's area, timers, cost and network type. */
    static LinkSession ospf(Participant participant, PacketOutput output, Runnable changed) {
        SubnetRoutingInfo routing = participant.routing();
        OspfConfig config = new OspfConfig(participant.routerId(), routing.getOspfArea(),
            participant.routerAddress(), participant.subnet().prefixLength(),
            routing.getOspfNetworkType() == SubnetRoutingInfo.OspfNetworkType.POINT_TO_POINT
                ? OspfConfig.NetworkType.POINT_TO_POINT : OspfConfig.NetworkType.BROADCAST,
            positive(routing.getOspfHelloSeconds(), OspfConfig.DEFAULT_HELLO_INTERVAL),
            positive(routing.getOspfDeadSeconds(), OspfConfig.DEFAULT_DEAD_INTERVAL),
            OspfConfig.DEFAULT_RETRANSMIT_INTERVAL, positive(routing.getOspfCost(), OspfConfig.DEFAULT_COST),
            OspfConfig.DEFAULT_PRIORITY, participant.mtu(), participant.policy(), InstantSource.system());
        OspfInterface session = new OspfInterface(config, participant.key().peer(), output, s -> changed.run(),
            System.nanoTime());
        return new LinkSession(session,
            (source, sourcePort, destination, payload, now) -> session.receive(source, destination, payload, now));
    }

    /** A RIP session with {@code participant}: the subnet's authentication and timers. */
    static LinkSession rip(Participant participant, PacketOutput output, Runnable changed) {
        SubnetRoutingInfo routing = participant.routing();
        RipAuthentication authentication = switch (routing.getRipAuthentication()) {
            case PASSWORD -> new RipAuthentication.SimplePassword(routing.getRipKey());
            case MD5 -> new RipAuthentication.KeyedMd5(routing.getRipKeyId(), routing.getRipKey());
            default -> new RipAuthentication.None();
        };
        RipPortConfig config = RipPortConfig.of(participant.routerAddress(), participant.subnet().prefixLength(),
            participant.key().peer(), authentication, participant.policy());
        RipPort session = new RipPort(config, output, s -> changed.run(), System.nanoTime());
        return new LinkSession(session, session::receive);
    }

    private static int positive(int value, int fallback) {
        return value > 0 ? value : fallback;
    }
}
