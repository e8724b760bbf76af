package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The lab of the peering tests: a controller, two hosts with their agents, and three tenants, each with a network of
 * one subnet and a node in it:
 *
 * <pre>
 *   tenant X: network 10.0.0.0/24, node x 10.0.0.10 on host 1
 *   tenant Y: network 10.1.0.0/24, node y 10.1.0.20 on host 2
 *   tenant Z: network 10.2.0.0/24, node z 10.2.0.30 on host 1
 * </pre>
 *
 * Tests add sites ({@link #site}), peering routers, attachments and links through the REST API as the tenants
 * would, with their own tokens. {@link #close()} removes every namespace and process.
 */
final class PeeringLab implements AutoCloseable {
    /** The port of the servers of {@link #echoServers}. */
    static final int ECHO_PORT = 7000;

    final AgentLab lab;
    final NetnsFixture fixture;
    final NodeProbes probes;
    final AgentLab.TwoHosts hosts;
    final Tenant tenantX;
    final Tenant tenantY;
    final Tenant tenantZ;
    final Site x;
    final Site y;
    final Site z;

    /** A tenant and its API token. */
    record Tenant(String name, String token) {
    }

    /** A network of one subnet and one node in it: the node's namespace, address and agent. */
    record Site(Tenant tenant, AgentLab.Network network, String nodeName, NetworkNamespace node, String address,
                AgentRuntime agent) {
        String networkId() {
            return network.id();
        }
    }

    private PeeringLab(Path dir) throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        try {
            probes = new NodeProbes(fixture, dir);
            hosts = lab.twoHosts();
            tenantX = tenant("x");
            tenantY = tenant("y");
            tenantZ = tenant("z");
            x = site(tenantX, "x", "10.0.0.0/24", "10.0.0.10", 1);
            y = site(tenantY, "y", "10.1.0.0/24", "10.1.0.20", 2);
            z = site(tenantZ, "z", "10.2.0.0/24", "10.2.0.30", 1);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** The lab, running, with the nodes of X, Y and Z addressed by their agents. */
    static PeeringLab start(Path dir) throws Exception {
        return new PeeringLab(dir);
    }

    /** A tenant named {@code name} and a token of it. */
    Tenant tenant(String name) {
        return new Tenant(name, lab.tenantToken(name));
    }

    /**
     * A network of {@code tenant} of {@code cidr} (one subnet), with a node {@code name} at {@code address} on host
     * 1 or 2; returns once its agent has given the node its address.
     */
    Site site(Tenant tenant, String name, String cidr, String address, int host) throws Exception {
        AgentLab.Network network = lab.network(tenant.token(), name, cidr);
        return node(tenant, network, name, address, host);
    }

    /** Another node {@code name} at {@code address} in {@code site}'s network, on host 1 or 2. */
    Site node(Site site, String name, String address, int host) throws Exception {
        return node(site.tenant(), site.network(), name, address, host);
    }

    private Site node(Tenant tenant, AgentLab.Network network, String name, String address, int host)
        throws Exception {
        String hostId = host == 1 ? hosts.host1() : hosts.host2();
        Path attach = host == 1 ? hosts.attach1() : hosts.attach2();
        AgentRuntime agent = host == 1 ? hosts.agent1() : hosts.agent2();
        NetworkNamespace node = lab.node(tenant.token(), network.id(), network.subnetId(), name, hostId, address,
            attach);
        lab.awaitAddress(node, agent);
        return new Site(tenant, network, name, node, address, agent);
    }

    // Peering through the API

    /** Creates a peering router of {@code owner} without restrictions; returns its id. */
    String router(Tenant owner, String name) {
        return AgentLab.created(lab.api.post("/v1/peering-routers", owner.token(), Map.of("name", name)));
    }

    /** Asks, as {@code caller}, to attach {@code site}'s network to {@code router} with {@code policy}. */
    ApiClient.Answer requestAttachment(Tenant caller, String router, Site site, Map<String, Object> policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("networkId", site.networkId());
        body.put("policy", policy);
        return lab.api.post("/v1/peering-routers/" + router + "/attachments", caller.token(), body);
    }

    /**
     * Attaches {@code site}'s network to {@code router} with {@code policy}: requested by {@code caller} (the
     * network's tenant or the router's owner) and, when that leaves it pending, accepted by {@code other}; returns the
     * active attachment.
     */
    JsonNode attach(Tenant caller, Tenant other, String router, Site site, Map<String, Object> policy) {
        ApiClient.Answer requested = requestAttachment(caller, router, site, policy);
        assertThat(requested.status()).as("%s", requested).isEqualTo(201);
        JsonNode attachment = requested.body();
        if (attachment.path("state").asText().equals("pending-acceptance")) {
            attachment = accept(other, attachment.path("id").asText());
        }
        assertThat(attachment.path("state").asText()).as("%s", attachment).isEqualTo("active");
        return attachment;
    }

    /** Accepts a pending attachment as {@code tenant}; returns it. */
    JsonNode accept(Tenant tenant, String attachment) {
        ApiClient.Answer accepted = lab.api.post("/v1/peering-attachments/" + attachment + "/accept", tenant.token(),
            null);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        return accepted.body();
    }

    /**
     * Links {@code router} (of {@code owner}) to {@code peer} (of {@code peerOwner}), accepted by the peer's owner
     * when that is needed; returns the active link's id.
     */
    String link(Tenant owner, String router, Tenant peerOwner, String peer) {
        ApiClient.Answer linked = lab.api.post("/v1/peering-routers/" + router + "/links", owner.token(),
            Map.of("peerRouterId", peer));
        assertThat(linked.status()).as("%s", linked).isEqualTo(201);
        JsonNode link = linked.body();
        if (!link.path("state").asText().equals("active")) {
            ApiClient.Answer accepted = lab.api.post("/v1/peering-links/" + link.path("id").asText() + "/accept",
                peerOwner.token(), null);
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
            link = accepted.body();
        }
        assertThat(link.path("state").asText()).as("%s", link).isEqualTo("active");
        return link.path("id").asText();
    }

    /** Deletes a link as {@code owner} (either router's owner). */
    void unlink(Tenant owner, String link) {
        ApiClient.Answer deleted = lab.api.delete("/v1/peering-links/" + link, owner.token());
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
    }

    /** {@code site}'s network's peering view as the API shows it to its tenant. */
    JsonNode peeringView(Site site) {
        ApiClient.Answer view = lab.api.get("/v1/networks/" + site.networkId() + "/peering", site.tenant().token());
        assertThat(view.status()).as("%s", view).isEqualTo(200);
        return view.body();
    }

    /**
     * Reads {@code site}'s peering view until {@code condition} holds (the controller computes views a moment after
     * a change); returns it.
     */
    JsonNode awaitView(Site site, Predicate<JsonNode> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode view = peeringView(site);
            if (condition.test(view)) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + site.nodeName()
                    + "'s peering view: " + view);
            }
            Thread.sleep(200);
        }
    }

    /** The peer ranges of a view, each with the routers (ids) on its path: {@code prefix -> [router, ...]}. */
    static List<Map.Entry<String, List<String>>> paths(JsonNode view) {
        List<Map.Entry<String, List<String>>> paths = new ArrayList<>();
        for (JsonNode range : view.path("peers")) {
            List<String> routers = new ArrayList<>();
            range.path("routers").forEach(router -> routers.add(router.path("routerId").asText()));
            paths.add(Map.entry(range.path("prefix").asText(), routers));
        }
        return paths;
    }

    /** The entry of {@code site}'s peering view for the range it sees as {@code prefix}, once it sees it. */
    JsonNode seenRange(Site site, String prefix) throws InterruptedException {
        JsonNode view = awaitView(site, v -> rangesOf(v, "prefix", prefix).size() == 1, "one range " + prefix);
        return rangesOf(view, "prefix", prefix).getFirst();
    }

    /** The entry of {@code site}'s peering view for the (only) range of network {@code peerNetwork}, once seen. */
    JsonNode seenRangeOf(Site site, String peerNetwork) throws InterruptedException {
        JsonNode view = awaitView(site, v -> !rangesOf(v, "peerNetworkId", peerNetwork).isEmpty(),
            "a range of " + peerNetwork);
        List<JsonNode> found = rangesOf(view, "peerNetworkId", peerNetwork);
        assertThat(found).as("the ranges of %s in %s", peerNetwork, view).hasSize(1);
        return found.getFirst();
    }

    private static List<JsonNode> rangesOf(JsonNode view, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        view.path("peers").forEach(range -> {
            if (range.path(field).asText().equals(value)) {
                found.add(range);
            }
        });
        return found;
    }

    /** The routers (ids) on the path to {@code prefix} as {@code site}'s network sees it, its own router first. */
    List<String> path(Site site, String prefix) throws InterruptedException {
        List<String> path = new ArrayList<>();
        seenRange(site, prefix).path("routers").forEach(router -> path.add(router.path("routerId").asText()));
        return path;
    }

    /** The hop address of the {@code index}th router on the path to {@code prefix} as {@code site} sees it. */
    String routerHop(Site site, String prefix, int index) throws InterruptedException {
        JsonNode routers = seenRange(site, prefix).path("routers");
        assertThat(routers.size()).as("routers %s", routers).isGreaterThan(index);
        return routers.get(index).path("hop").asText();
    }

    /** The routes of {@code site}'s subnet's effective route table. */
    List<JsonNode> routes(Site site) {
        ApiClient.Answer table = lab.api.get("/v1/subnets/" + site.network().subnetId() + "/route-table/effective",
            site.tenant().token());
        assertThat(table.status()).as("%s", table).isEqualTo(200);
        List<JsonNode> routes = new ArrayList<>();
        table.body().path("routes").forEach(routes::add);
        return routes;
    }

    /** Waits until {@code site}'s effective route table has a route satisfying {@code condition}; returns them all. */
    List<JsonNode> awaitRoutes(Site site, Predicate<List<JsonNode>> condition, String what)
        throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<JsonNode> routes = routes(site);
            if (condition.test(routes)) {
                return routes;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; routes of " + site.nodeName() + ": "
                    + routes);
            }
            Thread.sleep(200);
        }
    }

    /** In each site's node, a server on {@link #ECHO_PORT} that answers with the address it sees the client at. */
    void echoServers(Site... sites) throws Exception {
        for (Site site : sites) {
            probes.peerAddressServer(site.node(), ECHO_PORT);
        }
    }

    /**
     * {@code from} reaches {@code to} by ICMP (3 echo requests, 3 replies) and by TCP (to its echo server), and
     * {@code to} sees {@code from} at its own address.
     */
    void assertReaches(Site from, Site to) {
        assertThat(probes.ping(from.node(), to.address(), 3)).as("ping %s -> %s", from.nodeName(), to.nodeName())
            .isEqualTo(3);
        assertThat(probes.tcp(from.node(), to.address(), ECHO_PORT)).as("TCP %s -> %s", from.nodeName(),
            to.nodeName()).hasValueSatisfying(seen -> assertThat(seen).as("the source %s sees", to.nodeName())
            .isEqualTo(from.address()));
    }

    /** An attachment's usage this month as the API shows it to {@code tenant} (a party to it). */
    JsonNode usage(Tenant tenant, String attachment) {
        ApiClient.Answer usage = lab.api.get("/v1/peering-attachments/" + attachment + "/usage", tenant.token());
        assertThat(usage.status()).as("%s", usage).isEqualTo(200);
        return usage.body();
    }

    /** The sum over both agents of the data-plane counter {@code counter}. */
    long counter(DataplaneCounter counter) {
        return hosts.agent1().counterTotals().get(counter) + hosts.agent2().counterTotals().get(counter);
    }

    @Override
    public void close() {
        lab.close();
    }
}
