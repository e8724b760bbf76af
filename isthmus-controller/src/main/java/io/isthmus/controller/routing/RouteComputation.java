package io.isthmus.controller.routing;

import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.NextHop;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Computes the effective route table of a subnet, as pushed to the agents: one route per destination prefix, with
 * its action and, for forwarded routes, its resolved next hops. Pure: everything comes in as arguments.
 *
 * <p><b>Precedence.</b> The agents match the longest prefix, so routes with different prefixes never compete: a
 * static route for {@code 10.0.2.0/24} beats the local {@code 10.0.0.0/16} for the addresses it covers because it is
 * more specific. Between routes with the same prefix, the kind decides, and only the winner is pushed:
 * {@link RouteKind#STATIC} &gt; {@link RouteKind#LOCAL} &gt; {@link RouteKind#LEARNED} &gt;
 * {@link RouteKind#PROPAGATED} (what the tenant configures beats everything; the network's own blocks beat anything
 * learned or propagated).
 *
 * <p><b>Actions.</b> A {@link RouteTarget.Local} target is {@code DELIVER_LOCAL}, {@link RouteTarget.Blackhole} is
 * {@code BLACKHOLE}, appliance interfaces are {@code FORWARD}, a {@link RouteTarget.PeeringRouter} is {@code PEERING}
 * with the router's id (the network's peering view holds the range the route leads to).
 *
 * <p><b>Propagated routes.</b> Each peer range a network sees through peering routers
 * ({@code NetworkPeeringInfo.peers}, as the network sees it) is a {@link RouteKind#PROPAGATED} route in every table of
 * the network, targeting the first router of its path ({@link #propagated}). They are computed, never stored. At
 * equal prefix a static, local or learned route wins over a propagated one: a tenant can override a peer range with
 * a static route (to an appliance, or a blackhole), and a route learned from a routing participant beats it too;
 * a more specific route of any kind wins by longest prefix match as usual.
 *
 * <p><b>Next hops.</b> Each appliance interface target resolves to the interface's address and MAC and the substrate
 * prefix of the node's host. A target is left out when its node is gone, is no longer an appliance, has no such
 * interface, is declared unhealthy, or its host is unknown. A {@code FORWARD} route with no next hop left stays
 * {@code FORWARD} with none: the agents drop and count its packets rather than let them skip the appliance. Next
 * hops are sorted by node id, then interface id, so that the ECMP hash over them picks the same appliance for a flow
 * whatever the order the targets were configured in, and on every agent.
 *
 * <p><b>Learned routes.</b> Routes learned from routing participants ({@link Learned}) compete per prefix by metric:
 * the lowest wins, and the participants announcing it at that metric are its next hops (ECMP). A learned route
 * whose next hops are all unusable (node unhealthy, gone, no longer an appliance) is left out rather than kept with
 * none: the traffic falls back to a less specific route. Every route carries the metric the virtual routers announce
 * it with: {@value #CONFIGURED_METRIC} for local, static and propagated routes, the learned metric for learned ones,
 * with the participant it was learned from (the first next hop's).
 *
 * <p><b>Order.</b> Routes are listed longest prefix first, then by address (unsigned), so that equal inputs give
 * byte-identical tables.
 */
public final class RouteComputation {
    private static final Comparator<Ipv4Prefix> ROUTE_ORDER = Comparator.comparingInt(Ipv4Prefix::length).reversed()
        .thenComparing(p -> Integer.toUnsignedLong(p.address()));
    private static final Comparator<RouteTarget.ApplianceInterface> NEXT_HOP_ORDER = Comparator
        .comparing((RouteTarget.ApplianceInterface a) -> a.nodeId().value())
        .thenComparing(a -> a.interfaceId().value());

    /** The metric of the routes the controller configures or derives (local, static, propagated). */
    public static final int CONFIGURED_METRIC = 1;

    private RouteComputation() {
    }

    /**
     * A route learned from a routing participant, as it applies to one table.
     *
     * @param prefix      the destination
     * @param metric      the learned metric ({@code io.isthmus.routing.Route})
     * @param node        the participant
     * @param target      the participant's interface the table forwards to (in the table's subnet when it has one)
     * @param fromAddress the participant's address in the subnet it peers in (its session's peer)
     */
    public record Learned(Ipv4Prefix prefix, int metric, NodeId node, InterfaceId target, int fromAddress) {
    }

    /**
     * The nodes a table's routes may forward to and what is known of them.
     *
     * @param nodes        the network's nodes by id (at least the targets of its routes); a missing node is gone
     * @param hostPrefixes the substrate prefix of each host; a missing host makes its nodes unreachable
     * @param healthy      whether a node may receive traffic (declared health); false leaves its next hops out
     */
    public record Resolver(Map<NodeId, Node> nodes, Map<HostId, Ipv6Prefix> hostPrefixes, Predicate<Node> healthy) {
        /** Every node healthy. */
        public Resolver(Map<NodeId, Node> nodes, Map<HostId, Ipv6Prefix> hostPrefixes) {
            this(nodes, hostPrefixes, node -> true);
        }

        Optional<NextHop> resolve(RouteTarget.ApplianceInterface target) {
            Node node = nodes.get(target.nodeId());
            if (node == null || !node.isAppliance() || !healthy.test(node)) {
                return Optional.empty();
            }
            Optional<NetworkInterface> nic = node.networkInterface(target.interfaceId());
            Ipv6Prefix host = hostPrefixes.get(node.hostId());
            if (nic.isEmpty() || host == null) {
                return Optional.empty();
            }
            return Optional.of(NextHop.newBuilder().setNodeId(node.id().value())
                .setInterfaceId(target.interfaceId().value()).setAddress(nic.get().address())
                .setMac(nic.get().mac()).setHostSubstratePrefix(ChannelCodec.prefix(host)).build());
        }
    }

    /** The rank of a kind at equal prefix: lower wins. */
    static int rank(RouteKind kind) {
        return switch (kind) {
            case STATIC -> 0;
            case LOCAL -> 1;
            case LEARNED -> 2;
            case PROPAGATED -> 3;
        };
    }

    /** The effective table of {@code table}'s subnet, at {@code version}. */
    public static RouteTableInfo compute(RouteTable table, Resolver resolver, long version) {
        return compute(table, List.of(), resolver, version);
    }

    /** The effective table of {@code table}'s subnet with the routes {@code learned} for it, at {@code version}. */
    public static RouteTableInfo compute(RouteTable table, List<Learned> learned, Resolver resolver, long version) {
        return compute(table, learned, List.of(), resolver, version);
    }

    /**
     * The effective table of {@code table}'s subnet with the routes {@code learned} for it and the network's
     * {@code propagated} routes ({@link #propagated}), at {@code version}.
     */
    public static RouteTableInfo compute(RouteTable table, List<Learned> learned, List<Route> propagated,
                                         Resolver resolver, long version) {
        Map<Ipv4Prefix, Route> winners = new HashMap<>();
        List<Route> routes = new ArrayList<>(table.routes());
        routes.addAll(propagated);
        for (Route route : routes) {
            winners.merge(route.destination(), route,
                (a, b) -> rank(b.kind()) < rank(a.kind()) ? b : a);
        }
        Map<Ipv4Prefix, List<Learned>> best = bestLearned(learned, resolver);
        best.forEach((prefix, group) -> winners.merge(prefix, new Route(prefix, group.stream()
                .map(l -> (RouteTarget) new RouteTarget.ApplianceInterface(l.node(), l.target())).toList(),
                RouteKind.LEARNED), (a, b) -> rank(b.kind()) < rank(a.kind()) ? b : a));
        List<Ipv4Prefix> prefixes = new ArrayList<>(winners.keySet());
        prefixes.sort(ROUTE_ORDER);
        RouteTableInfo.Builder info = RouteTableInfo.newBuilder().setSubnetId(table.subnetId().value())
            .setNetworkId(table.networkId().value()).setVersion(version);
        for (Ipv4Prefix prefix : prefixes) {
            Route winner = winners.get(prefix);
            RouteInfo.Builder route = routeInfo(winner, resolver).setMetric(CONFIGURED_METRIC);
            if (winner.kind() == RouteKind.LEARNED && best.containsKey(prefix)) {
                Learned first = best.get(prefix).getFirst();
                route.setMetric(first.metric()).setLearnedFromNodeId(first.node().value())
                    .setLearnedFromAddress(first.fromAddress());
            }
            info.addRoutes(route);
        }
        return info.build();
    }

    /**
     * Per prefix, the learned routes of the lowest metric whose next hop resolves, one per participant interface,
     * in next-hop order.
     */
    private static Map<Ipv4Prefix, List<Learned>> bestLearned(List<Learned> learned, Resolver resolver) {
        Map<Ipv4Prefix, List<Learned>> best = new HashMap<>();
        for (Learned route : learned) {
            if (resolver.resolve(new RouteTarget.ApplianceInterface(route.node(), route.target())).isEmpty()) {
                continue;
            }
            List<Learned> group = best.computeIfAbsent(route.prefix(), p -> new ArrayList<>());
            if (!group.isEmpty() && route.metric() < group.getFirst().metric()) {
                group.clear();
            }
            if (group.isEmpty() || route.metric() == group.getFirst().metric()) {
                group.removeIf(l -> l.node().equals(route.node()) && l.target().equals(route.target()));
                group.add(route);
            }
        }
        Comparator<Learned> order = Comparator.comparing((Learned l) -> l.node().value())
            .thenComparing(l -> l.target().value());
        best.values().forEach(group -> group.sort(order));
        return best;
    }

    /**
     * The propagated routes of a network with the peering view {@code peering}: one per peer range, to the range as
     * the network sees it, through the first router of its path.
     */
    public static List<Route> propagated(NetworkPeeringInfo peering) {
        List<Route> routes = new ArrayList<>(peering.getPeersCount());
        for (PeerRangeInfo range : peering.getPeersList()) {
            if (range.getRouterIdsCount() > 0) {
                routes.add(new Route(Ipv4Prefix.normalized(range.getPrefix(), range.getLength()),
                    List.of(new RouteTarget.PeeringRouter(new PeeringRouterId(range.getRouterIds(0)))),
                    RouteKind.PROPAGATED));
            }
        }
        return routes;
    }

    /** The effective tables of {@code tables}, in the order given. */
    public static List<RouteTableInfo> computeAll(List<RouteTable> tables, Resolver resolver, long version) {
        List<RouteTableInfo> out = new ArrayList<>(tables.size());
        for (RouteTable table : tables) {
            out.add(compute(table, resolver, version));
        }
        return out;
    }

    private static RouteInfo.Builder routeInfo(Route route, Resolver resolver) {
        RouteInfo.Builder info = RouteInfo.newBuilder().setPrefix(route.destination().address())
            .setLength(route.destination().length()).setKind(kind(route.kind()));
        RouteTarget first = route.targets().getFirst();
        switch (first) {
            case RouteTarget.Local local -> info.setAction(RouteInfo.Action.DELIVER_LOCAL);
            case RouteTarget.Blackhole blackhole -> info.setAction(RouteInfo.Action.BLACKHOLE);
            case RouteTarget.PeeringRouter peering -> info.setAction(RouteInfo.Action.PEERING)
                .setPeeringRouterId(peering.id().value());
            case RouteTarget.ApplianceInterface appliance -> {
                info.setAction(RouteInfo.Action.FORWARD);
                route.targets().stream().filter(RouteTarget.ApplianceInterface.class::isInstance)
                    .map(RouteTarget.ApplianceInterface.class::cast).sorted(NEXT_HOP_ORDER).distinct()
                    .forEach(t -> resolver.resolve(t).ifPresent(info::addNextHops));
            }
        }
        return info;
    }

    private static RouteInfo.Kind kind(RouteKind kind) {
        return switch (kind) {
            case LOCAL -> RouteInfo.Kind.LOCAL;
            case STATIC -> RouteInfo.Kind.STATIC;
            case LEARNED -> RouteInfo.Kind.LEARNED;
            case PROPAGATED -> RouteInfo.Kind.PROPAGATED;
        };
    }
}
