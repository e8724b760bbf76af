package io.isthmus.controller.metering;

import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * What a tenant owes for peering in a period: per attachment of its networks (the network's tenant pays for its
 * attachment, whoever owns the router), one line per priced item with its quantity, unit price and amount.
 *
 * <p>Arithmetic is decimal ({@link BigDecimal}). Quantities are exact: gigabytes are bytes / 10^9, thousands of
 * routing updates are updates / 1000; attachment-hours are shown to {@value #HOUR_SCALE} decimal places, but priced
 * from the exact seconds. Each line's amount is rounded once, half-even, to the currency's minor unit (2 decimals for
 * USD or EUR, 0 for JPY); the subtotals and the total are sums of the rounded amounts.
 *
 * @param tenant who pays
 * @param period the period invoiced
 * @param currency the fee schedule's currency
 * @param attachments the charges per attachment, in attachment id order
 * @param total the sum of every line's amount
 */
public record Invoice(TenantId tenant, UsagePeriod period, Currency currency, List<AttachmentCharges> attachments,
                      BigDecimal total) {
    /** Decimal places of attachment-hour quantities. */
    public static final int HOUR_SCALE = 6;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** Copies the list. */
    public Invoice {
        attachments = List.copyOf(attachments);
    }

    /** The priced items. */
    public enum Item {
        /** Hours the attachment was active. */
        ATTACHMENT_HOURS,
        /** Gigabytes (10^9 bytes) that came into the attachment's network. */
        GIGABYTES_IN,
        /** Gigabytes (10^9 bytes) that left the attachment's network. */
        GIGABYTES_OUT,
        /** Thousands of routing updates delivered to the attachment's network. */
        THOUSAND_ROUTING_UPDATES
    }

    /** One priced item of one attachment. */
    public record Line(Item item, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }

    /** One attachment's usage in the period and its lines. */
    public record AttachmentCharges(PeeringAttachment attachment, UsageCounts usage, BigDecimal activeSeconds,
                                    List<Line> lines, BigDecimal subtotal) {
        /** Copies the list. */
        public AttachmentCharges {
            lines = List.copyOf(lines);
        }
    }

    /** What one attachment used: the input of an invoice. */
    public record Usage(PeeringAttachment attachment, UsageCounts counts, BigDecimal activeSeconds) {
    }

    /** Prices {@code usages} of {@code tenant}'s attachments in {@code period} with {@code fees}. */
    public static Invoice of(TenantId tenant, UsagePeriod period, FeeSchedule fees, List<Usage> usages) {
        int scale = Math.max(fees.currency().getDefaultFractionDigits(), 0);
        List<AttachmentCharges> charges = new ArrayList<>(usages.size());
        BigDecimal total = BigDecimal.ZERO.setScale(scale);
        for (Usage usage : usages) {
            UsageCounts counts = usage.counts();
            List<Line> lines = List.of(
                new Line(Item.ATTACHMENT_HOURS,
                    usage.activeSeconds().divide(SECONDS_PER_HOUR, HOUR_SCALE, RoundingMode.HALF_EVEN),
                    fees.attachmentHour(), usage.activeSeconds().multiply(fees.attachmentHour())
                        .divide(SECONDS_PER_HOUR, scale, RoundingMode.HALF_EVEN)),
                line(Item.GIGABYTES_IN, BigDecimal.valueOf(counts.bytesIn()).movePointLeft(9), fees.gigabyteIn(),
                    scale),
                line(Item.GIGABYTES_OUT, BigDecimal.valueOf(counts.bytesOut()).movePointLeft(9), fees.gigabyteOut(),
                    scale),
                line(Item.THOUSAND_ROUTING_UPDATES, BigDecimal.valueOf(counts.routingUpdates()).movePointLeft(3),
                    fees.thousandRoutingUpdates(), scale));
            BigDecimal subtotal = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(scale),
                BigDecimal::add);
            charges.add(new AttachmentCharges(usage.attachment(), counts, usage.activeSeconds(), lines, subtotal));
            total = total.add(subtotal);
        }
        return new Invoice(tenant, period, fees.currency(), charges, total);
    }

    private static Line line(Item item, BigDecimal quantity, BigDecimal unitPrice, int scale) {
        BigDecimal exact = quantity.stripTrailingZeros();
        return new Line(item, exact.scale() < 0 ? exact.setScale(0) : exact, unitPrice,
            quantity.multiply(unitPrice).setScale(scale, RoundingMode.HALF_EVEN));
    }
}
