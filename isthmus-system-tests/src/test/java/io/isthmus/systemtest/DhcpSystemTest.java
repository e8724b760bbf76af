package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.metrics.AgentMetrics;
import io.isthmus.agent.router.dhcp.DhcpCounter;
import io.isthmus.agent.router.dhcp.DhcpLease;
import io.isthmus.agent.runtime.AgentRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard DHCP clients in node namespaces get their configuration from the virtual router's DHCP server, in the
 * {@link AgentLab}: network 10.0.0.0/24 with MTU 1400, DNS servers 192.0.2.53 and 192.0.2.54 and 20-second leases.
 *
 * <pre>
 *   n1 10.0.0.10 (ISC dhclient), n3 10.0.0.30 (appliance)     n2 10.0.0.20 (busybox udhcpc)
 *        | eth0 (TAP)                                              | eth0 (TAP)
 *   h1 [agent 1] ----------------- substrate ----------------- h2 [agent 2]
 * </pre>
 *
 * The agents configure lab nodes statically: n1's and n3's address, route and MTU are flushed first; n2 is attached
 * for DHCP (its agent sets only its MAC). Whatever the nodes end up with came from DHCP.
 */
@RequiresRoot
@Timeout(180)
class DhcpSystemTest {
    private static final Map<String, Object> OPTIONS = Map.of("mtu", 1400, "dnsServers",
        List.of("192.0.2.53", "192.0.2.54"), "dhcpLeaseSeconds", 20);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Pattern LIFETIME = Pattern.compile("valid_lft (\\d+)sec");

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    /**
     * (a) dhclient gets address, mask, gateway, MTU and DNS servers and reaches the gateway; (b) udhcpc gets the
     * same, and the two DHCP-configured nodes reach each other across hosts; (d) a client on an unknown MAC gets
     * nothing and is counted; (e) a client asking for a stale address is refused (NAK) and gets its own; (c) dhclient
     * renews its 20-second lease and keeps its address past it.
     */
    @Test
    void standardClientsAreConfiguredByTheVirtualRouterRenewAndAnUnknownMacGetsNothing() throws Exception {
        NetworkNamespace[] hosts = lab.substrate();
        String host1 = lab.host("host-1", AgentLab.PREFIX1);
        String host2 = lab.host("host-2", AgentLab.PREFIX2);
        String token = lab.tenantToken("acme");
        AgentLab.Network network = lab.network(token, "prod", "10.0.0.0/24", OPTIONS);
        assertThat(network.gateway()).isEqualTo("10.0.0.1");
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace n1 = lab.node(token, network.id(), network.subnetId(), "n1", host1, "10.0.0.10", attach1);
        // n2 is attached for DHCP: its agent gives its TAP only the MAC.
        NetworkNamespace n2 = lab.dhcpNode(token, network.id(), network.subnetId(), "n2", host2, "10.0.0.20",
            attach2);
        NetworkNamespace n3 = lab.node(token, network.id(), network.subnetId(), "n3", host1, "10.0.0.30", attach1,
            false);
        AgentRuntime agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        AgentRuntime agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        for (NetworkNamespace node : List.of(n1, n3)) {
            lab.awaitAddress(node, agent1);
            unconfigure(node);
        }
        lab.awaitAttached("n1", agent1);
        lab.awaitAttached("n3", agent1);
        lab.awaitAttached("n2", agent2);
        assertThat(fixture.exec(n2, "ip", "-4", "addr", "show", "dev", "eth0").output()).doesNotContain("inet ");
        assertThat(fixture.exec(n2, "ip", "link", "show", "dev", "eth0").output()).contains("mtu 1500 ");

        // (a) ISC dhclient with the distribution's dhclient-script, which sets address, route, MTU and resolv.conf.
        // 'ip netns exec' bind-mounts /etc/netns/<node>/resolv.conf over /etc/resolv.conf: the script writes that
        // file, never the machine's.
        Path resolvConf = nodeResolvConf(n1);
        String machineResolvConf = Files.readString(Path.of("/etc/resolv.conf"));
        Path dhclientLog = dir.resolve("dhclient.log");
        Process dhclient = new ProcessBuilder("ip", "netns", "exec", n1.name(), "dhclient", "-d", "-v", "-pf",
            dir.resolve("dhclient.pid").toString(), "-lf", dir.resolve("dhclient.leases").toString(), "-sf",
            "/sbin/dhclient-script", "eth0").redirectErrorStream(true).redirectOutput(dhclientLog.toFile()).start();
        fixture.track((AutoCloseable) () -> dhclient.destroyForcibly().waitFor());
        await(() -> read(dhclientLog).contains("bound to 10.0.0.10"), Duration.ofSeconds(30),
            () -> "dhclient bound: " + read(dhclientLog));
        long boundAt = System.nanoTime();
        System.out.println("dhclient in n1:\n" + read(dhclientLog));
        assertThat(read(dhclientLog)).contains("DHCPOFFER of 10.0.0.10 from 10.0.0.1",
            "DHCPACK of 10.0.0.10 from 10.0.0.1");
        String address = fixture.exec(n1, "ip", "-4", "addr", "show", "dev", "eth0").output();
        System.out.println("n1 eth0:\n" + address);
        assertThat(address).contains("inet 10.0.0.10/24 brd 10.0.0.255");
        assertThat(lifetime(address)).as("the lease time as the address's lifetime").isBetween(1, 20);
        assertThat(fixture.exec(n1, "ip", "-4", "route", "show", "default").output())
            .contains("default via 10.0.0.1 dev eth0");
        assertThat(fixture.exec(n1, "ip", "link", "show", "dev", "eth0").output()).contains("mtu 1400 ");
        String resolv = fixture.exec(n1, "cat", "/etc/resolv.conf").output();
        System.out.println("n1 /etc/resolv.conf:\n" + resolv);
        assertThat(resolv).contains("nameserver 192.0.2.53\nnameserver 192.0.2.54");
        assertThat(Files.readString(resolvConf)).isEqualTo(resolv);
        assertThat(Files.readString(Path.of("/etc/resolv.conf"))).as("the machine's").isEqualTo(machineResolvConf);
        assertThat(lab.ping(n1, 3, "10.0.0.1")).as("n1 pings its gateway").isEqualTo(3);
        DhcpLease lease = agent1.dhcp().leases().stream().filter(l -> l.address() == ip("10.0.0.10")).findFirst()
            .orElseThrow();
        assertThat(lease.state()).isEqualTo(DhcpLease.State.BOUND);
        assertThat(lease.nodeId()).isEqualTo(lab.nodeId("n1"));

        // (b) busybox udhcpc, its script printing what it got and configuring the interface.
        Path udhcpcLog = dir.resolve("udhcpc-n2.log");
        CommandResult udhcpc = udhcpc(n2, udhcpcLog, 5);
        System.out.println("udhcpc in n2:\n" + udhcpc.output() + "\nits script saw:\n" + read(udhcpcLog));
        assertThat(udhcpc.succeeded()).as(udhcpc.describe()).isTrue();
        assertThat(read(udhcpcLog)).contains("bound interface=eth0 ip=10.0.0.20 subnet=255.255.255.0 mask=24 "
            + "router=10.0.0.1 dns=192.0.2.53 192.0.2.54 mtu=1400 lease=20 serverid=10.0.0.1 broadcast=10.0.0.255");
        assertThat(fixture.exec(n2, "ip", "-4", "addr", "show", "dev", "eth0").output())
            .contains("inet 10.0.0.20/24 brd 10.0.0.255");
        assertThat(fixture.exec(n2, "ip", "link", "show", "dev", "eth0").output()).contains("mtu 1400 ");

        // Both configured by DHCP, the nodes reach each other across hosts.
        lab.awaitReply(n1, "10.0.0.20");
        assertThat(lab.ping(n1, 3, "10.0.0.20")).as("n1 -> n2").isEqualTo(3);
        assertThat(lab.ping(n2, 3, "10.0.0.10")).as("n2 -> n1").isEqualTo(3);

        // (d) An unknown MAC gets nothing: the appliance n3 (whose frames may carry other source MACs) runs a client
        // on another MAC. No reply reaches it, and the agent counts the messages.
        long unknownBefore = agent1.dhcp().counters().get(DhcpCounter.UNKNOWN_CLIENT);
        fixture.exec(n3, "ip", "link", "set", "dev", "eth0", "address", "02:00:00:00:be:ef");
        Path strangerLog = dir.resolve("udhcpc-n3-stranger.log");
        CommandResult[] stranger = new CommandResult[1];
        int replies = lab.count(n3, "eth0", "udp src port 67",
            () -> stranger[0] = udhcpc(n3, strangerLog, 3));
        System.out.println("udhcpc in n3 on 02:00:00:00:be:ef:\n" + stranger[0].output());
        assertThat(stranger[0].succeeded()).as("no lease: %s", stranger[0].describe()).isFalse();
        assertThat(replies).as("DHCP replies seen by n3").isZero();
        long unknown = agent1.dhcp().counters().get(DhcpCounter.UNKNOWN_CLIENT) - unknownBefore;
        assertThat(unknown).as("DISCOVERs from the unknown MAC counted").isGreaterThanOrEqualTo(3);
        assertThat(AgentMetrics.of(agent1).toPrometheusText()).containsPattern(
            "isthmus_agent_dhcp_messages_total\\{outcome=\"unknown_client\",kind=\"ignored\"} [1-9]\\d*\n");
        // Its own MAC back, the same node gets its address.
        fixture.exec(n3, "ip", "link", "set", "dev", "eth0", "address",
            io.isthmus.wire.MacAddress.format(io.isthmus.api.allocation.VirtualMacs.forInterface(ip("10.0.0.30"))));
        CommandResult own = udhcpc(n3, dir.resolve("udhcpc-n3.log"), 5);
        assertThat(own.succeeded()).as(own.describe()).isTrue();
        assertThat(read(dir.resolve("udhcpc-n3.log"))).contains("bound interface=eth0 ip=10.0.0.30 ");

        // (e) A client that remembers another address (a lease of 10.0.0.99 from this router) asks for it first
        // (INIT-REBOOT), is refused with a NAK, and starts over to get its own.
        unconfigure(n3);
        nodeResolvConf(n3);
        Path staleLeases = Files.writeString(dir.resolve("dhclient-n3.leases"), """
            lease {
              interface "eth0";
              fixed-address 10.0.0.99;
              option subnet-mask 255.255.255.0;
              option routers 10.0.0.1;
              option dhcp-server-identifier 10.0.0.1;
              option dhcp-lease-time 3600;
              renew 4 2037/01/01 00:00:00;
              rebind 4 2037/01/01 00:00:00;
              expire 4 2037/01/01 00:00:00;
            }
            """);
        long nakedBefore = agent1.dhcp().counters().get(DhcpCounter.NAKED_WRONG_ADDRESS);
        Path rebootLog = dir.resolve("dhclient-n3.log");
        Process reboot = new ProcessBuilder("ip", "netns", "exec", n3.name(), "dhclient", "-d", "-v", "-pf",
            dir.resolve("dhclient-n3.pid").toString(), "-lf", staleLeases.toString(), "-sf", "/sbin/dhclient-script",
            "eth0").redirectErrorStream(true).redirectOutput(rebootLog.toFile()).start();
        fixture.track((AutoCloseable) () -> reboot.destroyForcibly().waitFor());
        await(() -> read(rebootLog).contains("bound to 10.0.0.30"), Duration.ofSeconds(30),
            () -> "dhclient in n3 bound after a NAK: " + read(rebootLog));
        System.out.println("dhclient in n3 with a lease of 10.0.0.99:\n" + read(rebootLog));
        assertThat(read(rebootLog)).contains("DHCPREQUEST for 10.0.0.99 on eth0 to 255.255.255.255 port 67",
            "DHCPNAK from 10.0.0.1", "DHCPACK of 10.0.0.30 from 10.0.0.1");
        assertThat(agent1.dhcp().counters().get(DhcpCounter.NAKED_WRONG_ADDRESS) - nakedBefore).isEqualTo(1);
        assertThat(fixture.exec(n3, "ip", "-4", "addr", "show", "dev", "eth0").output())
            .contains("inet 10.0.0.30/24").doesNotContain("10.0.0.99");
        reboot.destroyForcibly().waitFor();

        // (c) Renewal: past the 20-second lease, dhclient has renewed (unicast to the router, RENEWING) and been
        // acknowledged; its address, whose lifetime each ACK resets, is still there and works.
        // T1 is 10 s: by 27 s after binding dhclient has renewed twice, its first ACK's lease long over.
        Duration wait = LEASE.plusSeconds(7);
        long waitUntil = boundAt + wait.toNanos();
        while (System.nanoTime() - waitUntil < 0) {
            Thread.sleep(500);
        }
        String renewals = read(dhclientLog);
        System.out.println("dhclient in n1 after " + wait.toSeconds() + " s:\n" + renewals);
        assertThat(renewals).contains("DHCPREQUEST for 10.0.0.10 on eth0 to 10.0.0.1 port 67");
        assertThat(count(renewals, "DHCPACK of 10.0.0.10 from 10.0.0.1")).as("first ACK and renewals")
            .isGreaterThanOrEqualTo(3);
        assertThat(agent1.dhcp().counters().get(DhcpCounter.ACKED_RENEWING)).as("renewals acknowledged")
            .isGreaterThanOrEqualTo(2);
        // The agent reports them to the controller with its other counters.
        AgentLab.awaitTrue(() -> lab.api.get("/v1/hosts/" + host1 + "/counters", lab.operator).body()
            .path("counters").path("DHCP_ACKED_RENEWING").asLong() >= 2, "the renewals in the controller's report");
        String renewed = fixture.exec(n1, "ip", "-4", "addr", "show", "dev", "eth0").output();
        System.out.println("n1 eth0 after the lease time:\n" + renewed);
        assertThat(renewed).contains("inet 10.0.0.10/24");
        assertThat(lab.ping(n1, 3, "10.0.0.20")).as("n1 -> n2 after renewals").isEqualTo(3);
        System.out.println("agent 1 DHCP: " + agent1.dhcp().counters() + " leases " + agent1.dhcp().leases());
        System.out.println("agent 2 DHCP: " + agent2.dhcp().counters());
        assertThat(agent2.dhcp().counters().get(DhcpCounter.OFFERED)).isGreaterThanOrEqualTo(1);
        assertThat(agent2.dhcp().counters().get(DhcpCounter.ACKED_SELECTING)).isGreaterThanOrEqualTo(1);
    }

    /** Takes away what the agent configured on the lab node's eth0: address, routes; MTU back to 1500. */
    private void unconfigure(NetworkNamespace node) {
        fixture.exec(node, "ip", "addr", "flush", "dev", "eth0");
        fixture.exec(node, "ip", "link", "set", "dev", "eth0", "mtu", "1500");
        assertThat(fixture.exec(node, "ip", "-4", "addr", "show", "dev", "eth0").output()).doesNotContain("inet ");
        assertThat(fixture.exec(node, "ip", "-4", "route", "show").output()).isBlank();
    }

    /**
     * Creates the empty {@code /etc/netns/<node>/resolv.conf} that {@code ip netns exec} mounts over the node's
     * {@code /etc/resolv.conf}; removed when the lab closes.
     */
    private Path nodeResolvConf(NetworkNamespace node) throws IOException {
        Path netns = Path.of("/etc/netns");
        boolean created = !Files.isDirectory(netns);
        Path netnsDir = netns.resolve(node.name());
        Files.createDirectories(netnsDir);
        fixture.track((AutoCloseable) () -> {
            deleteTree(netnsDir);
            if (created) {
                try (Stream<Path> left = Files.list(netns)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(netns);
                    }
                }
            }
        });
        return Files.writeString(netnsDir.resolve("resolv.conf"), "");
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * Runs busybox udhcpc on the node's eth0 until it has a lease ({@code -q}) or gave up after {@code tries}
     * discovers a second apart ({@code -n}); its script appends each event and its variables to {@code log} and
     * configures eth0 on {@code bound}.
     */
    private CommandResult udhcpc(NetworkNamespace node, Path log, int tries) throws IOException {
        Path script = dir.resolve("udhcpc-" + log.getFileName() + ".sh");
        Files.writeString(script, """
            #!/bin/sh
            # Called by udhcpc with the event, the lease in the environment (busybox networking/udhcp).
            echo "$1 interface=$interface ip=$ip subnet=$subnet mask=$mask router=$router dns=$dns mtu=$mtu \
            lease=$lease serverid=$serverid broadcast=$broadcast" >> %s
            case "$1" in
              deconfig) ip -4 addr flush dev "$interface" ;;
              bound|renew)
                ip -4 addr flush dev "$interface"
                ip addr add "$ip/$mask" broadcast "$broadcast" dev "$interface"
                ip link set dev "$interface" mtu "$mtu"
                ip route replace default via "$router" dev "$interface"
                ;;
            esac
            exit 0
            """.formatted(log));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return NetnsFixture.tryRun(Duration.ofSeconds(30), "ip", "netns", "exec", node.name(), "udhcpc", "-i",
            "eth0", "-f", "-q", "-n", "-t", Integer.toString(tries), "-T", "1", "-s", script.toString());
    }

    private static int lifetime(String addressShow) {
        Matcher m = LIFETIME.matcher(addressShow);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static int ip(String text) {
        return io.isthmus.wire.Ipv4Address.parse(text);
    }

    private static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(200);
        }
    }
}
