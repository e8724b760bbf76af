package io.isthmus.systemtest;

import static io.isthmus.systemtest.AgentLab.awaitTrue;
import static io.isthmus.systemtest.AgentLab.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.io.IOException;
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
 * Broadcast and multicast between real senders and receivers ({@code socat}) in node namespaces on two hosts of the
 * {@link AgentLab}: the nodes join and leave groups with their own kernels' IGMPv3, the virtual routers learn it, the
 * controller tells the sending agent which hosts have members, and the sending agent replicates.
 *
 * <pre>
 *   host 1: n1 10.0.1.10 (sender), r1 10.0.1.11, y1 10.0.2.11     host 2: r2 10.0.1.12, x2 10.0.1.13, y2 10.0.2.12
 *                                                                          t2 10.0.1.12 (another tenant)
 * </pre>
 */
@RequiresRoot
@Timeout(240)
class MulticastSystemTest {
    private static final String GROUP = "239.1.1.1";

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;
    private NetworkNamespace h2;
    private AgentRuntime agent1;
    private AgentRuntime agent2;
    private String tenant;
    private String network;
    private String subnet1;
    private String subnet2;
    private String host1;
    private String host2;
    private Path attach1;
    private Path attach2;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        NetworkNamespace[] hosts = lab.substrate();
        h2 = hosts[2];
        host1 = lab.host("host-1", AgentLab.PREFIX1);
        host2 = lab.host("host-2", AgentLab.PREFIX2);
        tenant = lab.tenantToken("acme");
        network = created(lab.api.post("/v1/networks", tenant, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"))));
        subnet1 = created(lab.api.post("/v1/networks/" + network + "/subnets", tenant,
            Map.of("name", "one", "cidr", "10.0.1.0/24")));
        subnet2 = created(lab.api.post("/v1/networks/" + network + "/subnets", tenant,
            Map.of("name", "two", "cidr", "10.0.2.0/24")));
        attach1 = Files.createDirectories(dir.resolve("attach1"));
        attach2 = Files.createDirectories(dir.resolve("attach2"));
        agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private NetworkNamespace node(String name, String host, String subnet, String address, AgentRuntime agent)
        throws Exception {
        NetworkNamespace node = lab.node(tenant, network, subnet, name, host, address,
            host.equals(host1) ? attach1 : attach2);
        lab.awaitAddress(node, agent);
        return node;
    }

    /** A receiver: socat in {@code node} writing every datagram to port {@code port} into a file; joins the group. */
    private Receiver receiver(NetworkNamespace node, int port, String group) throws IOException {
        Path file = dir.resolve("received-" + node.name() + "-" + port + ".txt");
        Files.writeString(file, "");
        String address = "UDP4-RECV:" + port + ",reuseaddr" + (group == null ? "" : ",ip-add-membership=" + group
            + ":eth0");
        Process socat = new ProcessBuilder("ip", "netns", "exec", node.name(), "socat", "-u", address,
            "OPEN:" + file + ",creat,append").redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat-" + node.name() + "-" + port + ".log").toFile()).start();
        fixture.track((AutoCloseable) () -> socat.destroyForcibly().waitFor());
        return new Receiver(socat, file);
    }

    /** A socat receiving into {@code file}. */
    private record Receiver(Process process, Path file) {
        long count(String prefix) {
            try {
                return Files.readAllLines(file).stream().filter(line -> line.startsWith(prefix)).count();
            } catch (IOException e) {
                return 0;
            }
        }

        /** Stops socat: its socket closes, and the node's kernel leaves the group. */
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** One datagram {@code text} from {@code sender} to {@code destination}:{@code port}. */
    private void send(NetworkNamespace sender, String destination, int port, String text, String options) {
        fixture.exec(sender, "sh", "-c", "echo " + text + " | socat -u - UDP4-DATAGRAM:" + destination + ":" + port
            + (options.isEmpty() ? "" : "," + options));
    }

    private long counter(AgentRuntime agent, DataplaneCounter counter) {
        return agent.counterTotals().getOrDefault(counter, 0L);
    }

    @Test
    void groupMembersOnBothHostsReceiveAndALeavingReceiverStopsTheCopiesToItsHost() throws Exception {
        NetworkNamespace n1 = node("n1", host1, subnet1, "10.0.1.10", agent1);
        NetworkNamespace r1 = node("r1", host1, subnet1, "10.0.1.11", agent1);
        NetworkNamespace r2 = node("r2", host2, subnet1, "10.0.1.12", agent2);
        NetworkNamespace x2 = node("x2", host2, subnet1, "10.0.1.13", agent2);
        // Another tenant's node on host 2 with r2's address, joined to the same group in its own network.
        String other = lab.tenantToken("globex");
        String otherNetwork = created(lab.api.post("/v1/networks", other, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"))));
        String otherSubnet = created(lab.api.post("/v1/networks/" + otherNetwork + "/subnets", other,
            Map.of("name", "one", "cidr", "10.0.1.0/24")));
        NetworkNamespace t2 = lab.node(other, otherNetwork, otherSubnet, "t2", host2, "10.0.1.12", attach2);
        lab.awaitAddress(t2, agent2);

        Receiver atR1 = receiver(r1, 5000, GROUP);
        Receiver atR2 = receiver(r2, 5000, GROUP);
        Receiver atT2 = receiver(t2, 5000, GROUP);
        Receiver atX2 = receiver(x2, 5000, null);
        // The joins travel: IGMP to each agent's router, host 2's report to the controller, its table to agent 1.
        awaitTrue(() -> agent2.multicastMemberships().size() == 2, "host 2's routers learn r2's and t2's joins");
        awaitTrue(() -> {
            send(n1, GROUP, 5000, "warmup", "");
            return atR2.count("warmup") > 0;
        }, "the first datagram reaching r2 on the other host");
        assertThat(atR1.count("warmup")).as("r1, on the sender's host").isPositive();

        int[] onX2 = new int[1];
        int[] onT2 = new int[1];
        int onSubstrate = lab.count(h2, "up0", "ip6 and udp port 5000", () -> onT2[0] = lab.count(t2, "eth0",
            "udp port 5000", () -> onX2[0] = lab.count(x2, "eth0", "udp port 5000", () -> {
                for (int i = 1; i <= 5; i++) {
                    send(n1, GROUP, 5000, "msg-" + i, "");
                }
            })));
        assertThat(onSubstrate).as("one copy per datagram for host 2, translated to IPv6").isEqualTo(5);
        awaitTrue(() -> atR1.count("msg-") == 5 && atR2.count("msg-") == 5, "five datagrams at r1 and r2");
        assertThat(onX2[0]).as("x2 is no member: its port gets no copy").isZero();
        assertThat(onT2[0]).as("another tenant's member of the same group address").isZero();
        assertThat(atT2.count("")).isZero();
        assertThat(atX2.count("")).isZero();
        assertThat(counter(agent1, DataplaneCounter.MULTICAST_REPLICATED)).isPositive();

        // r2 leaves: its kernel sends IGMPv3 TO_IN {}; host 2 withdraws the group, and agent 1 stops sending there.
        atR2.stop();
        awaitTrue(() -> agent2.multicastMemberships().size() == 1, "host 2's router sees r2 leave");
        awaitTrue(() -> {
            long before = counter(agent1, DataplaneCounter.REPLICA_TO_SUBSTRATE);
            send(n1, GROUP, 5000, "probe", "");
            return counter(agent1, DataplaneCounter.REPLICA_TO_SUBSTRATE) == before;
        }, "agent 1 making no more copies for host 2");
        long atR1Before = atR1.count("after-");
        int onTheSubstrate = lab.count(h2, "up0", "ip6 and udp port 5000", () -> {
            for (int i = 1; i <= 5; i++) {
                send(n1, GROUP, 5000, "after-" + i, "");
            }
        });
        assertThat(onTheSubstrate).as("copies reaching host 2 after the leave").isZero();
        awaitTrue(() -> atR1.count("after-") == atR1Before + 5, "r1 still receiving");
        assertThat(agent2.counterTotals().getOrDefault(DataplaneCounter.IGMP_LEFT, 0L)).isPositive();
    }

    @Test
    void subnetBroadcastStaysInItsSubnetAndMulticastCrossesSubnetsOnlyWhenTheNetworkSaysSo() throws Exception {
        NetworkNamespace n1 = node("n1", host1, subnet1, "10.0.1.10", agent1);
        NetworkNamespace r1 = node("r1", host1, subnet1, "10.0.1.11", agent1);
        NetworkNamespace y1 = node("y1", host1, subnet2, "10.0.2.11", agent1);
        NetworkNamespace r2 = node("r2", host2, subnet1, "10.0.1.12", agent2);
        NetworkNamespace y2 = node("y2", host2, subnet2, "10.0.2.12", agent2);

        // Subnet broadcast: both hosts' members of subnet 1 receive it; subnet 2's nodes never see it.
        Receiver b1 = receiver(r1, 5001, null);
        Receiver b2 = receiver(r2, 5001, null);
        Receiver by1 = receiver(y1, 5001, null);
        awaitTrue(() -> {
            send(n1, "10.0.1.255", 5001, "bwarm", "broadcast");
            return b2.count("bwarm") > 0;
        }, "a first broadcast reaching r2 on the other host");
        int[] onY2 = new int[1];
        int onR2 = lab.count(r2, "eth0", "udp port 5001", () -> onY2[0] = lab.count(y2, "eth0", "udp port 5001", () -> {
            for (int i = 1; i <= 3; i++) {
                send(n1, "10.0.1.255", 5001, "bcast-" + i, "broadcast");
            }
        }));
        assertThat(onR2).as("r2's port gets each broadcast once").isEqualTo(3);
        awaitTrue(() -> b1.count("bcast-") == 3 && b2.count("bcast-") == 3, "three broadcasts at r1 and r2");
        assertThat(onY2[0]).as("subnet 2 on host 2").isZero();
        assertThat(by1.count("")).as("subnet 2 on host 1").isZero();
        assertThat(counter(agent1, DataplaneCounter.BROADCAST_REPLICATED)).isPositive();

        // Multicast across subnets: y1 and y2 (subnet 2) join; the sender is in subnet 1.
        Receiver m1 = receiver(y1, 5002, "239.2.2.2");
        Receiver m2 = receiver(y2, 5002, "239.2.2.2");
        awaitTrue(() -> !agent2.multicastMemberships().isEmpty() && !agent1.multicastMemberships().isEmpty(),
            "both hosts' routers learn the joins");
        setAcrossSubnets(true);
        awaitTrue(() -> {
            send(n1, "239.2.2.2", 5002, "mwarm", "ip-multicast-ttl=4");
            return m2.count("mwarm") > 0 && m1.count("mwarm") > 0;
        }, "multicast reaching subnet 2 on both hosts once the network lets it cross");
        // Two routers stand between the subnets: a TTL of 2 runs out on the way, so nothing crosses.
        long before1 = m1.count("");
        long before2 = m2.count("");
        int crossedAtTwo = lab.count(y2, "eth0", "udp port 5002", () -> {
            for (int i = 1; i <= 3; i++) {
                send(n1, "239.2.2.2", 5002, "ttl2-" + i, "ip-multicast-ttl=2");
            }
        });
        assertThat(crossedAtTwo).isZero();
        assertThat(m1.count("")).isEqualTo(before1);
        assertThat(m2.count("")).isEqualTo(before2);

        // Turned off again: within the subnet only, though the members are still known.
        setAcrossSubnets(false);
        awaitTrue(() -> {
            long seen = m1.count("");
            send(n1, "239.2.2.2", 5002, "off", "ip-multicast-ttl=4");
            sleep(300);
            return m1.count("") == seen;
        }, "agent 1 no longer routing multicast into subnet 2");
        int crossedWhenOff = lab.count(y2, "eth0", "udp port 5002", () -> {
            for (int i = 1; i <= 3; i++) {
                send(n1, "239.2.2.2", 5002, "scoped-" + i, "ip-multicast-ttl=4");
            }
        });
        assertThat(crossedWhenOff).isZero();
        assertThat(agent2.multicastMemberships()).as("y2 is still a member").isNotEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void setAcrossSubnets(boolean across) {
        ApiClient.Answer answer = lab.api.call("PUT", "/v1/networks/" + network, tenant, Map.of("name", "prod",
            "cidrBlocks", List.of("10.0.0.0/16"), "options", Map.of("multicastAcrossSubnets", across)), null);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }
}
