/**
 * The routing protocols the virtual routers speak with tenant nodes: BGP-4 ({@code bgp}), OSPFv2 ({@code ospf}) and
 * RIPv2 ({@code rip}), each as a codec and a state machine without I/O of its own. This package holds what they
 * share: a {@link io.isthmus.routing.RoutingSession} per participant, the {@link io.isthmus.routing.Route}s it learns
 * and announces, the {@link io.isthmus.routing.PeerPolicy} that filters and limits what a participant may announce,
 * and each session's {@link io.isthmus.routing.SessionStatus}.
 *
 * <p>Sessions are single-threaded: the caller (the agent's routing thread) feeds them bytes or packets and the clock,
 * and they answer through the output they were given. Bad input from a participant is counted and, where the
 * protocol says so, answered with an error; it never throws.
 */
package io.isthmus.routing;
