package io.isthmus.agent.router.dhcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The DHCP server's counters, one slot per {@link DhcpCounter}. The router service thread writes; any thread (the
 * metrics server, tests) reads.
 */
public final class DhcpCounters {
    private static final DhcpCounter[] COUNTERS = DhcpCounter.values();

    private final AtomicLongArray values = new AtomicLongArray(COUNTERS.length);

    /** Adds one to {@code counter}. Only the router service thread may call this. */
    void increment(DhcpCounter counter) {
        int i = counter.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** The current value of {@code counter}, from any thread. */
    public long get(DhcpCounter counter) {
        return values.getAcquire(counter.ordinal());
    }

    /** Every counter, zero or not, in declaration order (allocates). */
    public Map<DhcpCounter, Long> totals() {
        Map<DhcpCounter, Long> out = new EnumMap<>(DhcpCounter.class);
        for (DhcpCounter counter : COUNTERS) {
            out.put(counter, get(counter));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("DhcpCounters{");
        for (DhcpCounter counter : COUNTERS) {
            long value = get(counter);
            if (value != 0) {
                text.append(text.length() > 13 ? ", " : "").append(counter.name()).append('=').append(value);
            }
        }
        return text.append('}').toString();
    }
}
