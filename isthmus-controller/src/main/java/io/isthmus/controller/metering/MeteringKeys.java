package io.isthmus.controller.metering;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.PeeringAttachmentId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The key layout of metering in the store (values: {@link MeteringCodec}):
 *
 * <pre>
 *   /usage/&lt;attachmentId&gt;/&lt;yyyy-MM-ddTHH&gt;   one attachment's usage in one UTC hour (key order: time order)
 *   /usage-readings/&lt;hostId&gt;                 the host's last traffic readings and their boot id
 *   /fee-schedule                            the operator's prices (absent: every price zero)
 * </pre>
 */
public final class MeteringKeys {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
        .withZone(ZoneOffset.UTC);

    private MeteringKeys() {
    }

    /** {@return the prefix of one attachment's hourly usage} */
    public static String usage(PeeringAttachmentId attachment) {
        return "/usage/" + attachment.value() + "/";
    }

    /** {@return the key of one attachment's usage in the UTC hour that holds {@code at}} */
    public static String usage(PeeringAttachmentId attachment, Instant at) {
        return usage(attachment) + HOUR.format(hour(at));
    }

    /** {@return the hour a usage key of {@code attachment} stands for} */
    public static Instant hourOf(PeeringAttachmentId attachment, String key) {
        return java.time.LocalDateTime.parse(key.substring(usage(attachment).length()) + ":00")
            .toInstant(ZoneOffset.UTC);
    }

    /** {@return the start of the UTC hour that holds {@code at}} */
    public static Instant hour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    /** {@return the key of a host's last readings} */
    public static String readings(HostId host) {
        return "/usage-readings/" + host.value();
    }

    /** {@return the key of the fee schedule} */
    public static String feeSchedule() {
        return "/fee-schedule";
    }
}
