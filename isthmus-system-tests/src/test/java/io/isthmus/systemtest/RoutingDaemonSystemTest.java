package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The daemons the routing tests peer with start, answer and stop inside a test's namespace. */
@RequiresRoot
class RoutingDaemonSystemTest {
    @Test
    void birdAndFrrStartAnswerAndStopInANamespace() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, """
                router id 192.0.2.1;
                protocol device {}
                protocol static s1 { ipv4; route 10.9.0.0/16 blackhole; }
                """);
            bird.awaitShow("show protocols", a -> a.contains("s1") && a.contains("up"), Duration.ofSeconds(10));
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, """
                frr defaults traditional
                hostname t1
                router bgp 65001
                 bgp router-id 192.0.2.2
                """, RoutingDaemon.FrrDaemon.BGPD);
            frr.awaitShow("show running-config", a -> a.contains("router bgp 65001"), Duration.ofSeconds(10));
            bird.close();
            frr.close();
            assertThat(NetnsFixture.tryRun(Duration.ofSeconds(5), "pgrep", "-f", bird.directory().toString())
                .exitCode()).isEqualTo(1);
            assertThat(NetnsFixture.tryRun(Duration.ofSeconds(5), "pgrep", "-f", frr.directory().toString())
                .exitCode()).isEqualTo(1);
        }
    }
}
