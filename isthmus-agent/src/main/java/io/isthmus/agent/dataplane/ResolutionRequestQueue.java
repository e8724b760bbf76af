package io.isthmus.agent.dataplane;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded, deduplicating set of pending resolution requests: data-plane threads add (lock-free, allocation-free),
 * one control thread drains them, asks the controller, installs the answer in the {@link ResolutionCache} and calls
 * {@link #complete}.
 *
 * <p>A request is identified by (overlay id, address) alone: while one is queued or in flight, asking again is a no-op
 * ({@link #IN_FLIGHT}), so a burst of packets to an unresolved destination makes one question. A request in flight
 * for longer than the retry interval (the controller is away, or the answer was lost) may be asked again, which gives
 * a controller outage a natural back-off of one question per destination per interval.
 *
 * <p>Slots are open addressing over atomic arrays: EMPTY, CLAIMED (a producer is writing the key), PENDING (queued),
 * IN_FLIGHT (taken by the control thread), FREE (a completed request's slot, reusable; keeps probe chains intact).
 * A producer probes at most {@link #MAX_PROBES} slots; when two producers race for one key, at worst both queue it
 * (the controller answers twice); when they race for one slot, the loser is {@link #REJECTED}. Neither is a
 * correctness problem: the packet that asked is dropped either way, and the next one asks again.
 */
public final class ResolutionRequestQueue implements ResolutionRequests {
    /** Longest probe sequence a producer walks. */
    public static final int MAX_PROBES = 32;

    private static final int EMPTY = 0;
    private static final int CLAIMED = 1;
    private static final int PENDING = 2;
    private static final int TAKEN = 3;
    private static final int FREE = 4;

    private final int mask;
    private final long retryNanos;
    private final AtomicIntegerArray states;
    private final AtomicLongArray keys;
    private final AtomicIntegerArray ports;
    private final AtomicLongArray since;

    /** Receives the requests {@link #drain} takes. */
    @FunctionalInterface
    public interface Handler {
        /** Resolve {@code ipv4} in {@code overlayId} for the node behind {@code portIndex}. */
        void resolve(int portIndex, int overlayId, int ipv4);
    }

    /**
     * A queue of {@code capacity} slots (rounded up to a power of two) whose in-flight requests may be asked again
     * after {@code retryNanos}.
     */
    public ResolutionRequestQueue(int capacity, long retryNanos) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity must be 1..2^24, was " + capacity);
        }
        if (retryNanos <= 0) {
            throw new IllegalArgumentException("retry interval must be positive, was " + retryNanos);
        }
        int size = Math.max(MAX_PROBES, Integer.highestOneBit(capacity - 1 | 1) << 1);
        this.mask = size - 1;
        this.retryNanos = retryNanos;
        this.states = new AtomicIntegerArray(size);
        this.keys = new AtomicLongArray(size);
        this.ports = new AtomicIntegerArray(size);
        this.since = new AtomicLongArray(size);
    }

    @Override
    public int request(int portIndex, int overlayId, int ipv4, long nowNanos) {
        long key = Hashing.key(overlayId, ipv4);
        int i = Hashing.slot(key, mask);
        int candidate = -1;
        int candidateState = EMPTY;
        for (int probes = 0; probes < MAX_PROBES; probes++, i = (i + 1) & mask) {
            int state = states.getAcquire(i);
            if (state == EMPTY || state == FREE) {
                if (candidate < 0) {
                    candidate = i;
                    candidateState = state;
                }
                if (state == EMPTY) {
                    break;
                }
                continue;
            }
            if (state == CLAIMED || keys.get(i) != key) {
                continue;
            }
            if (state == PENDING) {
                return IN_FLIGHT;
            }
            // TAKEN: in flight with the control thread; ask again only when it has been unanswered for too long.
            long asked = since.get(i);
            if (nowNanos - asked < retryNanos || !since.compareAndSet(i, asked, nowNanos)) {
                return IN_FLIGHT;
            }
            return states.compareAndSet(i, TAKEN, PENDING) ? QUEUED : IN_FLIGHT;
        }
        if (candidate < 0 || !states.compareAndSet(candidate, candidateState, CLAIMED)) {
            return REJECTED;
        }
        keys.set(candidate, key);
        ports.set(candidate, portIndex);
        since.set(candidate, nowNanos);
        states.setRelease(candidate, PENDING);
        return QUEUED;
    }

    /**
     * Takes every queued request and hands it to {@code handler}, on the control thread; each stays in flight until
     * {@link #complete} (or its retry interval passes).
     *
     * @return how many requests were taken
     */
    public int drain(long nowNanos, Handler handler) {
        int taken = 0;
        for (int i = 0; i <= mask; i++) {
            if (states.getAcquire(i) == PENDING) {
                long key = keys.get(i);
                int port = ports.get(i);
                since.set(i, nowNanos);
                if (states.compareAndSet(i, PENDING, TAKEN)) {
                    taken++;
                    handler.resolve(port, (int) (key >>> 32), (int) key);
                }
            }
        }
        return taken;
    }

    /** Ends the request for {@code ipv4} in {@code overlayId} (answered and installed, or abandoned). */
    public void complete(int overlayId, int ipv4) {
        long key = Hashing.key(overlayId, ipv4);
        int i = Hashing.slot(key, mask);
        for (int probes = 0; probes < MAX_PROBES; probes++, i = (i + 1) & mask) {
            int state = states.getAcquire(i);
            if (state == EMPTY) {
                return;
            }
            if ((state == PENDING || state == TAKEN) && keys.get(i) == key) {
                states.compareAndSet(i, state, FREE);
            }
        }
    }

    /** Number of requests queued or in flight (a scan; for tests and reports). */
    public int size() {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            int state = states.get(i);
            if (state == PENDING || state == TAKEN || state == CLAIMED) {
                n++;
            }
        }
        return n;
    }
}
