package io.isthmus.agent.runtime;

import io.isthmus.agent.dataplane.RouteTableView;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.NextHop;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Turns the route tables the controller pushes ({@code RouteTableInfo}) into the data plane's views of them. */
final class RouteTables {
    private RouteTables() {
    }

    /**
     * The data plane's view of {@code info}. What the controller should never send is dropped and told to
     * {@code problems}: a route with a prefix length over 32, a second route for a prefix (the first stays). A route
     * whose action this agent does not know is a blackhole: dropping is safer than letting traffic skip an appliance.
     */
    static RouteTableView view(RouteTableInfo info, Consumer<String> problems) {
        List<RouteTableView.Route> routes = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (RouteInfo route : info.getRoutesList()) {
            int length = route.getLength();
            if (length > 32) {
                problems.accept("route-length-invalid subnet=" + info.getSubnetId() + " length=" + length);
                continue;
            }
            int prefix = route.getPrefix() & Ipv4Address.mask(length);
            if (!seen.add((long) length << 32 | (prefix & 0xffff_ffffL))) {
                problems.accept("route-duplicate subnet=" + info.getSubnetId() + " prefix="
                    + Ipv4Address.format(prefix) + "/" + length);
                continue;
            }
            List<RouteTableView.NextHop> hops = new ArrayList<>();
            for (NextHop hop : route.getNextHopsList()) {
                Ipv6Prefix host;
                try {
                    host = ChannelCodec.prefix(hop.getHostSubstratePrefix());
                } catch (IllegalArgumentException e) {
                    problems.accept("next-hop-invalid subnet=" + info.getSubnetId() + " node=" + hop.getNodeId()
                        + " error=\"" + e.getMessage() + "\"");
                    continue;
                }
                hops.add(new RouteTableView.NextHop(hop.getNodeId(), hop.getInterfaceId(), hop.getAddress(),
                    hop.getMac(), host.high(), host.low()));
            }
            RouteTableView.Action action = switch (route.getAction()) {
                case DELIVER_LOCAL -> RouteTableView.Action.DELIVER_LOCAL;
                case FORWARD -> RouteTableView.Action.FORWARD;
                case PEERING -> RouteTableView.Action.PEERING;
                default -> RouteTableView.Action.BLACKHOLE;
            };
            routes.add(new RouteTableView.Route(prefix, length, action,
                action == RouteTableView.Action.FORWARD ? hops : List.of(), route.getMetric(),
                route.getLearnedFromNodeId(), route.getLearnedFromAddress()));
        }
        return new RouteTableView(routes);
    }
}
