package io.isthmus.controller.routing;

import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.validation.RoutingRules;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a network's route tables, the nodes they target and those nodes' hosts from the store, merges the routes its
 * routing participants announce ({@link LearnedRoutes}, filtered again here by {@link ParticipantFilter} against the
 * subnets' routing as it is now), and computes the effective tables ({@link RouteComputation}). It reads only the
 * targeted nodes, not the whole network: a network of thousands of nodes with a few appliances costs a few reads.
 * Only its cache of the last computation per network is state; safe from any thread.
 *
 * <p>A route learned from participant N (peering in subnet S) goes into every table of N's network: it forwards to
 * N's interface in the table's subnet when N has one there, else to N's interface in S. Learned routes of one
 * network never reach another's tables: sessions are held per network, and a participant is looked up in its own
 * network only.
 *
 * <p>The routes a network's peering view propagates ({@link PeeringViews}, {@link RouteComputation#propagated}) go
 * into every table of the network; a change of the view (its generation) invalidates the cached tables.
 */
public final class RoutingManager implements RoutingService {
    private static final int PAGE = 500;

    private final Store store;
    private final LearnedRoutes learned;
    private final PeeringViews peering;
    private final ConcurrentHashMap<NetworkId, Computed> last = new ConcurrentHashMap<>();

    /**
     * A computation, the store revision its reads saw (nothing written since that revision when it began) and the
     * generations of the network's learned routes and peering view.
     */
    private record Computed(long revision, long generation, long peeringGeneration, NetworkRoutes routes) {
    }

    /** A manager reading {@code store}, with no learned route. */
    public RoutingManager(Store store) {
        this(store, null);
    }

    /** A manager reading {@code store} and merging {@code learned} (null: none), with no propagated route. */
    public RoutingManager(Store store, LearnedRoutes learned) {
        this(store, learned, null);
    }

    /**
     * A manager reading {@code store}, merging {@code learned} (null: none) and the routes propagated by
     * {@code peering} (null: none).
     */
    public RoutingManager(Store store, LearnedRoutes learned, PeeringViews peering) {
        this.store = store;
        this.learned = learned;
        this.peering = peering;
    }

    @Override
    public List<ReportedSession> sessions(NetworkId network) {
        return learned == null ? List.of() : learned.sessions(network);
    }

    @Override
    public List<ReportedSession> sessions() {
        return learned == null ? List.of() : learned.sessions();
    }

    @Override
    public AutoCloseable listen(java.util.function.Consumer<NetworkId> changed) {
        return learned == null ? () -> { } : learned.listen(changed);
    }

    @Override
    public NetworkRoutes routes(NetworkId network, long version) {
        Computed computed = last.compute(network, (id, previous) -> {
            long generation = learned == null ? 0 : learned.generation(id);
            long peeringGeneration = peering == null ? 0 : peering.generation(id);
            long revision = store.revision();
            return previous != null && previous.revision() == revision && previous.generation() == generation
                && previous.peeringGeneration() == peeringGeneration
                ? previous : new Computed(revision, generation, peeringGeneration, read(id));
        });
        List<RouteTableInfo> tables = new ArrayList<>(computed.routes().tables().size());
        for (RouteTableInfo table : computed.routes().tables()) {
            tables.add(table.getVersion() == version ? table : table.toBuilder().setVersion(version).build());
        }
        return new NetworkRoutes(tables, computed.routes().nextHopNodes());
    }

    /** Reads and computes the network's tables (labelled version 0). */
    private NetworkRoutes read(NetworkId network) {
        List<RouteTable> tables = new ArrayList<>();
        String after = null;
        RangePage page;
        do {
            page = store.range(Keys.routeTables(network), after, PAGE);
            for (KeyValue kv : page.kvs()) {
                tables.add(ResourceCodec.decode(kv.value(), RouteTable.class, kv.modRevision()));
            }
            after = page.lastKey().orElse(null);
        } while (page.more());
        Set<NodeId> targets = new HashSet<>();
        tables.forEach(t -> t.routes().forEach(r -> r.targets().forEach(target -> {
            if (target instanceof RouteTarget.ApplianceInterface a) {
                targets.add(a.nodeId());
            }
        })));
        List<ReportedSession> sessions = sessions(network);
        sessions.forEach(s -> targets.add(s.node()));
        Map<NodeId, Node> nodes = new HashMap<>();
        Map<HostId, Ipv6Prefix> hosts = new HashMap<>();
        for (NodeId id : targets) {
            store.get(Keys.node(network, id)).ifPresent(kv -> {
                Node node = ResourceCodec.decode(kv.value(), Node.class, kv.modRevision());
                nodes.put(id, node);
                hosts.computeIfAbsent(node.hostId(), host -> store.get(Keys.host(host))
                    .map(h -> ResourceCodec.decode(h.value(), Host.class, h.modRevision()).substratePrefix())
                    .orElse(null));
            });
        }
        List<Accepted> accepted = sessions.isEmpty() ? List.of() : accepted(network, sessions, nodes);
        RouteComputation.Resolver resolver = new RouteComputation.Resolver(nodes, hosts, Node::healthy);
        List<Route> propagated = peering == null ? List.of() : RouteComputation.propagated(peering.view(network));
        List<RouteTableInfo> infos = new ArrayList<>(tables.size());
        for (RouteTable table : tables) {
            infos.add(RouteComputation.compute(table, learnedFor(table.subnetId(), accepted, nodes), propagated,
                resolver, 0));
        }
        return new NetworkRoutes(infos, targets);
    }

    /** A route accepted from participant {@code node}, which peers in {@code subnet} from {@code address}. */
    private record Accepted(NodeId node, SubnetId subnet, int address, io.isthmus.routing.Route route) {
    }

    /**
     * The routes of {@code sessions} the network's subnets accept now: from participants of the session's subnet over
     * an enabled protocol, whose node is in the network (the session's host holds it) with an interface in the
     * subnet, filtered by the participant's policy over all its sessions there.
     */
    private List<Accepted> accepted(NetworkId network, List<ReportedSession> sessions, Map<NodeId, Node> nodes) {
        Map<SubnetId, Subnet> subnets = new HashMap<>();
        String after = null;
        RangePage page;
        do {
            page = store.range(Keys.subnets(network), after, PAGE);
            for (KeyValue kv : page.kvs()) {
                Subnet subnet = ResourceCodec.decode(kv.value(), Subnet.class, kv.modRevision());
                subnets.put(subnet.id(), subnet);
            }
            after = page.lastKey().orElse(null);
        } while (page.more());
        Map<SubnetId, Map<NodeId, List<io.isthmus.routing.Route>>> byParticipant = new TreeMap<>(
            java.util.Comparator.comparing(SubnetId::value));
        for (ReportedSession session : sessions) {
            Subnet subnet = subnets.get(session.subnet());
            Node node = nodes.get(session.node());
            if (subnet == null || node == null || !node.hostId().equals(session.host())
                || ParticipantFilter.participant(subnet.routing(), session.node(), session.status().protocol())
                    .isEmpty()) {
                continue;
            }
            byParticipant.computeIfAbsent(subnet.id(), s -> new TreeMap<>(java.util.Comparator.comparing(
                NodeId::value))).computeIfAbsent(session.node(), n -> new ArrayList<>()).addAll(session.learned());
        }
        List<Accepted> out = new ArrayList<>();
        byParticipant.forEach((subnetId, participants) -> participants.forEach((nodeId, routes) -> {
            Subnet subnet = subnets.get(subnetId);
            Node node = nodes.get(nodeId);
            var nic = RoutingRules.interfaceIn(node, subnetId);
            var participant = subnet.routing().participant(nodeId);
            if (nic.isEmpty() || participant.isEmpty()) {
                return;
            }
            for (io.isthmus.routing.Route route : ParticipantFilter.accept(participant.get(), routes)) {
                out.add(new Accepted(nodeId, subnetId, nic.get().address(), route));
            }
        }));
        return out;
    }

    /** The accepted routes as they apply to the table of {@code subnet}: to the participant's interface there. */
    private static List<RouteComputation.Learned> learnedFor(SubnetId subnet, List<Accepted> accepted,
                                                             Map<NodeId, Node> nodes) {
        List<RouteComputation.Learned> out = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            Node node = nodes.get(a.node());
            var nic = RoutingRules.interfaceIn(node, subnet).or(() -> RoutingRules.interfaceIn(node, a.subnet()));
            nic.ifPresent(i -> out.add(new RouteComputation.Learned(a.route().prefix(), a.route().metric(), a.node(),
                i.id(), a.address())));
        }
        return out;
    }
}
