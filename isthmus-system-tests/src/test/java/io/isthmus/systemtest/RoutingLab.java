package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The lab of the routing protocol tests: one network, 10.0.0.0/8, on two hosts with their agents, and two subnets:
 * A, 10.0.1.0/24, with node {@code a} (10.0.1.10, host 1), and B, 10.1.0.0/24, with node {@code b} (10.1.0.20,
 * host 2). Appliances with an interface in each subnet run real routing daemons and peer with A's virtual router
 * (10.0.1.1); what they announce is steered through them by the routing manager.
 */
final class RoutingLab implements AutoCloseable {
    private static final long QUIET_MILLIS = 500;

    final AgentLab lab;
    final NetnsFixture fixture;
    final String token;
    final String network;
    final String subnetA;
    final String subnetB;
    final String host1;
    final String host2;
    final Path attach1;
    final Path attach2;
    final NetworkNamespace a;
    final NetworkNamespace b;
    final AgentRuntime agent1;
    final AgentRuntime agent2;

    private RoutingLab(Path dir) throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        try {
            AgentLab.TwoHosts hosts = lab.twoHosts();
            host1 = hosts.host1();
            host2 = hosts.host2();
            attach1 = hosts.attach1();
            attach2 = hosts.attach2();
            agent1 = hosts.agent1();
            agent2 = hosts.agent2();
            token = lab.tenantToken("acme");
            network = AgentLab.created(lab.api.post("/v1/networks", token, Map.of("name", "prod", "cidrBlocks",
                List.of("10.0.0.0/8"))));
            subnetA = AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
                Map.of("name", "a", "cidr", "10.0.1.0/24")));
            subnetB = AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
                Map.of("name", "b", "cidr", "10.1.0.0/24")));
            a = lab.node(token, network, subnetA, "a", host1, "10.0.1.10", attach1);
            b = lab.node(token, network, subnetB, "b", host2, "10.1.0.20", attach2);
            lab.awaitAddress(a, agent1);
            lab.awaitAddress(b, agent2);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** The lab, running, with {@code a} and {@code b} attached. */
    static RoutingLab start(Path dir) throws Exception {
        return new RoutingLab(dir);
    }

    /**
     * An appliance on {@code host} with eth0 {@code inA} in A and eth1 {@code inB} in B, forwarding, and an nftables
     * counter of the ICMP it forwards ({@link #forwardedIcmp}); returns it once both interfaces are up.
     */
    AgentLab.Appliance appliance(String name, String host, String inA, String inB) throws Exception {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put(subnetA, inA);
        addresses.put(subnetB, inB);
        AgentLab.Appliance appliance = lab.appliance(token, network, name, host, addresses,
            host.equals(host1) ? attach1 : attach2);
        AgentLab.awaitTrue(() -> fixture.tryExec(appliance.namespace(), "ip", "-4", "addr", "show", "dev", "eth1")
            .output().contains(inB), name + " has both interfaces");
        fixture.exec(appliance.namespace(), "nft", "add table ip steer; add chain ip steer forward { type filter "
            + "hook forward priority 0; }; add rule ip steer forward ip protocol icmp counter").assertSuccess();
        return appliance;
    }

    /** ICMP packets {@code appliance} forwarded so far. */
    long forwardedIcmp(AgentLab.Appliance appliance) {
        String rules = fixture.exec(appliance.namespace(), "nft", "list", "chain", "ip", "steer", "forward")
            .output();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(rules);
        assertThat(m.find()).as("the counter in %s", rules).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Sets subnet {@code subnet}'s routing (the API's "routing" object); fails unless the API accepts it. */
    JsonNode setRouting(String subnet, Map<String, Object> routing) {
        ApiClient.Answer answer = lab.api.call("PATCH", "/v1/subnets/" + subnet, token, Map.of("routing", routing),
            null);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.body();
    }

    /** A participant entry of a subnet's routing. */
    static Map<String, Object> participant(String node, List<String> protocols, long asn, List<String> allowed,
                                           int maxPrefixes) {
        Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("node", node);
        participant.put("protocols", protocols);
        if (asn > 0) {
            participant.put("asn", asn);
        }
        participant.put("allowedPrefixes", allowed);
        participant.put("maxPrefixes", maxPrefixes);
        return participant;
    }

    /** The network's routing sessions as the API shows them. */
    List<JsonNode> sessions() {
        ApiClient.Answer answer = lab.api.get("/v1/networks/" + network + "/routing/sessions", token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        List<JsonNode> sessions = new ArrayList<>();
        answer.body().path("items").forEach(sessions::add);
        return sessions;
    }

    /** Waits until a session of the API's list satisfies {@code condition}; returns it. */
    JsonNode awaitSession(Predicate<JsonNode> condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> sessions = sessions();
            for (JsonNode session : sessions) {
                if (condition.test(session)) {
                    return session;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; sessions: " + sessions);
            }
            Thread.sleep(200);
        }
    }

    /** Subnet {@code subnet}'s effective route table (with learned routes) as the API shows it. */
    JsonNode routeTable(String subnet) {
        ApiClient.Answer answer = lab.api.get("/v1/subnets/" + subnet + "/route-table/effective", token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.body();
    }

    /** A ping from {@code from} to {@code to} every 20 ms, until the lab closes. */
    void pingContinuously(NetworkNamespace from, String to) throws Exception {
        new NodeProbes(fixture, lab.dir).pingContinuously(from, to);
    }

    /**
     * Waits until {@code appliance} forwards ICMP (its counter grows by 5) or, with {@code forwarding} false, stops
     * forwarding it (the counter stays put for {@value #QUIET_MILLIS} ms); returns the time taken, in ms.
     */
    long awaitForwarding(AgentLab.Appliance appliance, boolean forwarding, Duration timeout)
        throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long before = forwardedIcmp(appliance);
        while (true) {
            Thread.sleep(10);
            long now = forwardedIcmp(appliance);
            if (forwarding ? now - before >= 5 : quiet(appliance)) {
                // Stopping is seen at the start of the quiet window.
                return (System.nanoTime() - start) / 1_000_000 - (forwarding ? 0 : QUIET_MILLIS);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + ", " + appliance.id() + (forwarding
                    ? " still forwards no ICMP" : " still forwards ICMP") + " (counter " + now + ")");
            }
        }
    }

    /** Whether {@code appliance} forwarded nothing for {@value #QUIET_MILLIS} ms (25 pings of a→b). */
    private boolean quiet(AgentLab.Appliance appliance) throws InterruptedException {
        long before = forwardedIcmp(appliance);
        Thread.sleep(QUIET_MILLIS);
        return forwardedIcmp(appliance) == before;
    }

    @Override
    public void close() {
        lab.close();
    }
}
