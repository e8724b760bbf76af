/**
 * The agent channel of the controller: the gRPC {@code AgentChannel} service ({@code agent.proto}) that agents
 * connect to. It owns agent authentication ({@link io.isthmus.controller.channel.AgentCredentials}: a per-host
 * HMAC token), resolution of a destination for a node of the calling host
 * ({@link io.isthmus.controller.channel.Resolver}, point lookups in the store, and the peering views for destinations
 * in peer networks), the resumable stream of versioned updates for the networks with nodes on the host ({@link io.isthmus.controller.channel.UpdateStream}, from the
 * store's change log), the multicast group memberships each host reports
 * ({@link io.isthmus.controller.channel.GroupMemberships}, in memory, pushed on the update streams as
 * {@code GROUP_MEMBERS}), the route tables and peering views it pushes as {@code ROUTE_TABLE_UPSERT} and
 * {@code PEERING_UPSERT}, and the last counter report of each host.
 */
package io.isthmus.controller.channel;
