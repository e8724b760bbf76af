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
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A controller (a child process) and a two-host substrate for agent tests, on a {@link NetnsFixture} that owns
 * every namespace and process made here:
 *
 * <pre>
 *   h1 [agent 1, TUN sub0: {@value #PREFIX1}]   h2 [agent 2, TUN sub0: {@value #PREFIX2}]
 *        | up0 2001:db8:1::2                         | up0 2001:db8:2::2
 *        +---- h1 2001:db8:1::1 -- rt -- h2 2001:db8:2::1 ----+   (routes the two /72s)
 * </pre>
 *
 * The agents run in the test's JVM and talk to the controller over the root namespace's loopback; their TUN is
 * opened in their host namespace.
 */
final class HostLab {
    static final String PREFIX1 = "2001:db8:0:100::/72";
    static final String PREFIX2 = "2001:db8:0:200::/72";
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) received");

    final NetnsFixture fixture;
    final ControllerProcess controller;
    final ApiClient api;
    final String operator;
    private final Path dir;

    private HostLab(NetnsFixture fixture, Path dir, ControllerProcess controller) throws Exception {
        this.fixture = fixture;
        this.dir = dir;
        this.controller = controller;
        this.api = new ApiClient(controller.api());
        this.operator = controller.operatorToken();
    }

    /** Starts a controller whose data lives under {@code dir}. */
    static HostLab start(NetnsFixture fixture, Path dir) throws Exception {
        return new HostLab(fixture, dir,
            fixture.track(ControllerProcess.start(Files.createDirectories(dir.resolve("controller")))));
    }

    /** The substrate: router rt and host namespaces h1 and h2 routing the two /72s; returns rt, h1, h2. */
    NetworkNamespace[] substrate() {
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

    /** Registers a host; returns its id. */
    String host(String name, String prefix) {
        return created(api.post("/v1/hosts", operator, Map.of("name", name, "substratePrefix", prefix)));
    }

    /** A tenant and a token of it; returns the token. */
    String tenantToken(String name) {
        String tenant = created(api.post("/v1/tenants", operator, Map.of("name", name)));
        ApiClient.Answer token = api.post("/v1/tenants/" + tenant + "/tokens", operator, Map.of("name", "cli"));
        assertThat(token.status()).as("%s", token).isEqualTo(201);
        return token.text("secret");
    }

    /** A network with one block and a subnet covering it; returns the network's and the subnet's answers. */
    ApiClient.Answer[] networkWithSubnet(String token, String cidr) {
        ApiClient.Answer network = api.post("/v1/networks", token, Map.of("name", "prod", "cidrBlocks",
            List.of(cidr)));
        created(network);
        ApiClient.Answer subnet = api.post("/v1/networks/" + network.text("id") + "/subnets", token,
            Map.of("name", "web", "cidr", cidr));
        created(subnet);
        return new ApiClient.Answer[] {network, subnet};
    }

    /** Creates a node with one interface; returns the API's representation of it. */
    ApiClient.Answer node(String token, String network, String subnet, String name, String host, String address) {
        ApiClient.Answer node = api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId",
            host, "sourceDestCheck", true, "interfaces", List.of(Map.of("subnetId", subnet, "address", address))));
        created(node);
        return node;
    }

    /** A lab-mode node: a namespace named in the attachment directory, where the agent creates its TAP. */
    NetworkNamespace labNode(String token, String network, String subnet, String name, String host, String address,
                             Path attachDir) throws Exception {
        String id = node(token, network, subnet, name, host, address).text("id");
        NetworkNamespace namespace = fixture.createNamespace();
        Files.writeString(attachDir.resolve(id), namespace.name() + "\n");
        return namespace;
    }

    /**
     * An agent in this JVM, its TUN {@code sub0} in {@code hostNamespace}; polls the directory every 200 ms and
     * reports counters every second.
     */
    AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir) throws Exception {
        return agent(host, prefix, hostNamespace, attachDir, line -> { });
    }

    /** As {@link #agent(String, String, NetworkNamespace, Path)}, its log lines also given to {@code log}. */
    AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir,
                       java.util.function.Consumer<String> log) throws Exception {
        String token = api.post("/v1/hosts/" + host + "/credentials", operator, null).text("token");
        // A generous deadline: the first call also loads and starts the gRPC transport, slow on a busy machine.
        ControllerClient client = fixture.track(ControllerClient.connect(controller.agentChannel(), token,
            Duration.ofSeconds(20)));
        return fixture.track(AgentRuntime.start(client,
            new AgentRuntime.Config(host, Ipv6Prefix.parse(prefix), "sub0", hostNamespace, attachDir,
                Duration.ofMillis(200), Duration.ofSeconds(1)),
            line -> {
                System.out.println("agent " + host + ": " + line);
                log.accept(line);
            }));
    }

    /** Waits until a lab node's TAP has its default route. */
    void awaitLabNode(NetworkNamespace node, AgentRuntime agent) throws InterruptedException {
        awaitTrue(() -> fixture.tryExec(node, "ip", "-4", "route", "show", "default").output().contains("eth0"),
            node + " attached by its agent (ports " + agent.attachedPorts() + ")");
    }

    /** Waits for one echo reply from {@code to}: the first packets ask the controller. */
    void awaitReply(NetworkNamespace from, String to) throws InterruptedException {
        awaitTrue(() -> received(fixture.tryExec(from, "ping", "-c", "1", "-W", "1", to)) == 1,
            "a first reply from " + to);
    }

    /** Runs an iperf3 server in {@code server} bound to {@code address}, until the fixture closes. */
    void iperfServer(NetworkNamespace server, String address) throws Exception {
        Process process = new ProcessBuilder("ip", "netns", "exec", server.name(), "iperf3", "-s", "-1", "-B",
            address).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server.log").toFile()).start();
        fixture.track((AutoCloseable) () -> process.destroyForcibly().waitFor());
    }

    /** A 2-second iperf3 run from {@code from} to {@code address}, retried until the server listens. */
    CommandResult iperf(NetworkNamespace from, String address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        CommandResult result;
        do {
            result = NetnsFixture.tryRun(Duration.ofSeconds(20), "ip", "netns", "exec", from.name(), "iperf3", "-c",
                address, "-t", "2", "-f", "m");
            if (result.succeeded()) {
                return result;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        return result;
    }

    /** Runs {@code ip -n NS} with each of {@code commands} (space-separated arguments), asserting success. */
    void ip(NetworkNamespace namespace, String... commands) {
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

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The number of replies a ping reports. */
    static int received(CommandResult ping) {
        Matcher m = RECEIVED.matcher(ping.output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String created(ApiClient.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return answer.text("id");
    }
}
