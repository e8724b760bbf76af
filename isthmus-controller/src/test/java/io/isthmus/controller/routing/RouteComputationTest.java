package io.isthmus.controller.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.NextHop;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTableId;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link RouteComputation}'s Javadoc. */
class RouteComputationTest {
    private static final TenantId TENANT = new TenantId("ten-000000000001");
    private static final NetworkId NETWORK = new NetworkId("net-000000000001");
    private static final SubnetId SUBNET_A = new SubnetId("sub-00000000000a");
    private static final SubnetId SUBNET_B = new SubnetId("sub-00000000000b");
    private static final HostId HOST_1 = new HostId("host-000000000001");
    private static final HostId HOST_2 = new HostId("host-000000000002");
    private static final Ipv6Prefix PREFIX_1 = Ipv6Prefix.parse("2001:db8:0:100::/72");
    private static final Ipv6Prefix PREFIX_2 = Ipv6Prefix.parse("2001:db8:0:200::/72");

    private final Map<NodeId, Node> nodes = new HashMap<>();
    private final Map<HostId, Ipv6Prefix> hosts = new HashMap<>(Map.of(HOST_1, PREFIX_1, HOST_2, PREFIX_2));

    private static Ipv4Prefix p(String text) {
        return Ipv4Prefix.parse(text);
    }

    private static NetworkInterface nic(String id, SubnetId subnet, String address) {
        int a = Ipv4Address.parse(address);
        return new NetworkInterface(new InterfaceId("if-" + id), subnet, a, VirtualMacs.forInterface(a));
    }

    /** An appliance (or not) on {@code host} with interfaces in A and B at the given addresses. */
    private Node node(String id, HostId host, boolean appliance, String inA, String inB) {
        Node node = new Node(new NodeId("node-" + id), TENANT, NETWORK, id, host, !appliance,
            List.of(nic(id.substring(0, 11) + "a", SUBNET_A, inA), nic(id.substring(0, 11) + "b", SUBNET_B, inB)), 1);
        nodes.put(node.id(), node);
        return node;
    }

    private static RouteTarget.ApplianceInterface via(Node node, int nic) {
        return new RouteTarget.ApplianceInterface(node.id(), node.interfaces().get(nic).id());
    }

    private static Route route(String prefix, RouteKind kind, RouteTarget... targets) {
        return new Route(p(prefix), List.of(targets), kind);
    }

    private static Route local(String prefix) {
        return route(prefix, RouteKind.LOCAL, new RouteTarget.Local());
    }

    private static RouteTable table(Route... routes) {
        return new RouteTable(RouteTableId.ofSubnet(SUBNET_A), TENANT, NETWORK, SUBNET_A, List.of(routes), 3);
    }

    private RouteTableInfo compute(Route... routes) {
        return RouteComputation.compute(table(routes), new RouteComputation.Resolver(nodes, hosts), 42);
    }

    private static RouteInfo only(RouteTableInfo info) {
        assertThat(info.getRoutesList()).hasSize(1);
        return info.getRoutes(0);
    }

    @Test
    void theTableCarriesItsSubnetNetworkAndVersion() {
        RouteTableInfo info = compute(local("10.0.0.0/16"));
        assertThat(info.getSubnetId()).isEqualTo(SUBNET_A.value());
        assertThat(info.getNetworkId()).isEqualTo(NETWORK.value());
        assertThat(info.getVersion()).isEqualTo(42);
    }

    @Test
    void routesOfDifferentPrefixesAreAllPushedLongestFirstForTheAgentsLongestPrefixMatch() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        RouteTableInfo info = compute(local("10.0.0.0/16"), route("10.0.2.0/24", RouteKind.STATIC, via(fw, 0)),
            local("10.1.0.0/16"), route("0.0.0.0/0", RouteKind.STATIC, new RouteTarget.Blackhole()));
        assertThat(info.getRoutesList()).extracting(r -> Ipv4Prefix.normalized(r.getPrefix(), r.getLength()))
            .containsExactly(p("10.0.2.0/24"), p("10.0.0.0/16"), p("10.1.0.0/16"), p("0.0.0.0/0"));
    }

    @Test
    void atEqualPrefixStaticBeatsLocal() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        RouteInfo route = only(compute(local("10.0.0.0/16"), route("10.0.0.0/16", RouteKind.STATIC, via(fw, 0))));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.STATIC);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.FORWARD);
    }

    @Test
    void atEqualPrefixLocalBeatsLearned() {
        RouteInfo route = only(compute(route("10.0.0.0/16", RouteKind.LEARNED, new RouteTarget.Blackhole()),
            local("10.0.0.0/16")));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.LOCAL);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.DELIVER_LOCAL);
    }

    @Test
    void atEqualPrefixLearnedBeatsPropagated() {
        RouteInfo route = only(compute(route("10.5.0.0/16", RouteKind.PROPAGATED, new RouteTarget.Blackhole()),
            route("10.5.0.0/16", RouteKind.LEARNED, new RouteTarget.Local())));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.LEARNED);
    }

    @Test
    void atEqualPrefixStaticBeatsEveryOtherKindWhateverTheirOrder() {
        RouteInfo route = only(compute(route("10.5.0.0/16", RouteKind.PROPAGATED, new RouteTarget.Local()),
            route("10.5.0.0/16", RouteKind.STATIC, new RouteTarget.Blackhole()),
            route("10.5.0.0/16", RouteKind.LEARNED, new RouteTarget.Local()), local("10.5.0.0/16")));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.STATIC);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.BLACKHOLE);
    }

    @Test
    void aLocalTargetDeliversLocallyWithNoNextHop() {
        RouteInfo route = only(compute(local("10.0.0.0/16")));
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.DELIVER_LOCAL);
        assertThat(route.getPrefix()).isEqualTo(Ipv4Address.parse("10.0.0.0"));
        assertThat(route.getLength()).isEqualTo(16);
        assertThat(route.getNextHopsList()).isEmpty();
    }

    @Test
    void aBlackholeTargetIsABlackhole() {
        RouteInfo route = only(compute(route("10.9.0.0/16", RouteKind.STATIC, new RouteTarget.Blackhole())));
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.BLACKHOLE);
        assertThat(route.getNextHopsList()).isEmpty();
    }

    @Test
    void anApplianceTargetForwardsToItsInterfacesAddressMacAndHostPrefix() {
        Node fw = node("fw0000000001", HOST_2, true, "10.0.1.5", "10.0.2.5");
        RouteInfo route = only(compute(route("10.0.2.0/24", RouteKind.STATIC, via(fw, 0))));
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.FORWARD);
        NextHop hop = route.getNextHops(0);
        assertThat(hop.getNodeId()).isEqualTo(fw.id().value());
        assertThat(hop.getInterfaceId()).isEqualTo(fw.interfaces().get(0).id().value());
        assertThat(hop.getAddress()).isEqualTo(Ipv4Address.parse("10.0.1.5"));
        assertThat(hop.getMac()).isEqualTo(fw.interfaces().get(0).mac());
        assertThat(ChannelCodec.prefix(hop.getHostSubstratePrefix())).isEqualTo(PREFIX_2);
    }

    @Test
    void ecmpNextHopsAreSortedByNodeThenInterfaceWhateverTheConfiguredOrder() {
        Node fw2 = node("fw0000000002", HOST_2, true, "10.0.1.6", "10.0.2.6");
        Node fw1 = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        Node fw3 = node("fw0000000003", HOST_1, true, "10.0.1.7", "10.0.2.7");
        RouteInfo one = only(compute(route("10.0.2.0/24", RouteKind.STATIC, via(fw3, 0), via(fw1, 1), via(fw2, 0),
            via(fw1, 0))));
        RouteInfo other = only(compute(route("10.0.2.0/24", RouteKind.STATIC, via(fw1, 0), via(fw2, 0), via(fw1, 1),
            via(fw3, 0))));
        assertThat(one.getNextHopsList()).extracting(h -> h.getNodeId() + "/" + h.getInterfaceId()).containsExactly(
            fw1.id() + "/" + fw1.interfaces().get(0).id(), fw1.id() + "/" + fw1.interfaces().get(1).id(),
            fw2.id() + "/" + fw2.interfaces().get(0).id(), fw3.id() + "/" + fw3.interfaces().get(0).id());
        assertThat(other).isEqualTo(one);
    }

    @Test
    void anUnhealthyApplianceIsLeftOutOfTheNextHops() {
        Node fw1 = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        Node fw2 = node("fw0000000002", HOST_2, true, "10.0.1.6", "10.0.2.6");
        RouteTableInfo info = RouteComputation.compute(table(route("10.0.2.0/24", RouteKind.STATIC, via(fw1, 0),
            via(fw2, 0))), new RouteComputation.Resolver(nodes, hosts, n -> !n.id().equals(fw1.id())), 1);
        assertThat(only(info).getNextHopsList()).extracting(NextHop::getNodeId).containsExactly(fw2.id().value());
    }

    @Test
    void aDeletedApplianceIsLeftOutAndARouteWithNoNextHopLeftStaysForward() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        nodes.remove(fw.id());
        RouteInfo route = only(compute(route("10.0.2.0/24", RouteKind.STATIC, via(fw, 0))));
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.FORWARD);
        assertThat(route.getNextHopsList()).isEmpty();
    }

    @Test
    void aNodeThatIsNoLongerAnApplianceOrWhoseHostIsUnknownIsLeftOut() {
        Node plain = node("nd0000000001", HOST_1, false, "10.0.1.5", "10.0.2.5");
        Node homeless = node("fw0000000002", new HostId("host-000000000009"), true, "10.0.1.6", "10.0.2.6");
        Node fw = node("fw0000000003", HOST_1, true, "10.0.1.7", "10.0.2.7");
        RouteInfo route = only(compute(route("10.0.2.0/24", RouteKind.STATIC, via(plain, 0), via(homeless, 0),
            via(fw, 0), new RouteTarget.ApplianceInterface(fw.id(), new InterfaceId("if-000000000zzz")))));
        assertThat(route.getNextHopsList()).extracting(NextHop::getNodeId).containsExactly(fw.id().value());
    }

    // ------------------------------------------------------------------ propagated routes

    private static final PeeringRouterId ROUTER = new PeeringRouterId("pr-000000000001");

    /** A peering view with one range {@code seen} of a peer, reached through {@code routers}. */
    private static NetworkPeeringInfo peering(String seen, String... routers) {
        Ipv4Prefix prefix = p(seen);
        return NetworkPeeringInfo.newBuilder().setNetworkId(NETWORK.value()).addPeers(PeerRangeInfo.newBuilder()
            .setPrefix(prefix.address()).setLength(prefix.length()).setPeerPrefix(prefix.address())
            .addAllRouterIds(List.of(routers))).build();
    }

    private RouteTableInfo computePropagated(NetworkPeeringInfo peering, List<RouteComputation.Learned> learned,
                                             Route... routes) {
        return RouteComputation.compute(table(routes), learned, RouteComputation.propagated(peering),
            new RouteComputation.Resolver(nodes, hosts, Node::healthy), 42);
    }

    @Test
    void aPeerRangeIsAPropagatedRouteThroughTheFirstRouterOfItsPath() {
        RouteInfo route = only(computePropagated(peering("10.8.0.0/16", "pr-000000000002", "pr-000000000001"),
            List.of()));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.PROPAGATED);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.PEERING);
        assertThat(route.getPeeringRouterId()).isEqualTo("pr-000000000002");
        assertThat(route.getMetric()).isEqualTo(RouteComputation.CONFIGURED_METRIC);
        assertThat(route.getNextHopsList()).isEmpty();
    }

    @Test
    void aPeeringRouterTargetIsThePeeringAction() {
        RouteInfo route = only(compute(route("10.8.0.0/16", RouteKind.PROPAGATED, new RouteTarget.PeeringRouter(
            ROUTER))));
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.PEERING);
        assertThat(route.getPeeringRouterId()).isEqualTo(ROUTER.value());
    }

    @Test
    void atEqualPrefixStaticAndLearnedRoutesBeatAPropagatedOne() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        RouteInfo overridden = only(computePropagated(peering("10.8.0.0/16", ROUTER.value()), List.of(),
            route("10.8.0.0/16", RouteKind.STATIC, new RouteTarget.Blackhole())));
        assertThat(overridden.getKind()).isEqualTo(RouteInfo.Kind.STATIC);
        assertThat(overridden.getAction()).isEqualTo(RouteInfo.Action.BLACKHOLE);
        RouteInfo learnedWins = only(computePropagated(peering("10.8.0.0/16", ROUTER.value()),
            List.of(learned("10.8.0.0/16", 5, fw, 0))));
        assertThat(learnedWins.getKind()).isEqualTo(RouteInfo.Kind.LEARNED);
    }

    @Test
    void aMoreSpecificPropagatedRouteBeatsALessSpecificStaticOneByLongestPrefix() {
        RouteTableInfo info = computePropagated(peering("10.8.0.0/16", ROUTER.value()), List.of(),
            route("0.0.0.0/0", RouteKind.STATIC, new RouteTarget.Blackhole()));
        assertThat(info.getRoutesList()).extracting(RouteInfo::getKind)
            .containsExactly(RouteInfo.Kind.PROPAGATED, RouteInfo.Kind.STATIC);
    }

    @Test
    void equalInputsInAnotherOrderGiveAnIdenticalTable() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.5", "10.0.2.5");
        List<Route> routes = new ArrayList<>(List.of(local("10.0.0.0/16"), local("10.1.0.0/16"),
            route("10.0.2.0/24", RouteKind.STATIC, via(fw, 0)), route("10.3.0.0/24", RouteKind.STATIC,
                new RouteTarget.Blackhole()), route("10.1.0.0/16", RouteKind.LEARNED, new RouteTarget.Local())));
        RouteTableInfo one = compute(routes.toArray(Route[]::new));
        java.util.Collections.reverse(routes);
        assertThat(compute(routes.toArray(Route[]::new)).toByteArray()).isEqualTo(one.toByteArray());
        assertThat(Set.copyOf(one.getRoutesList()).size()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ learned routes and metrics

    private static RouteComputation.Learned learned(String prefix, int metric, Node from, int nic) {
        return new RouteComputation.Learned(p(prefix), metric, from.id(), from.interfaces().get(nic).id(),
            from.interfaces().get(0).address());
    }

    private RouteTableInfo computeWith(List<RouteComputation.Learned> learned, Route... routes) {
        return RouteComputation.compute(table(routes), learned, new RouteComputation.Resolver(nodes, hosts,
            Node::healthy), 42);
    }

    @Test
    void configuredRoutesCarryMetricOneAndNoOrigin() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        RouteTableInfo info = computeWith(List.of(), local("10.0.0.0/16"),
            route("10.9.0.0/16", RouteKind.STATIC, via(fw, 0)));
        assertThat(info.getRoutesList()).extracting(RouteInfo::getMetric).containsOnly(RouteComputation.CONFIGURED_METRIC);
        assertThat(info.getRoutesList()).extracting(RouteInfo::getLearnedFromNodeId).containsOnly("");
    }

    @Test
    void aLearnedRouteForwardsToItsParticipantWithItsMetricAndOrigin() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        RouteInfo route = only(computeWith(List.of(learned("10.9.0.0/16", 20, fw, 0))));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.LEARNED);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.FORWARD);
        assertThat(route.getMetric()).isEqualTo(20);
        assertThat(route.getLearnedFromNodeId()).isEqualTo(fw.id().value());
        assertThat(route.getLearnedFromAddress()).isEqualTo(Ipv4Address.parse("10.0.1.10"));
        assertThat(route.getNextHopsList()).extracting(NextHop::getAddress).containsExactly(Ipv4Address.parse("10.0.1.10"));
    }

    @Test
    void theLowestLearnedMetricWinsPerPrefix() {
        Node fw1 = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        Node fw2 = node("fw0000000002", HOST_2, true, "10.0.1.11", "10.0.2.11");
        RouteInfo route = only(computeWith(List.of(learned("10.9.0.0/16", 30, fw1, 0),
            learned("10.9.0.0/16", 10, fw2, 0))));
        assertThat(route.getMetric()).isEqualTo(10);
        assertThat(route.getLearnedFromNodeId()).isEqualTo(fw2.id().value());
        assertThat(route.getNextHopsList()).extracting(NextHop::getNodeId).containsExactly(fw2.id().value());
    }

    @Test
    void equalLearnedMetricsFromSeveralParticipantsFormAnEcmpGroupInAStableOrder() {
        Node fw1 = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        Node fw2 = node("fw0000000002", HOST_2, true, "10.0.1.11", "10.0.2.11");
        RouteInfo route = only(computeWith(List.of(learned("10.9.0.0/16", 10, fw2, 0),
            learned("10.9.0.0/16", 10, fw1, 0), learned("10.9.0.0/16", 10, fw1, 0))));
        assertThat(route.getNextHopsList()).extracting(NextHop::getNodeId)
            .containsExactly(fw1.id().value(), fw2.id().value());
        assertThat(route.getLearnedFromNodeId()).isEqualTo(fw1.id().value());
    }

    @Test
    void staticAndLocalRoutesBeatALearnedRouteOfTheSamePrefix() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        RouteTableInfo info = computeWith(List.of(learned("10.9.0.0/16", 0, fw, 0), learned("10.0.0.0/16", 0, fw, 0)),
            local("10.0.0.0/16"), route("10.9.0.0/16", RouteKind.STATIC, new RouteTarget.Blackhole()));
        assertThat(info.getRoutesList()).extracting(RouteInfo::getKind)
            .containsExactlyInAnyOrder(RouteInfo.Kind.LOCAL, RouteInfo.Kind.STATIC);
        assertThat(info.getRoutesList()).extracting(RouteInfo::getMetric).containsOnly(1);
    }

    @Test
    void aLearnedRouteBeatsAPropagatedOneOfTheSamePrefix() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        RouteInfo route = only(computeWith(List.of(learned("10.9.0.0/16", 5, fw, 0)),
            route("10.9.0.0/16", RouteKind.PROPAGATED, new RouteTarget.Blackhole())));
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.LEARNED);
        assertThat(route.getMetric()).isEqualTo(5);
    }

    @Test
    void aLearnedRouteWhoseParticipantIsUnhealthyIsLeftOutSoTrafficFallsBack() {
        Node fw = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        Node sick = new Node(fw.id(), TENANT, NETWORK, "fw", HOST_1, false, fw.interfaces(), false, 1);
        nodes.put(fw.id(), sick);
        RouteTableInfo info = computeWith(List.of(learned("10.9.0.0/16", 5, fw, 0)), local("10.0.0.0/8"));
        assertThat(info.getRoutesList()).extracting(RouteInfo::getKind).containsExactly(RouteInfo.Kind.LOCAL);
    }

    @Test
    void anUnhealthyParticipantAtTheLowestMetricLeavesTheNextBestRoute() {
        Node fw1 = node("fw0000000001", HOST_1, true, "10.0.1.10", "10.0.2.10");
        Node fw2 = node("fw0000000002", HOST_2, true, "10.0.1.11", "10.0.2.11");
        nodes.put(fw1.id(), new Node(fw1.id(), TENANT, NETWORK, "fw1", HOST_1, false, fw1.interfaces(), false, 1));
        RouteInfo route = only(computeWith(List.of(learned("10.9.0.0/16", 1, fw1, 0),
            learned("10.9.0.0/16", 50, fw2, 0))));
        assertThat(route.getMetric()).isEqualTo(50);
        assertThat(route.getNextHopsList()).extracting(NextHop::getNodeId).containsExactly(fw2.id().value());
    }
}
