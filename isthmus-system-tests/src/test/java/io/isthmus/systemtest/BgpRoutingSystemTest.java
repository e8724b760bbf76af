package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * BGP with the virtual routers (issue 7), with BIRD 2 and FRR as the participants' daemons: a firewall appliance
 * between subnets A and B peers with A's virtual router; when it announces 10.1.0.0/16, the traffic from A to B goes
 * through it; when it withdraws the route, the direct path comes back.
 */
@RequiresRoot
@Timeout(300)
class BgpRoutingSystemTest {
    @TempDir
    Path dir;

    private RoutingLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = RoutingLab.start(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    /** Subnet A speaks BGP as AS 65000 (hold time 9 s) with {@code fw} as AS 65001, which may announce 10.1/16. */
    private void peerWith(AgentLab.Appliance fw) {
        lab.setRouting(lab.subnetA, Map.of("protocols", List.of("BGP"), "bgp", Map.of("asn", 65000,
            "holdTimeSeconds", 9), "participants", List.of(RoutingLab.participant(fw.id(), List.of("BGP"), 65001,
            List.of("10.1.0.0/16"), 10))));
    }

    @Test
    void birdAnnouncingAPrefixPullsTheTrafficThroughItsApplianceAndWithdrawingItRestoresTheDirectPath()
        throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host2, "10.0.1.5", "10.1.0.5");
        RoutingDaemon bird = RoutingDaemon.bird(lab.fixture, fw.namespace(), """
            router id 10.0.1.5;
            protocol device {}
            protocol static steer { ipv4; route 10.1.0.0/16 blackhole; disabled; }
            protocol bgp vr {
              local 10.0.1.5 as 65001;
              neighbor 10.0.1.1 as 65000;
              hold time 9;
              ipv4 { import all; export where proto = "steer"; };
            }
            """);
        peerWith(fw);
        bird.awaitShow("show protocols vr", s -> s.contains("Established"), Duration.ofSeconds(30));
        JsonNode session = lab.awaitSession(s -> s.path("state").asText().equals("Established"),
            "the API shows the session established", Duration.ofSeconds(10));
        assertThat(session.path("protocol").asText()).isEqualTo("BGP");
        // The virtual router announces the network's routes: the participant learns 10.0.0.0/8 from it.
        bird.awaitShow("show route protocol vr", s -> s.contains("10.0.0.0/8"), Duration.ofSeconds(10));

        lab.lab.awaitReply(lab.a, "10.1.0.20");
        lab.pingContinuously(lab.a, "10.1.0.20");
        Thread.sleep(500);
        assertThat(lab.forwardedIcmp(fw)).as("before the announcement, a reaches b directly").isZero();

        bird.show("enable steer");
        long pulled = lab.awaitForwarding(fw, true, Duration.ofSeconds(10));
        System.out.println("figure: BIRD BGP announcement to traffic through the appliance: " + pulled + " ms");
        assertThat(lab.routeTable(lab.subnetA).toString()).contains("10.1.0.0/16").contains("LEARNED");
        lab.awaitSession(s -> s.path("accepted").asInt() == 1, "one accepted prefix", Duration.ofSeconds(5));

        bird.show("disable steer");
        long restored = lab.awaitForwarding(fw, false, Duration.ofSeconds(10));
        System.out.println("figure: BIRD BGP withdrawal to the direct path: " + restored + " ms");
        assertThat(lab.lab.ping(lab.a, 3, "10.1.0.20")).isEqualTo(3);

        // A participant that hangs: its routes go when the hold timer (9 s) runs out, and the traffic with them.
        bird.show("enable steer");
        lab.awaitForwarding(fw, true, Duration.ofSeconds(10));
        bird.signal("STOP");
        long fellBack = lab.awaitForwarding(fw, false, Duration.ofSeconds(20));
        System.out.println("figure: BIRD frozen to the direct path (hold time 9 s): " + fellBack + " ms");
        JsonNode expired = lab.awaitSession(s -> !s.path("up").asBoolean(), "the session down",
            Duration.ofSeconds(5));
        assertThat(expired.path("lastError").asText()).contains("hold timer");
        assertThat(lab.lab.ping(lab.a, 3, "10.1.0.20")).isEqualTo(3);
        bird.signal("CONT");
    }

    @Test
    void frrAnnouncingAPrefixPullsTheTrafficThroughItsApplianceAndWithdrawingItRestoresTheDirectPath()
        throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host1, "10.0.1.5", "10.1.0.5");
        RoutingDaemon frr = RoutingDaemon.frr(lab.fixture, fw.namespace(), """
            frr defaults traditional
            hostname fw
            router bgp 65001
             bgp router-id 10.0.1.5
             no bgp ebgp-requires-policy
             no bgp network import-check
             neighbor 10.0.1.1 remote-as 65000
             neighbor 10.0.1.1 timers 3 9
            """, RoutingDaemon.FrrDaemon.BGPD);
        peerWith(fw);
        frr.awaitShow("show bgp neighbors 10.0.1.1", s -> s.contains("BGP state = Established"),
            Duration.ofSeconds(30));
        lab.awaitSession(s -> s.path("state").asText().equals("Established"), "the API shows the session established",
            Duration.ofSeconds(10));
        frr.awaitShow("show ip bgp", s -> s.contains("10.0.0.0/8"), Duration.ofSeconds(10));

        lab.lab.awaitReply(lab.a, "10.1.0.20");
        lab.pingContinuously(lab.a, "10.1.0.20");
        Thread.sleep(500);
        assertThat(lab.forwardedIcmp(fw)).isZero();

        frr.vtysh("configure terminal", "router bgp 65001", "address-family ipv4 unicast", "network 10.1.0.0/16");
        long pulled = lab.awaitForwarding(fw, true, Duration.ofSeconds(10));
        System.out.println("figure: FRR BGP announcement to traffic through the appliance: " + pulled + " ms");

        frr.vtysh("configure terminal", "router bgp 65001", "address-family ipv4 unicast",
            "no network 10.1.0.0/16");
        long restored = lab.awaitForwarding(fw, false, Duration.ofSeconds(10));
        System.out.println("figure: FRR BGP withdrawal to the direct path: " + restored + " ms");
        assertThat(lab.lab.ping(lab.a, 3, "10.1.0.20")).isEqualTo(3);
    }
}
