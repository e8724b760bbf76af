package io.isthmus.api.allocation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Allocates 24-bit overlay network ids. The next free id after the previously allocated one, wrapping at the end
 * of the range (as Unix allocates process ids): deterministic, never an id in use, and a freed id is taken again
 * only after the whole range has gone round, which keeps a stale mapping in an agent's cache from naming a new
 * network soon after its old one was deleted.
 */
public final class NetworkIdAllocator {
    private NetworkIdAllocator() {
    }

    /**
     * The first id of {@code range} after {@code previous} (wrapping; any {@code previous} outside the range starts
     * at {@code range.first()}) that is not in {@code inUse}. Throws {@link ProblemType#NETWORK_ID_EXHAUSTED} when
     * every id of the range is in use. {@code inUse} may hold ids outside the range; they are ignored.
     */
    public static int allocate(NetworkIdRange range, Collection<Integer> inUse, int previous) {
        Set<Integer> used = inUse instanceof Set<Integer> set ? set : new HashSet<>(inUse);
        long usedInRange = used.stream().filter(range::contains).count();
        if (usedInRange >= range.size()) {
            throw ValidationException.of(ProblemType.NETWORK_ID_EXHAUSTED, "",
                "all " + range.size() + " network ids of " + range.first() + ".." + range.last()
                    + " are in use; delete unused networks or widen the configured range");
        }
        int candidate = range.contains(previous) && previous != range.last() ? previous + 1 : range.first();
        while (used.contains(candidate)) {
            candidate = candidate == range.last() ? range.first() : candidate + 1;
        }
        return candidate;
    }
}
