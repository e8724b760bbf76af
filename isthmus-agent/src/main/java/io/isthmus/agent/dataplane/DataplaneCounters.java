package io.isthmus.agent.dataplane;

import io.isthmus.xlat.TranslationResult;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of one data-plane thread, one slot per {@link DataplaneCounter}, preallocated. One thread writes
 * (plain read, release write: no atomic read-modify-write on the hot path); any thread reads. The agent keeps one
 * instance per data-plane thread and sums them when it reports.
 */
public final class DataplaneCounters {
    private static final DataplaneCounter[] COUNTERS = DataplaneCounter.values();

    private final AtomicLongArray values = new AtomicLongArray(COUNTERS.length);

    /** Adds one to {@code counter}. Only the owning thread may call this. Allocation-free. */
    public void increment(DataplaneCounter counter) {
        int i = counter.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** Counts how a resolution request went ({@link ResolutionRequests#request}'s answer). */
    void countRequest(int answer) {
        increment(answer == ResolutionRequests.QUEUED ? DataplaneCounter.RESOLUTION_REQUESTED
            : answer == ResolutionRequests.IN_FLIGHT ? DataplaneCounter.RESOLUTION_REQUEST_DEDUPED
            : DataplaneCounter.RESOLUTION_QUEUE_FULL);
    }

    /**
     * The outcome of a translation: the counter of its drop reason, or {@code delivered} (counting a fragmented
     * translation on the way).
     */
    DataplaneCounter translated(TranslationResult result, DataplaneCounter delivered) {
        if (result.isDrop()) {
            return DataplaneCounter.ofTranslationDrop(result);
        }
        if (result == TranslationResult.FRAGMENTED) {
            increment(DataplaneCounter.FRAGMENTED);
        }
        return delivered;
    }

    /** The current value of {@code counter}, from any thread. */
    public long get(DataplaneCounter counter) {
        return values.getAcquire(counter.ordinal());
    }

    /** Sum of every drop counter. */
    public long drops() {
        long sum = 0;
        for (DataplaneCounter counter : COUNTERS) {
            if (counter.isDrop()) {
                sum += get(counter);
            }
        }
        return sum;
    }

    /** Sum of every outcome counter (not events): the packets handled, as each ends in exactly one. */
    public long outcomes() {
        long sum = 0;
        for (DataplaneCounter counter : COUNTERS) {
            if (counter.kind() != DataplaneCounter.Kind.EVENT) {
                sum += get(counter);
            }
        }
        return sum;
    }

    /** Every non-zero counter by name, in declaration order; for reports (allocates). */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DataplaneCounter counter : COUNTERS) {
            long value = get(counter);
            if (value != 0) {
                out.put(counter.name(), value);
            }
        }
        return out;
    }

    /** The counters of several threads added up by name; for the agent's report (allocates). */
    public static Map<String, Long> sum(Iterable<DataplaneCounters> others) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DataplaneCounters counters : others) {
            counters.snapshot().forEach((name, value) -> out.merge(name, value, Long::sum));
        }
        return out;
    }

    /** Every counter, zero or not, of several threads added up; for metrics (allocates). */
    public static Map<DataplaneCounter, Long> totals(Iterable<DataplaneCounters> all) {
        Map<DataplaneCounter, Long> out = new EnumMap<>(DataplaneCounter.class);
        for (DataplaneCounter counter : COUNTERS) {
            out.put(counter, 0L);
        }
        for (DataplaneCounters counters : all) {
            for (DataplaneCounter counter : COUNTERS) {
                out.merge(counter, counters.get(counter), Long::sum);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "DataplaneCounters" + snapshot();
    }
}
