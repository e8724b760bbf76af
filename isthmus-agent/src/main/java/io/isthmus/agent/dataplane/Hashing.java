package io.isthmus.agent.dataplane;

/** The hash of the (overlay id, IPv4) keys of the data plane's open-addressing tables. */
final class Hashing {
    private Hashing() {
    }

    /** The home slot of {@code key} in a table of {@code mask + 1} slots (MurmurHash3's 64-bit finalizer). */
    static int slot(long key, int mask) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    /** The key of {@code ipv4} in network {@code overlayId}. */
    static long key(int overlayId, int ipv4) {
        return (overlayId & 0xffff_ffffL) << 32 | (ipv4 & 0xffff_ffffL);
    }
}
