/**
 * The virtual routers' multicast membership (RFC 3376 section 6, router part; RFC 2236 and RFC 1112 hosts understood):
 * {@link io.isthmus.agent.router.multicast.MulticastMembership}, the IGMP service the data plane punts IGMP frames to.
 * It keeps, per port, the groups the node joined; queries the ports (IGMPv3 general queries from the gateway, RFC 3376
 * timers, configurable) and expires what is not refreshed; and publishes the result to the data plane's
 * {@link io.isthmus.agent.dataplane.MulticastGroups}. A port is one node, so a leave needs no last-member query: it
 * removes the port's membership at once.
 *
 * <p>The rest of the path: the agent runtime reports the host's groups per network to the controller
 * ({@code ReportMemberships}) and applies the controller's {@code GROUP_MEMBERS} tables of the other hosts; the
 * data plane's {@link io.isthmus.agent.dataplane.OutboundPipeline} replicates broadcast and multicast to the
 * listening ports and hosts, and {@link io.isthmus.agent.dataplane.InboundPipeline} delivers the copies it receives.
 */
package io.isthmus.agent.router.multicast;
