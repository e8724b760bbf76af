package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IPv4 source address of a translated ICMPv6 error whose IPv6 source (typically a router on the path) has no
 * IPv4 mapping (RFC 6791; RFC 7915 section 5.1 refers to it).
 *
 * <p>With more than one address in the pool, the choice is a deterministic hash of the untranslatable IPv6 source
 * address. RFC 6791 section 4 suggests picking from the pool at random so that a traceroute across several
 * untranslatable hops does not show one address for all of them; a hash of the hop's own address meets that goal
 * at least as well (distinct routers most likely get distinct addresses) and adds stability (the same router
 * always shows up as the same address, probe after probe), without a random source or any state on the data path.
 * {@link #select} is allocation-free and never throws.
 */
public final class Rfc6791Source {
    /** Largest number of addresses a pool may hold (a /16). */
    public static final int MAX_POOL_SIZE = 1 << 16;

    private final int[] pool;

    /**
     * A pool of the addresses in {@code prefixes}, in order, duplicates removed.
     *
     * @throws IllegalArgumentException if the pool is empty or holds more than {@link #MAX_POOL_SIZE} addresses
     */
    public Rfc6791Source(List<Ipv4Prefix> prefixes) {
        Set<Integer> addresses = new LinkedHashSet<>();
        for (Ipv4Prefix p : prefixes) {
            long count = 1L << p.suffixLength();
            if (addresses.size() + count > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("RFC 6791 pool " + prefixes + " holds more than "
                    + MAX_POOL_SIZE + " addresses");
            }
            for (long i = 0; i < count; i++) {
                addresses.add(p.address() + (int) i);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("the RFC 6791 pool needs at least one IPv4 address");
        }
        this.pool = addresses.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A pool from text prefixes or addresses, e.g. {@code of("192.0.2.1", "198.51.100.0/30")}. */
    public static Rfc6791Source of(String... prefixes) {
        return new Rfc6791Source(Arrays.stream(prefixes).map(Ipv4Prefix::parse).toList());
    }

    /** Number of addresses in the pool. */
    public int size() {
        return pool.length;
    }

    /** The pool addresses, in order; a copy. */
    public int[] addresses() {
        return pool.clone();
    }

    /**
     * The IPv4 source for an ICMPv6 error whose IPv6 source is {@code sourceHigh:sourceLow}: always the same address
     * for the same source.
     */
    public int select(long sourceHigh, long sourceLow) {
        if (pool.length == 1) {
            return pool[0];
        }
        long h = sourceHigh * 0x9E37_79B9_7F4A_7C15L ^ sourceLow;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return pool[(int) Long.remainderUnsigned(h, pool.length)];
    }

    @Override
    public String toString() {
        return "Rfc6791Source[" + pool.length + " addresses, first " + Ipv4Address.format(pool[0]) + "]";
    }
}
