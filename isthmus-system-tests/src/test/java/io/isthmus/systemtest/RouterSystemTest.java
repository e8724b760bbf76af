package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual routers between the subnets of one network, seen from nodes with the standard tools: traceroute (UDP
 * and ICMP), ping's unreachables, ping with DF and tracepath against the network's MTU, and topology changes while
 * the agents run. The network is 10.0.0.0/16 with MTU 1400:
 *
 * <pre>
 *   subnet A 10.0.1.0/24 (router 10.0.1.1)      subnet B 10.0.2.0/24 (router 10.0.2.1)
 *     a 10.0.1.10 on host 1                        b 10.0.2.20 on host 2, c 10.0.2.30 on host 1
 * </pre>
 */
@RequiresRoot
@Timeout(240)
class RouterSystemTest {
    private static final int MTU = 1400;

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;
    private String token;
    private String network;
    private String subnetA;
    private String subnetB;
    private String host1;
    private String host2;
    private Path attach1;
    private Path attach2;
    private NetworkNamespace a;
    private NetworkNamespace b;
    private NetworkNamespace c;
    private AgentRuntime agent1;
    private AgentRuntime agent2;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        NetworkNamespace[] hosts = lab.substrate();
        host1 = lab.host("host-1", AgentLab.PREFIX1);
        host2 = lab.host("host-2", AgentLab.PREFIX2);
        token = lab.tenantToken("acme");
        network = AgentLab.created(lab.api.post("/v1/networks", token, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"), "options", Map.of("mtu", MTU))));
        subnetA = subnet("a", "10.0.1.0/24");
        subnetB = subnet("b", "10.0.2.0/24");
        attach1 = Files.createDirectories(dir.resolve("attach1"));
        attach2 = Files.createDirectories(dir.resolve("attach2"));
        a = lab.node(token, network, subnetA, "a", host1, "10.0.1.10", attach1);
        b = lab.node(token, network, subnetB, "b", host2, "10.0.2.20", attach2);
        c = lab.node(token, network, subnetB, "c", host1, "10.0.2.30", attach1);
        agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        lab.awaitAddress(a, agent1);
        lab.awaitAddress(c, agent1);
        lab.awaitAddress(b, agent2);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private String subnet(String name, String cidr) {
        return AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", name, "cidr", cidr)));
    }

    private CommandResult run(NetworkNamespace node, String... command) {
        CommandResult result = fixture.tryExec(node, command);
        System.out.println(String.join(" ", command) + " in " + node.name() + ":\n" + result.output());
        return result;
    }

    @Test
    void tracerouteShowsBothRoutersThenTheDestination() throws Exception {
        lab.awaitReply(a, "10.0.2.20");
        lab.awaitReply(a, "10.0.2.30");
        // Each router decrements the TTL: b's replies arrive with 64 - 2.
        assertThat(run(a, "ping", "-c", "1", "-W", "2", "10.0.2.20").output()).contains("ttl=62");
        for (String destination : List.of("10.0.2.20", "10.0.2.30")) {
            // UDP probes to rising ports (the default), then ICMP echo probes.
            for (String mode : List.of("-n", "-I")) {
                CommandResult trace = run(a, "traceroute", "-n", mode, "-q", "1", "-N", "1", "-w", "2", "-m", "6",
                    destination);
                assertThat(trace.succeeded()).as(trace.describe()).isTrue();
                List<String> hops = trace.output().lines().skip(1).map(String::strip)
                    .map(line -> line.replaceAll("\\s+", " ").replaceAll(" [0-9.]+ ms.*", "")).toList();
                assertThat(hops).as("traceroute %s %s", mode, destination)
                    .containsExactly("1 10.0.1.1", "2 10.0.2.1", "3 " + destination);
            }
        }
        // The other subnet's router answers ping on its own address, one router away.
        assertThat(run(a, "ping", "-c", "1", "-W", "2", "10.0.2.1").output()).contains("ttl=63");
    }

    @Test
    void unreachablesComeFromTheRightRouter() {
        assertThat(run(a, "ping", "-c", "1", "-W", "2", "10.0.7.9").output())
            .contains("From 10.0.1.1 icmp_seq=1 Destination Net Unreachable");
        assertThat(run(a, "ping", "-c", "1", "-W", "2", "10.0.2.200").output())
            .contains("From 10.0.2.1 icmp_seq=1 Destination Host Unreachable");
        // In its own subnet nobody answers ARP for a free address: the node's stack reports it, as on a real link.
        assertThat(run(a, "ping", "-c", "1", "-W", "4", "10.0.1.200").output())
            .contains("From 10.0.1.10 icmp_seq=1 Destination Host Unreachable");
        assertThat(agent1.counters()).containsKey("NO_ROUTE").containsKey("NO_SUCH_HOST")
            .containsKey("ARP_NO_SUCH_HOST");
    }

    @Test
    void theRouterAnswersTooLargePacketsWithTheMtuAndTracepathFindsIt() throws Exception {
        assertThat(run(a, "ip", "-o", "link", "show", "eth0").output()).contains("mtu " + MTU);
        lab.awaitReply(a, "10.0.2.20");
        // A node whose interface allows more (as a VM or container may) learns the path MTU from the router.
        fixture.exec(a, "ip", "link", "set", "eth0", "mtu", "1500");
        CommandResult big = run(a, "ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1450", "10.0.2.20");
        assertThat(big.output()).contains("From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = " + MTU + ")");
        fixture.exec(a, "ip", "route", "flush", "cache");
        CommandResult tracepath = run(a, "tracepath", "-n", "10.0.2.20");
        assertThat(tracepath.output()).contains("10.0.1.1").contains("pmtu " + MTU).contains("10.0.2.20")
            .contains("reached").contains("Resume: pmtu " + MTU + " hops 3");
        // Without DF the router fragments instead (to c on the same host: ICMP fragments cannot be translated to
        // cross the substrate, RFC 7915 section 4.2).
        lab.awaitReply(a, "10.0.2.30");
        assertThat(AgentLab.received(run(a, "ping", "-c", "2", "-i", "0.2", "-W", "2", "-M", "dont", "-s", "1450",
            "10.0.2.30"))).isEqualTo(2);
        assertThat(agent1.counters().get("ROUTER_FRAGMENTED")).isGreaterThanOrEqualTo(2);
        // Packets that fit go through.
        assertThat(AgentLab.received(run(a, "ping", "-c", "2", "-i", "0.2", "-W", "2", "-M", "do", "-s",
            Integer.toString(MTU - 28), "10.0.2.20"))).isEqualTo(2);

        // A new MTU reaches the nodes' interfaces without a restart.
        AgentLab.awaitTrue(() -> lab.api.call("PUT", "/v1/networks/" + network, token, Map.of("name", "prod",
            "cidrBlocks", List.of("10.0.0.0/16"), "options", Map.of("mtu", 1300)), null).status() == 200,
            "the MTU changed");
        AgentLab.awaitTrue(() -> fixture.tryExec(b, "ip", "-o", "link", "show", "eth0").output()
            .contains("mtu 1300"), "b's interface at MTU 1300");
    }

    @Test
    void aSubnetAddedAndANodeMovedAtRuntimeCarryTrafficWithoutRestarts() throws Exception {
        lab.awaitReply(a, "10.0.2.30");
        // A subnet and a node in it, created while everything runs.
        long created = System.nanoTime();
        String subnetC = subnet("c", "10.0.3.0/24");
        NetworkNamespace d = lab.node(token, network, subnetC, "d", host2, "10.0.3.40", attach2);
        lab.awaitAddress(d, agent2);
        long attached = System.nanoTime();
        lab.awaitReply(a, "10.0.3.40");
        long flowing = System.nanoTime();
        System.out.printf("figure: new subnet and node: attached %.2f s after the API calls, a reached it %.2f s "
            + "after them%n", (attached - created) / 1e9, (flowing - created) / 1e9);
        assertThat(run(a, "traceroute", "-n", "-q", "1", "-N", "1", "-w", "2", "10.0.3.40").output())
            .contains("10.0.3.1");

        // c moves from host 1 to host 2: its host changes in the API and its attachment moves.
        long moved = System.nanoTime();
        ApiClient.Answer patch = lab.api.call("PATCH", "/v1/nodes/" + lab.nodeId("c"), token,
            Map.of("hostId", host2), null);
        assertThat(patch.status()).as("%s", patch).isEqualTo(200);
        Files.move(attach1.resolve(lab.nodeId("c")), attach2.resolve(lab.nodeId("c")));
        AgentLab.awaitTrue(() -> agent2.attachedPorts().keySet().stream()
            .anyMatch(key -> key.startsWith(lab.nodeId("c") + "/")), "c attached on host 2");
        lab.awaitReply(a, "10.0.2.30");
        long back = System.nanoTime();
        System.out.printf("figure: node moved between hosts: a reached it again %.2f s after the API call%n",
            (back - moved) / 1e9);
        assertThat(agent1.attachedPorts().keySet()).noneMatch(key -> key.startsWith(lab.nodeId("c") + "/"));
    }
}
