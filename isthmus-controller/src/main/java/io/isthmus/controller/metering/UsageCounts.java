package io.isthmus.controller.metering;

/**
 * What one attachment used in one period: the packets and IPv4 bytes that came into its network from peers
 * ({@code in}) and that left it for peers ({@code out}), and the routing updates delivered to its network through
 * its router.
 */
public record UsageCounts(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long routingUpdates) {
    /** Nothing used. */
    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0);

    /** Rejects negative counts. */
    public UsageCounts {
        if (packetsIn < 0 || bytesIn < 0 || packetsOut < 0 || bytesOut < 0 || routingUpdates < 0) {
            throw new IllegalArgumentException("usage counts are never negative");
        }
    }

    /** {@return the sum of both} */
    public UsageCounts plus(UsageCounts other) {
        return new UsageCounts(Math.addExact(packetsIn, other.packetsIn), Math.addExact(bytesIn, other.bytesIn),
            Math.addExact(packetsOut, other.packetsOut), Math.addExact(bytesOut, other.bytesOut),
            Math.addExact(routingUpdates, other.routingUpdates));
    }

    /** Traffic that left the attachment's network. */
    public static UsageCounts out(long packets, long bytes) {
        return new UsageCounts(0, 0, packets, bytes, 0);
    }

    /** Traffic that came into the attachment's network. */
    public static UsageCounts in(long packets, long bytes) {
        return new UsageCounts(packets, bytes, 0, 0, 0);
    }

    /** Routing updates delivered to the attachment's network. */
    public static UsageCounts routing(long updates) {
        return new UsageCounts(0, 0, 0, 0, updates);
    }
}
