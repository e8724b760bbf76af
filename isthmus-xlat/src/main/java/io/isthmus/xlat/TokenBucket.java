package io.isthmus.xlat;

/**
 * A token bucket refilled from the monotonic clock: at most {@code perSecond} acquisitions a second, in bursts of up
 * to that many. Allocation-free; not thread-safe (one per data-plane thread). Rate limits the ICMP errors a
 * translator or a virtual router sends (RFC 1812 section 4.3.2.8, RFC 7915 section 4.1).
 */
public final class TokenBucket {
    private final long nanosPerToken;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    /** A bucket of {@code perSecond} tokens a second; 0 never gives one. */
    public TokenBucket(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a rate must not be negative, was " + perSecond);
        }
        this.nanosPerToken = perSecond == 0 ? Long.MAX_VALUE : 1_000_000_000L / perSecond;
        this.capacity = Math.max(1, perSecond);
        this.tokens = perSecond == 0 ? 0 : capacity;
    }

    /** Takes a token if there is one. */
    public boolean tryAcquire() {
        if (nanosPerToken == Long.MAX_VALUE) {
            return false;
        }
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (double) (now - last) / nanosPerToken);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
