/**
 * The rules a request must pass, as pure functions over the existing state they concern (passed in as
 * collections: the tenant's networks, a network's subnets and nodes, the registered hosts, a route table), one
 * class per resource ({@link io.isthmus.api.validation.NetworkRules}, {@link io.isthmus.api.validation.SubnetRules},
 * {@link io.isthmus.api.validation.NodeRules}, {@link io.isthmus.api.validation.HostRules},
 * {@link io.isthmus.api.validation.RouteRules}, {@link io.isthmus.api.validation.TenantRules}), quotas in
 * {@link io.isthmus.api.validation.Limits}. A rejection is a {@link io.isthmus.api.problem.ValidationException}
 * whose field errors point (RFC 6901) into the request body. Each rule checks the request's own fields first and
 * throws if any is wrong, then checks it against the state; so one rejection reports every bad field of a stage.
 */
package io.isthmus.api.validation;
