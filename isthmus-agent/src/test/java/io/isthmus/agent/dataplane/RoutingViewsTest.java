package io.isthmus.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.RoutingParticipantInfo;
import io.isthmus.api.channel.v1.SubnetInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.wire.Ipv4Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the views offer the virtual routers' routing sessions: the subnets' routing and the tables to announce. */
class RoutingViewsTest {
    private static final SubnetRoutingInfo BGP = SubnetRoutingInfo.newBuilder()
        .addProtocols(SubnetRoutingInfo.Protocol.BGP).setRouterId(Ipv4Address.parse("10.0.1.1")).setBgpAsn(65000)
        .addParticipants(RoutingParticipantInfo.newBuilder().setNodeId("node-fw").setInterfaceId("if-fw")
            .setInterfaceAddress(Ipv4Address.parse("10.0.1.50")).addProtocols(SubnetRoutingInfo.Protocol.BGP)
            .setAsn(65001).addAllowedPrefixes("10.1.0.0/16"))
        .build();

    private static SubnetView subnet(String id, String address, SubnetRoutingInfo routing) {
        SubnetInfo.Builder info = SubnetInfo.newBuilder().setSubnetId(id).setCidrAddress(Ipv4Address.parse(address))
            .setCidrLength(24).setGateway(Ipv4Address.parse(address) + 1).setRouterMac(0x0200_0a00_0101L);
        if (routing != null) {
            info.setRouting(routing);
        }
        return SubnetView.of(info.build());
    }

    @Test
    void aSubnetViewCarriesItsRoutingAndOneWithoutHasNone() {
        SubnetView a = subnet("sub-a", "10.0.1.0", BGP);
        assertThat(a.routingEnabled()).isTrue();
        assertThat(a.routing().getParticipants(0).getInterfaceAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50"));
        assertThat(a.gateway()).isEqualTo(Ipv4Address.parse("10.0.1.1"));
        SubnetView b = subnet("sub-b", "10.0.2.0", null);
        assertThat(b.routingEnabled()).isFalse();
        assertThat(b).isEqualTo(new SubnetView("sub-b", Ipv4Address.parse("10.0.2.0"), 24,
            Ipv4Address.parse("10.0.2.1"), 0x0200_0a00_0101L));
    }

    @Test
    void aNetworkViewNamesItsRoutingSubnetsAndEachSubnetsTable() {
        SubnetView a = subnet("sub-a", "10.0.1.0", BGP);
        SubnetView b = subnet("sub-b", "10.0.2.0", null);
        RouteTableView table = new RouteTableView(List.of(
            new RouteTableView.Route(Ipv4Address.parse("10.0.0.0"), 16, RouteTableView.Action.DELIVER_LOCAL,
                List.of()),
            new RouteTableView.Route(Ipv4Address.parse("10.1.0.0"), 16, RouteTableView.Action.FORWARD, List.of(), 20,
                "node-fw", Ipv4Address.parse("10.0.1.50"))));
        NetworkView view = new NetworkView(7, "net-1", NetworkSettings.DEFAULTS, List.of(b, a), List.of(),
            Map.of("sub-a", table));
        assertThat(view.routingSubnets()).containsExactly(a);
        assertThat(view.routeTable("sub-a")).isSameAs(table);
        assertThat(view.routeTable("sub-b")).isSameAs(RouteTableView.EMPTY);
        assertThat(view.routeTable("sub-x")).isSameAs(RouteTableView.EMPTY);
        assertThat(table.routes()).extracting(RouteTableView.Route::metric).containsExactly(1, 20);
        assertThat(table.routes()).extracting(RouteTableView.Route::learned).containsExactly(false, true);
    }
}
