package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.wire.Ipv6Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents (in this JVM, their devices in host namespaces) and a controller (a child process), end to end:
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
    private static final String PREFIX1 = "2001:db8:0:100::/72";
    private static final String PREFIX2 = "2001:db8:0:200::/72";
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) received");

    @TempDir
    Path dir;

    private NetnsFixture fixture;
    private ControllerProcess controller;
    private ApiClient api;
    private String operator;

    @BeforeEach
    void start() throws Exception {
        fixture = NetnsFixture.create();
        controller = fixture.track(ControllerProcess.start(Files.createDirectories(dir.resolve("controller"))));
        api = new ApiClient(controller.api());
        operator = controller.operatorToken();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The substrate: router rt and host namespaces h1 and h2 routing the two /72s; returns rt, h1, h2. */
    private NetworkNamespace[] substrate() {
        NetworkNamespace rt = fixture.createNamespace();
        NetworkNamespace h1 = fixture.createNamespace();
        NetworkNamespace h2 = fixture.createNamespace();
        fixture.createVeth(rt, "h1", h1, "up0");
        fixture.createVeth(rt, "h2", h2, "up0");
        fixture.exec(rt, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        ip(rt, "-6 address add 2001:db8:1::1/64 dev h1 nodad", "link set h1 up",
            "-6 address add 2001:db8:2::1/64 dev h2 nodad", "link set h2 up",
            "-6 route add " + PREFIX1 + " via 2001:db8:1::2", "-6 route add " + PREFIX2 + " via 2001:db8:2::2");
        int i = 1;
        for (NetworkNamespace host : List.of(h1, h2)) {
            // Forwarding: what the agent writes into its TUN is received there and routed onwards.
            fixture.exec(host, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            ip(host, "-6 address add 2001:db8:" + i + "::2/64 dev up0 nodad", "link set up0 up",
                "-6 route add default via 2001:db8:" + i + "::1");
            i++;
        }
        return new NetworkNamespace[] {rt, h1, h2};
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

        // TCP across the substrate.
        Process server = new ProcessBuilder("ip", "netns", "exec", n2.name(), "iperf3", "-s", "-1", "-B", "10.0.0.5")
            .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.log").toFile()).start();
        fixture.track((AutoCloseable) () -> server.destroyForcibly().waitFor());
        CommandResult tcp = awaitIperf(n1);
        System.out.println("n1 -> n2 TCP:\n" + tcp.output());
        assertThat(tcp.succeeded()).as(tcp.describe()).isTrue();

        // Tenant 2's node holds 10.0.0.4 too, on the host of tenant 1's n2, and still cannot reach it.
        CommandResult isolated = fixture.tryExec(t1, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.0.0.5");
        System.out.println("t1 (tenant 2) -> 10.0.0.5:\n" + isolated.output());
        assertThat(received(isolated)).as(isolated.describe()).isZero();
        Map<String, Long> counters2 = agent2.counters();
        System.out.println("agent 2 counters: " + counters2);
        assertThat(counters2.getOrDefault("NOT_ALLOWED", 0L)).isPositive();
        assertThat(agent1.counters().getOrDefault("SENT_TO_SUBSTRATE", 0L)).isPositive();
        assertThat(counters2.getOrDefault("DELIVERED_FROM_SUBSTRATE", 0L)).isPositive();

        // The controller away: the agents keep forwarding on their caches (and on stale entries while refreshes fail).
        controller.kill();
        CommandResult headless = fixture.exec(n1, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.0.0.5");
        System.out.println("n1 -> n2 with the controller killed:\n" + headless.output());
        assertThat(received(headless)).as(headless.describe()).isGreaterThanOrEqualTo(4);

        // Detaching: removing the attachment file takes the TAP away.
        Files.delete(attach1.resolve(nodeIds.get("n3")));
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
            "--queues", "2", "--idle", "yield:20")
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

    /** Runs {@code traffic} while tcpdump watches {@code device} in {@code namespace}; returns two packets' lines. */
    private String capture(NetworkNamespace namespace, String device, String filter, Runnable traffic)
        throws Exception {
        Path out = dir.resolve("tcpdump-" + device + ".txt");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "tcpdump", "-n", "-l", "-i",
            device, "-c", "2", filter).redirectOutput(out.toFile()).redirectError(dir.resolve("tcpdump.err").toFile())
            .start();
        fixture.track((AutoCloseable) () -> tcpdump.destroyForcibly().waitFor());
        awaitTrue(() -> {
            try {
                return Files.readString(dir.resolve("tcpdump.err")).contains("listening on");
            } catch (java.io.IOException e) {
                return false;
            }
        }, "tcpdump listening");
        traffic.run();
        assertThat(tcpdump.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("tcpdump saw two packets").isTrue();
        return Files.readString(out);
    }

    private final Map<String, String> nodeIds = new java.util.HashMap<>();

    private NetworkNamespace node(String token, String network, String subnet, String name, String host,
                                  String address, Path attachDir) throws Exception {
        String id = created(api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId", host,
            "sourceDestCheck", true, "interfaces", List.of(Map.of("subnetId", subnet, "address", address)))));
        nodeIds.put(name, id);
        NetworkNamespace namespace = fixture.createNamespace();
        Files.writeString(attachDir.resolve(id), namespace.name() + "\n");
        return namespace;
    }

    private AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir)
        throws Exception {
        String token = api.post("/v1/hosts/" + host + "/credentials", operator, null).text("token");
        ControllerClient client = fixture.track(ControllerClient.connect(controller.agentChannel(), token));
        return fixture.track(AgentRuntime.start(client,
            new AgentRuntime.Config(host, Ipv6Prefix.parse(prefix), "sub0", hostNamespace, attachDir,
                Duration.ofMillis(200), Duration.ofSeconds(1)),
            line -> System.out.println("agent " + host + ": " + line)));
    }

    private void awaitAddress(NetworkNamespace node, AgentRuntime agent) throws InterruptedException {
        awaitTrue(() -> fixture.tryExec(node, "ip", "-4", "route", "show", "default").output().contains("eth0"),
            node + " attached by its agent (ports " + agent.attachedPorts() + ")");
    }

    private void awaitReply(NetworkNamespace from, String to) throws InterruptedException {
        awaitTrue(() -> received(fixture.tryExec(from, "ping", "-c", "1", "-W", "1", to)) == 1,
            "a first reply from " + to);
    }

    private CommandResult awaitIperf(NetworkNamespace from) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        CommandResult result;
        do {
            result = NetnsFixture.tryRun(Duration.ofSeconds(20), "ip", "netns", "exec", from.name(), "iperf3", "-c",
                "10.0.0.5", "-t", "2", "-f", "m");
            if (result.succeeded()) {
                return result;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        return result;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
        throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static int received(CommandResult ping) {
        Matcher m = RECEIVED.matcher(ping.output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String tenantToken(String name) {
        String tenant = created(api.post("/v1/tenants", operator, Map.of("name", name)));
        ApiClient.Answer token = api.post("/v1/tenants/" + tenant + "/tokens", operator, Map.of("name", "cli"));
        assertThat(token.status()).as("%s", token).isEqualTo(201);
        return token.text("secret");
    }

    private static String created(ApiClient.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return answer.text("id");
    }

    private void ip(NetworkNamespace namespace, String... commands) {
        for (String command : commands) {
            String[] args = command.split(" ");
            String[] full = new String[args.length + 3];
            full[0] = "ip";
            full[1] = "-n";
            full[2] = namespace.name();
            System.arraycopy(args, 0, full, 3, args.length);
            fixture.run(full);
        }
    }
}
