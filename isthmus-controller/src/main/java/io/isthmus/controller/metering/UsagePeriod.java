package io.isthmus.controller.metering;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A period of usage, in whole UTC hours (usage is recorded per hour): {@code from} inclusive, {@code to} exclusive.
 */
public record UsagePeriod(Instant from, Instant to) {
    /** Rejects a period not made of whole hours, or empty. */
    public UsagePeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.equals(MeteringKeys.hour(from)) || !to.equals(MeteringKeys.hour(to))) {
            throw new IllegalArgumentException("a usage period is made of whole UTC hours");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a usage period ends after it starts");
        }
    }

    /**
     * The whole hours that cover {@code from} to {@code to}: {@code from} rounded down to its hour, {@code to}
     * rounded up to the next hour unless it starts one.
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from}
     */
    public static UsagePeriod covering(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("to must be after from");
        }
        Instant end = MeteringKeys.hour(to);
        return new UsagePeriod(MeteringKeys.hour(from), end.equals(to) ? end : end.plus(1, ChronoUnit.HOURS));
    }

    /** {@return the UTC calendar month that holds {@code at}} */
    public static UsagePeriod monthOf(Instant at) {
        YearMonth month = YearMonth.from(at.atZone(ZoneOffset.UTC));
        return new UsagePeriod(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
            month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
