package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv4Prefix;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An attachment's active time within a period. */
class AttachmentHoursTest {
    private static final Instant CREATED = Instant.parse("2026-11-30T22:00:00Z");
    private static final UsagePeriod DECEMBER = UsagePeriod.monthOf(Instant.parse("2026-12-15T00:00:00Z"));
    private static final Instant LATER = Instant.parse("2027-02-01T00:00:00Z");

    static PeeringAttachment attachment(PeeringAttachmentState state, Instant expiresAt) {
        return new PeeringAttachment(new PeeringAttachmentId("pa-000000000001"),
            new PeeringRouterId("pr-000000000001"), new TenantId("ten-000000000001"),
            new NetworkId("net-000000000002"), new TenantId("ten-000000000002"), new TenantId("ten-000000000002"),
            state, true, true, List.of(Ipv4Prefix.parse("10.0.0.0/24")), new AttachmentPolicy(List.of(), List.of(),
            List.of(), false, List.of(), OverlapMode.REFUSE, List.of()), List.of(), 0, CREATED, expiresAt, 3);
    }

    private static BigDecimal hours(PeeringAttachment attachment, UsagePeriod period, Instant now) {
        return AttachmentHours.seconds(attachment, period, now).divide(BigDecimal.valueOf(3600));
    }

    @Test
    void anActivationBeforeThePeriodCountsFromItsStart() {
        PeeringAttachment active = attachment(PeeringAttachmentState.ACTIVE, null)
            .activated(Instant.parse("2026-11-30T23:00:00Z"));

        assertThat(hours(active, DECEMBER, LATER)).isEqualByComparingTo("744");
        assertThat(hours(active, UsagePeriod.monthOf(CREATED), LATER)).as("November: its last hour")
            .isEqualByComparingTo("1");
    }

    @Test
    void anOpenIntervalEndsNow() {
        PeeringAttachment active = attachment(PeeringAttachmentState.ACTIVE, null)
            .activated(Instant.parse("2026-12-01T10:00:00Z"));

        assertThat(hours(active, DECEMBER, Instant.parse("2026-12-01T11:30:00Z"))).isEqualByComparingTo("1.5");
    }

    @Test
    void anIntervalEndsAtExpiryOrDetachWhicheverComesFirst() {
        PeeringAttachment expiring = attachment(PeeringAttachmentState.ACTIVE, Instant.parse("2026-12-02T00:00:00Z"))
            .activated(Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(hours(expiring, DECEMBER, LATER)).isEqualByComparingTo("24");
        assertThat(hours(expiring.detached(Instant.parse("2026-12-01T06:00:00Z")), DECEMBER, LATER))
            .isEqualByComparingTo("6");
        assertThat(hours(expiring.detached(Instant.parse("2026-12-05T00:00:00Z")), DECEMBER, LATER))
            .isEqualByComparingTo("24");
    }

    @Test
    void anIntervalAcrossThePeriodsEndIsCutThere() {
        PeeringAttachment detached = attachment(PeeringAttachmentState.ACTIVE, null)
            .activated(Instant.parse("2026-12-31T22:30:00Z")).detached(Instant.parse("2027-01-01T01:00:00Z"));

        assertThat(hours(detached, DECEMBER, LATER)).isEqualByComparingTo("1.5");
        assertThat(hours(detached, UsagePeriod.monthOf(LATER.minusSeconds(86400 * 20)), LATER))
            .isEqualByComparingTo("1");
        assertThat(hours(detached, UsagePeriod.monthOf(LATER), LATER)).isEqualByComparingTo("0");
    }

    @Test
    void neverActivatedIsNoTime() {
        assertThat(hours(attachment(PeeringAttachmentState.PENDING_ACCEPTANCE, null), DECEMBER, LATER))
            .isEqualByComparingTo("0");
        assertThat(hours(attachment(PeeringAttachmentState.REJECTED, null)
            .detached(Instant.parse("2026-12-05T00:00:00Z")), DECEMBER, LATER)).isEqualByComparingTo("0");
    }

    @Test
    void anActiveAttachmentWithoutActivationTimeCountsFromItsCreation() {
        assertThat(hours(attachment(PeeringAttachmentState.ACTIVE, null), UsagePeriod.monthOf(CREATED), LATER))
            .isEqualByComparingTo("2");
    }

    @Test
    void secondsAreExactToTheNanosecond() {
        PeeringAttachment active = attachment(PeeringAttachmentState.ACTIVE, null)
            .activated(Instant.parse("2026-12-01T00:00:00.000000001Z"));

        assertThat(AttachmentHours.seconds(active, DECEMBER, Instant.parse("2026-12-01T00:00:01Z")))
            .isEqualByComparingTo("0.999999999");
    }
}
