package io.isthmus.agent.dataplane;

/**
 * Where the data plane asks for a resolution it lacks (a cache miss) or a refresh of one that expired. The controller
 * sits behind this interface: the data plane never waits for it, it only leaves the question and goes on.
 */
public interface ResolutionRequests {
    /** The request is queued for the control thread. */
    int QUEUED = 0;
    /** The same (overlay id, address) is already queued or in flight: nothing more to do. */
    int IN_FLIGHT = 1;
    /** The queue is full or contended: not queued (a later packet asks again). */
    int REJECTED = 2;

    /**
     * Asks for the resolution of {@code ipv4} in network {@code overlayId}, on behalf of the node behind port
     * {@code portIndex} (the controller authorizes pairs for a source node). Must be allocation-free, non-blocking,
     * and safe to call from several data-plane threads.
     *
     * @param nowNanos the caller's clock ({@link System#nanoTime()} scale), for the retry interval of requests left
     *     unanswered
     * @return {@link #QUEUED}, {@link #IN_FLIGHT} or {@link #REJECTED}
     */
    int request(int portIndex, int overlayId, int ipv4, long nowNanos);
}
