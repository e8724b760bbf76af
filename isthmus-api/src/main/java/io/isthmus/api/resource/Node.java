package io.isthmus.api.resource;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A computing node of a network (a VM, a container, a network namespace in the lab), placed on a {@code hostId},
 * with one or more interfaces. A node whose {@code sourceDestCheck} is off is an <em>appliance</em>: its agent lets
 * it send and receive packets that are not its own, and routes may target its interfaces. An appliance declared
 * not {@code healthy} (by its operator or tenant, e.g. from a health check) is left out of the next hops of the
 * routes that target it; health means nothing for other nodes. Nodes are healthy unless declared otherwise.
 */
public record Node(NodeId id, TenantId tenantId, NetworkId networkId, String name, HostId hostId,
                   boolean sourceDestCheck, List<NetworkInterface> interfaces, boolean healthy, long version) {

    /** Copies the interfaces; rejects nulls and no interface. */
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostId, "hostId");
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("a node has at least one interface");
        }
    }

    /** A healthy node. */
    public Node(NodeId id, TenantId tenantId, NetworkId networkId, String name, HostId hostId,
                boolean sourceDestCheck, List<NetworkInterface> interfaces, long version) {
        this(id, tenantId, networkId, name, hostId, sourceDestCheck, interfaces, true, version);
    }

    /** Whether this node forwards others' traffic (source/destination check off). */
    public boolean isAppliance() {
        return !sourceDestCheck;
    }

    /** The interface with that id, if this node has it. */
    public Optional<NetworkInterface> networkInterface(InterfaceId interfaceId) {
        return interfaces.stream().filter(i -> i.id().equals(interfaceId)).findFirst();
    }
}
