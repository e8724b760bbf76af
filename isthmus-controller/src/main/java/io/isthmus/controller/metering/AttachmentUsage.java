package io.isthmus.controller.metering;

import io.isthmus.api.resource.PeeringAttachment;
import java.math.BigDecimal;
import java.util.List;

/**
 * One attachment's usage in a period.
 *
 * @param attachment the attachment (live, or as it was when detached)
 * @param period the whole hours asked about
 * @param total the sum of the hours
 * @param activeSeconds how long it was active in the period ({@link AttachmentHours})
 * @param hours the hours with usage, in time order
 */
public record AttachmentUsage(PeeringAttachment attachment, UsagePeriod period, UsageCounts total,
                              BigDecimal activeSeconds, List<HourlyUsage> hours) {
    /** Copies the list. */
    public AttachmentUsage {
        hours = List.copyOf(hours);
    }
}
