package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents (in this JVM, their devices in host namespaces) and a controller (a child process), end to end, in the
 * {@link AgentLab}:
 *
 * <pre>
 *   n1 10.0.0.4, n3 10.0.0.6 (tenant 1)          n2 10.0.0.5 (tenant 1), t1 10.0.0.4 (tenant 2)
 *        | eth0 (TAP)                                  | eth0 (TAP)
 *   h1 [agent 1, TUN sub0: 2001:db8:0:100::/72]   h2 [agent 2, TUN sub0: 2001:db8:0:200::/72]
 *        | up0 2001:db8:1::2                           | up0 2001:db8:2::2
 *        +---- h1 2001:db8:1::1 -- rt -- h2 2001:db8:2::1 ----+   (routes the two /72s)
 * </pre>
 *
 * The agents talk to the controller over the root namespace's loopback (their gRPC threads never change namespace);
 * only their TUN and TAPs are opened inside the host and node namespaces.
 */
@RequiresRoot
@Timeout(120)
class AgentDataplaneSystemTest {
    private static final String PREFIX1 = AgentLab.PREFIX1;
    private static final String PREFIX2 = AgentLab.PREFIX2;

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;
    private ControllerProcess controller;
    private ApiClient api;
    private String operator;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        controller = lab.controller();
        api = lab.api;
        operator = lab.operator;
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void nodesOnTwoHostsTalkThroughTranslatingAgentsAndTenantsStayApart() throws Exception {
        NetworkNamespace[] hosts = substrate();
        NetworkNamespace rt = hosts[0];
        NetworkNamespace h1 = hosts[1];
        NetworkNamespace h2 = hosts[2];
        String host1 = created(api.post("/v1/hosts", operator, Map.of("name", "host-1", "substratePrefix", PREFIX1)));
        String host2 = created(api.post("/v1/hosts", operator, Map.of("name", "host-2", "substratePrefix", PREFIX2)));
        String tenant1 = tenantToken("acme");
        String tenant2 = tenantToken("globex");
        String net1 = created(api.post("/v1/networks", tenant1, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/24"))));
        String sub1 = created(api.post("/v1/networks/" + net1 + "/subnets", tenant1,
            Map.of("name", "web", "cidr", "10.0.0.0/24")));
        String net2 = created(api.post("/v1/networks", tenant2, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/24"))));
        String sub2 = created(api.post("/v1/networks/" + net2 + "/subnets", tenant2,
            Map.of("name", "web", "cidr", "10.0.0.0/24")));

        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace n1 = node(tenant1, net1, sub1, "n1", host1, "10.0.0.4", attach1);
        NetworkNamespace n2 = node(tenant1, net1, sub1, "n2", host2, "10.0.0.5", attach2);
        NetworkNamespace n3 = node(tenant1, net1, sub1, "n3", host1, "10.0.0.6", attach1);
        NetworkNamespace t1 = node(tenant2, net2, sub2, "t1", host2, "10.0.0.4", attach2);

        AgentRuntime agent1 = agent(host1, PREFIX1, h1, attach1);
        AgentRuntime agent2 = agent(host2, PREFIX2, h2, attach2);
        for (NetworkNamespace node : List.of(n1, n3)) {
            awaitAddress(node, agent1);
        }
        for (NetworkNamespace node : List.of(n2, t1)) {
            awaitAddress(node, agent2);
        }

        // Across hosts: the first packets ask the controller (each agent once), then the path is cached.
        awaitReply(n1, "10.0.0.5");
        CommandResult ping = fixture.exec(n1, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.0.0.5");
        System.out.println("n1 -> n2 across hosts:\n" + ping.output());
        assertThat(received(ping)).as(ping.describe()).isGreaterThanOrEqualTo(4);
        // One subnet is one link: the replies keep the TTL n2 sent (64), however many substrate routers carried them.
        assertThat(ping.output()).contains("ttl=64").doesNotContain("ttl=63", "ttl=62", "ttl=61");

        // On the substrate: the echo requests are plain ICMPv6 between the nodes' substrate addresses (agent prefix |
        // network id | IPv4), 64 bytes of ICMP as in the IPv4 original: translated, not encapsulated.
        String onTheWire = capture(rt, "h2", "icmp6 and ip6[40] == 128",
            () -> fixture.exec(n1, "ping", "-c", "2", "-i", "0.2", "-W", "2", "10.0.0.5"));
        System.out.println("seen by the substrate router:\n" + onTheWire);
        assertThat(onTheWire).contains("2001:db8:0:100:0:1:a00:4 > 2001:db8:0:200:0:1:a00:5: ICMP6, echo request")
            .contains("length 64");

        // Same host: delivered locally, without the substrate.
        CommandResult local = fixture.exec(n1, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.6");
        System.out.println("n1 -> n3 on one host:\n" + local.output());
        assertThat(received(local)).as(local.describe()).isEqualTo(3);

        // The subnet's gateway answers ping, from the virtual router, on the node's own host.
        CommandResult gateway = fixture.exec(n1, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.1");
        System.out.println("n1 -> its gateway 10.0.0.1:\n" + gateway.output());
        assertThat(received(gateway)).as(gateway.describe()).isEqualTo(3);
        assertThat(fixture.exec(n1, "ip", "neigh", "show", "10.0.0.1").output())
            .contains(io.isthmus.wire.MacAddress.format(io.isthmus.api.allocation.VirtualMacs.router(
                io.isthmus.wire.Ipv4Address.parse("10.0.0.1"))));

        // An address outside every subnet routes nowhere: the virtual router says so from its own address (the
        // routers between subnets are RouterSystemTest's).
        CommandResult nowhere = fixture.tryExec(n1, "ping", "-c", "1", "-W", "2", "10.0.7.9");
        System.out.println("n1 -> 10.0.7.9:\n" + nowhere.output());
        assertThat(nowhere.output()).contains("From 10.0.0.1 icmp_seq=1 Destination Net Unreachable");

        // TCP across the substrate.
        lab.iperfServer(n2, "10.0.0.5");
        CommandResult tcp = lab.iperf(n1, "10.0.0.5");
        System.out.println("n1 -> n2 TCP:\n" + tcp.output());
        assertThat(tcp.succeeded()).as(tcp.describe()).isTrue();

        // TCP on one host.
        lab.iperfServer(n3, "10.0.0.6");
        CommandResult localTcp = lab.iperf(n1, "10.0.0.6");
        System.out.println("n1 -> n3 TCP on one host:\n" + localTcp.output());
        assertThat(localTcp.succeeded()).as(localTcp.describe()).isTrue();

        // Tenant 2's node holds 10.0.0.4 too, on the host of tenant 1's n2, and still cannot reach it.
        CommandResult isolated = fixture.tryExec(t1, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.0.0.5");
        System.out.println("t1 (tenant 2) -> 10.0.0.5:\n" + isolated.output());
        assertThat(received(isolated)).as(isolated.describe()).isZero();
        Map<String, Long> counters2 = agent2.counters();
        System.out.println("agent 2 counters: " + counters2);
        // Tenant 2's network has no 10.0.0.5: its ARP requests go unanswered, as on a real link.
        assertThat(counters2.getOrDefault("ARP_NO_SUCH_HOST", 0L)).isPositive();
        assertThat(agent1.counters().getOrDefault("SENT_TO_SUBSTRATE", 0L)).isPositive();
        assertThat(counters2.getOrDefault("DELIVERED_FROM_SUBSTRATE", 0L)).isPositive();

        // The controller away: the agents keep forwarding on their caches (and on stale entries while refreshes fail).
        controller.kill();
        CommandResult headless = fixture.exec(n1, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.0.0.5");
        System.out.println("n1 -> n2 with the controller killed:\n" + headless.output());
        assertThat(received(headless)).as(headless.describe()).isGreaterThanOrEqualTo(4);

        // Detaching: removing the attachment file takes the TAP away.
        Files.delete(attach1.resolve(lab.nodeId("n3")));
        awaitTrue(() -> !fixture.tryExec(n3, "ip", "link", "show", "eth0").succeeded(), "n3's eth0 removed");
    }

    @Test
    void theAgentCommandRunsAHostAgentUntilSigterm() throws Exception {
        NetworkNamespace[] hosts = substrate();
        String host1 = created(api.post("/v1/hosts", operator, Map.of("name", "host-1", "substratePrefix", PREFIX1)));
        String host2 = created(api.post("/v1/hosts", operator, Map.of("name", "host-2", "substratePrefix", PREFIX2)));
        String tenant = tenantToken("acme");
        String net = created(api.post("/v1/networks", tenant, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/24"))));
        String sub = created(api.post("/v1/networks/" + net + "/subnets", tenant,
            Map.of("name", "web", "cidr", "10.0.0.0/24")));
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace n1 = node(tenant, net, sub, "n1", host1, "10.0.0.4", attach1);
        NetworkNamespace n2 = node(tenant, net, sub, "n2", host2, "10.0.0.5", attach2);
        AgentRuntime agent1 = agent(host1, PREFIX1, hosts[1], attach1);

        // Agent 2 as an operator runs it: 'isthmus agent' in a child JVM, its TUN in h2, its devices multi-queue.
        Path tokenFile = dir.resolve("host2.token");
        Files.writeString(tokenFile, api.post("/v1/hosts/" + host2 + "/credentials", operator, null).text("token"));
        Path log = dir.resolve("agent2.log");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process agent2 = new ProcessBuilder(javaCommand, "--enable-native-access=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"), "io.isthmus.cli.IsthmusCommand", "agent",
            "--controller", "127.0.0.1:" + controller.agentChannel().getPort(), "--host-id", host2,
            "--token-file", tokenFile.toString(), "--substrate-prefix", PREFIX2, "--tun", "sub0",
            "--netns", hosts[2].name(), "--attach-dir", attach2.toString(), "--report-interval", "1s",
            "--metrics-listen", "127.0.0.1:0", "--queues", "2", "--idle", "yield:20")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        fixture.track((AutoCloseable) () -> agent2.destroyForcibly().waitFor());
        awaitAddress(n1, agent1);
        try {
            awaitTrue(() -> fixture.tryExec(n2, "ip", "-4", "route", "show", "default").output().contains("eth0"),
                "n2 attached by the agent process");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; agent 2 log:\n" + Files.readString(log), e);
        }

        awaitReply(n1, "10.0.0.5");
        CommandResult ping = fixture.exec(n1, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.0.0.5");
        System.out.println("n1 -> n2, agent 2 a process:\n" + ping.output());
        assertThat(received(ping)).as(ping.describe()).isGreaterThanOrEqualTo(4);

        // Its metrics endpoint, on the port the log names.
        java.util.regex.Matcher listening = java.util.regex.Pattern.compile(
            "event=metrics-listening address=127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        assertThat(listening.find()).as(Files.readString(log)).isTrue();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var scrape = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + listening.group(1) + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.println("agent 2 metrics:\n" + scrape.body());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("isthmus_agent_ports 1\n")
                .containsPattern("isthmus_agent_packets_total\\{outcome=\"delivered_from_substrate\","
                    + "kind=\"forward\"\\} [1-9]\\d*\n")
                .contains("isthmus_agent_packets_total{outcome=\"spoofed_source_ip\",kind=\"drop\"} 0\n");
        }

        agent2.destroy();
        assertThat(agent2.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        System.out.println("agent 2 log:\n" + output);
        // The JVM ends a SIGTERM with 128 + 15 once the shutdown hook has stopped the agent.
        assertThat(agent2.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("event=started", "event=port-attached", "event=resolved", "event=stopped");
        // Its devices had two queues each, each read by its own thread.
        assertThat(output).contains("event=tun-open name=sub0 queues=2 idle=yield:20").containsPattern(
            "event=port-attached .* tap=eth0 .* queues=2");
        // Its devices went with it.
        assertThat(fixture.tryExec(hosts[2], "ip", "link", "show", "sub0").succeeded()).isFalse();
        assertThat(fixture.tryExec(n2, "ip", "link", "show", "eth0").succeeded()).isFalse();
    }

    private NetworkNamespace[] substrate() {
        return lab.substrate();
    }

    private String capture(NetworkNamespace namespace, String device, String filter, Runnable traffic)
        throws Exception {
        return lab.capture(namespace, device, filter, traffic);
    }

    private NetworkNamespace node(String token, String network, String subnet, String name, String host,
                                  String address, Path attachDir) throws Exception {
        return lab.node(token, network, subnet, name, host, address, attachDir);
    }

    private AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir)
        throws Exception {
        return lab.agent(host, prefix, hostNamespace, attachDir);
    }

    private void awaitAddress(NetworkNamespace node, AgentRuntime agent) throws InterruptedException {
        lab.awaitAddress(node, agent);
    }

    private void awaitReply(NetworkNamespace from, String to) throws InterruptedException {
        lab.awaitReply(from, to);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
        throws InterruptedException {
        AgentLab.awaitTrue(condition, what);
    }

    private static int received(CommandResult ping) {
        return AgentLab.received(ping);
    }

    private String tenantToken(String name) {
        return lab.tenantToken(name);
    }

    private static String created(ApiClient.Answer answer) {
        return AgentLab.created(answer);
    }
}
