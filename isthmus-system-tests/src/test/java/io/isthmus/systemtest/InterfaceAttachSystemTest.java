package io.isthmus.systemtest;

import static io.isthmus.systemtest.AgentLab.PREFIX1;
import static io.isthmus.systemtest.AgentLab.PREFIX2;
import static io.isthmus.systemtest.AgentLab.awaitTrue;
import static io.isthmus.systemtest.AgentLab.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interface attach mode: a "container" c1 whose veth peer {@code vc1} sits in host namespace h1, attached by agent 1
 * through a packet socket, talks to a lab-mode node n2 on the other host ({@link AgentLab} draws the substrate):
 *
 * <pre>
 *   c1 10.0.0.4 (configures itself)              n2 10.0.0.5
 *        | eth0 (veth)                                | eth0 (TAP)
 *        | vc1 "interface vc1"                        |
 *   h1 [agent 1, TUN sub0]  ==== substrate ====  h2 [agent 2, TUN sub0]
 * </pre>
 */
@RequiresRoot
@Timeout(120)
class InterfaceAttachSystemTest {
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

    @Test
    void aContainerOnAnExistingVethTalksToALabNodeAndCannotSpoofItsMac() throws Exception {
        NetworkNamespace[] hosts = lab.substrate();
        NetworkNamespace h1 = hosts[1];
        NetworkNamespace h2 = hosts[2];
        String host1 = lab.host("host-1", PREFIX1);
        String host2 = lab.host("host-2", PREFIX2);
        String tenant = lab.tenantToken("acme");
        AgentLab.Network net = lab.network(tenant, "prod", "10.0.0.0/24");
        String network = net.id();
        String subnet = net.subnetId();
        String gateway = net.gateway();
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace n2 = lab.node(tenant, network, subnet, "n2", host2, "10.0.0.5", attach2);

        // The container: its own stack on a veth whose host end is in h1, configured as the API describes the node.
        ApiClient.Answer node = lab.createNode(tenant, network, subnet, "c1", host1, "10.0.0.4");
        String mac = node.body().path("interfaces").path(0).path("mac").asText();
        NetworkNamespace c1 = fixture.createNamespace();
        fixture.createVeth(c1, "eth0", h1, "vc1");
        lab.ip(c1, "link set eth0 address " + mac + " mtu " + AgentRuntime.TENANT_MTU + " up",
            "addr add 10.0.0.4/24 dev eth0", "route add default via " + gateway + " dev eth0");
        Files.writeString(attach1.resolve(node.text("id")), "# a container's veth\ninterface vc1\n");

        AgentRuntime agent1 = lab.agent(host1, PREFIX1, h1, attach1);
        AgentRuntime agent2 = lab.agent(host2, PREFIX2, h2, attach2);
        lab.awaitAddress(n2, agent2);
        awaitTrue(() -> agent1.attachedPorts().keySet().stream().anyMatch(k -> k.startsWith(node.text("id"))),
            "c1 attached by agent 1");
        // The agent set the host end up, and kept the host's stack off the node's link; c1's address is c1's own.
        String hostEnd = fixture.run("ip", "-n", h1.name(), "-d", "addr", "show", "vc1").output();
        assertThat(hostEnd).contains("state UP").contains("promiscuity 1").doesNotContain("inet");

        lab.awaitReply(c1, "10.0.0.5");
        CommandResult ping = fixture.exec(c1, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.0.0.5");
        System.out.println("c1 (interface mode) -> n2 (lab mode):\n" + ping.output());
        assertThat(received(ping)).as(ping.describe()).isGreaterThanOrEqualTo(4);
        CommandResult back = fixture.exec(n2, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.4");
        assertThat(received(back)).as(back.describe()).isEqualTo(3);

        // TCP from the container, whose veth leaves checksums and segmentation to the device (the agent finishes
        // both): iperf3 completes only if every segment arrives whole and checksummed.
        System.out.println(fixture.exec(c1, "ethtool", "-k", "eth0").output().lines()
            .filter(l -> l.startsWith("tcp-segmentation-offload") || l.startsWith("tx-checksumming"))
            .reduce("c1 offloads:", (a, b) -> a + " " + b.strip()));
        lab.iperfServer(n2, "10.0.0.5");
        CommandResult tcp = lab.iperf(c1, "10.0.0.5");
        System.out.println("c1 -> n2 TCP:\n" + tcp.output());
        assertThat(tcp.succeeded()).as(tcp.describe()).isTrue();
        assertThat(tcp.output()).contains("receiver");

        // Anti-spoofing holds in this mode too: with another MAC, c1's frames are dropped and counted.
        long spoofedBefore = agent1.counters().getOrDefault("SPOOFED_SOURCE_MAC", 0L);
        lab.ip(c1, "link set eth0 address 02:66:66:66:66:66");
        CommandResult spoofed = fixture.tryExec(c1, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.0.0.5");
        System.out.println("c1 with a foreign MAC -> n2:\n" + spoofed.output());
        assertThat(received(spoofed)).as(spoofed.describe()).isZero();
        long spoofedAfter = agent1.counters().getOrDefault("SPOOFED_SOURCE_MAC", 0L);
        System.out.println("agent 1 counters: " + agent1.counters());
        assertThat(spoofedAfter).isGreaterThan(spoofedBefore);
        // Its own MAC back, it is let through again.
        lab.ip(c1, "link set eth0 address " + mac);
        lab.awaitReply(c1, "10.0.0.5");

        // Detaching: removing the attachment file releases the interface (its promiscuous membership goes).
        Files.delete(attach1.resolve(node.text("id")));
        awaitTrue(() -> fixture.run("ip", "-n", h1.name(), "-d", "link", "show", "vc1").output()
            .contains("promiscuity 0"), "vc1 released");
        assertThat(received(fixture.tryExec(c1, "ping", "-c", "1", "-W", "1", "10.0.0.5"))).isZero();
    }

    @Test
    void aMalformedAttachmentFileIsIgnoredAndAnInterfaceInAnotherNamespaceIsAttached() throws Exception {
        NetworkNamespace[] hosts = lab.substrate();
        String host1 = lab.host("host-1", PREFIX1);
        String tenant = lab.tenantToken("acme");
        AgentLab.Network net = lab.network(tenant, "prod", "10.0.0.0/24");
        String network = net.id();
        String subnet = net.subnetId();
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        String bad = lab.createNode(tenant, network, subnet, "bad", host1, "10.0.0.7").text("id");
        Files.writeString(attach1.resolve(bad), "interface vc9 namespace somewhere\n");
        // The host end of c2's veth lives in a namespace of its own, named in the file.
        String c2 = lab.createNode(tenant, network, subnet, "c2", host1, "10.0.0.8").text("id");
        NetworkNamespace c2Namespace = fixture.createNamespace();
        NetworkNamespace elsewhere = fixture.createNamespace();
        fixture.createVeth(c2Namespace, "eth0", elsewhere, "vc2");
        Files.writeString(attach1.resolve(c2), "interface vc2 netns " + elsewhere.name() + "\n");
        List<String> log = new CopyOnWriteArrayList<>();

        AgentRuntime agent1 = lab.agent(host1, PREFIX1, hosts[1], attach1, log::add);
        awaitTrue(() -> agent1.attachedPorts().keySet().stream().anyMatch(k -> k.startsWith(c2)),
            "c2 attached in " + elsewhere);
        // Set up by the agent (administratively: c2's end is down, so there is no carrier).
        assertThat(fixture.run("ip", "-n", elsewhere.name(), "link", "show", "vc2").output()).contains(",UP>");
        Thread.sleep(1000);
        assertThat(agent1.attachedPorts().keySet()).noneMatch(k -> k.startsWith(bad));
        assertThat(log.stream().filter(l -> l.contains("event=attachment-malformed file=" + bad)))
            .as("logged once, although read every 200 ms").hasSize(1);

        // The interface replaced (a restarted VM gets a new TAP of the same name): detached, then attached again.
        fixture.run("ip", "-n", elsewhere.name(), "link", "del", "vc2");
        awaitTrue(() -> log.stream().anyMatch(l -> l.contains("event=port-detached")), "c2 detached");
        fixture.createVeth(c2Namespace, "eth0", elsewhere, "vc2");
        // The agent logs the attachment once the socket is up (promiscuous), so the log line is what to wait for.
        awaitTrue(() -> log.stream().filter(l -> l.contains("event=port-attached") && l.contains("device=vc2"))
            .count() == 2, "the new vc2 attached");
        assertThat(fixture.run("ip", "-d", "-n", elsewhere.name(), "link", "show", "vc2").output())
            .contains("promiscuity 1");
    }
}
