package io.isthmus.routing;

/**
 * A token bucket on the caller's clock: {@code perSecond} tokens a second, at most {@code burst} saved. Bounds how
 * many routing messages a session takes from a participant. Not thread-safe; allocation-free.
 */
public final class MessageBudget {
    private final long nanosPerToken;
    private final long burst;
    private long tokens;
    private long last;

    /** A full bucket at {@code nanoTime}. */
    public MessageBudget(int perSecond, int burst, long nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate and a burst are at least 1, were " + perSecond + " and "
                + burst);
        }
        this.nanosPerToken = 1_000_000_000L / perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = nanoTime;
    }

    /** Takes a token if there is one at {@code nanoTime}. */
    public boolean tryAcquire(long nanoTime) {
        long elapsed = nanoTime - last;
        if (elapsed >= nanosPerToken) {
            long earned = elapsed / nanosPerToken;
            tokens = Math.min(burst, tokens + earned);
            last = tokens == burst ? nanoTime : last + earned * nanosPerToken;
        }
        if (tokens > 0) {
            tokens--;
            return true;
        }
        return false;
    }
}
