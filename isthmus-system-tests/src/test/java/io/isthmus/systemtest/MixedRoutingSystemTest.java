package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Two participants of subnet A speaking different protocols (issue 7): BIRD over BGP on host 2 announces 10.1.0.0/16
 * with MED 5, FRR over OSPF on host 1 announces 10.2.0.0/16 as an external route of metric 7; through the virtual
 * routers each learns the other's route, with the same metric.
 */
@RequiresRoot
@Timeout(300)
class MixedRoutingSystemTest {
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

    @Test
    void aBgpSpeakerAndAnOspfSpeakerLearnEachOthersRoutesWithTheSameMetrics() throws Exception {
        AgentLab.Appliance bgp = lab.appliance("bgp", lab.host2, "10.0.1.5", "10.1.0.5");
        AgentLab.Appliance ospf = lab.appliance("ospf", lab.host1, "10.0.1.6", "10.1.0.6");
        RoutingDaemon bird = RoutingDaemon.bird(lab.fixture, bgp.namespace(), """
            router id 10.0.1.5;
            protocol device {}
            protocol static own { ipv4; route 10.1.0.0/16 blackhole; }
            protocol bgp vr {
              local 10.0.1.5 as 65001;
              neighbor 10.0.1.1 as 65000;
              hold time 9;
              ipv4 {
                import all;
                export filter { if proto = "own" then { bgp_med = 5; accept; } reject; };
              };
            }
            """);
        RoutingDaemon frr = RoutingDaemon.frr(lab.fixture, ospf.namespace(), """
            frr defaults traditional
            hostname ospf
            ip route 10.2.0.0/16 blackhole
            interface eth0
             ip ospf hello-interval 1
             ip ospf dead-interval 4
            router ospf
             ospf router-id 10.0.1.6
             network 10.0.1.0/24 area 0
             redistribute static metric 7 metric-type 2
            """, RoutingDaemon.FrrDaemon.STATICD, RoutingDaemon.FrrDaemon.OSPFD);
        lab.setRouting(lab.subnetA, Map.of("protocols", List.of("BGP", "OSPF"),
            "bgp", Map.of("asn", 65000, "holdTimeSeconds", 9),
            "ospf", Map.of("area", "0.0.0.0", "helloSeconds", 1, "deadSeconds", 4),
            "participants", List.of(
                RoutingLab.participant(bgp.id(), List.of("BGP"), 65001, List.of("10.1.0.0/16"), 10),
                RoutingLab.participant(ospf.id(), List.of("OSPF"), 0, List.of("10.2.0.0/16"), 10))));

        // The BGP speaker learns the OSPF speaker's route with MED 7 ...
        String learnedByBird = bird.awaitShow("show route 10.2.0.0/16 all protocol vr",
            s -> s.contains("BGP.med: 7"), CONVERGENCE);
        assertThat(learnedByBird).contains("10.2.0.0/16");
        // ... and the OSPF speaker the BGP speaker's as an external route of metric 5.
        frr.awaitShow("show ip ospf database external 10.1.0.0", s -> s.contains("Metric: 5"), CONVERGENCE);
        frr.awaitShow("show ip ospf route", s -> s.contains("10.1.0.0/16"), CONVERGENCE);
        // The controller holds both, with the metrics their speakers gave.
        String table = lab.routeTable(lab.subnetA).toString();
        assertThat(table).contains("10.1.0.0/16").contains("10.2.0.0/16");
        assertThat(lab.sessions()).hasSize(2).allMatch(s -> s.path("up").asBoolean());
    }
}
