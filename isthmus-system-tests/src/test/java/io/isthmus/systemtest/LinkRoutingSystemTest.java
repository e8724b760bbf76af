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
 * OSPFv2 and RIPv2 with the virtual routers (issue 7), with BIRD 2 and FRR as the participants' daemons: an appliance
 * between subnets A and B reaches an adjacency with A's virtual router (OSPF: Full), learns the network's routes
 * from it, and what it announces pulls A's traffic to B through it until it stops announcing.
 */
@RequiresRoot
@Timeout(300)
class LinkRoutingSystemTest {
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

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

    /** Subnet A speaks {@code protocol} with {@code fw}, which may announce what is in 10.1.0.0/16. */
    private void peerWith(AgentLab.Appliance fw, String protocol) {
        lab.setRouting(lab.subnetA, Map.of("protocols", List.of(protocol),
            "ospf", Map.of("area", "0.0.0.0", "helloSeconds", 1, "deadSeconds", 4, "networkType", "BROADCAST"),
            "participants", List.of(RoutingLab.participant(fw.id(), List.of(protocol), 0, List.of("10.1.0.0/16"),
                10))));
    }

    /** Pings a to b continuously and checks it reaches b directly, not through {@code fw}. */
    private void directFirst(AgentLab.Appliance fw) throws Exception {
        lab.lab.awaitReply(lab.a, "10.1.0.20");
        lab.pingContinuously(lab.a, "10.1.0.20");
        Thread.sleep(500);
        assertThat(lab.forwardedIcmp(fw)).as("before the announcement, a reaches b directly").isZero();
    }

    private void steeredThenRestored(AgentLab.Appliance fw, String what, Runnable announce, Runnable withdraw)
        throws Exception {
        directFirst(fw);
        announce.run();
        long pulled = lab.awaitForwarding(fw, true, CONVERGENCE);
        System.out.println("figure: " + what + " announcement to traffic through the appliance: " + pulled + " ms");
        assertThat(lab.routeTable(lab.subnetA).toString()).contains("LEARNED");
        // OSPF ignores a new instance of an LSA within MinLSArrival (1 s) of the last (RFC 2328 section 13): a
        // withdrawal sooner than that would wait for the daemon's retransmission.
        Thread.sleep(1500);
        withdraw.run();
        long restored = lab.awaitForwarding(fw, false, CONVERGENCE);
        System.out.println("figure: " + what + " withdrawal to the direct path: " + restored + " ms");
        assertThat(lab.lab.ping(lab.a, 3, "10.1.0.20")).isEqualTo(3);
    }

    @Test
    void ospfWithBirdReachesFullAndRoutesGoBothWays() throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host2, "10.0.1.5", "10.1.0.5");
        RoutingDaemon bird = RoutingDaemon.bird(lab.fixture, fw.namespace(), """
            router id 10.0.1.5;
            protocol device {}
            protocol static steer { ipv4; route 10.1.0.0/16 blackhole; disabled; }
            protocol ospf v2 o1 {
              ipv4 { import all; export where proto = "steer"; };
              area 0 { interface "eth0" { type broadcast; hello 1; dead 4; }; };
            }
            """);
        peerWith(fw, "OSPF");
        bird.awaitShow("show ospf neighbors o1", s -> s.contains("Full"), CONVERGENCE);
        JsonNode session = lab.awaitSession(s -> s.path("state").asText().startsWith("Full"),
            "the API shows the adjacency Full", Duration.ofSeconds(10));
        assertThat(session.path("protocol").asText()).isEqualTo("OSPF");
        bird.awaitShow("show route protocol o1", s -> s.contains("10.0.0.0/8"), CONVERGENCE);
        steeredThenRestored(fw, "BIRD OSPF", () -> bird.show("enable steer"), () -> bird.show("disable steer"));
    }

    @Test
    void ospfWithFrrReachesFullAndRoutesGoBothWays() throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host1, "10.0.1.5", "10.1.0.5");
        RoutingDaemon frr = RoutingDaemon.frr(lab.fixture, fw.namespace(), """
            frr defaults traditional
            hostname fw
            interface eth0
             ip ospf hello-interval 1
             ip ospf dead-interval 4
            router ospf
             ospf router-id 10.0.1.5
             network 10.0.1.0/24 area 0
            """, RoutingDaemon.FrrDaemon.OSPFD);
        peerWith(fw, "OSPF");
        frr.awaitShow("show ip ospf neighbor", s -> s.contains("Full"), CONVERGENCE);
        lab.awaitSession(s -> s.path("state").asText().startsWith("Full"), "the API shows the adjacency Full",
            Duration.ofSeconds(10));
        frr.awaitShow("show ip ospf route", s -> s.contains("10.0.0.0/8"), CONVERGENCE);
        // FRR announces its connected 10.1.0.0/24 (B itself), which is more specific than the network's 10.0.0.0/8.
        steeredThenRestored(fw, "FRR OSPF",
            () -> frr.vtysh("configure terminal", "router ospf", "redistribute connected"),
            () -> frr.vtysh("configure terminal", "router ospf", "no redistribute connected"));
    }

    @Test
    void ripWithBirdRoutesGoBothWays() throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host2, "10.0.1.5", "10.1.0.5");
        RoutingDaemon bird = RoutingDaemon.bird(lab.fixture, fw.namespace(), """
            router id 10.0.1.5;
            protocol device {}
            protocol static steer { ipv4; route 10.1.0.0/16 blackhole; disabled; }
            protocol rip r1 {
              ipv4 { import all; export where proto = "steer"; };
              interface "eth0" { update time 1; timeout time 5; };
            }
            """);
        peerWith(fw, "RIP");
        bird.awaitShow("show route protocol r1", s -> s.contains("10.0.0.0/8"), CONVERGENCE);
        // BIRD sends nothing until it has a route to export: the session is up once it has heard from it.
        steeredThenRestored(fw, "BIRD RIP", () -> bird.show("enable steer"), () -> bird.show("disable steer"));
        lab.awaitSession(s -> s.path("protocol").asText().equals("RIP") && s.path("up").asBoolean(),
            "the API shows the RIP session up", Duration.ofSeconds(10));
    }

    @Test
    void ripWithFrrRoutesGoBothWays() throws Exception {
        AgentLab.Appliance fw = lab.appliance("fw", lab.host1, "10.0.1.5", "10.1.0.5");
        RoutingDaemon frr = RoutingDaemon.frr(lab.fixture, fw.namespace(), """
            frr defaults traditional
            hostname fw
            router rip
             version 2
             network eth0
             timers basic 5 15 10
            """, RoutingDaemon.FrrDaemon.RIPD);
        peerWith(fw, "RIP");
        frr.awaitShow("show ip rip", s -> s.contains("10.0.0.0/8"), CONVERGENCE);
        steeredThenRestored(fw, "FRR RIP",
            () -> frr.vtysh("configure terminal", "router rip", "redistribute connected"),
            () -> frr.vtysh("configure terminal", "router rip", "no redistribute connected"));
    }
}
