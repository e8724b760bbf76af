package io.isthmus.controller.system;

import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.validation.NodeRules;
import io.isthmus.controller.store.KeyValue;
import java.util.List;
import java.util.Optional;

/**
 * {@link NodeService} on the store. A node create reads its network's subnets and nodes under the network's
 * generation, claims each interface address under {@code /addresses/}, and places the node on its host (index
 * {@code /host-nodes/}, generation bumped, host key compared so a host being deleted cannot receive it).
 */
public final class StoreNodeService implements NodeService {
    private final StoreAccess access;
    private final NetworkService networks;

    StoreNodeService(StoreAccess access, NetworkService networks) {
        this.access = access;
        this.networks = networks;
    }

    @Override
    public Node create(TenantId tenant, NetworkId networkId, NodeRequest request) {
        return access.write("creating node " + request.name(), attempt -> {
            long generation = access.generation(Keys.networkGeneration(networkId));
            Network network = networks.get(tenant, networkId);
            List<Subnet> subnets = access.all(Keys.subnets(networkId), Subnet.class);
            List<Node> nodes = access.all(Keys.nodes(networkId), Node.class);
            Optional<KeyValue> host = hostKey(request.hostId());
            Node node = NodeRules.create(request, network, subnets, nodes, hosts(host), access.limits, access.random);
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .unchanged(Keys.host(node.hostId()), host.orElseThrow().modRevision())
                .absent(Keys.node(networkId, node.id())).absent(Keys.nodeIndex(node.id()));
            for (NetworkInterface i : node.interfaces()) {
                batch.absent(Keys.address(networkId, i.address()))
                    .putText(Keys.address(networkId, i.address()), node.id().value() + "/" + i.id().value());
            }
            return batch.put(Keys.node(networkId, node.id()), node)
                .putText(Keys.nodeIndex(node.id()), networkId.value())
                .putText(Keys.hostNode(node.hostId(), node.id()), networkId.value())
                .bump(Keys.hostNodesGeneration(node.hostId())).bump(Keys.networkGeneration(networkId))
                .then(revision -> withVersion(node, revision));
        });
    }

    @Override
    public Node get(TenantId tenant, NodeId id) {
        NetworkId network = networkOf(id);
        return access.read(Keys.node(network, id), Node.class).filter(n -> n.tenantId().equals(tenant))
            .orElseThrow(() -> StoreAccess.notFound("node", id));
    }

    @Override
    public Page<Node> list(TenantId tenant, NetworkId network, String cursor, int limit) {
        networks.get(tenant, network);
        return access.page(Keys.nodes(network), cursor, limit, Node.class);
    }

    @Override
    public Node update(TenantId tenant, NodeId id, NodeUpdate update, long ifVersion) {
        return access.write("updating node " + id, attempt -> {
            NetworkId networkId = networkOf(id);
            long generation = access.generation(Keys.networkGeneration(networkId));
            Node current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            Optional<KeyValue> host = hostKey(update.hostId());
            NodeRules.validateUpdate(current, update, access.all(Keys.nodes(networkId), Node.class), hosts(host),
                access.all(Keys.routeTables(networkId), RouteTable.class),
                access.all(Keys.subnets(networkId), Subnet.class));
            Node updated = new Node(id, tenant, networkId, update.name(), update.hostId(), update.sourceDestCheck(),
                current.interfaces(), update.healthy(), 0);
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .unchanged(Keys.node(networkId, id), current.version())
                .unchanged(Keys.host(update.hostId()), host.orElseThrow().modRevision())
                .put(Keys.node(networkId, id), updated).bump(Keys.networkGeneration(networkId));
            if (!current.hostId().equals(update.hostId())) {
                batch.delete(Keys.hostNode(current.hostId(), id)).bump(Keys.hostNodesGeneration(current.hostId()))
                    .putText(Keys.hostNode(update.hostId(), id), networkId.value())
                    .bump(Keys.hostNodesGeneration(update.hostId()));
            }
            return batch.then(revision -> withVersion(updated, revision));
        });
    }

    @Override
    public void delete(TenantId tenant, NodeId id, long ifVersion) {
        access.write("deleting node " + id, attempt -> {
            NetworkId networkId = networkOf(id);
            long generation = access.generation(Keys.networkGeneration(networkId));
            Node current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            NodeRules.validateDelete(current, access.all(Keys.routeTables(networkId), RouteTable.class),
                access.all(Keys.subnets(networkId), Subnet.class));
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .unchanged(Keys.node(networkId, id), current.version())
                .delete(Keys.node(networkId, id)).delete(Keys.nodeIndex(id))
                .delete(Keys.hostNode(current.hostId(), id)).bump(Keys.hostNodesGeneration(current.hostId()))
                .bump(Keys.networkGeneration(networkId));
            for (NetworkInterface i : current.interfaces()) {
                batch.delete(Keys.address(networkId, i.address()));
            }
            return batch.then(revision -> null);
        });
    }

    private NetworkId networkOf(NodeId node) {
        return access.text(Keys.nodeIndex(node)).map(NetworkId::new)
            .orElseThrow(() -> StoreAccess.notFound("node", node));
    }

    private Optional<KeyValue> hostKey(HostId id) {
        return id == null ? Optional.empty() : access.get(Keys.host(id));
    }

    private static List<Host> hosts(Optional<KeyValue> host) {
        return host.map(kv -> ResourceCodec.decode(kv.value(), Host.class, kv.modRevision())).stream().toList();
    }

    private static Node withVersion(Node n, long version) {
        return new Node(n.id(), n.tenantId(), n.networkId(), n.name(), n.hostId(), n.sourceDestCheck(),
            n.interfaces(), version);
    }
}
