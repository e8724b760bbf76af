package io.isthmus.api.resource;

import java.util.List;
import java.util.Objects;

/**
 * The route table of one subnet: its local, static, learned and propagated routes. The subnet's virtual router
 * forwards by longest prefix match over them. Its id is derived from the subnet's.
 */
public record RouteTable(RouteTableId id, TenantId tenantId, NetworkId networkId, SubnetId subnetId,
                         List<Route> routes, long version) {

    /** Copies the routes; rejects nulls and an id that is not the subnet's table id. */
    public RouteTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(subnetId, "subnetId");
        routes = List.copyOf(routes);
        if (!id.equals(RouteTableId.ofSubnet(subnetId))) {
            throw new IllegalArgumentException("route table " + id + " does not belong to subnet " + subnetId);
        }
    }

    /** The routes of one kind. */
    public List<Route> routes(RouteKind kind) {
        return routes.stream().filter(r -> r.kind() == kind).toList();
    }
}
