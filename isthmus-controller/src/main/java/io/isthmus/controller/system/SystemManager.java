package io.isthmus.controller.system;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.validation.HostRules;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.store.Store;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The system manager: the store-backed services over one {@link Store}. The store is the caller's (it owns
 * its lifecycle); the services hold no state of their own, so any number of managers, in one process or several,
 * may share a store.
 *
 * @param tenants tenants and API tokens
 * @param hosts substrate hosts
 * @param networks networks, subnets, route tables and virtual routers
 * @param nodes nodes and their interfaces
 * @param peering peering routers and their attachments
 */
public record SystemManager(TenantService tenants, HostService hosts, NetworkService networks, NodeService nodes,
                            PeeringService peering) {

    /**
     * Builds the services.
     *
     * @param store the store
     * @param random draws resource ids (may be seeded in tests; token secrets always come from a
     *     {@link java.security.SecureRandom})
     * @param limits the deployment's quotas
     * @param overlayIds the range of 24-bit overlay network ids to allocate from
     * @param clock token creation and expiry
     * @param hostPrefixLength the substrate prefix length of every host (72 by default)
     * @return the system manager
     */
    public static SystemManager create(Store store, RandomGenerator random, Limits limits, NetworkIdRange overlayIds,
                                       Clock clock, int hostPrefixLength) {
        StoreAccess access = new StoreAccess(store, random, limits, clock);
        StoreNetworkService networks = new StoreNetworkService(access, overlayIds);
        return new SystemManager(new StoreTenantService(access), new StoreHostService(access, hostPrefixLength),
            networks, new StoreNodeService(access, networks), new StorePeeringService(access));
    }

    /**
     * Builds the services with the system clock and /{@value HostRules#DEFAULT_PREFIX_LENGTH} host prefixes.
     *
     * @param store the store
     * @param random draws resource ids
     * @param limits the deployment's quotas
     * @param overlayIds the range of overlay network ids
     * @return the system manager
     */
    public static SystemManager create(Store store, RandomGenerator random, Limits limits,
                                       NetworkIdRange overlayIds) {
        return create(store, random, limits, overlayIds, Clock.systemUTC(), HostRules.DEFAULT_PREFIX_LENGTH);
    }
}
