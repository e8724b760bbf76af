package io.isthmus.controller.system;

import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.TenantId;

/**
 * Nodes of a tenant's networks with their interfaces. Creating a node claims each interface address (chosen or
 * allocated) so that concurrent creates wanting one address end with exactly one winner.
 */
public interface NodeService {
    Node create(TenantId tenant, NetworkId network, NodeRequest request);

    Node get(TenantId tenant, NodeId id);

    Page<Node> list(TenantId tenant, NetworkId network, String cursor, int limit);

    Node update(TenantId tenant, NodeId id, NodeUpdate update, long ifVersion);

    void delete(TenantId tenant, NodeId id, long ifVersion);
}
