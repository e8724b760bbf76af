package io.isthmus.controller.metering;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The growth of one host's cumulative traffic meters between two of its reports (the agent-channel contract of
 * {@code ReportUsage}): the counts of a report are cumulative since the agent started, labelled with a random boot
 * id drawn at that start.
 *
 * <ul>
 *   <li>A report with another boot id than the previous one starts from zero: the agent restarted.</li>
 *   <li>A pair whose packets or bytes went back within one boot id starts from zero too (a fresh start: the growth is
 *       the whole reading), so a glitch never makes usage negative.</li>
 *   <li>A pair the previous report had but this one lacks keeps its last reading.</li>
 * </ul>
 */
public final class TrafficGrowth {
    private TrafficGrowth() {
    }

    /** A pair of attachments: traffic from the first one's network to the second one's. */
    public record Pair(String fromAttachmentId, String toAttachmentId) {
        public Pair {
            Objects.requireNonNull(fromAttachmentId, "fromAttachmentId");
            Objects.requireNonNull(toAttachmentId, "toAttachmentId");
        }
    }

    /** A pair's cumulative counts (a reading), or the growth between two. */
    public record Counts(long packets, long bytes) {
        /** No traffic. */
        public static final Counts ZERO = new Counts(0, 0);

        /** Rejects negative counts. */
        public Counts {
            if (packets < 0 || bytes < 0) {
                throw new IllegalArgumentException("traffic counts are never negative");
            }
        }

        /** {@return whether this is no traffic} */
        public boolean isZero() {
            return packets == 0 && bytes == 0;
        }
    }

    /**
     * A host's last readings, as the controller keeps them.
     *
     * @param bootId the boot id of the report they came from
     * @param pairs every pair's last reading in that boot
     */
    public record Readings(String bootId, Map<Pair, Counts> pairs) {
        /** No report yet. */
        public static final Readings NONE = new Readings("", Map.of());

        /** Copies the map, in its order. */
        public Readings {
            Objects.requireNonNull(bootId, "bootId");
            pairs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        }
    }

    /**
     * The result of one report.
     *
     * @param growth each reported pair's growth since the previous reading (zero ones included)
     * @param readings the readings to keep for the next report
     */
    public record Step(Map<Pair, Counts> growth, Readings readings) {
    }

    /** The growth of {@code reported} (readings of boot {@code bootId}) over {@code previous}. */
    public static Step step(Readings previous, String bootId, Map<Pair, Counts> reported) {
        Map<Pair, Counts> before = previous.bootId().equals(bootId) ? previous.pairs() : Map.of();
        Map<Pair, Counts> kept = new LinkedHashMap<>(before);
        Map<Pair, Counts> growth = new LinkedHashMap<>();
        reported.forEach((pair, now) -> {
            Counts last = before.getOrDefault(pair, Counts.ZERO);
            boolean wentBack = now.packets() < last.packets() || now.bytes() < last.bytes();
            growth.put(pair, wentBack ? now : new Counts(now.packets() - last.packets(), now.bytes() - last.bytes()));
            kept.put(pair, now);
        });
        return new Step(growth, new Readings(bootId, kept));
    }
}
