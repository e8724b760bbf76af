package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.metrics.AgentMetrics;
import io.isthmus.agent.metrics.MetricsServer;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.MacAddress;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolation and anti-spoofing, end to end in the {@link AgentLab}: whatever a node forges (source IPv4, source MAC,
 * IPv6 to a substrate address, gratuitous ARP) and whatever a rogue machine on the substrate sends to a node's
 * substrate address, nothing reaches the victim (tcpdump at its eth0 counts 0) and the agent's drop counter for that
 * reason rises; an appliance (source/destination check off) does get through with another source, so the checks are
 * what stops the others.
 *
 * <pre>
 *   h1: n1 10.0.0.4 (attacker), n3 10.0.0.6, ap 10.0.0.7 (appliance) of tenant 1; u1 10.0.0.8 of tenant 2
 *   h2: n2 10.0.0.5 (victim) of tenant 1; t1 10.0.0.4 of tenant 2
 *   rogue 2001:db8:3::2 -- rt (the substrate router)
 * </pre>
 */
@RequiresRoot
@Timeout(180)
class AntiSpoofingSystemTest {
    private static final OverlayAddressing ADDRESSING = OverlayAddressing.defaults();

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetworkNamespace rt;
    private NetworkNamespace n1;
    private NetworkNamespace n2;
    private NetworkNamespace n3;
    private NetworkNamespace ap;
    private NetworkNamespace u1;
    private NetworkNamespace t1;
    private AgentRuntime agent1;
    private AgentRuntime agent2;
    private AgentLab.Network net1;
    private AgentLab.Network net2;
    private String host2;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        NetworkNamespace[] hosts = lab.substrate();
        rt = hosts[0];
        String host1 = lab.host("host-1", AgentLab.PREFIX1);
        host2 = lab.host("host-2", AgentLab.PREFIX2);
        String tenant1 = lab.tenantToken("acme");
        String tenant2 = lab.tenantToken("globex");
        net1 = lab.network(tenant1, "prod", "10.0.0.0/24");
        net2 = lab.network(tenant2, "prod", "10.0.0.0/24");
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        n1 = lab.node(tenant1, net1.id(), net1.subnetId(), "n1", host1, "10.0.0.4", attach1);
        n3 = lab.node(tenant1, net1.id(), net1.subnetId(), "n3", host1, "10.0.0.6", attach1);
        ap = lab.node(tenant1, net1.id(), net1.subnetId(), "ap", host1, "10.0.0.7", attach1, false);
        u1 = lab.node(tenant2, net2.id(), net2.subnetId(), "u1", host1, "10.0.0.8", attach1);
        n2 = lab.node(tenant1, net1.id(), net1.subnetId(), "n2", host2, "10.0.0.5", attach2);
        t1 = lab.node(tenant2, net2.id(), net2.subnetId(), "t1", host2, "10.0.0.4", attach2);
        agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        for (NetworkNamespace node : new NetworkNamespace[] {n1, n3, ap, u1}) {
            lab.awaitAddress(node, agent1);
        }
        for (NetworkNamespace node : new NetworkNamespace[] {n2, t1}) {
            lab.awaitAddress(node, agent2);
        }
        // The legitimate flows first: every agent holds the mappings the forgeries below try to abuse.
        lab.awaitReply(n1, "10.0.0.5");
        lab.awaitReply(t1, "10.0.0.8");
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aNodeForgingItsSourceAddressOrMacReachesNobodyButAnApplianceMay() throws Exception {
        // (a) n1 claims n3's address 10.0.0.6.
        lab.fixture.exec(n1, "ip", "addr", "add", "10.0.0.6/24", "dev", "eth0");
        long spoofedIp = agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_IP);
        int forged = lab.count(n2, "eth0", "icmp and src host 10.0.0.6",
            () -> assertThat(lab.ping(n1, 5, "-I", "10.0.0.6", "10.0.0.5")).isZero());
        assertThat(forged).as("packets from a forged 10.0.0.6 at n2").isZero();
        assertThat(agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_IP) - spoofedIp)
            .as("SPOOFED_SOURCE_IP at agent 1").isGreaterThanOrEqualTo(5);

        // (e) The appliance may send with another source (here n3's, which the receiving agent maps to host 1): the
        // same filter at n2 now counts packets, so the check above is what stopped n1.
        lab.fixture.exec(ap, "ip", "addr", "add", "10.0.0.6/24", "dev", "eth0");
        long applianceSpoofs = agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_IP);
        int relayed = lab.count(n2, "eth0", "icmp and src host 10.0.0.6",
            () -> lab.ping(ap, 5, "-I", "10.0.0.6", "10.0.0.5"));
        assertThat(relayed).as("packets from the appliance as 10.0.0.6 at n2").isPositive();
        assertThat(agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_IP)).isEqualTo(applianceSpoofs);

        // (b) n1 takes n3's MAC, keeping its own address.
        long n3Mac = VirtualMacs.forInterface(Ipv4Address.parse("10.0.0.6"));
        String ownMac = MacAddress.format(VirtualMacs.forInterface(Ipv4Address.parse("10.0.0.4")));
        lab.fixture.exec(n1, "ip", "link", "set", "dev", "eth0", "address", MacAddress.format(n3Mac));
        // A new MAC flushes the neighbours; a static entry makes the pings go out as IPv4 rather than as ARP.
        lab.fixture.exec(n1, "ip", "neigh", "replace", "10.0.0.5", "lladdr",
            MacAddress.format(VirtualMacs.forInterface(Ipv4Address.parse("10.0.0.5"))), "dev", "eth0", "nud",
            "permanent");
        long spoofedMac = agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_MAC);
        int forgedMac = lab.count(n2, "eth0", "icmp and src host 10.0.0.4",
            () -> assertThat(lab.ping(n1, 5, "10.0.0.5")).isZero());
        assertThat(forgedMac).as("packets from n1 with n3's MAC at n2").isZero();
        assertThat(agent1.counterTotals().get(DataplaneCounter.SPOOFED_SOURCE_MAC) - spoofedMac)
            .as("SPOOFED_SOURCE_MAC at agent 1").isGreaterThanOrEqualTo(5);
        lab.fixture.exec(n1, "ip", "link", "set", "dev", "eth0", "address", ownMac);
        assertThat(lab.ping(n1, 3, "10.0.0.5")).as("n1 with its own MAC again").isPositive();

        // The drop counters as an operator reads them: the agent's metrics endpoint and the controller's report.
        try (MetricsServer metrics = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> AgentMetrics.of(agent1).toPrometheusText())) {
            String scrape = scrape(metrics);
            assertThat(sample(scrape, "isthmus_agent_packets_total{outcome=\"spoofed_source_ip\",kind=\"drop\"}"))
                .isGreaterThanOrEqualTo(spoofedIp + 5);
            assertThat(sample(scrape, "isthmus_agent_packets_total{outcome=\"spoofed_source_mac\",kind=\"drop\"}"))
                .isGreaterThanOrEqualTo(spoofedMac + 5);
            assertThat(sample(scrape, "isthmus_agent_ports")).isEqualTo(4);
        }
    }

    @Test
    void ipv6AndGratuitousArpFromANodeStayOnItsPort() throws Exception {
        // (c, i) n1 sends IPv6 straight to n2's substrate address, the router's MAC as next hop.
        String victim = substrate(AgentLab.PREFIX2, net1.overlayId(), "10.0.0.5");
        String routerMac = MacAddress.format(VirtualMacs.router(Ipv4Address.parse("10.0.0.1")));
        lab.fixture.exec(n1, "ip", "-6", "addr", "add", substrate(AgentLab.PREFIX1, net1.overlayId(), "10.0.0.4")
            + "/128", "dev", "eth0", "nodad");
        lab.fixture.exec(n1, "ip", "-6", "route", "add", victim, "dev", "eth0");
        lab.fixture.exec(n1, "ip", "-6", "neigh", "replace", victim, "lladdr", routerMac, "dev", "eth0", "nud",
            "permanent");
        long notIpv4 = agent1.counterTotals().get(DataplaneCounter.NOT_IPV4_OR_ARP);
        int onSubstrate = lab.count(rt, "any", "ip6 and dst host " + victim,
            () -> assertThat(lab.ping(n1, 5, "-6", victim)).isZero());
        assertThat(onSubstrate).as("IPv6 from n1 on the substrate").isZero();
        assertThat(agent1.counterTotals().get(DataplaneCounter.NOT_IPV4_OR_ARP) - notIpv4)
            .as("NOT_IPV4_OR_ARP at agent 1").isGreaterThanOrEqualTo(5);

        // (d) n1 announces n3's address: unsolicited request, then reply. Dropped and counted; nothing learns it.
        lab.fixture.exec(n1, "ip", "addr", "add", "10.0.0.6/24", "dev", "eth0");
        long conflicts = agent1.counterTotals().get(DataplaneCounter.GRATUITOUS_ARP_CONFLICT);
        String n1Mac = MacAddress.format(VirtualMacs.forInterface(Ipv4Address.parse("10.0.0.4")));
        int announced = lab.count(n3, "eth0", "arp", () -> {
            lab.fixture.tryExec(n1, "arping", "-U", "-c", "2", "-I", "eth0", "10.0.0.6");
            lab.fixture.tryExec(n1, "arping", "-A", "-c", "2", "-I", "eth0", "10.0.0.6");
        });
        assertThat(announced).as("ARP at n3").isZero();
        assertThat(agent1.counterTotals().get(DataplaneCounter.GRATUITOUS_ARP_CONFLICT) - conflicts)
            .as("GRATUITOUS_ARP_CONFLICT at agent 1").isGreaterThanOrEqualTo(4);
        // 10.0.0.6 is still n3's: the appliance next to it resolves n3's MAC, and n2's pings reach n3, not n1.
        assertThat(lab.ping(ap, 2, "10.0.0.6")).isPositive();
        assertThat(lab.fixture.exec(ap, "ip", "neigh", "show", "10.0.0.6").output())
            .contains(MacAddress.format(VirtualMacs.forInterface(Ipv4Address.parse("10.0.0.6"))))
            .doesNotContain(n1Mac);
        int atN1 = lab.count(n1, "eth0", "icmp and dst host 10.0.0.6",
            () -> assertThat(lab.ping(n2, 5, "10.0.0.6")).isGreaterThanOrEqualTo(4));
        assertThat(atN1).as("pings to 10.0.0.6 delivered to n1").isZero();
    }

    @Test
    void forgedSubstratePacketsAreDroppedByTheReceivingAgent() throws Exception {
        // A rogue machine on the substrate, behind the substrate router.
        NetworkNamespace rogue = lab.fixture.createNamespace();
        lab.fixture.createVeth(rt, "rg", rogue, "up0");
        lab.ip(rt, "-6 address add 2001:db8:3::1/64 dev rg nodad", "link set rg up");
        lab.ip(rogue, "-6 address add 2001:db8:3::2/64 dev up0 nodad", "link set up0 up",
            "-6 route add default via 2001:db8:3::1");
        String victim = substrate(AgentLab.PREFIX2, net1.overlayId(), "10.0.0.5");

        // (c, ii) Claiming n1 of the victim's own network, from an address outside host 1's prefix: ICMPv6 and UDP.
        String claimsN1 = substrate("2001:db8:3::/72", net1.overlayId(), "10.0.0.4");
        lab.ip(rogue, "-6 address add " + claimsN1 + "/128 dev up0 nodad",
            "-6 route add " + victim + "/128 via 2001:db8:3::1 src " + claimsN1);
        long mismatches = agent2.counterTotals().get(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        int delivered = lab.count(n2, "eth0", "icmp or udp", () -> {
            lab.ping(rogue, 5, "-6", "-I", claimsN1, victim);
            for (int i = 0; i < 3; i++) {
                lab.fixture.exec(rogue, "bash", "-c", "echo forged > /dev/udp/" + victim + "/9");
            }
        });
        assertThat(delivered).as("forged substrate packets claiming n1 at n2").isZero();
        assertThat(agent2.counterTotals().get(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH) - mismatches)
            .as("SUBSTRATE_SOURCE_MISMATCH at agent 2").isGreaterThanOrEqualTo(8);

        // Claiming u1 of the other tenant with its exact substrate address, which agent 2 holds an allowed mapping
        // for (t1 talks to u1): the network differs from the victim's.
        String claimsU1 = substrate(AgentLab.PREFIX1, net2.overlayId(), "10.0.0.8");
        lab.ip(rogue, "-6 address add " + claimsU1 + "/128 dev up0 nodad");
        long otherNetwork = agent2.counterTotals().get(DataplaneCounter.SOURCE_IN_OTHER_NETWORK);
        int crossTenant = lab.count(n2, "eth0", "icmp",
            () -> lab.ping(rogue, 5, "-6", "-I", claimsU1, victim));
        assertThat(crossTenant).as("packets of another tenant's node at n2").isZero();
        assertThat(agent2.counterTotals().get(DataplaneCounter.SOURCE_IN_OTHER_NETWORK) - otherNetwork)
            .as("SOURCE_IN_OTHER_NETWORK at agent 2").isGreaterThanOrEqualTo(5);

        // The agent reports its drops to the controller (every second here).
        long expected = agent2.counterTotals().get(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        AgentLab.awaitTrue(() -> {
            ApiClient.Answer report = lab.api.get("/v1/hosts/" + host2 + "/counters", lab.operator);
            return report.status() == 200
                && report.body().path("counters").path("SUBSTRATE_SOURCE_MISMATCH").asLong() >= expected;
        }, "agent 2's report of its SUBSTRATE_SOURCE_MISMATCH drops at the controller");
    }

    /** The substrate address of {@code ipv4} of network {@code overlayId} under the agent prefix {@code prefix}. */
    private static String substrate(String prefix, int overlayId, String ipv4) {
        Ipv6Prefix p = Ipv6Prefix.parse(prefix);
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(ADDRESSING.compose(p.high(), p.low(), overlayId, Ipv4Address.parse(ipv4), slot)).isTrue();
        return new Ipv6Address(slot.high, slot.low).toString();
    }

    private static String scrape(MetricsServer metrics) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + metrics.address().getPort() + MetricsServer.PATH)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    /** The value of the series {@code series} (name and labels as written) in a scrape. */
    private static long sample(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\d+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("%s in the scrape:%n%s", series, scrape).isTrue();
        return Long.parseLong(m.group(1));
    }
}
