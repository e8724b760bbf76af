package io.isthmus.controller.system;

import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkDevice;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;

/**
 * A tenant's networks, their subnets, each subnet's route table and virtual router. Every method is scoped to the
 * calling tenant: another tenant's id answers not-found. {@code ifVersion} 0 means unconditional.
 */
public interface NetworkService {
    /** Creates a network and allocates its 24-bit overlay id (never one in use). */
    Network create(TenantId tenant, NetworkRequest request);

    Network get(TenantId tenant, NetworkId id);

    Page<Network> list(TenantId tenant, String cursor, int limit);

    Network replace(TenantId tenant, NetworkId id, NetworkRequest request, long ifVersion);

    /** Deletes a network without subnets (else a conflict problem) and frees its overlay id. */
    void delete(TenantId tenant, NetworkId id, long ifVersion);

    /** Creates a subnet, its route table (local routes) and its virtual router. */
    Subnet createSubnet(TenantId tenant, NetworkId network, SubnetRequest request);

    Subnet subnet(TenantId tenant, SubnetId id);

    Page<Subnet> subnets(TenantId tenant, NetworkId network, String cursor, int limit);

    Subnet updateSubnet(TenantId tenant, SubnetId id, SubnetUpdate update, long ifVersion);

    /** Deletes a subnet without interfaces (else subnet-has-interfaces), with its route table. */
    void deleteSubnet(TenantId tenant, SubnetId id, long ifVersion);

    /** The virtual routers of a network, one per subnet. */
    List<NetworkDevice> devices(TenantId tenant, NetworkId network);

    RouteTable routeTable(TenantId tenant, SubnetId subnet);

    /** Adds (or, with {@code replace}, replaces) the static route to {@code request.destination()}. */
    RouteTable putRoute(TenantId tenant, SubnetId subnet, RouteRequest request, boolean replace, long ifVersion);

    /** Removes the static route to {@code destination} (not-found when there is none). */
    RouteTable deleteRoute(TenantId tenant, SubnetId subnet, Ipv4Prefix destination, long ifVersion);
}
