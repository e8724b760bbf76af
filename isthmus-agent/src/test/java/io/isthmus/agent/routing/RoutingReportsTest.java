package io.isthmus.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingReportsTest {
    private static final int PEER = Ipv4Address.parse("10.0.1.5");
    private static final SessionKey KEY = new SessionKey(1, "sub-a", "node-fw", PEER, RoutingProtocol.OSPF);

    private final RoutingReports reports = new RoutingReports();

    @Test
    void aSessionIsReportedWithItsStateAndLearnedRoutes() {
        reports.publish(KEY, session("Full", true, 10, List.of(new Route(Ipv4Prefix.parse("10.1.0.0/16"), 20, PEER))));
        RoutingSessionReport report = reports.report().getSessions(0);
        assertThat(report.getProtocol()).isEqualTo(SubnetRoutingInfo.Protocol.OSPF);
        assertThat(report.getState()).isEqualTo("Full");
        assertThat(report.getInterfaceAddress()).isEqualTo(PEER);
        assertThat(report.getLearnedList()).singleElement().satisfies(r -> {
            assertThat(r.getPrefix()).isEqualTo(Ipv4Address.parse("10.1.0.0"));
            assertThat(r.getLength()).isEqualTo(16);
            assertThat(r.getMetric()).isEqualTo(20);
        });
        assertThat(reports.countsByState()).containsEntry("ospf/up", 1L).containsEntry("bgp/down", 0L);
    }

    @Test
    void onlyChangesOtherThanMessageCountsMoveTheVersion() {
        reports.publish(KEY, session("Full", true, 10, List.of()));
        long first = reports.version();
        reports.publish(KEY, session("Full", true, 11, List.of()));
        assertThat(reports.version()).as("a hello more").isEqualTo(first);
        assertThat(reports.report().getSessions(0).getMessagesIn()).as("but the report has it").isEqualTo(11);
        reports.publish(KEY, session("Init", false, 12, List.of()));
        assertThat(reports.version()).isGreaterThan(first);
        long second = reports.version();
        reports.remove(KEY);
        assertThat(reports.version()).isGreaterThan(second);
        assertThat(reports.report().getSessionsCount()).isZero();
    }

    private static RoutingSession session(String state, boolean up, long messagesIn, List<Route> learned) {
        return new RoutingSession() {
            @Override
            public RoutingProtocol protocol() {
                return RoutingProtocol.OSPF;
            }

            @Override
            public int peer() {
                return PEER;
            }

            @Override
            public void announce(List<Route> routes) {
            }

            @Override
            public List<Route> learned() {
                return learned;
            }

            @Override
            public void tick(long nanoTime) {
            }

            @Override
            public SessionStatus status() {
                return new SessionStatus(RoutingProtocol.OSPF, PEER, state, up, up ? 1000 : 0, learned.size(),
                    learned.size(), 0, 0, 0, 0, messagesIn, 3, "");
            }

            @Override
            public void close() {
            }
        };
    }
}
