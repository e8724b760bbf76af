package io.isthmus.controller.routing;

import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a network's route tables, the nodes they target and those nodes' hosts from the store, and computes the
 * effective tables ({@link RouteComputation}). It reads only the targeted nodes, not the whole network: a network
 * of thousands of nodes with a few appliances costs a few reads. Stateless; safe from any thread.
 */
public final class RoutingManager implements RoutingService {
    private static final int PAGE = 500;

    private final Store store;
    private final ConcurrentHashMap<NetworkId, Computed> last = new ConcurrentHashMap<>();

    /** A computation and the store revision its reads saw (nothing written since that revision when it began). */
    private record Computed(long revision, NetworkRoutes routes) {
    }

    /** A manager reading {@code store}. */
    public RoutingManager(Store store) {
        this.store = store;
    }

    @Override
    public NetworkRoutes routes(NetworkId network, long version) {
        Computed computed = last.compute(network, (id, previous) -> {
            long revision = store.revision();
            return previous != null && previous.revision() == revision ? previous
                : new Computed(revision, read(id));
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
        return new NetworkRoutes(RouteComputation.computeAll(tables,
            new RouteComputation.Resolver(nodes, hosts, Node::healthy), 0), targets);
    }
}
