package io.isthmus.controller.metering;

import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * How long an attachment was active within a period: its active interval, from its activation to the earliest of
 * its expiry, its detach time and now, intersected with the period. An attachment never activated (pending, or
 * rejected) has none. One stored before activation times were kept (format 5) that is active or expired counts from
 * its creation: an upper bound, since it may have waited for acceptance.
 */
public final class AttachmentHours {
    private AttachmentHours() {
    }

    /** {@return the seconds {@code attachment} was active in {@code period}, as of {@code now}, exactly} */
    public static BigDecimal seconds(PeeringAttachment attachment, UsagePeriod period, Instant now) {
        Instant start = attachment.activatedAt();
        if (start == null && (attachment.state() == PeeringAttachmentState.ACTIVE
            || attachment.state() == PeeringAttachmentState.EXPIRED)) {
            start = attachment.createdAt();
        }
        if (start == null) {
            return BigDecimal.ZERO;
        }
        Instant end = attachment.activeUntil();
        if (end == null || end.isAfter(now)) {
            end = now;
        }
        Instant from = start.isAfter(period.from()) ? start : period.from();
        Instant to = end.isBefore(period.to()) ? end : period.to();
        if (!from.isBefore(to)) {
            return BigDecimal.ZERO;
        }
        Duration active = Duration.between(from, to);
        return BigDecimal.valueOf(active.getSeconds()).add(BigDecimal.valueOf(active.getNano(), 9))
            .stripTrailingZeros();
    }
}
