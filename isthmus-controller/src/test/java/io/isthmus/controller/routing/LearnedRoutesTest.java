package io.isthmus.controller.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Prefix;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Soft state per reporting host, and the coalescing of what listeners are told. */
class LearnedRoutesTest {
    private static final HostId H1 = new HostId("host-000000000001");
    private static final HostId H2 = new HostId("host-000000000002");
    private static final NetworkId N1 = new NetworkId("net-000000000001");
    private static final NetworkId N2 = new NetworkId("net-000000000002");

    private LearnedRoutes learned;
    private final BlockingQueue<NetworkId> told = new LinkedBlockingQueue<>();

    private LearnedRoutes start(Duration coalesce) {
        learned = new LearnedRoutes(coalesce);
        learned.listen(told::add);
        return learned;
    }

    @AfterEach
    void close() {
        learned.close();
    }

    private static ReportedSession session(HostId host, NetworkId network, String node, int metric) {
        return new ReportedSession(host, network, new SubnetId("sub-000000000001"), new NodeId("node-" + node),
            new SessionStatus(RoutingProtocol.BGP, 1, "Established", true, 1, 1, 1, 0, 0, 0, 0, 1, 1, ""),
            List.of(new Route(Ipv4Prefix.parse("10.1.0.0/16"), metric, 1)));
    }

    @Test
    void aReportReplacesTheHostsPreviousOneAndAnIdenticalOneChangesNothing() throws Exception {
        start(Duration.ZERO);
        assertThat(learned.report(H1, List.of(session(H1, N1, "000000000001", 1)))).isTrue();
        assertThat(learned.report(H2, List.of(session(H2, N1, "000000000002", 1)))).isTrue();
        assertThat(learned.report(H1, List.of(session(H1, N1, "000000000001", 2)))).isTrue();
        assertThat(learned.report(H1, List.of(session(H1, N1, "000000000001", 2)))).isFalse();
        assertThat(learned.sessions(N1)).extracting(s -> s.learned().getFirst().metric()).containsExactly(2, 1);
        assertThat(learned.sessions(N2)).isEmpty();
        assertThat(told.poll(5, TimeUnit.SECONDS)).isEqualTo(N1);
    }

    @Test
    void droppingAHostWithdrawsItsSessionsAndTellsTheirNetworks() throws Exception {
        start(Duration.ZERO);
        learned.report(H1, List.of(session(H1, N1, "000000000001", 1), session(H1, N2, "000000000003", 1)));
        learned.report(H2, List.of(session(H2, N1, "000000000002", 1)));
        drain();
        learned.dropHost(H1);
        assertThat(learned.sessions()).extracting(ReportedSession::host).containsExactly(H2);
        assertThat(List.of(told.poll(5, TimeUnit.SECONDS), told.poll(5, TimeUnit.SECONDS)))
            .containsExactlyInAnyOrder(N1, N2);
    }

    @Test
    void changesWithinTheIntervalAreToldOnceAtItsEnd() throws Exception {
        start(Duration.ofMillis(500));
        long generation = learned.generation(N1);
        learned.report(H1, List.of(session(H1, N1, "000000000001", 0)));
        assertThat(told.poll(5, TimeUnit.SECONDS)).as("the first change at once").isEqualTo(N1);
        long start = System.nanoTime();
        for (int metric = 1; metric <= 100; metric++) {
            learned.report(H1, List.of(session(H1, N1, "000000000001", metric)));
        }
        assertThat(told.poll(5, TimeUnit.SECONDS)).isEqualTo(N1);
        assertThat(System.nanoTime() - start).as("not before the interval ends").isGreaterThan(
            TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(told.poll(700, TimeUnit.MILLISECONDS)).as("once for the hundred").isNull();
        assertThat(learned.generation(N1)).isEqualTo(generation + 2);
        assertThat(learned.sessions(N1).getFirst().learned().getFirst().metric()).isEqualTo(100);
    }

    private void drain() throws InterruptedException {
        while (told.poll(200, TimeUnit.MILLISECONDS) != null) {
            // the reports' own notifications
        }
    }
}
