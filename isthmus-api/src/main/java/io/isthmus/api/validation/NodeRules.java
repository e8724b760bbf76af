package io.isthmus.api.validation;

import io.isthmus.api.allocation.AddressPool;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Rules for nodes and their interfaces, and the allocation of what the controller decides for them. A node is
 * placed on a registered host and has 1..{@code Limits.interfacesPerNode} interfaces, at most one per subnet, each
 * in a subnet of the node's network. An interface's address, when the caller chooses it, lies in its subnet, is
 * not reserved and not used by another interface; otherwise it is the lowest free address of the subnet. Its MAC is
 * derived from its address ({@link VirtualMacs}).
 */
public final class NodeRules {
    private NodeRules() {
    }

    /**
     * Validates a new node of {@code network} and returns it with addresses and MACs decided and version 0.
     * {@code subnets} and {@code nodes} are the network's; {@code random} draws the node and interface ids.
     */
    public static Node create(NodeRequest request, Network network, Collection<Subnet> subnets,
                              Collection<Node> nodes, Collection<Host> hosts, Limits limits,
                              RandomGenerator random) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        if (request.hostId() == null) {
            violations.add("/hostId", ProblemType.INVALID_FIELD, "a host is required");
        }
        List<InterfaceRequest> interfaces = request.interfaces();
        if (interfaces == null || interfaces.isEmpty()) {
            violations.add("/interfaces", ProblemType.INVALID_FIELD, "at least one interface is required");
            violations.throwIfAny();
            return null;
        }
        Set<SubnetId> seen = new HashSet<>();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceRequest item = interfaces.get(i);
            if (item == null || item.subnetId() == null) {
                violations.add("/interfaces/" + i + "/subnetId", ProblemType.INVALID_FIELD, "a subnet is required");
            } else if (!seen.add(item.subnetId())) {
                violations.add("/interfaces/" + i + "/subnetId", ProblemType.INVALID_FIELD,
                    "a node has at most one interface per subnet; " + item.subnetId() + " is named twice");
            } else if (item.address() == null) {
                violations.add("/interfaces/" + i + "/address", ProblemType.INVALID_FIELD,
                    "address must be present or empty, not null");
            }
        }
        violations.throwIfAny();

        Map<SubnetId, Subnet> subnetsById = new HashMap<>();
        subnets.forEach(s -> subnetsById.put(s.id(), s));
        if (hosts.stream().noneMatch(h -> h.id().equals(request.hostId()))) {
            violations.add("/hostId", ProblemType.UNKNOWN_HOST, "no host " + request.hostId() + " is registered");
        }
        for (int i = 0; i < interfaces.size(); i++) {
            SubnetId subnetId = interfaces.get(i).subnetId();
            if (!subnetsById.containsKey(subnetId)) {
                violations.add("/interfaces/" + i + "/subnetId", ProblemType.UNKNOWN_SUBNET,
                    "network " + network.name() + " has no subnet " + subnetId);
            }
        }
        Names.checkUnique(violations, "/name", request.name(), nodes.stream().map(Node::name).toList(),
            "another node of the network");
        if (interfaces.size() > limits.interfacesPerNode()) {
            violations.add("/interfaces", ProblemType.LIMIT_EXCEEDED,
                "a node has at most " + limits.interfacesPerNode() + " interfaces, not " + interfaces.size());
        }
        violations.throwIfAny();

        // Chosen addresses are claimed before any is allocated, so that the allocator cannot hand out an address
        // a later interface of the same request asks for.
        int[] addresses = new int[interfaces.size()];
        Map<SubnetId, AddressPool> pools = new HashMap<>();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceRequest item = interfaces.get(i);
            if (item.address().isPresent()) {
                try {
                    pool(pools, subnetsById.get(item.subnetId()), nodes)
                        .claim("/interfaces/" + i + "/address", item.address().getAsInt());
                    addresses[i] = item.address().getAsInt();
                } catch (ValidationException e) {
                    violations.addAll(e);
                }
            }
        }
        violations.throwIfAny();
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceRequest item = interfaces.get(i);
            if (item.address().isEmpty()) {
                addresses[i] = pool(pools, subnetsById.get(item.subnetId()), nodes)
                    .allocate("/interfaces/" + i + "/address");
            }
        }

        List<NetworkInterface> built = new ArrayList<>();
        for (int i = 0; i < interfaces.size(); i++) {
            built.add(new NetworkInterface(InterfaceId.random(random), interfaces.get(i).subnetId(), addresses[i],
                VirtualMacs.forInterface(addresses[i])));
        }
        return new Node(NodeId.random(random), network.tenantId(), network.id(), request.name(), request.hostId(),
            request.sourceDestCheck(), built, 0);
    }

    /**
     * A change of {@code current}: a valid unique name, a registered host, and source/destination check turned on
     * only if no route of the network's {@code routeTables} targets the node ({@link ProblemType#NODE_IS_ROUTE_TARGET}).
     */
    public static void validateUpdate(Node current, NodeUpdate update, Collection<Node> nodes,
                                      Collection<Host> hosts, Collection<RouteTable> routeTables) {
        validateUpdate(current, update, nodes, hosts, routeTables, List.of());
    }

    /**
     * {@link #validateUpdate(Node, NodeUpdate, Collection, Collection, Collection)}, also refusing to turn the
     * source/destination check on while the node is a routing participant of one of the network's {@code subnets}
     * (the routes it announces forward to it).
     */
    public static void validateUpdate(Node current, NodeUpdate update, Collection<Node> nodes,
                                      Collection<Host> hosts, Collection<RouteTable> routeTables,
                                      Collection<Subnet> subnets) {
        Violations violations = new Violations();
        Names.check(violations, "/name", update.name());
        if (update.hostId() == null) {
            violations.add("/hostId", ProblemType.INVALID_FIELD, "a host is required");
        }
        violations.throwIfAny();
        if (hosts.stream().noneMatch(h -> h.id().equals(update.hostId()))) {
            violations.add("/hostId", ProblemType.UNKNOWN_HOST, "no host " + update.hostId() + " is registered");
        }
        Names.checkUnique(violations, "/name", update.name(), nodes.stream()
            .filter(n -> !n.id().equals(current.id())).map(Node::name).toList(), "another node of the network");
        if (update.sourceDestCheck() && !current.sourceDestCheck()) {
            long routes = countTargeting(current.id(), routeTables);
            if (routes > 0) {
                violations.add("/sourceDestCheck", ProblemType.NODE_IS_ROUTE_TARGET, "node " + current.name()
                    + " is the target of " + routes + " route(s); it must stay an appliance until they are removed");
            }
            participation(current, subnets).ifPresent(subnet -> violations.add("/sourceDestCheck",
                ProblemType.NODE_IS_ROUTE_TARGET, "node " + current.name() + " is a routing participant of subnet "
                    + subnet.name() + "; it must stay an appliance until it is removed from the subnet's routing"));
        }
        violations.throwIfAny();
    }

    /** The deletion of {@code node}: refused while a route of the network's {@code routeTables} targets it. */
    public static void validateDelete(Node node, Collection<RouteTable> routeTables) {
        validateDelete(node, routeTables, List.of());
    }

    /**
     * The deletion of {@code node}: refused while a route of the network's {@code routeTables} targets it or while
     * it is a routing participant of one of the network's {@code subnets}.
     */
    public static void validateDelete(Node node, Collection<RouteTable> routeTables, Collection<Subnet> subnets) {
        Violations violations = new Violations();
        long routes = countTargeting(node.id(), routeTables);
        if (routes > 0) {
            violations.add("", ProblemType.NODE_IS_ROUTE_TARGET,
                "node " + node.name() + " is the target of " + routes + " route(s); remove them first");
        }
        participation(node, subnets).ifPresent(subnet -> violations.add("", ProblemType.NODE_IS_ROUTE_TARGET,
            "node " + node.name() + " is a routing participant of subnet " + subnet.name()
                + "; remove it from the subnet's routing first"));
        violations.throwIfAny();
    }

    /** A subnet of which {@code node} is a routing participant, if any. */
    private static java.util.Optional<Subnet> participation(Node node, Collection<Subnet> subnets) {
        return subnets.stream().filter(s -> s.routing().participant(node.id()).isPresent()).findFirst();
    }

    private static long countTargeting(NodeId node, Collection<RouteTable> routeTables) {
        return routeTables.stream().flatMap(t -> t.routes().stream())
            .filter(r -> r.targets().stream().anyMatch(
                t -> t instanceof RouteTarget.ApplianceInterface a && a.nodeId().equals(node)))
            .count();
    }

    private static AddressPool pool(Map<SubnetId, AddressPool> pools, Subnet subnet, Collection<Node> nodes) {
        return pools.computeIfAbsent(subnet.id(), id -> AddressPool.of(subnet.cidr(), nodes.stream()
            .flatMap(n -> n.interfaces().stream()).filter(i -> i.subnetId().equals(id))
            .map(NetworkInterface::address).toList()));
    }
}
