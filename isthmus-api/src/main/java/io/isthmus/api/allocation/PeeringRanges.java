package io.isthmus.api.allocation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Free address ranges on a peering router: the lowest block of a given length in {@code 10.0.0.0/8}, then
 * {@code 172.16.0.0/12}, then {@code 192.168.0.0/16} (RFC 1918 order) that overlaps none of the ranges taken. Used to
 * suggest a range when an overlap is refused and to choose a representative when it is translated.
 */
public final class PeeringRanges {
    /** The pools searched, in order. */
    public static final List<Ipv4Prefix> POOLS = List.of(Ipv4Prefix.parse("10.0.0.0/8"),
        Ipv4Prefix.parse("172.16.0.0/12"), Ipv4Prefix.parse("192.168.0.0/16"));

    private PeeringRanges() {
    }

    /** The lowest free block of {@code length} bits, if any. */
    public static Optional<Ipv4Prefix> lowestFree(int length, Collection<Ipv4Prefix> taken) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        long size = 1L << (32 - length);
        for (Ipv4Prefix pool : POOLS) {
            if (length < pool.length()) {
                continue;
            }
            long end = Integer.toUnsignedLong(pool.address()) + (1L << (32 - pool.length()));
            long candidate = Integer.toUnsignedLong(pool.address());
            while (candidate + size <= end) {
                Ipv4Prefix block = new Ipv4Prefix((int) candidate, length);
                long next = candidate + size;
                boolean free = true;
                for (Ipv4Prefix t : taken) {
                    if (t.overlaps(block)) {
                        free = false;
                        long after = Integer.toUnsignedLong(t.lastAddress()) + 1;
                        next = Math.max(next, (after + size - 1) / size * size);
                    }
                }
                if (free) {
                    return Optional.of(block);
                }
                candidate = next;
            }
        }
        return Optional.empty();
    }

    /** {@link #lowestFree}, or {@link ProblemType#PEERING_RANGE_EXHAUSTED} at {@code pointer}. */
    public static Ipv4Prefix allocate(int length, Collection<Ipv4Prefix> taken, String pointer) {
        return lowestFree(length, taken).orElseThrow(() -> ValidationException.of(
            ProblemType.PEERING_RANGE_EXHAUSTED, pointer, "no free /" + length + " is left in " + POOLS
                + " outside the ranges on the router"));
    }
}
