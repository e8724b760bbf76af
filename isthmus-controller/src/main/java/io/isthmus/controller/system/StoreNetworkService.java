package io.isthmus.controller.system;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkDevice;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTableId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.validation.Names;
import io.isthmus.api.validation.NetworkRules;
import io.isthmus.api.validation.RouteRules;
import io.isthmus.api.validation.SubnetRules;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link NetworkService} on the store. A network's name and overlay id are claim keys; everything inside a network
 * (subnets, route tables, nodes) is guarded by its generation key ({@link StoreAccess}). Overlay ids are allocated
 * as {@link io.isthmus.api.allocation.NetworkIdAllocator} does (next free after the previous, wrapping), by walking
 * the ordered {@code /overlay-ids/} claims from the {@code /overlay-cursor} hint instead of loading them all.
 */
public final class StoreNetworkService implements NetworkService {
    private static final int WALK_PAGE = 256;

    private final StoreAccess access;
    private final NetworkIdRange overlayIds;

    StoreNetworkService(StoreAccess access, NetworkIdRange overlayIds) {
        this.access = access;
        this.overlayIds = Objects.requireNonNull(overlayIds, "overlayIds");
    }

    // Networks

    @Override
    public Network create(TenantId tenant, NetworkRequest request) {
        return access.write("creating network " + request.name(), attempt -> {
            KeyValue owner = access.get(Keys.tenant(tenant)).orElseThrow(() -> StoreAccess.notFound("tenant", tenant));
            NetworkRules.validateCreate(request, nameHolder(tenant, request.name()), access.limits);
            int overlayId = allocateOverlayId(attempt);
            NetworkId id = NetworkId.random(access.random);
            Network network = NetworkRules.create(request, id, tenant, overlayId);
            return new StoreAccess.Batch()
                .unchanged(Keys.tenant(tenant), owner.modRevision())
                .absent(Keys.network(tenant, id)).absent(Keys.networkName(tenant, network.name()))
                .absent(Keys.overlayId(overlayId)).absent(Keys.networkIndex(id))
                .put(Keys.network(tenant, id), network)
                .putText(Keys.networkName(tenant, network.name()), id.value())
                .putText(Keys.networkIndex(id), tenant.value())
                .putText(Keys.overlayId(overlayId), id.value())
                .putText(Keys.overlayCursor(), Integer.toString(overlayId))
                .bump(Keys.networkGeneration(id)).bump(Keys.tenantGeneration(tenant))
                .then(revision -> withVersion(network, revision));
        });
    }

    @Override
    public Network get(TenantId tenant, NetworkId id) {
        return access.read(Keys.network(tenant, id), Network.class)
            .orElseThrow(() -> StoreAccess.notFound("network", id));
    }

    @Override
    public Page<Network> list(TenantId tenant, String cursor, int limit) {
        return access.page(Keys.networks(tenant), cursor, limit, Network.class);
    }

    @Override
    public Network replace(TenantId tenant, NetworkId id, NetworkRequest request, long ifVersion) {
        return access.write("replacing network " + id, attempt -> {
            long generation = access.generation(Keys.networkGeneration(id));
            Network current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            boolean renamed = !current.name().equals(request.name());
            List<Network> holders = renamed ? nameHolder(tenant, request.name()) : List.of();
            List<Subnet> subnets = access.all(Keys.subnets(id), Subnet.class);
            NetworkRules.validateReplace(current, request, holders, subnets, access.limits);
            Network replaced = new Network(id, tenant, request.name(), request.cidrBlocks(), current.overlayId(),
                NetworkRules.optionsOf(request), 0);
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .generation(Keys.networkGeneration(id), generation)
                .unchanged(Keys.network(tenant, id), current.version())
                .put(Keys.network(tenant, id), replaced).bump(Keys.networkGeneration(id));
            if (renamed) {
                batch.delete(Keys.networkName(tenant, current.name()))
                    .absent(Keys.networkName(tenant, replaced.name()))
                    .putText(Keys.networkName(tenant, replaced.name()), id.value());
            }
            if (!current.cidrBlocks().equals(replaced.cidrBlocks())) {
                List<Route> local = RouteRules.localRoutes(replaced);
                for (RouteTable table : access.all(Keys.routeTables(id), RouteTable.class)) {
                    List<Route> routes = new ArrayList<>(local);
                    table.routes().stream().filter(r -> r.kind() != RouteKind.LOCAL).forEach(routes::add);
                    batch.put(Keys.routeTable(id, table.subnetId()), withRoutes(table, routes, 0));
                }
            }
            return batch.then(revision -> withVersion(replaced, revision));
        });
    }

    @Override
    public void delete(TenantId tenant, NetworkId id, long ifVersion) {
        access.write("deleting network " + id, attempt -> {
            long generation = access.generation(Keys.networkGeneration(id));
            Network current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            if (access.any(Keys.subnets(id))) {
                // Deleting the network removes all its blocks, which CIDR_BLOCK_IN_USE refuses while subnets lie in
                // them.
                throw ValidationException.of(ProblemType.CIDR_BLOCK_IN_USE, "",
                    "network " + current.name() + " still has subnets; delete them first");
            }
            if (access.any(Keys.networkPeerings(id))) {
                throw new ProblemException(ProblemType.RESOURCE_IN_USE,
                    "network " + current.name() + " is attached to peering routers; detach it first");
            }
            return new StoreAccess.Batch()
                .generation(Keys.networkGeneration(id), generation)
                .unchanged(Keys.network(tenant, id), current.version())
                .delete(Keys.network(tenant, id)).delete(Keys.networkName(tenant, current.name()))
                .delete(Keys.overlayId(current.overlayId())).delete(Keys.networkGeneration(id))
                .delete(Keys.networkIndex(id))
                .bump(Keys.tenantGeneration(tenant))
                .then(revision -> null);
        });
    }

    // Subnets

    @Override
    public Subnet createSubnet(TenantId tenant, NetworkId networkId, SubnetRequest request) {
        return access.write("creating subnet " + request.name(), attempt -> {
            long generation = access.generation(Keys.networkGeneration(networkId));
            Network network = get(tenant, networkId);
            List<Subnet> siblings = access.all(Keys.subnets(networkId), Subnet.class);
            boolean participants = request.routing() != null && !request.routing().participants().isEmpty();
            SubnetRules.validateCreate(request, network, siblings,
                participants ? access.all(Keys.nodes(networkId), Node.class) : List.of(), access.limits);
            SubnetId id = SubnetId.random(access.random);
            Subnet subnet = SubnetRules.create(request, id, network);
            RouteTable table = new RouteTable(RouteTableId.ofSubnet(id), tenant, networkId, id,
                RouteRules.localRoutes(network), 0);
            return new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .absent(Keys.subnet(networkId, id)).absent(Keys.subnetIndex(id))
                .put(Keys.subnet(networkId, id), subnet).putText(Keys.subnetIndex(id), networkId.value())
                .put(Keys.routeTable(networkId, id), table).bump(Keys.networkGeneration(networkId))
                .then(revision -> withVersion(subnet, revision));
        });
    }

    @Override
    public Subnet subnet(TenantId tenant, SubnetId id) {
        NetworkId network = networkOf(id);
        return access.read(Keys.subnet(network, id), Subnet.class).filter(s -> s.tenantId().equals(tenant))
            .orElseThrow(() -> StoreAccess.notFound("subnet", id));
    }

    @Override
    public Page<Subnet> subnets(TenantId tenant, NetworkId network, String cursor, int limit) {
        get(tenant, network);
        return access.page(Keys.subnets(network), cursor, limit, Subnet.class);
    }

    @Override
    public Subnet updateSubnet(TenantId tenant, SubnetId id, SubnetUpdate update, long ifVersion) {
        return access.write("updating subnet " + id, attempt -> {
            NetworkId networkId = networkOf(id);
            long generation = access.generation(Keys.networkGeneration(networkId));
            Subnet current = subnet(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            SubnetRules.validateUpdate(current, update, access.all(Keys.subnets(networkId), Subnet.class),
                update.routing() == null ? List.of() : access.all(Keys.nodes(networkId), Node.class));
            Subnet updated = SubnetRules.update(current, update);
            return new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .unchanged(Keys.subnet(networkId, id), current.version())
                .put(Keys.subnet(networkId, id), updated).bump(Keys.networkGeneration(networkId))
                .then(revision -> withVersion(updated, revision));
        });
    }

    @Override
    public void deleteSubnet(TenantId tenant, SubnetId id, long ifVersion) {
        access.write("deleting subnet " + id, attempt -> {
            NetworkId networkId = networkOf(id);
            long generation = access.generation(Keys.networkGeneration(networkId));
            Subnet current = subnet(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            SubnetRules.validateDelete(current, access.all(Keys.nodes(networkId), Node.class));
            return new StoreAccess.Batch()
                .generation(Keys.networkGeneration(networkId), generation)
                .unchanged(Keys.subnet(networkId, id), current.version())
                .delete(Keys.subnet(networkId, id)).delete(Keys.subnetIndex(id))
                .delete(Keys.routeTable(networkId, id)).bump(Keys.networkGeneration(networkId))
                .then(revision -> null);
        });
    }

    @Override
    public List<NetworkDevice> devices(TenantId tenant, NetworkId network) {
        get(tenant, network);
        return access.all(Keys.subnets(network), Subnet.class).stream().map(NetworkDevice::of).toList();
    }

    // Route tables

    @Override
    public RouteTable routeTable(TenantId tenant, SubnetId subnet) {
        NetworkId network = networkOf(subnet);
        return access.read(Keys.routeTable(network, subnet), RouteTable.class)
            .filter(t -> t.tenantId().equals(tenant))
            .orElseThrow(() -> StoreAccess.notFound("route table of subnet", subnet));
    }

    @Override
    public RouteTable putRoute(TenantId tenant, SubnetId subnetId, RouteRequest request, boolean replace,
                               long ifVersion) {
        return access.write("putting a route in " + subnetId, attempt -> {
            NetworkId networkId = networkOf(subnetId);
            long generation = access.generation(Keys.networkGeneration(networkId));
            Subnet subnet = subnet(tenant, subnetId);
            RouteTable table = routeTable(tenant, subnetId);
            StoreAccess.checkVersion(ifVersion, table.version());
            Route route = RouteRules.validateStatic(request, table, subnet,
                access.all(Keys.nodes(networkId), Node.class), access.limits, replace);
            List<Route> routes = new ArrayList<>(table.routes().stream()
                .filter(r -> r.kind() != RouteKind.STATIC || !r.destination().equals(route.destination())).toList());
            routes.add(route);
            return writeTable(networkId, generation, table, routes);
        });
    }

    @Override
    public RouteTable deleteRoute(TenantId tenant, SubnetId subnetId, Ipv4Prefix destination, long ifVersion) {
        return access.write("deleting a route of " + subnetId, attempt -> {
            NetworkId networkId = networkOf(subnetId);
            long generation = access.generation(Keys.networkGeneration(networkId));
            RouteTable table = routeTable(tenant, subnetId);
            StoreAccess.checkVersion(ifVersion, table.version());
            List<Route> routes = table.routes().stream()
                .filter(r -> r.kind() != RouteKind.STATIC || !r.destination().equals(destination)).toList();
            if (routes.size() == table.routes().size()) {
                throw StoreAccess.notFound("static route to", destination);
            }
            return writeTable(networkId, generation, table, routes);
        });
    }

    private StoreAccess.Attempt<RouteTable> writeTable(NetworkId networkId, long generation, RouteTable table,
                                                       List<Route> routes) {
        RouteTable updated = withRoutes(table, routes, 0);
        return new StoreAccess.Batch()
            .generation(Keys.networkGeneration(networkId), generation)
            .unchanged(Keys.routeTable(networkId, table.subnetId()), table.version())
            .put(Keys.routeTable(networkId, table.subnetId()), updated).bump(Keys.networkGeneration(networkId))
            .then(revision -> withRoutes(table, routes, revision));
    }

    // Helpers

    private NetworkId networkOf(SubnetId subnet) {
        return access.text(Keys.subnetIndex(subnet)).map(NetworkId::new)
            .orElseThrow(() -> StoreAccess.notFound("subnet", subnet));
    }

    /** The tenant's network holding {@code name}, if the name is well formed and taken: what the rule needs. */
    private List<Network> nameHolder(TenantId tenant, String name) {
        if (!Names.isValid(name)) {
            return List.of();
        }
        return access.text(Keys.networkName(tenant, name))
            .flatMap(id -> access.read(Keys.network(tenant, new NetworkId(id)), Network.class)).stream().toList();
    }

    /**
     * The first free overlay id after the cursor, wrapping. Concurrent creates read the same cursor and want the
     * same id; one wins its claim, and a loser's retry starts a random distance further so that the losers spread
     * out instead of colliding again (the ids skipped are taken after the range wraps).
     */
    private int allocateOverlayId(int attempt) {
        int previous = access.text(Keys.overlayCursor()).map(Integer::parseInt).orElse(overlayIds.first() - 1);
        long start = (long) previous + 1;
        if (attempt > 0) {
            start += ThreadLocalRandom.current().nextInt(4 << Math.min(attempt, 10));
        }
        int candidate = (int) (overlayIds.first() + Math.floorMod(start - overlayIds.first(), overlayIds.size()));
        long taken = 0;
        while (true) {
            RangePage page = access.store.range(Keys.overlayIds(), Keys.overlayId(candidate - 1), WALK_PAGE);
            boolean wrapped = false;
            for (KeyValue claim : page.kvs()) {
                if (Keys.overlayIdOf(claim.key()) != candidate) {
                    return candidate;
                }
                if (++taken >= overlayIds.size()) {
                    throw ValidationException.of(ProblemType.NETWORK_ID_EXHAUSTED, "", "all " + overlayIds.size()
                        + " network ids of " + overlayIds.first() + ".." + overlayIds.last()
                        + " are in use; delete unused networks or widen the configured range");
                }
                if (candidate == overlayIds.last()) {
                    candidate = overlayIds.first();
                    wrapped = true;
                    break;
                }
                candidate++;
            }
            if (!wrapped && !page.more()) {
                return candidate;
            }
        }
    }

    private static Network withVersion(Network n, long version) {
        return new Network(n.id(), n.tenantId(), n.name(), n.cidrBlocks(), n.overlayId(), n.options(), version);
    }

    private static Subnet withVersion(Subnet s, long version) {
        return new Subnet(s.id(), s.tenantId(), s.networkId(), s.name(), s.cidr(), s.gateway(), s.routing(), version);
    }

    private static RouteTable withRoutes(RouteTable t, List<Route> routes, long version) {
        return new RouteTable(t.id(), t.tenantId(), t.networkId(), t.subnetId(), routes, version);
    }
}
