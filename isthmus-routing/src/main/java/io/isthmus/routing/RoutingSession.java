package io.isthmus.routing;

import java.util.List;

/**
 * The virtual router's side of one routing adjacency with one participant node: a BGP peer, an OSPF interface with
 * its neighbour, or a RIP port. Each protocol adds how input reaches it (bytes of a TCP stream, or packets); this is
 * what the caller does with any of them. Not thread-safe: one thread drives it.
 */
public interface RoutingSession {
    /** The protocol spoken. */
    RoutingProtocol protocol();

    /** The participant's interface address, as an int. */
    int peer();

    /**
     * Sets what the virtual router announces to the participant, replacing what it announced before; the session
     * sends the difference when its protocol allows (at once or at its next update).
     */
    void announce(List<Route> routes);

    /** The routes accepted from the participant now (filtered and limited by its {@link PeerPolicy}). */
    List<Route> learned();

    /** Runs the protocol's timers; called at least every 100 ms. */
    void tick(long nanoTime);

    /** The session's state and counters. */
    SessionStatus status();

    /** Ends the session as the protocol says (BGP: a Cease notification); its learned routes are gone. */
    void close();
}
