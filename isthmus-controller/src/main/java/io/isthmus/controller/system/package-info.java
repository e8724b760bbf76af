/**
 * The system manager: tenants and their tokens, hosts, networks with their subnets, route tables and virtual
 * routers, and nodes, kept in the {@link io.isthmus.controller.store.Store}. Each service validates with the rules
 * of {@code io.isthmus.api.validation} and commits with store transactions whose compares make concurrent
 * conflicting requests end with exactly one winner.
 *
 * <p>The service interfaces ({@link io.isthmus.controller.system.TenantService},
 * {@link io.isthmus.controller.system.HostService}, {@link io.isthmus.controller.system.NetworkService},
 * {@link io.isthmus.controller.system.NodeService}) are implemented on the store by the {@code Store*Service}
 * classes, built together by {@link io.isthmus.controller.system.SystemManager}. The key layout is documented in
 * {@link io.isthmus.controller.system.Keys}, the stored encoding in
 * {@link io.isthmus.controller.system.ResourceCodec}, and the optimistic-concurrency scheme (claim keys, generation
 * keys, bounded retries) in {@code StoreAccess}.
 */
package io.isthmus.controller.system;
