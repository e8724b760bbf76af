package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for the static routes of a subnet's route table. A static route has a destination (any prefix,
 * {@code 0.0.0.0/0} included, but not one inside the table's own subnet: that traffic is on-link and never reaches
 * the virtual router) and either one blackhole or 1..{@code Limits.targetsPerRoute} distinct appliance interfaces
 * (an ECMP group). Each interface must exist, be attached to the table's subnet, and belong to a node whose
 * source/destination check is off. A table holds one static route per destination, none equal to a local route,
 * and at most {@code Limits.routesPerTable} static routes.
 */
public final class RouteRules {
    private RouteRules() {
    }

    /** The local routes of every table of {@code network}: one per CIDR block, target {@link RouteTarget.Local}. */
    public static List<Route> localRoutes(Network network) {
        return network.cidrBlocks().stream()
            .map(block -> new Route(block, List.of(new RouteTarget.Local()), RouteKind.LOCAL)).toList();
    }

    /**
     * Validates a static route for {@code table} (of {@code subnet}; {@code nodes} are the network's) and returns
     * it. With {@code replace}, a static route to the same destination is replaced instead of being a duplicate.
     */
    public static Route validateStatic(RouteRequest request, RouteTable table, Subnet subnet, Collection<Node> nodes,
                                       Limits limits, boolean replace) {
        Violations violations = new Violations();
        Ipv4Prefix destination = request.destination();
        if (destination == null) {
            violations.add("/destination", ProblemType.INVALID_FIELD, "a destination is required");
        } else if (subnet.cidr().contains(destination)) {
            violations.add("/destination", ProblemType.INVALID_ROUTE_DESTINATION, destination
                + " lies in the table's own subnet " + subnet.cidr() + ": that traffic is on-link, never routed");
        }
        List<RouteTarget> targets = request.targets();
        if (targets == null || targets.isEmpty()) {
            violations.add("/targets", ProblemType.INVALID_FIELD, "at least one target is required");
            violations.throwIfAny();
            return null;
        }
        for (int i = 0; i < targets.size(); i++) {
            String pointer = "/targets/" + i;
            switch (targets.get(i)) {
                case null -> violations.add(pointer, ProblemType.INVALID_FIELD, "a target is required");
                case RouteTarget.Blackhole b when targets.size() > 1 -> violations.add(pointer,
                    ProblemType.INVALID_FIELD, "a blackhole is the only target of its route");
                case RouteTarget.Blackhole b -> {
                }
                case RouteTarget.ApplianceInterface a -> {
                }
                case RouteTarget.Local l -> violations.add(pointer, ProblemType.UNSUPPORTED_ROUTE_TARGET,
                    "local targets belong to the controller's local routes only");
                case RouteTarget.PeeringRouter p -> violations.add(pointer, ProblemType.UNSUPPORTED_ROUTE_TARGET,
                    "peering routers are the targets of propagated routes, which the controller derives from the "
                        + "network's peering attachments; a static route cannot target one");
            }
        }
        violations.throwIfAny();

        if (targets.size() > limits.targetsPerRoute()) {
            violations.add("/targets", ProblemType.LIMIT_EXCEEDED,
                "a route has at most " + limits.targetsPerRoute() + " targets, not " + targets.size());
        }
        Set<RouteTarget> distinct = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            String pointer = "/targets/" + i;
            if (!distinct.add(targets.get(i))) {
                violations.add(pointer, ProblemType.DUPLICATE_ROUTE, "target " + targets.get(i) + " is listed twice");
            }
            if (targets.get(i) instanceof RouteTarget.ApplianceInterface target) {
                checkAppliance(violations, pointer, target, subnet, nodes);
            }
        }
        int staticRoutes = 0;
        boolean replacing = false;
        for (Route route : table.routes()) {
            if (route.kind() == RouteKind.STATIC) {
                staticRoutes++;
            }
            if (!route.destination().equals(destination)) {
                continue;
            }
            if (route.kind() == RouteKind.LOCAL) {
                violations.add("/destination", ProblemType.DUPLICATE_ROUTE,
                    destination + " is a local route of the network and cannot be overridden");
            } else if (route.kind() == RouteKind.STATIC && replace) {
                replacing = true;
            } else if (route.kind() == RouteKind.STATIC) {
                violations.add("/destination", ProblemType.DUPLICATE_ROUTE,
                    "the table already has a static route to " + destination + "; replace it instead");
            }
        }
        if (!replacing && staticRoutes >= limits.routesPerTable()) {
            violations.add("", ProblemType.ROUTE_LIMIT_EXCEEDED,
                "the table already has " + staticRoutes + " static routes, the limit");
        }
        violations.throwIfAny();
        return new Route(destination, new ArrayList<>(targets), RouteKind.STATIC);
    }

    private static void checkAppliance(Violations violations, String pointer, RouteTarget.ApplianceInterface target,
                                       Subnet subnet, Collection<Node> nodes) {
        Optional<Node> node = nodes.stream().filter(n -> n.id().equals(target.nodeId())).findFirst();
        Optional<NetworkInterface> attached = node.flatMap(n -> n.networkInterface(target.interfaceId()));
        if (attached.isEmpty()) {
            violations.add(pointer, ProblemType.UNKNOWN_ROUTE_TARGET, node.isEmpty()
                ? "the network has no node " + target.nodeId()
                : "node " + node.get().name() + " has no interface " + target.interfaceId());
        } else if (!attached.get().subnetId().equals(subnet.id())) {
            violations.add(pointer, ProblemType.TARGET_NOT_IN_SUBNET, "interface " + target.interfaceId()
                + " is not attached to subnet " + subnet.name() + "; a route's next hop must be on-link");
        } else if (!node.get().isAppliance()) {
            violations.add(pointer, ProblemType.TARGET_NOT_APPLIANCE, "node " + node.get().name()
                + " has its source/destination check on; turn it off to make the node an appliance");
        }
    }
}
