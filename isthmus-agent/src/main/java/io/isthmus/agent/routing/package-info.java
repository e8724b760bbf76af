/**
 * The agent's side of the routing protocols the virtual routers speak with tenant nodes (DESIGN.md, "Routing with the
 * emulated routers"): the sessions, namespaces, sockets and threads that carry the engines of
 * {@code io.isthmus.routing}.
 *
 * <ul>
 *   <li>{@link io.isthmus.agent.routing.AgentRouting} holds it all and reports every session to the controller
 *       ({@link io.isthmus.agent.routing.RoutingReports}).</li>
 *   <li>{@link io.isthmus.agent.routing.SessionTable} keeps one session per participant attached to this host and
 *       protocol, in line with the controller's view, and announces to each the subnet's route table without the
 *       routes learned from it.</li>
 *   <li>{@link io.isthmus.agent.routing.LinkRoutingService} runs OSPF and RIP from the packets the data plane punts
 *       to the routers' slow path, answering as the router on the participant's port.</li>
 *   <li>{@link io.isthmus.agent.routing.BgpRoutingService} runs BGP: a {@link io.isthmus.agent.routing.RouterNamespace}
 *       per network, where the routers' addresses live on a real TCP/IP stack that takes the participants' punted
 *       segments, and a {@link io.isthmus.agent.routing.BgpListener} in it that accepts their connections and drives
 *       their {@link io.isthmus.routing.bgp.BgpPeer}s.</li>
 * </ul>
 */
package io.isthmus.agent.routing;
