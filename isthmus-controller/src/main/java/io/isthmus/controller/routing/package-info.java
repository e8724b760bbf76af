/**
 * The network routing manager: the effective route table of every subnet, as the agents apply it. It owns the
 * precedence between the routes of a table and the resolution of appliance targets to next hops
 * ({@link io.isthmus.controller.routing.RouteComputation}, pure), and reads its inputs from the store
 * ({@link io.isthmus.controller.routing.RoutingManager}, behind {@link io.isthmus.controller.routing.RoutingService}).
 * Routes learned from routing participants are soft state the agents report
 * ({@link io.isthmus.controller.routing.LearnedRoutes}, coalesced per network), filtered again by each participant's
 * policy ({@link io.isthmus.controller.routing.ParticipantFilter}) and merged as learned routes. The agent channel
 * ({@code controller/channel/UpdateStream}) pushes what it computes as {@code ROUTE_TABLE_UPSERT}.
 */
package io.isthmus.controller.routing;
