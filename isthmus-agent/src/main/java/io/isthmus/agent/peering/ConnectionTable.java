package io.isthmus.agent.peering;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The peered connections a host's agent tracks, so that answers pass back and responses-only attachments let in only
 * answers (DESIGN.md, "Peering routers"). A connection is keyed in the view of the local node: its network's overlay
 * id, the node's own address, the peer's address as the node's network sees it, the IP protocol and the two ports
 * (TCP and UDP ports, the identifier of ICMP echoes, 0 for the rest and for fragments). It remembers which side
 * initiated it and lives until it has been idle for its protocol's timeout.
 *
 * <p>Shared by every data-plane thread of the host, lock-free and allocation-free: a fixed array of slots in buckets of
 * four, each slot under a sequence lock that a writer takes with a compare-and-set (a writer that loses the race
 * skips its write: at worst a refresh is lost). A full bucket replaces its entry closest to expiry, so the table never
 * grows and an attacker cannot exhaust memory; what it can do is evict, which the {@link #evictions} counter shows.
 */
public final class ConnectionTable {
    /** No connection is tracked for the key. */
    public static final int NONE = 0;
    /** The local node initiated the connection. */
    public static final int INITIATED_LOCALLY = 1;
    /** The peer initiated it. */
    public static final int INITIATED_REMOTELY = 2;

    /** How long an idle TCP connection is kept, in nanoseconds. */
    public static final long TCP_TIMEOUT_NANOS = 300_000_000_000L;
    /** How long idle UDP and ICMP flows are kept. */
    public static final long OTHER_TIMEOUT_NANOS = 60_000_000_000L;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int WAYS = 4;
    private static final int TCP = 6;

    private final int mask;
    private final long[] sequences;
    private final long[] addresses;
    private final long[] flows;
    /** Expiry time (nanoTime scale) with the low bit telling the initiator: 0 locally, 1 remotely. */
    private final long[] expiries;
    private final java.util.concurrent.atomic.LongAdder evictions = new java.util.concurrent.atomic.LongAdder();

    /** A table of {@code capacity} slots, rounded up to a power of two (at least 64). */
    public ConnectionTable(int capacity) {
        int size = Integer.highestOneBit(Math.max(64, capacity) - 1) << 1;
        this.mask = size - 1;
        this.sequences = new long[size];
        this.addresses = new long[size];
        this.flows = new long[size];
        this.expiries = new long[size];
    }

    /** The first word of a key: the local and the remote address. */
    public static long addresses(int local, int remote) {
        return (long) local << 32 | (remote & 0xffffffffL);
    }

    /** The second word of a key: overlay id (24 bits), protocol, local and remote port. */
    public static long flow(int overlayId, int protocol, int localPort, int remotePort) {
        return (long) (overlayId & 0xffffff) << 40 | (long) (protocol & 0xff) << 32
            | (long) (localPort & 0xffff) << 16 | (remotePort & 0xffff);
    }

    /** Who initiated the tracked connection of the key, if it is live at {@code now}: one of the constants above. */
    public int find(long addressKey, long flowKey, long now) {
        int bucket = bucket(addressKey, flowKey);
        for (int i = bucket; i < bucket + WAYS; i++) {
            long before = (long) LONGS.getAcquire(sequences, i);
            if ((before & 1) != 0) {
                continue;
            }
            long a = (long) LONGS.getOpaque(addresses, i);
            long f = (long) LONGS.getOpaque(flows, i);
            long e = (long) LONGS.getOpaque(expiries, i);
            VarHandle.loadLoadFence();
            if ((long) LONGS.getOpaque(sequences, i) != before || a != addressKey || f != flowKey) {
                continue;
            }
            if (e - now <= 0) {
                return NONE;
            }
            return (e & 1) == 0 ? INITIATED_LOCALLY : INITIATED_REMOTELY;
        }
        return NONE;
    }

    /**
     * Tracks the connection of the key as initiated by {@code initiator} ({@link #INITIATED_LOCALLY} or
     * {@link #INITIATED_REMOTELY}) and live from {@code now} for its protocol's timeout; an entry of the key already
     * there is refreshed, keeping its initiator.
     */
    public void touch(long addressKey, long flowKey, int initiator, long now) {
        int bucket = bucket(addressKey, flowKey);
        int protocol = (int) (flowKey >>> 32) & 0xff;
        long expiry = now + (protocol == TCP ? TCP_TIMEOUT_NANOS : OTHER_TIMEOUT_NANOS);
        int victim = -1;
        long soonest = Long.MAX_VALUE;
        boolean evicting = true;
        for (int i = bucket; i < bucket + WAYS; i++) {
            long a = (long) LONGS.getOpaque(addresses, i);
            long f = (long) LONGS.getOpaque(flows, i);
            long e = (long) LONGS.getOpaque(expiries, i);
            if (a == addressKey && f == flowKey) {
                boolean live = e - now > 0;
                write(i, addressKey, flowKey, expiry, live ? (int) (e & 1) : initiatorBit(initiator));
                return;
            }
            boolean free = a == 0 && f == 0 || e - now <= 0;
            long left = free ? Long.MIN_VALUE : e - now;
            if (left < soonest) {
                soonest = left;
                victim = i;
                evicting = !free;
            }
        }
        if (evicting) {
            evictions.increment();
        }
        write(victim, addressKey, flowKey, expiry, initiatorBit(initiator));
    }

    /** The live entries that were replaced before their time because their bucket was full. */
    public long evictions() {
        return evictions.sum();
    }

    private static int initiatorBit(int initiator) {
        return initiator == INITIATED_REMOTELY ? 1 : 0;
    }

    private void write(int i, long addressKey, long flowKey, long expiry, int initiatorBit) {
        long sequence = (long) LONGS.getAcquire(sequences, i);
        if ((sequence & 1) != 0 || !LONGS.compareAndSet(sequences, i, sequence, sequence + 1)) {
            return;
        }
        LONGS.setOpaque(addresses, i, addressKey);
        LONGS.setOpaque(flows, i, flowKey);
        LONGS.setOpaque(expiries, i, expiry & ~1L | initiatorBit);
        LONGS.setRelease(sequences, i, sequence + 2);
    }

    private int bucket(long addressKey, long flowKey) {
        long h = addressKey * 0x9e3779b97f4a7c15L ^ flowKey * 0xc2b2ae3d27d4eb4fL;
        h ^= h >>> 29;
        return (int) h & mask & ~(WAYS - 1);
    }
}
