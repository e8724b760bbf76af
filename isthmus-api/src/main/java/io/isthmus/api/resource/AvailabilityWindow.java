package io.isthmus.api.resource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A period during which a peering router accepts new attachments and activations. Either {@link Weekly} (some days of
 * every week, between two times of day, in UTC) or {@link Absolute} (between two instants). Start inclusive, end
 * exclusive in both.
 */
public sealed interface AvailabilityWindow {

    /** Whether {@code instant} lies in the window. */
    boolean contains(Instant instant);

    /**
     * Every week on {@code days}, from {@code start} to {@code end} (UTC); an end of {@code 00:00} is the end of the
     * day. A window that crosses midnight is written as two windows.
     */
    record Weekly(Set<DayOfWeek> days, LocalTime start, LocalTime end) implements AvailabilityWindow {
        /** Copies the days; rejects nulls. */
        public Weekly {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        }

        @Override
        public boolean contains(Instant instant) {
            var utc = instant.atOffset(ZoneOffset.UTC);
            LocalTime time = utc.toLocalTime();
            return days.contains(utc.getDayOfWeek()) && !time.isBefore(start)
                && (end.equals(LocalTime.MIDNIGHT) || time.isBefore(end));
        }
    }

    /** From {@code from} until {@code until}. */
    record Absolute(Instant from, Instant until) implements AvailabilityWindow {
        /** Rejects nulls. */
        public Absolute {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
        }

        @Override
        public boolean contains(Instant instant) {
            return !instant.isBefore(from) && instant.isBefore(until);
        }
    }
}
