package io.isthmus.routing;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Objects;

/**
 * What a participant may announce to its virtual router, and how fast: routes outside {@code allowed} are filtered,
 * routes beyond {@code maxPrefixes} are refused, and the participant's routing messages beyond
 * {@code messagesPerSecond} (in bursts of up to {@code burst}) are held back or dropped, as each protocol allows.
 * Every refusal is counted in the session's {@link SessionStatus}.
 *
 * @param allowed           the prefixes the participant may announce; empty allows none
 * @param maxPrefixes       the most routes accepted from the participant at once, at least 1
 * @param messagesPerSecond the sustained rate of routing messages taken from the participant, at least 1
 * @param burst             how many messages may come at once above that rate, at least 1
 */
public record PeerPolicy(List<PrefixRange> allowed, int maxPrefixes, int messagesPerSecond, int burst) {
    /** The default limits: 1000 prefixes, 100 messages a second in bursts of 200. */
    public static final int DEFAULT_MAX_PREFIXES = 1000;
    /** The default sustained message rate. */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 100;
    /** The default burst. */
    public static final int DEFAULT_BURST = 200;

    /** Copies {@code allowed}; rejects limits below 1. */
    public PeerPolicy {
        allowed = List.copyOf(allowed);
        if (maxPrefixes < 1 || messagesPerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("maxPrefixes, messagesPerSecond and burst are at least 1, were "
                + maxPrefixes + ", " + messagesPerSecond + " and " + burst);
        }
    }

    /** Whether the participant may announce {@code prefix}. */
    public boolean allows(Ipv4Prefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        for (PrefixRange range : allowed) {
            if (range.matches(prefix)) {
                return true;
            }
        }
        return false;
    }
}
