package io.isthmus.agent.peering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The agent's meters of peered traffic (DESIGN.md, "Peering routers": metering): per pair of attachments, the packets
 * and IPv4 bytes this host's nodes sent from one attachment's network to the other's, cumulative since the agent
 * started. Each packet is metered once, by the agent that sends it to the substrate.
 *
 * <p>A pair gets its meter on the slow path ({@link #meter}), when a peering view naming it is applied, and keeps it
 * for the agent's life (a report is cumulative, so a pair that comes back continues where it was). The data-plane
 * threads {@link #count} with one atomic add per counter: allocation-free, and exact with several threads.
 */
public final class TrafficMeters {
    /** The pairs a host meters at most; a pair beyond them is not metered ({@link #meter} answers -1). */
    public static final int CAPACITY = 4096;

    private final AtomicLongArray packets = new AtomicLongArray(CAPACITY);
    private final AtomicLongArray bytes = new AtomicLongArray(CAPACITY);
    private final Map<Pair, Integer> indexes = new HashMap<>();
    private final List<Pair> pairs = new ArrayList<>();

    /** One meter's pair. */
    public record Pair(String fromAttachmentId, String toAttachmentId) {
    }

    /** What one meter counted so far. */
    public record Reading(Pair pair, long packets, long bytes) {
    }

    /** The meter of traffic from {@code fromAttachmentId}'s network to {@code toAttachmentId}'s, or -1 when full. */
    public synchronized int meter(String fromAttachmentId, String toAttachmentId) {
        Pair pair = new Pair(fromAttachmentId, toAttachmentId);
        Integer index = indexes.get(pair);
        if (index != null) {
            return index;
        }
        if (pairs.size() == CAPACITY) {
            return -1;
        }
        pairs.add(pair);
        indexes.put(pair, pairs.size() - 1);
        return pairs.size() - 1;
    }

    /** Counts one packet of {@code length} IPv4 bytes on meter {@code index} (none when negative). Any thread. */
    public void count(int index, int length) {
        if (index >= 0) {
            packets.getAndAdd(index, 1);
            bytes.getAndAdd(index, length);
        }
    }

    /** Every meter's counts, in the order meters were made. */
    public List<Reading> readings() {
        List<Pair> made;
        synchronized (this) {
            made = List.copyOf(pairs);
        }
        List<Reading> readings = new ArrayList<>(made.size());
        for (int i = 0; i < made.size(); i++) {
            readings.add(new Reading(made.get(i), packets.get(i), bytes.get(i)));
        }
        return readings;
    }
}
