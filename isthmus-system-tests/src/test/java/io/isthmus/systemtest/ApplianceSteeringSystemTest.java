package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steering through tenant appliances (issue 6), seen from nodes: a firewall node (a namespace with an interface in
 * each subnet, IP forwarding on, nftables rules) between two subnets of one network, put on the path by static routes
 * in both subnets' route tables.
 *
 * <pre>
 *   subnet A 10.0.1.0/24                          subnet B 10.0.2.0/24
 *     a 10.0.1.10 (host 1)    fw 10.0.1.5 | 10.0.2.5 (host 1)    b 10.0.2.20 (host 2)
 *     fw2 10.0.1.6 | 10.0.2.6 (host 2), for ECMP
 * </pre>
 */
@RequiresRoot
@Timeout(300)
class ApplianceSteeringSystemTest {
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
    private AgentRuntime agent1;
    private AgentRuntime agent2;
    private final Map<String, AgentLab.Appliance> appliances = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        NetworkNamespace[] hosts = lab.substrate();
        host1 = lab.host("host-1", AgentLab.PREFIX1);
        host2 = lab.host("host-2", AgentLab.PREFIX2);
        token = lab.tenantToken("acme");
        network = AgentLab.created(lab.api.post("/v1/networks", token, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"))));
        subnetA = AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", "a", "cidr", "10.0.1.0/24")));
        subnetB = AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", "b", "cidr", "10.0.2.0/24")));
        attach1 = Files.createDirectories(dir.resolve("attach1"));
        attach2 = Files.createDirectories(dir.resolve("attach2"));
        a = lab.node(token, network, subnetA, "a", host1, "10.0.1.10", attach1);
        b = lab.node(token, network, subnetB, "b", host2, "10.0.2.20", attach2);
        agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        lab.awaitAddress(a, agent1);
        lab.awaitAddress(b, agent2);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    /** A firewall: an appliance with interfaces in A (eth0) and B (eth1), forwarding, no rules yet. */
    private NetworkNamespace firewall(String name, String host, Path attachDir, String inA, String inB)
        throws Exception {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put(subnetA, inA);
        addresses.put(subnetB, inB);
        AgentLab.Appliance fw = lab.appliance(token, network, name, host, addresses, attachDir);
        appliances.put(name, fw);
        AgentLab.awaitTrue(() -> fixture.tryExec(fw.namespace(), "ip", "-4", "addr", "show", "dev", "eth1").output()
            .contains(inB), name + " has both interfaces");
        return fw.namespace();
    }

    /** Routes {@code destination} in {@code subnet}'s table via the named appliances' interfaces in that subnet. */
    private void route(String subnet, String destination, String... names) {
        int index = subnet.equals(subnetA) ? 0 : 1;
        lab.routeThrough(token, subnet, destination, java.util.Arrays.stream(names)
            .map(name -> Map.entry(appliances.get(name).id(), appliances.get(name).interfaceIds().get(index)))
            .toList());
    }

    private void unroute(String subnet, String destination) {
        ApiClient.Answer answer = lab.api.delete("/v1/subnets/" + subnet + "/route-table/routes/"
            + destination.replace('/', '_'), token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    /** Packets received on {@code device} of {@code node} so far. */
    private long received(NetworkNamespace node, String device) {
        return Long.parseLong(fixture.exec(node, "cat", "/sys/class/net/" + device + "/statistics/rx_packets")
            .output().strip());
    }

    private boolean tcpConnects(NetworkNamespace from, String address, int port) {
        return fixture.tryExec(from, "socat", "-u", "/dev/null", "TCP:" + address + ":" + port
            + ",connect-timeout=2").succeeded();
    }

    /** socat servers on {@code ports} of {@code node}, until the lab closes. */
    private void listen(NetworkNamespace node, int... ports) throws Exception {
        for (int port : ports) {
            Process server = new ProcessBuilder("ip", "netns", "exec", node.name(), "socat", "-u",
                "TCP-LISTEN:" + port + ",reuseaddr,fork", "OPEN:/dev/null").redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat-" + port + ".log").toFile()).start();
            fixture.track((AutoCloseable) () -> server.destroyForcibly().waitFor());
        }
        AgentLab.awaitTrue(() -> fixture.tryExec(node, "ss", "-ltn").output().contains(":" + ports[0]),
            "socat listening");
    }

    @Test
    void aFirewallBetweenTwoSubnetsSeesTheTrafficAndItsRulesApply() throws Exception {
        // The firewall on host 2: what it forwards to c, back on host 1, carries a's address from host 2's prefix.
        NetworkNamespace fw = firewall("fw", host2, attach2, "10.0.1.5", "10.0.2.5");
        NetworkNamespace c = lab.node(token, network, subnetB, "c", host1, "10.0.2.30", attach1);
        lab.awaitAddress(c, agent1);
        lab.awaitReply(a, "10.0.2.20");
        lab.awaitReply(a, "10.0.2.30");
        listen(b, 22, 80);
        // Direct: the firewall sees nothing of a's traffic to b.
        long before = received(fw, "eth0");
        assertThat(lab.ping(a, 3, "10.0.2.20")).isEqualTo(3);
        assertThat(received(fw, "eth0") - before).isLessThanOrEqualTo(1);

        // Through the firewall, both ways: measured from the API call until the firewall sees a's pings.
        Process pinger = new ProcessBuilder("ip", "netns", "exec", a.name(), "ping", "-i", "0.05", "10.0.2.20")
            .redirectErrorStream(true).redirectOutput(dir.resolve("ping.log").toFile()).start();
        fixture.track((AutoCloseable) () -> pinger.destroyForcibly().waitFor());
        Thread.sleep(300);
        long seen = received(fw, "eth0");
        long asked = System.nanoTime();
        route(subnetA, "10.0.2.0/24", "fw");
        AgentLab.awaitTrue(() -> received(fw, "eth0") > seen + 2, "a's traffic through fw");
        System.out.printf("figure: static route in force %.3f s after the API call (a's pings at the firewall)%n",
            (System.nanoTime() - asked) / 1e9);
        route(subnetB, "10.0.1.0/24", "fw");
        pinger.destroy();
        pinger.waitFor(5, TimeUnit.SECONDS);
        Thread.sleep(500);
        String path = lab.capture(fw, "eth0", "icmp", () -> lab.ping(a, 2, "10.0.2.20"));
        assertThat(path).contains("10.0.1.10 > 10.0.2.20: ICMP echo request");
        assertThat(lab.ping(a, 3, "10.0.2.20")).isEqualTo(3);
        assertThat(tcpConnects(a, "10.0.2.20", 22)).isTrue();
        long toC = received(fw, "eth0");
        assertThat(lab.ping(a, 3, "10.0.2.30")).as("through the firewall on the other host and back").isEqualTo(3);
        assertThat(received(fw, "eth0") - toC).isGreaterThanOrEqualTo(3);

        // A rule on the firewall drops TCP port 22; ping and TCP port 80 still pass.
        fixture.exec(fw, "nft", "add table inet filter");
        fixture.exec(fw, "nft", "add chain inet filter forward { type filter hook forward priority 0 ; }");
        fixture.exec(fw, "nft", "add rule inet filter forward tcp dport 22 drop");
        assertThat(tcpConnects(a, "10.0.2.20", 22)).as("ssh-like traffic blocked by the firewall").isFalse();
        assertThat(tcpConnects(a, "10.0.2.20", 80)).isTrue();
        assertThat(lab.ping(a, 3, "10.0.2.20")).isEqualTo(3);

        // Without the routes, traffic goes direct again and the firewall's rule no longer applies.
        unroute(subnetA, "10.0.2.0/24");
        unroute(subnetB, "10.0.1.0/24");
        AgentLab.awaitTrue(() -> tcpConnects(a, "10.0.2.20", 22), "direct again");
        long after = received(fw, "eth0");
        assertThat(lab.ping(a, 3, "10.0.2.20")).isEqualTo(3);
        assertThat(received(fw, "eth0") - after).isLessThanOrEqualTo(1);
    }

    @Test
    void aFlowMovesThroughAnApplianceAddedWhileItRuns() throws Exception {
        NetworkNamespace fw = firewall("fw", host1, attach1, "10.0.1.5", "10.0.2.5");
        lab.awaitReply(a, "10.0.2.20");
        lab.iperfServer(b, "10.0.2.20");
        Process client = new ProcessBuilder("ip", "netns", "exec", a.name(), "iperf3", "-c", "10.0.2.20", "-t", "6",
            "-f", "m").redirectErrorStream(true).redirectOutput(dir.resolve("iperf.log").toFile()).start();
        fixture.track((AutoCloseable) () -> client.destroyForcibly().waitFor());
        Thread.sleep(2000);
        long before = received(fw, "eth0");
        route(subnetA, "10.0.2.0/24", "fw");
        route(subnetB, "10.0.1.0/24", "fw");
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String iperf = Files.readString(dir.resolve("iperf.log"));
        System.out.println("iperf3 while the appliance was added:\n" + iperf);
        assertThat(client.exitValue()).as(iperf).isZero();
        assertThat(received(fw, "eth0") - before).as("the flow's packets at the firewall").isGreaterThan(1000);
    }

    @Test
    void equalCostAppliancesShareFlowsAndTheSurvivorTakesThemAll() throws Exception {
        NetworkNamespace fw1 = firewall("fw1", host1, attach1, "10.0.1.5", "10.0.2.5");
        NetworkNamespace fw2 = firewall("fw2", host2, attach2, "10.0.1.6", "10.0.2.6");
        lab.awaitReply(a, "10.0.2.20");
        listen(b, 80);
        route(subnetA, "10.0.2.0/24", "fw1", "fw2");
        route(subnetB, "10.0.1.0/24", "fw1", "fw2");
        long before1 = received(fw1, "eth0");
        long before2 = received(fw2, "eth0");
        // Many flows (one TCP connection each, new source ports): spread over both appliances by their 5-tuple.
        int connected = 0;
        for (int i = 0; i < 30; i++) {
            connected += tcpConnects(a, "10.0.2.20", 80) ? 1 : 0;
        }
        assertThat(connected).isEqualTo(30);
        long through1 = received(fw1, "eth0") - before1;
        long through2 = received(fw2, "eth0") - before2;
        System.out.println("figure: 30 flows over two appliances: fw1 saw " + through1 + " packets, fw2 " + through2);
        assertThat(through1).isGreaterThan(10);
        assertThat(through2).isGreaterThan(10);

        // fw1 is declared unhealthy: its flows move to fw2.
        long removed = System.nanoTime();
        ApiClient.Answer unhealthy = lab.api.call("PATCH", "/v1/nodes/" + lab.nodeId("fw1"), token,
            Map.of("healthy", false), null);
        assertThat(unhealthy.status()).as("%s", unhealthy).isEqualTo(200);
        long sick1 = received(fw1, "eth0");
        AgentLab.awaitTrue(() -> {
            for (int i = 0; i < 5; i++) {
                if (!tcpConnects(a, "10.0.2.20", 80)) {
                    return false;
                }
            }
            return true;
        }, "every flow through fw2");
        System.out.printf("figure: flows through the remaining appliance %.3f s after the other was declared "
            + "unhealthy%n",
            (System.nanoTime() - removed) / 1e9);
        long again2 = received(fw2, "eth0");
        for (int i = 0; i < 10; i++) {
            assertThat(tcpConnects(a, "10.0.2.20", 80)).isTrue();
        }
        assertThat(received(fw2, "eth0") - again2).isGreaterThan(30);
        assertThat(received(fw1, "eth0") - sick1).as("nothing more through fw1").isLessThan(10);
    }
}
