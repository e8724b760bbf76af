package io.isthmus.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.RouteTableView;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.channel.v1.RoutingParticipantInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTableTest {
    private static final int OVERLAY = 7;
    private static final int FW = Ipv4Address.parse("10.0.1.5");
    private static final int OTHER = Ipv4Address.parse("10.0.1.6");
    private static final long ROUTER_MAC = MacAddress.parse("02:00:00:00:01:01");

    private final PortTable ports = new PortTable();
    private final RoutingReports reports = new RoutingReports();
    private final List<FakeSession> made = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final SessionTable<FakeSession> table = new SessionTable<>(Set.of(RoutingProtocol.BGP, RoutingProtocol.RIP),
        participant -> {
            FakeSession session = new FakeSession(participant);
            made.add(session);
            return session;
        }, reports, log::add);

    @Test
    void aSessionPerLocalParticipantAndProtocolTheSubnetRuns() {
        ports.replaceAll(List.of(port(0, "fw", FW), port(1, "other", OTHER)));
        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP,
                SubnetRoutingInfo.Protocol.OSPF),
            participant("fw", FW, SubnetRoutingInfo.Protocol.BGP, SubnetRoutingInfo.Protocol.OSPF,
                SubnetRoutingInfo.Protocol.RIP),
            participant("elsewhere", Ipv4Address.parse("10.0.1.9"), SubnetRoutingInfo.Protocol.BGP)), Map.of())));

        assertThat(table.reconcile(ports.snapshot(), 0)).isTrue();

        // OSPF is not this table's; RIP is not the subnet's; the other participant is not attached here.
        assertThat(made).extracting(s -> s.participant.key().protocol()).containsExactly(RoutingProtocol.BGP);
        assertThat(table.byPort(0, RoutingProtocol.BGP)).isSameAs(made.getFirst());
        assertThat(table.byPort(1, RoutingProtocol.BGP)).isNull();
        assertThat(reports.report().getSessionsCount()).isEqualTo(1);
        assertThat(table.hasParticipant(0)).isTrue();
        assertThat(table.hasParticipant(1)).isFalse();
        assertThat(table.hasParticipant(-1)).isFalse();
        assertThat(table.due(ports.snapshot(), 0)).isFalse();
        assertThat(table.reconcile(ports.snapshot(), 0)).isFalse();
    }

    @Test
    void aSessionThatCannotBeMadeIsTriedAgainLater() {
        int[] attempts = {0};
        SessionTable<FakeSession> failing = new SessionTable<>(Set.of(RoutingProtocol.BGP), participant -> {
            if (attempts[0]++ == 0) {
                throw new IllegalStateException("namespace busy");
            }
            return new FakeSession(participant);
        }, reports, log::add);
        ports.replaceAll(List.of(port(0, "fw", FW)));
        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP),
            participant("fw", FW, SubnetRoutingInfo.Protocol.BGP)), Map.of())));
        failing.reconcile(ports.snapshot(), 0);
        assertThat(failing.sessions()).isEmpty();
        assertThat(failing.hasParticipant(0)).isFalse();
        assertThat(log).anyMatch(line -> line.contains("routing-session-failed") && line.contains("namespace busy"));
        assertThat(failing.due(ports.snapshot(), SessionTable.RETRY_NANOS - 1)).isFalse();
        assertThat(failing.due(ports.snapshot(), SessionTable.RETRY_NANOS)).isTrue();
        failing.reconcile(ports.snapshot(), SessionTable.RETRY_NANOS);
        assertThat(failing.sessions()).hasSize(1);
        assertThat(failing.due(ports.snapshot(), 10 * SessionTable.RETRY_NANOS)).isFalse();
    }

    @Test
    void changedSettingsRemakeTheSessionAndAParticipantThatLeavesIsClosed() {
        ports.replaceAll(List.of(port(0, "fw", FW)));
        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP),
            participant("fw", FW, SubnetRoutingInfo.Protocol.BGP)), Map.of())));
        table.reconcile(ports.snapshot(), 0);
        FakeSession first = made.getFirst();

        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP),
            participant("fw", FW, SubnetRoutingInfo.Protocol.BGP).toBuilder().setMaxPrefixes(5).build()), Map.of())));
        assertThat(table.reconcile(ports.snapshot(), 0)).isTrue();
        assertThat(first.closed).isTrue();
        assertThat(made).hasSize(2);
        assertThat(made.get(1).participant.policy().maxPrefixes()).isEqualTo(5);

        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP)), Map.of())));
        assertThat(table.reconcile(ports.snapshot(), 0)).isTrue();
        assertThat(made.get(1).closed).isTrue();
        assertThat(table.sessions()).isEmpty();
        assertThat(reports.report().getSessionsCount()).isZero();
        assertThat(log).anyMatch(line -> line.contains("reason=participant-left"));
    }

    @Test
    void eachParticipantIsAnnouncedTheTableWithoutWhatItAnnouncedItself() {
        ports.replaceAll(List.of(port(0, "fw", FW), port(1, "other", OTHER)));
        RouteTableView routes = new RouteTableView(List.of(
            new RouteTableView.Route(Ipv4Address.parse("10.1.0.0"), 16, RouteTableView.Action.FORWARD, List.of(), 20,
                "fw", FW),
            new RouteTableView.Route(Ipv4Address.parse("10.2.0.0"), 16, RouteTableView.Action.FORWARD, List.of(), 7,
                "other", OTHER),
            new RouteTableView.Route(Ipv4Address.parse("10.0.0.0"), 8, RouteTableView.Action.DELIVER_LOCAL,
                List.of())));
        ports.replaceNetworks(List.of(network(routing(List.of(SubnetRoutingInfo.Protocol.BGP),
            participant("fw", FW, SubnetRoutingInfo.Protocol.BGP),
            participant("other", OTHER, SubnetRoutingInfo.Protocol.BGP)), Map.of("subnet-a", routes))));
        table.reconcile(ports.snapshot(), 0);
        table.announce(ports.snapshot());

        assertThat(madeFor(FW).announced).containsExactlyInAnyOrder(
            Route.announced(Ipv4Prefix.parse("10.2.0.0/16"), 7), Route.announced(Ipv4Prefix.parse("10.0.0.0/8"), 1));
        assertThat(madeFor(OTHER).announced).containsExactlyInAnyOrder(
            Route.announced(Ipv4Prefix.parse("10.1.0.0/16"), 20), Route.announced(Ipv4Prefix.parse("10.0.0.0/8"), 1));
        int calls = madeFor(FW).announcements;
        table.announce(ports.snapshot());
        assertThat(madeFor(FW).announcements).as("unchanged routes are not announced again").isEqualTo(calls);
    }

    @Test
    void routesThroughPeeringRoutersAreAnnouncedToEveryParticipant() {
        RouteTableView table = new RouteTableView(List.of(
            new RouteTableView.Route(Ipv4Address.parse("10.0.0.0"), 8, RouteTableView.Action.DELIVER_LOCAL, List.of()),
            new RouteTableView.Route(Ipv4Address.parse("10.200.1.0"), 24, RouteTableView.Action.PEERING,
                List.of())));
        assertThat(SessionTable.announcements(table, FW)).containsExactly(
            Route.announced(Ipv4Prefix.parse("10.0.0.0/8"), 1), Route.announced(Ipv4Prefix.parse("10.200.1.0/24"), 1));
    }

    @Test
    void noRouteThroughAParticipantIsAnnouncedToIt() {
        RouteTableView.NextHop viaFw = new RouteTableView.NextHop("fw", "if-fw", FW, 0x0200_0000_0005L, 0, 0);
        RouteTableView.NextHop viaOther = new RouteTableView.NextHop("other", "if-other", OTHER, 0x0200_0000_0006L, 0,
            0);
        RouteTableView table = new RouteTableView(List.of(
            // Learned from both at the same metric: the origin names one of them.
            new RouteTableView.Route(Ipv4Address.parse("10.1.0.0"), 16, RouteTableView.Action.FORWARD,
                List.of(viaFw, viaOther), 20, "fw", FW),
            // A static route through fw.
            new RouteTableView.Route(Ipv4Address.parse("10.3.0.0"), 16, RouteTableView.Action.FORWARD,
                List.of(viaFw))));
        assertThat(SessionTable.announcements(table, FW)).isEmpty();
        assertThat(SessionTable.announcements(table, OTHER)).containsExactly(
            Route.announced(Ipv4Prefix.parse("10.3.0.0/16"), 1));
    }

    private FakeSession madeFor(int peer) {
        return made.stream().filter(s -> s.peer() == peer).findFirst().orElseThrow();
    }

    private static LocalPort port(int index, String node, int address) {
        return new LocalPort(index, node, "if-" + node, OVERLAY, address, MacAddress.parse("02:00:00:00:00:0" + index),
            Ipv4Address.parse("10.0.1.0"), 24, Ipv4Address.parse("10.0.1.1"), ROUTER_MAC, false);
    }

    private static SubnetRoutingInfo routing(List<SubnetRoutingInfo.Protocol> protocols,
                                             RoutingParticipantInfo... participants) {
        return SubnetRoutingInfo.newBuilder().addAllProtocols(protocols).setBgpAsn(65000).setBgpHoldTimeSeconds(90)
            .addAllParticipants(List.of(participants)).build();
    }

    private static RoutingParticipantInfo participant(String node, int address, SubnetRoutingInfo.Protocol... protocols) {
        return RoutingParticipantInfo.newBuilder().setNodeId(node).setInterfaceId("if-" + node)
            .setInterfaceAddress(address).addAllProtocols(List.of(protocols)).setAsn(65001)
            .addAllowedPrefixes("10.0.0.0/8").build();
    }

    private static NetworkView network(SubnetRoutingInfo routing, Map<String, RouteTableView> tables) {
        SubnetView subnet = new SubnetView("subnet-a", Ipv4Address.parse("10.0.1.0"), 24, Ipv4Address.parse("10.0.1.1"),
            ROUTER_MAC, routing);
        return new NetworkView(OVERLAY, "net-1", new NetworkSettings(1480, List.of(), 86_400, "", false),
            List.of(subnet), List.of(), tables);
    }

    /** Records what the table does with it. */
    private static final class FakeSession implements RoutingSession {
        final Participant participant;
        List<Route> announced = List.of();
        int announcements;
        boolean closed;

        FakeSession(Participant participant) {
            this.participant = participant;
        }

        @Override
        public RoutingProtocol protocol() {
            return participant.key().protocol();
        }

        @Override
        public int peer() {
            return participant.key().peer();
        }

        @Override
        public void announce(List<Route> routes) {
            announced = routes;
            announcements++;
        }

        @Override
        public List<Route> learned() {
            return List.of();
        }

        @Override
        public void tick(long nanoTime) {
        }

        @Override
        public SessionStatus status() {
            return new SessionStatus(protocol(), peer(), "Idle", false, 0, 0, 0, announced.size(), 0, 0, 0, 0, 0, "");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
