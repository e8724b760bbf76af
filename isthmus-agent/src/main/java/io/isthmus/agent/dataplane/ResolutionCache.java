package io.isthmus.agent.dataplane;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The controller's answers, cached: (overlay id, IPv4 address) to whether the pair may talk and the substrate address
 * of the next hop, with an expiry.
 *
 * <p><b>Concurrency.</b> One writer at a time (the methods that change entries are synchronized; the control thread
 * calls them), any number of lock-free readers ({@link #lookup}, allocation-free). The table is open addressing
 * (linear probing, at most half full counting tombstones) over primitive arrays; each slot has a sequence number
 * (a seqlock): the writer makes it odd, writes the slot, makes it even again; a reader retries while it is odd or
 * changed under it, so it never sees half an entry. When the table must grow or shed tombstones the writer builds a
 * new one and publishes it through a volatile field; readers still on the old one read a consistent, slightly older
 * state. Entries are never moved inside a published table, so a reader's probe never misses a live entry that stays.
 *
 * <p><b>Expiry.</b> An entry past its expiry, or marked stale by {@link #invalidate} or {@link #expireAll}, is still
 * returned, as {@link #STALE}: the data plane keeps forwarding on it while it asks for a refresh
 * (stale-while-revalidate), so a controller outage does not break flows that exist. Installing a fresh answer ends
 * the staleness. {@link #remove} deletes an entry (a node deleted for good); {@link #removeStale} sheds entries stale
 * for long.
 */
public final class ResolutionCache {
    /** {@link #lookup} found nothing. */
    public static final int MISS = 0;
    /** {@link #lookup} found an entry within its expiry. */
    public static final int FRESH = 1;
    /** {@link #lookup} found an entry past its expiry or invalidated: usable, but refresh it. */
    public static final int STALE = 2;

    private static final int EMPTY = 0;
    private static final int LIVE = 1;
    private static final int TOMBSTONE = 2;
    private static final int ALLOWED = 4;
    private static final int INVALIDATED = 8;
    private static final int MIN_CAPACITY = 16;

    private final int maxEntries;
    private volatile Table table;
    private int live;
    private int tombstones;

    /**
     * A cache that holds at most {@code maxEntries} entries.
     *
     * @throws IllegalArgumentException unless 1 &lt;= maxEntries &lt;= 2^28
     */
    public ResolutionCache(int maxEntries) {
        if (maxEntries < 1 || maxEntries > 1 << 28) {
            throw new IllegalArgumentException("max entries must be 1..2^28, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.table = new Table(MIN_CAPACITY);
    }

    /** A lookup's answer, reused by one data-plane thread. */
    public static final class Entry {
        private boolean allowed;
        private long nextHopHigh;
        private long nextHopLow;
        private long expiresAtNanos;

        /** Whether the controller allows the pair. */
        public boolean allowed() {
            return allowed;
        }

        /** Bytes 0..7 of the next hop's substrate address. */
        public long nextHopHigh() {
            return nextHopHigh;
        }

        /** Bytes 8..15 of the next hop's substrate address. */
        public long nextHopLow() {
            return nextHopLow;
        }

        /** When the entry expires, on the {@link System#nanoTime()} clock. */
        public long expiresAtNanos() {
            return expiresAtNanos;
        }
    }

    /**
     * Looks up {@code ipv4} in network {@code overlayId} at time {@code nowNanos}; fills {@code out} unless it returns
     * {@link #MISS}. Lock-free and allocation-free.
     *
     * @return {@link #MISS}, {@link #FRESH} or {@link #STALE}
     */
    public int lookup(int overlayId, int ipv4, long nowNanos, Entry out) {
        Table t = table;
        long key = Hashing.key(overlayId, ipv4);
        int mask = t.mask;
        int i = Hashing.slot(key, mask);
        for (int probes = 0; probes <= mask; probes++) {
            long seq;
            long slotKey;
            int flags;
            long high;
            long low;
            long expires;
            do {
                seq = t.seq.getAcquire(i);
                while ((seq & 1) != 0) {
                    Thread.onSpinWait();
                    seq = t.seq.getAcquire(i);
                }
                slotKey = t.keys[i];
                flags = t.flags[i];
                high = t.high[i];
                low = t.low[i];
                expires = t.expires[i];
                VarHandle.loadLoadFence();
            } while (t.seq.getOpaque(i) != seq);
            int state = flags & 3;
            if (state == EMPTY) {
                return MISS;
            }
            if (state == LIVE && slotKey == key) {
                out.allowed = (flags & ALLOWED) != 0;
                out.nextHopHigh = high;
                out.nextHopLow = low;
                out.expiresAtNanos = expires;
                return (flags & INVALIDATED) != 0 || nowNanos - expires >= 0 ? STALE : FRESH;
            }
            i = (i + 1) & mask;
        }
        return MISS;
    }

    /**
     * Installs (or replaces) the controller's answer for {@code ipv4} in network {@code overlayId}.
     *
     * @param allowed whether the pair may talk; a refusal is cached too
     * @param nextHopHigh bytes 0..7 of the next hop's substrate address (ignored when refused)
     * @param nextHopLow bytes 8..15 of the next hop's substrate address
     * @param expiresAtNanos when the answer expires, on the {@link System#nanoTime()} clock
     * @return false if the cache is full (the entry is not installed; the data plane will ask again)
     */
    public synchronized boolean install(int overlayId, int ipv4, boolean allowed, long nextHopHigh, long nextHopLow,
                                        long expiresAtNanos) {
        long key = Hashing.key(overlayId, ipv4);
        int flags = LIVE | (allowed ? ALLOWED : 0);
        Table t = table;
        int found = find(t, key);
        if (found >= 0) {
            write(t, found, key, flags, nextHopHigh, nextHopLow, expiresAtNanos);
            return true;
        }
        if (live >= maxEntries) {
            return false;
        }
        if ((live + tombstones + 1) * 2 > t.capacity()) {
            t = rebuild(live + 1);
        }
        int i = Hashing.slot(key, t.mask);
        while ((t.flags[i] & 3) == LIVE) {
            i = (i + 1) & t.mask;
        }
        if ((t.flags[i] & 3) == TOMBSTONE) {
            tombstones--;
        }
        write(t, i, key, flags, nextHopHigh, nextHopLow, expiresAtNanos);
        live++;
        return true;
    }

    /** Marks the entry of {@code ipv4} in {@code overlayId} stale (a pushed change): used until refreshed. */
    public synchronized void invalidate(int overlayId, int ipv4) {
        Table t = table;
        int i = find(t, Hashing.key(overlayId, ipv4));
        if (i >= 0) {
            write(t, i, t.keys[i], t.flags[i] | INVALIDATED, t.high[i], t.low[i], t.expires[i]);
        }
    }

    /** Marks every entry stale (a snapshot from the controller, a reconnect): each is used until refreshed. */
    public synchronized void expireAll() {
        Table t = table;
        for (int i = 0; i < t.capacity(); i++) {
            if ((t.flags[i] & 3) == LIVE) {
                write(t, i, t.keys[i], t.flags[i] | INVALIDATED, t.high[i], t.low[i], t.expires[i]);
            }
        }
    }

    /** Deletes the entry of {@code ipv4} in {@code overlayId}; the next packet to it is a miss. */
    public synchronized void remove(int overlayId, int ipv4) {
        Table t = table;
        int i = find(t, Hashing.key(overlayId, ipv4));
        if (i >= 0) {
            write(t, i, t.keys[i], TOMBSTONE, 0, 0, 0);
            live--;
            tombstones++;
        }
    }

    /** Deletes every entry that expired before {@code cutoffNanos}; returns how many. */
    public synchronized int removeStale(long cutoffNanos) {
        Table t = table;
        int removed = 0;
        for (int i = 0; i < t.capacity(); i++) {
            if ((t.flags[i] & 3) == LIVE && cutoffNanos - t.expires[i] > 0) {
                write(t, i, t.keys[i], TOMBSTONE, 0, 0, 0);
                removed++;
            }
        }
        live -= removed;
        tombstones += removed;
        return removed;
    }

    /** Number of entries, fresh or stale. */
    public synchronized int size() {
        return live;
    }

    private static int find(Table t, long key) {
        int i = Hashing.slot(key, t.mask);
        for (int probes = 0; probes <= t.mask; probes++) {
            int state = t.flags[i] & 3;
            if (state == EMPTY) {
                return -1;
            }
            if (state == LIVE && t.keys[i] == key) {
                return i;
            }
            i = (i + 1) & t.mask;
        }
        return -1;
    }

    /** Writes slot {@code i} under its seqlock. Called by the (single) writer only. */
    private static void write(Table t, int i, long key, int flags, long high, long low, long expires) {
        long seq = t.seq.getPlain(i);
        t.seq.setOpaque(i, seq + 1);
        VarHandle.storeStoreFence();
        t.keys[i] = key;
        t.flags[i] = flags;
        t.high[i] = high;
        t.low[i] = low;
        t.expires[i] = expires;
        t.seq.setRelease(i, seq + 2);
    }

    /** Copies the live entries into a fresh table with room for {@code needed} at most a quarter full. */
    private Table rebuild(int needed) {
        Table old = table;
        int capacity = MIN_CAPACITY;
        while (capacity < needed * 4L && capacity < 1 << 30) {
            capacity <<= 1;
        }
        Table fresh = new Table(capacity);
        for (int i = 0; i < old.capacity(); i++) {
            if ((old.flags[i] & 3) == LIVE) {
                int j = Hashing.slot(old.keys[i], fresh.mask);
                while ((fresh.flags[j] & 3) != EMPTY) {
                    j = (j + 1) & fresh.mask;
                }
                fresh.keys[j] = old.keys[i];
                fresh.flags[j] = old.flags[i];
                fresh.high[j] = old.high[i];
                fresh.low[j] = old.low[i];
                fresh.expires[j] = old.expires[i];
            }
        }
        tombstones = 0;
        table = fresh;
        return fresh;
    }

    /** One generation of slots. */
    private static final class Table {
        final int mask;
        final AtomicLongArray seq;
        final long[] keys;
        final int[] flags;
        final long[] high;
        final long[] low;
        final long[] expires;

        Table(int capacity) {
            this.mask = capacity - 1;
            this.seq = new AtomicLongArray(capacity);
            this.keys = new long[capacity];
            this.flags = new int[capacity];
            this.high = new long[capacity];
            this.low = new long[capacity];
            this.expires = new long[capacity];
        }

        int capacity() {
            return mask + 1;
        }
    }
}
