/**
 * The agent's side of the routing protocols the virtual routers speak with tenant nodes: the sockets and threads that
 * carry the engines of {@code io.isthmus.routing}. {@link io.isthmus.agent.routing.BgpListener} accepts the
 * participants' BGP connections inside a network's private namespace and drives their {@link
 * io.isthmus.routing.bgp.BgpPeer}s.
 */
package io.isthmus.agent.routing;
