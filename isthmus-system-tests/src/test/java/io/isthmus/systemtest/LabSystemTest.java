package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.lab.HostRegistry;
import io.isthmus.lab.Lab;
import io.isthmus.lab.LabException;
import io.isthmus.lab.LabState;
import io.isthmus.lab.NodePlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab end to end: a controller process, a two-host lab built by {@link Lab} with its agents as
 * {@code isthmus agent} processes (on the test class path), two nodes on different hosts pinging each other through
 * {@link Lab#exec}, and a teardown that leaves no namespace with the lab's prefix and no agent process.
 */
@RequiresRoot
@Timeout(240)
class LabSystemTest {
    @TempDir
    Path dir;

    private ControllerProcess controller;
    private ApiClient api;
    private String operator;
    private Lab lab;
    private String prefix;
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        controller = ControllerProcess.start(Files.createDirectories(dir.resolve("controller")));
        api = new ApiClient(controller.api());
        operator = controller.operatorToken();
        // Unique per run: other tests and labs may be up on this machine at the same time.
        prefix = "lt" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36) + "-";
        lab = Lab.open(dir.resolve("lab"), prefix);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            lab.down(progress::add);
        } finally {
            controller.close();
        }
    }

    @Test
    void aTwoHostLabCarriesPingBetweenNodesOnDifferentHostsAndTearsDownCompletely() throws Exception {
        List<String> agentCommand = List.of(ProcessHandle.current().info().command().orElse("java"),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "io.isthmus.cli.IsthmusCommand");
        LabState state = lab.up(2, registry(), "127.0.0.1:" + controller.agentChannel().getPort(), agentCommand,
            Duration.ofSeconds(1), progress::add);
        System.out.println(String.join("\n", progress));
        progress.clear();

        assertThat(lab.namespaces()).containsExactlyInAnyOrder(prefix + "rt", prefix + "h1", prefix + "h2");
        assertThat(state.hosts()).extracting(LabState.Host::substratePrefix)
            .containsExactly("2001:db8:0:100::/72", "2001:db8:0:200::/72");
        List<ProcessHandle> agents = state.hosts().stream().map(h -> ProcessHandle.of(h.agentPid()).orElseThrow())
            .toList();
        assertThat(agents).allMatch(ProcessHandle::isAlive);
        assertThat(lab.state()).contains(state);
        assertThatThrownBy(() -> lab.up(2, registry(), "127.0.0.1:1", agentCommand, Duration.ofSeconds(1),
            progress::add)).isInstanceOf(LabException.class).hasMessageContaining("a lab is up already");

        String host1 = state.hosts().get(0).id();
        String host2 = state.hosts().get(1).id();
        String tenant = tenantToken("acme");
        String net = created(api.post("/v1/networks", tenant, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/24"))));
        String sub = created(api.post("/v1/networks/" + net + "/subnets", tenant,
            Map.of("name", "web", "cidr", "10.0.0.0/24")));
        // Nodes created after the agents started: the update stream brings the network and its subnet to them.
        String n1 = node(tenant, net, sub, "n1", host1, "10.0.0.4");
        String n2 = node(tenant, net, sub, "n2", host2, "10.0.0.5");
        LabState.Node placed1 = lab.attach(new NodePlacement(n1, "n1", host1), Duration.ofSeconds(30), progress::add);
        LabState.Node placed2 = lab.attach(new NodePlacement(n2, "n2", host2), Duration.ofSeconds(30), progress::add);
        assertThat(placed1.namespace()).isEqualTo(prefix + "n-n1");
        assertThat(lab.attach(new NodePlacement(n1, "n1", host1), Duration.ofSeconds(1), progress::add))
            .isEqualTo(placed1);
        CommandResult address = NetnsFixture.tryRun(Duration.ofSeconds(10), "ip", "-n", placed2.namespace(), "-4",
            "address", "show", "eth0");
        assertThat(address.output()).contains("10.0.0.5/24");

        // The first packet waits for the controller's answer; then the path is cached.
        int status = 1;
        for (int attempt = 0; attempt < 20 && status != 0; attempt++) {
            status = lab.exec("n1", List.of("ping", "-c", "1", "-W", "1", "10.0.0.5"));
        }
        assertThat(status).as("a first reply from n2").isZero();
        assertThat(lab.exec(n1, List.of("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.5"))).isZero();
        assertThat(lab.exec("n2", List.of("ping", "-c", "2", "-i", "0.2", "-W", "2", "10.0.0.4"))).isZero();
        // The command's own status comes back: no such address in the network, and a failing command.
        assertThat(lab.exec("n1", List.of("ping", "-c", "1", "-W", "1", "10.0.0.99"))).isEqualTo(1);
        assertThat(lab.exec("n1", List.of("sh", "-c", "exit 7"))).isEqualTo(7);
        assertThatThrownBy(() -> lab.exec("n3", List.of("true"))).isInstanceOf(LabException.class)
            .hasMessageContaining("the lab has no node 'n3'");

        // A node attached for DHCP: only its MAC from the agent, the rest from the virtual router's DHCP server through
        // the distribution's udhcpc and its default script, whose resolv.conf is the node's own.
        String machineResolvConf = Files.readString(Path.of("/etc/resolv.conf"));
        String n3 = node(tenant, net, sub, "n3", host1, "10.0.0.6");
        LabState.Node placed3 = lab.attach(new NodePlacement(n3, "n3", host1), true, Duration.ofSeconds(30),
            progress::add);
        Path ownResolvConf = Path.of("/etc/netns", placed3.namespace(), "resolv.conf");
        assertThat(ownResolvConf).exists();
        assertThat(NetnsFixture.tryRun(Duration.ofSeconds(10), "ip", "-n", placed3.namespace(), "-4", "address",
            "show", "eth0").output()).doesNotContain("inet ");
        assertThat(lab.exec("n3", List.of("udhcpc", "-i", "eth0", "-q", "-n", "-t", "5", "-T", "1"))).isZero();
        assertThat(NetnsFixture.tryRun(Duration.ofSeconds(10), "ip", "-n", placed3.namespace(), "-4", "address",
            "show", "eth0").output()).contains("10.0.0.6/24");
        assertThat(lab.exec("n3", List.of("ping", "-c", "2", "-i", "0.2", "-W", "2", "10.0.0.4"))).isZero();
        assertThat(Files.readString(Path.of("/etc/resolv.conf"))).as("the machine's").isEqualTo(machineResolvConf);
        lab.detach("n3", progress::add);
        assertThat(ownResolvConf.getParent()).doesNotExist();

        // A process left running inside a node goes with the lab.
        Process sleeper = new ProcessBuilder("ip", "netns", "exec", placed1.namespace(), "sleep", "300").start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!NetnsFixture.tryRun(Duration.ofSeconds(5), "ip", "netns", "pids", placed1.namespace()).output()
            .contains(Long.toString(sleeper.pid())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        lab.detach("n2", progress::add);
        assertThat(lab.namespaces()).doesNotContain(placed2.namespace());
        assertThat(lab.down(progress::add)).isTrue();
        System.out.println(String.join("\n", progress));

        assertThat(lab.namespaces()).isEmpty();
        assertThat(NetnsFixture.tryRun(Duration.ofSeconds(10), "ip", "netns", "list").output()).doesNotContain(prefix);
        for (ProcessHandle agent : agents) {
            assertThat(agent.isAlive()).as("agent %d", agent.pid()).isFalse();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> commandLine(p).contains("--netns " + prefix))).isEmpty();
        assertThat(sleeper.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(lab.state()).isEmpty();
        assertThat(dir.resolve("lab")).doesNotExist();
        assertThat(progress).anyMatch(line -> line.startsWith("agent of host-1: event=counters")
            && line.contains("sent_to_substrate="));
        assertThat(lab.down(progress::add)).isFalse();
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private HostRegistry registry() {
        return new HostRegistry() {
            @Override
            public String host(String name, String substratePrefix) {
                ApiClient.Answer listed = api.get("/v1/hosts", operator);
                for (var host : listed.body().path("items")) {
                    if (host.path("name").asText().equals(name)) {
                        return host.path("id").asText();
                    }
                }
                return created(api.post("/v1/hosts", operator, Map.of("name", name, "substratePrefix",
                    substratePrefix)));
            }

            @Override
            public String credential(String hostId) {
                return api.post("/v1/hosts/" + hostId + "/credentials", operator, null).text("token");
            }
        };
    }

    private String node(String token, String network, String subnet, String name, String host, String address) {
        return created(api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId", host,
            "sourceDestCheck", true, "interfaces", List.of(Map.of("subnetId", subnet, "address", address)))));
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
}
