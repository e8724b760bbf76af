/**
 * The agent's side of the routing protocols the virtual routers speak with tenant nodes: the namespaces, sockets and
 * threads that carry the engines of {@code io.isthmus.routing}. {@link io.isthmus.agent.routing.RouterNamespace} is a
 * network's private namespace where the routers' addresses live on a real TCP/IP stack; {@link
 * io.isthmus.agent.routing.BgpListener} accepts the participants' BGP connections inside such a namespace and drives
 * their {@link io.isthmus.routing.bgp.BgpPeer}s.
 */
package io.isthmus.agent.routing;
