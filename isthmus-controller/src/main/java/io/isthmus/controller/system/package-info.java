/**
 * The system manager: tenants and their tokens, hosts, networks with their subnets, route tables and virtual
 * routers, and nodes, kept in the {@link io.isthmus.controller.store.Store}. Each service validates with the rules
 * of {@code io.isthmus.api.validation} and commits with store transactions whose compares make concurrent
 * conflicting requests end with exactly one winner.
 */
package io.isthmus.controller.system;
