/**
 * The agent's packet pipeline as pure logic over buffers: no devices, no threads, no allocation and no exception per
 * packet (STYLE.md rules 2 and 3). The runtime owns the TAP and TUN devices and the threads; it hands each frame to
 * an {@link io.isthmus.agent.dataplane.OutboundPipeline} (from a node's TAP) or each IPv6 packet to an
 * {@link io.isthmus.agent.dataplane.InboundPipeline} (from the substrate TUN), and writes what they emit through
 * {@link io.isthmus.agent.dataplane.DataplaneSinks}.
 *
 * <p>State shared with the control plane:
 * <ul>
 *   <li>{@link io.isthmus.agent.dataplane.PortTable}: the node interfaces attached on this host
 *       ({@link io.isthmus.agent.dataplane.LocalPort}), an immutable snapshot replaced as a whole (copy-on-write) when
 *       the controller's updates arrive, with the views of their networks
 *       ({@link io.isthmus.agent.dataplane.NetworkView}: subnets, interfaces, and each subnet's route table,
 *       {@link io.isthmus.agent.dataplane.RouteTableView}, which steers traffic through appliances);</li>
 *   <li>{@link io.isthmus.agent.dataplane.ResolutionCache}: the controller's answers, (overlay id, IPv4) to allowed and
 *       next-hop substrate address with an expiry, written by one control thread, read lock-free (per-slot
 *       seqlock);</li>
 *   <li>{@link io.isthmus.agent.dataplane.ResolutionRequests}: cache misses and refreshes the data plane asks for,
 *       deduplicated, drained by the control thread that talks to the controller
 *       ({@link io.isthmus.agent.dataplane.ResolutionRequestQueue});</li>
 *   <li>{@link io.isthmus.agent.dataplane.MulticastGroups}: the multicast group members, ports of this host (from the
 *       routers' IGMP service) and other hosts (from the controller), an immutable snapshot replaced as a whole.</li>
 * </ul>
 *
 * <p>Broadcast and multicast are replicated by the sending agent ({@link io.isthmus.agent.dataplane.MulticastSender}:
 * one translation, one copy per listening host to {@code host prefix | overlay id | group}, its destination patched
 * and its transport checksum adjusted) and delivered by the receiving agent to the ports that listen
 * ({@link io.isthmus.agent.dataplane.MulticastReceiver}, the source checked against the network's view).
 *
 * <p>Every packet ends in exactly one outcome counter of {@link io.isthmus.agent.dataplane.DataplaneCounters}; the
 * drop reasons are the {@link io.isthmus.agent.dataplane.DataplaneCounter} constants whose {@code isDrop()} is true.
 * Pipelines are single-threaded: one instance (and one counters instance) per data-plane thread.
 */
package io.isthmus.agent.dataplane;
