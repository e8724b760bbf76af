package io.isthmus.agent.runtime;

import java.util.Locale;

/**
 * What a device reader does when its non-blocking read finds no packet: a duty cycle in the manner of Agrona's idle
 * strategies. The reader retries the read up to {@link #spins} times, between tries either hinting the processor
 * ({@link Kind#SPIN}, {@link Thread#onSpinWait}) or giving its CPU to another runnable thread ({@link Kind#YIELD},
 * {@link Thread#yield}); then it parks in {@code poll(2)} until the device is readable. {@link Kind#BLOCK} parks at
 * once.
 *
 * <p>A packet that arrives while the reader spins is read without a wake-up (the scheduler's latency, some
 * microseconds, saved per packet on a lightly loaded path); the price is CPU burnt while nothing comes, which on a
 * machine with few cores competes with the traffic's own senders and receivers.
 *
 * @param kind what happens between two empty reads
 * @param spins how many empty reads in a row before parking (0 for {@link Kind#BLOCK})
 */
public record IdleStrategy(Kind kind, int spins) {
    /** The most empty reads in a row a strategy may ask for. */
    public static final int MAX_SPINS = 1_000_000;
    /** Parks in poll(2) as soon as a read finds nothing. */
    public static final IdleStrategy BLOCK = new IdleStrategy(Kind.BLOCK, 0);
    /** Spin count of {@code spin} or {@code yield} given without one. */
    public static final int DEFAULT_SPINS = 200;

    /** Between two empty reads. */
    public enum Kind {
        /** Nothing: park in poll(2) at once. */
        BLOCK,
        /** {@link Thread#onSpinWait}. */
        SPIN,
        /** {@link Thread#yield}. */
        YIELD
    }

    /**
     * @throws IllegalArgumentException when spins is outside 0..{@link #MAX_SPINS}, or not 0 for {@link Kind#BLOCK}
     */
    public IdleStrategy {
        if (kind == null) {
            throw new IllegalArgumentException("no idle strategy kind");
        }
        if (spins < 0 || spins > MAX_SPINS) {
            throw new IllegalArgumentException("spin count " + spins + " outside 0.." + MAX_SPINS);
        }
        if (kind == Kind.BLOCK && spins != 0) {
            throw new IllegalArgumentException("'block' parks at once and takes no spin count");
        }
    }

    /**
     * Parses {@code block}, {@code spin}, {@code spin:N}, {@code yield} or {@code yield:N} (N empty reads before
     * parking; {@value #DEFAULT_SPINS} when omitted).
     *
     * @throws IllegalArgumentException for anything else, with a message naming the accepted forms
     */
    public static IdleStrategy parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Kind kind = switch (name) {
            case "block" -> Kind.BLOCK;
            case "spin" -> Kind.SPIN;
            case "yield" -> Kind.YIELD;
            default -> throw new IllegalArgumentException("idle strategy '" + text
                + "': expected block, spin[:N] or yield[:N]");
        };
        if (colon < 0) {
            return kind == Kind.BLOCK ? BLOCK : new IdleStrategy(kind, DEFAULT_SPINS);
        }
        int spins;
        try {
            spins = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("idle strategy '" + text + "': the spin count is not a number");
        }
        return new IdleStrategy(kind, spins);
    }

    /**
     * Called after the {@code misses}-th empty read in a row (counting from 1). Hot path: allocates nothing.
     *
     * @return true when the reader should park in poll(2) now; false after spinning or yielding once, to read again
     */
    public boolean idle(int misses) {
        if (misses > spins) {
            return true;
        }
        if (kind == Kind.YIELD) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public String toString() {
        return kind == Kind.BLOCK ? "block" : kind.name().toLowerCase(Locale.ROOT) + ":" + spins;
    }
}
