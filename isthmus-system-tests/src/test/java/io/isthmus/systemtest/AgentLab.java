package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.wire.Ipv6Prefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab of the agent system tests: a controller process, the substrate of two hosts, tenants, networks, nodes
 * (network namespaces with attachment files) and in-JVM agents, with the waits and packet counts the tests need.
 *
 * <pre>
 *   h1 [agent 1, TUN sub0: {@value #PREFIX1}]     h2 [agent 2, TUN sub0: {@value #PREFIX2}]
 *        | up0 2001:db8:1::2                           | up0 2001:db8:2::2
 *        +---- h1 2001:db8:1::1 -- rt -- h2 2001:db8:2::1 ----+   (routes the two /72s)
 * </pre>
 *
 * The agents talk to the controller over the root namespace's loopback (their gRPC threads never change namespace);
 * only their TUN and TAPs (and packet sockets) are opened inside the host and node namespaces. A node is attached in
 * lab mode ({@link #node}: a namespace of its own, where its agent creates a TAP) or in interface mode (the test
 * creates it with {@link #createNode}, makes its interface and writes its attachment file). {@link #close()} removes
 * every namespace and process.
 */
final class AgentLab implements AutoCloseable {
    static final String PREFIX1 = "2001:db8:0:100::/72";
    static final String PREFIX2 = "2001:db8:0:200::/72";
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) received");

    final NetnsFixture fixture;
    final Path dir;
    final ApiClient api;
    final String operator;
    private ControllerProcess controller;
    private final Map<String, String> nodeIds = new HashMap<>();

    private AgentLab(NetnsFixture fixture, Path dir, ControllerProcess controller) throws IOException {
        this.fixture = fixture;
        this.dir = dir;
        this.controller = controller;
        this.api = new ApiClient(controller.api());
        this.operator = controller.operatorToken();
    }

    /** A lab with a controller on {@code dir}/controller; files of the test go under {@code dir}. */
    static AgentLab start(Path dir) throws Exception {
        NetnsFixture fixture = NetnsFixture.create();
        try {
            ControllerProcess controller = fixture.track(
                ControllerProcess.start(Files.createDirectories(dir.resolve("controller"))));
            AgentLab lab = new AgentLab(fixture, dir, controller);
            // The controller running at the end, which restartController may have replaced.
            fixture.track((AutoCloseable) () -> lab.controller.close());
            return lab;
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    /** The controller process now. */
    ControllerProcess controller() {
        return controller;
    }

    /** Starts the controller again on its data directory and ports, after {@link ControllerProcess#kill}. */
    void restartController() throws Exception {
        controller = controller.restart();
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

    /**
     * The two hosts of the lab on the {@link #substrate}: registered as {@code host-1} and {@code host-2}, each with
     * its attachment directory ({@code dir}/attach1, attach2) and its agent running.
     */
    record TwoHosts(String host1, String host2, Path attach1, Path attach2, AgentRuntime agent1, AgentRuntime agent2) {
    }

    /** Builds the substrate, registers both hosts and starts their agents. */
    TwoHosts twoHosts() throws Exception {
        NetworkNamespace[] hosts = substrate();
        String host1 = host("host-1", PREFIX1);
        String host2 = host("host-2", PREFIX2);
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        return new TwoHosts(host1, host2, attach1, attach2, agent(host1, PREFIX1, hosts[1], attach1),
            agent(host2, PREFIX2, hosts[2], attach2));
    }

    /** Registers a host with its agent prefix; returns its id. */
    String host(String name, String prefix) {
        return created(api.post("/v1/hosts", operator, Map.of("name", name, "substratePrefix", prefix)));
    }

    /** A tenant and a token of it; returns the token's secret. */
    String tenantToken(String name) {
        String tenant = created(api.post("/v1/tenants", operator, Map.of("name", name)));
        ApiClient.Answer token = api.post("/v1/tenants/" + tenant + "/tokens", operator, Map.of("name", "cli"));
        assertThat(token.status()).as("%s", token).isEqualTo(201);
        return token.text("secret");
    }

    /** A tenant's network with one subnet covering it, and the subnet's gateway address. */
    record Network(String id, String subnetId, int overlayId, String gateway) {
    }

    /** Creates a network of {@code cidr} with one subnet of the same range. */
    Network network(String token, String name, String cidr) {
        return network(token, name, cidr, Map.of());
    }

    /** Creates a network of {@code cidr} with {@code options} (the API's; none: defaults) and one subnet. */
    Network network(String token, String name, String cidr, Map<String, Object> options) {
        ApiClient.Answer network = api.post("/v1/networks", token, options.isEmpty()
            ? Map.of("name", name, "cidrBlocks", List.of(cidr))
            : Map.of("name", name, "cidrBlocks", List.of(cidr), "options", options));
        String id = created(network);
        ApiClient.Answer subnet = api.post("/v1/networks/" + id + "/subnets", token,
            Map.of("name", "web", "cidr", cidr));
        return new Network(id, created(subnet), network.body().path("networkId").asInt(), subnet.text("gateway"));
    }

    /** A subnet of a network, and its gateway address. */
    record Subnet(String id, String gateway) {
    }

    /** Creates a network of {@code cidr} without subnets ({@link #subnet} adds them); returns its id. */
    String bareNetwork(String token, String name, String cidr) {
        return created(api.post("/v1/networks", token, Map.of("name", name, "cidrBlocks", List.of(cidr))));
    }

    /** Adds a subnet of {@code cidr} named {@code name} to {@code network}. */
    Subnet subnet(String token, String network, String name, String cidr) {
        ApiClient.Answer subnet = api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", name, "cidr", cidr));
        return new Subnet(created(subnet), subnet.text("gateway"));
    }

    /** An appliance node created by {@link #appliance}: its namespace and its interfaces' ids, in order (eth0, ...). */
    record Appliance(String id, NetworkNamespace namespace, List<String> interfaceIds) {
    }

    /**
     * An appliance (source/destination check off) with one interface per entry of {@code addressesBySubnet} (subnet
     * id to address, in order: eth0, eth1, ...), in a fresh namespace attached through {@code attachDir}, that forwards
     * between its interfaces as a router does (IPv4 forwarding on, no ICMP redirects, no reverse path filter: what
     * the virtual routers steer to it arrives on the interface of the sender's subnet). The agent gives each interface
     * its address, and eth0 the default route.
     */
    Appliance appliance(String token, String network, String name, String host,
                        Map<String, String> addressesBySubnet, Path attachDir) throws Exception {
        List<Map<String, Object>> interfaces = addressesBySubnet.entrySet().stream()
            .map(e -> Map.<String, Object>of("subnetId", e.getKey(), "address", e.getValue())).toList();
        ApiClient.Answer node = api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId",
            host, "sourceDestCheck", false, "interfaces", interfaces));
        String id = created(node);
        nodeIds.put(name, id);
        List<String> interfaceIds = new ArrayList<>();
        node.body().path("interfaces").forEach(nic -> interfaceIds.add(nic.path("id").asText()));
        NetworkNamespace namespace = fixture.createNamespace();
        for (String sysctl : List.of("net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0",
            "net.ipv4.conf.default.send_redirects=0", "net.ipv4.conf.all.rp_filter=0",
            "net.ipv4.conf.default.rp_filter=0")) {
            fixture.exec(namespace, "sysctl", "-q", "-w", sysctl);
        }
        Files.writeString(attachDir.resolve(id), namespace.name() + "\n");
        return new Appliance(id, namespace, List.copyOf(interfaceIds));
    }

    /**
     * Adds to {@code subnet}'s route table a static route for {@code destination} through the appliance interfaces
     * {@code targets} (each a node id and an interface id; several: an ECMP group); returns the API's answer (the
     * table).
     */
    ApiClient.Answer routeThrough(String token, String subnet, String destination,
                                  List<Map.Entry<String, String>> targets) {
        List<Map<String, Object>> body = targets.stream().map(t -> Map.<String, Object>of("type",
            "appliance-interface", "nodeId", t.getKey(), "interfaceId", t.getValue())).toList();
        ApiClient.Answer route = api.post("/v1/subnets/" + subnet + "/route-table/routes", token,
            Map.of("destination", destination, "targets", body));
        assertThat(route.status()).as("%s", route).isEqualTo(201);
        return route;
    }

    /** A node with source/destination check (the default) in a fresh namespace, attached through {@code attachDir}. */
    NetworkNamespace node(String token, String network, String subnet, String name, String host, String address,
                          Path attachDir) throws Exception {
        return node(token, network, subnet, name, host, address, attachDir, true);
    }

    /** A node in a fresh namespace, attached through {@code attachDir}; an appliance has the check off. */
    NetworkNamespace node(String token, String network, String subnet, String name, String host, String address,
                          Path attachDir, boolean sourceDestCheck) throws Exception {
        String id = createNode(token, network, subnet, name, host, address, sourceDestCheck).text("id");
        NetworkNamespace namespace = fixture.createNamespace();
        Files.writeString(attachDir.resolve(id), namespace.name() + "\n");
        return namespace;
    }

    /**
     * A node in a fresh namespace whose attachment file says {@code dhcp}: its agent sets only its TAP's MAC, the node
     * configures itself with a DHCP client. {@link #awaitAttached} waits for the TAP.
     */
    NetworkNamespace dhcpNode(String token, String network, String subnet, String name, String host, String address,
                              Path attachDir) throws Exception {
        String id = createNode(token, network, subnet, name, host, address, true).text("id");
        NetworkNamespace namespace = fixture.createNamespace();
        Files.writeString(attachDir.resolve(id), namespace.name() + " dhcp\n");
        return namespace;
    }

    /** Waits until {@code agent} has attached the node created as {@code name} (a TAP up, its port published). */
    void awaitAttached(String name, AgentRuntime agent) throws InterruptedException {
        String prefix = nodeId(name) + "/";
        awaitTrue(() -> agent.attachedPorts().keySet().stream().anyMatch(key -> key.startsWith(prefix)),
            name + " attached by its agent");
    }

    /**
     * Creates a node with one interface and source/destination check in the API only (no namespace, no attachment
     * file: an interface-mode node's interface is the test's); returns the API's representation of it.
     */
    ApiClient.Answer createNode(String token, String network, String subnet, String name, String host,
                                String address) {
        return createNode(token, network, subnet, name, host, address, true);
    }

    private ApiClient.Answer createNode(String token, String network, String subnet, String name, String host,
                                        String address, boolean sourceDestCheck) {
        ApiClient.Answer node = api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId",
            host, "sourceDestCheck", sourceDestCheck, "interfaces",
            List.of(Map.of("subnetId", subnet, "address", address))));
        nodeIds.put(name, created(node));
        return node;
    }

    /** The id of the node created as {@code name}. */
    String nodeId(String name) {
        return nodeIds.get(name);
    }

    /**
     * Starts the agent of {@code host} in this JVM, its TUN {@code sub0} in {@code hostNamespace} (attach poll 200 ms,
     * reports every second); its log lines are printed.
     */
    AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir) throws Exception {
        return agent(host, prefix, hostNamespace, attachDir, line -> { });
    }

    /** As {@link #agent(String, String, NetworkNamespace, Path)}, its log lines also given to {@code log}. */
    AgentRuntime agent(String host, String prefix, NetworkNamespace hostNamespace, Path attachDir,
                       Consumer<String> log) throws Exception {
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

    /** Waits until {@code agent} has given {@code node} its eth0 (the default route shows it). */
    void awaitAddress(NetworkNamespace node, AgentRuntime agent) throws InterruptedException {
        awaitTrue(() -> fixture.tryExec(node, "ip", "-4", "route", "show", "default").output().contains("eth0"),
            node + " attached by its agent (ports " + agent.attachedPorts() + ")");
    }

    /** Pings until a first reply comes (the first packets of a flow ask the controller). */
    void awaitReply(NetworkNamespace from, String to) throws InterruptedException {
        awaitTrue(() -> received(fixture.tryExec(from, "ping", "-c", "1", "-W", "1", to)) == 1,
            "a first reply from " + to);
    }

    /** Pings {@code count} times (every 0.2 s, 2 s to answer) with {@code options} and target; returns the replies. */
    int ping(NetworkNamespace from, int count, String... optionsAndTarget) {
        List<String> command = new java.util.ArrayList<>(List.of("ping", "-c", Integer.toString(count), "-i", "0.2",
            "-W", "2"));
        command.addAll(List.of(optionsAndTarget));
        CommandResult ping = fixture.tryExec(from, command.toArray(String[]::new));
        System.out.println(String.join(" ", command) + " in " + from.name() + ":\n" + ping.output());
        return received(ping);
    }

    /** Runs an iperf3 server in {@code server} bound to {@code address}, until the lab closes. */
    void iperfServer(NetworkNamespace server, String address) throws Exception {
        Process process = new ProcessBuilder("ip", "netns", "exec", server.name(), "iperf3", "-s", "-1", "-B",
            address).redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server-" + address + ".log").toFile())
            .start();
        fixture.track((AutoCloseable) () -> process.destroyForcibly().waitFor());
    }

    /** A 2-second iperf3 run from {@code from} to {@code address}, retried until the server listens. */
    CommandResult iperf(NetworkNamespace from, String address) throws InterruptedException {
        return iperf(from, address, "-t", "2", "-f", "m");
    }

    /** An iperf3 run from {@code from} to {@code address} with {@code options}, retried until the server listens. */
    CommandResult iperf(NetworkNamespace from, String address, String... options) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", from.name(), "iperf3", "-c", address));
        command.addAll(List.of(options));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        CommandResult result;
        do {
            result = NetnsFixture.tryRun(Duration.ofSeconds(20), command.toArray(String[]::new));
            if (result.succeeded()) {
                return result;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        return result;
    }

    /** Runs {@code traffic} while tcpdump watches {@code device} in {@code namespace}; returns two packets' lines. */
    String capture(NetworkNamespace namespace, String device, String filter, Runnable traffic) throws Exception {
        Path out = Files.createTempFile(dir, "tcpdump-" + device, ".txt");
        Path err = Files.createTempFile(dir, "tcpdump-" + device, ".err");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "tcpdump", "-n", "-l", "-i",
            device, "-c", "2", filter).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        fixture.track((AutoCloseable) () -> tcpdump.destroyForcibly().waitFor());
        awaitListening(err);
        traffic.run();
        assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).as("tcpdump saw two packets").isTrue();
        return Files.readString(out);
    }

    /**
     * Counts the packets matching {@code filter} that {@code device} in {@code namespace} sees while {@code traffic}
     * runs and for half a second after it; prints them.
     */
    int count(NetworkNamespace namespace, String device, String filter, ThrowingRunnable traffic) throws Exception {
        Path out = Files.createTempFile(dir, "count-" + device, ".txt");
        Path err = Files.createTempFile(dir, "count-" + device, ".err");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", namespace.name(), "tcpdump", "-n", "-l", "-e",
            "-i", device, filter).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        fixture.track((AutoCloseable) () -> tcpdump.destroyForcibly().waitFor());
        awaitListening(err);
        traffic.run();
        Thread.sleep(500);
        tcpdump.destroy();
        assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).as("tcpdump stopped").isTrue();
        List<String> lines = Files.readAllLines(out).stream().filter(line -> !line.isBlank()).toList();
        System.out.println("tcpdump -i " + device + " '" + filter + "' in " + namespace.name() + ": " + lines.size()
            + " packets" + (lines.isEmpty() ? "" : "\n  " + String.join("\n  ", lines)));
        return lines.size();
    }

    /** Traffic that may fail with a checked exception. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void awaitListening(Path err) throws InterruptedException {
        awaitTrue(() -> {
            try {
                return Files.readString(err).contains("listening on");
            } catch (IOException e) {
                return false;
            }
        }, "tcpdump listening");
    }

    /** Waits up to 20 s for {@code condition}. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The replies a ping reports. */
    static int received(CommandResult ping) {
        Matcher m = RECEIVED.matcher(ping.output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The id of a resource the answer says was created. */
    static String created(ApiClient.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return answer.text("id");
    }

    /** Runs each {@code ip} command (split on spaces) in {@code namespace}, asserting success. */
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

    @Override
    public void close() {
        fixture.close();
    }
}
