package io.isthmus.routing;

/**
 * Told when a session's learned routes or state change, on the thread that drives the session. It reads what it
 * needs from the session ({@link RoutingSession#learned()}, {@link RoutingSession#status()}).
 */
@FunctionalInterface
public interface SessionListener {
    /** {@code session}'s learned routes, or its state, changed. */
    void changed(RoutingSession session);
}
