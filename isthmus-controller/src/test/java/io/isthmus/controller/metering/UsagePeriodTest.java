package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Periods of whole UTC hours. */
class UsagePeriodTest {
    @Test
    void aPeriodIsWidenedToWholeHours() {
        UsagePeriod period = UsagePeriod.covering(Instant.parse("2026-12-06T14:20:00Z"),
            Instant.parse("2026-12-06T16:00:00.001Z"));

        assertThat(period.from()).isEqualTo(Instant.parse("2026-12-06T14:00:00Z"));
        assertThat(period.to()).isEqualTo(Instant.parse("2026-12-06T17:00:00Z"));
        assertThat(UsagePeriod.covering(Instant.parse("2026-12-06T14:00:00Z"), Instant.parse("2026-12-06T16:00:00Z")))
            .isEqualTo(new UsagePeriod(Instant.parse("2026-12-06T14:00:00Z"), Instant.parse("2026-12-06T16:00:00Z")));
    }

    @Test
    void aMonthIsItsUtcCalendarMonth() {
        assertThat(UsagePeriod.monthOf(Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo(new UsagePeriod(
            Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void emptyOrUnalignedPeriodsAreRefused() {
        Instant t = Instant.parse("2026-12-06T14:00:00Z");
        assertThatThrownBy(() -> UsagePeriod.covering(t, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsagePeriod(t, t.plusSeconds(60))).hasMessageContaining("whole");
    }
}
