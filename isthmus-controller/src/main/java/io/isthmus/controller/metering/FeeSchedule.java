package io.isthmus.controller.metering;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * The operator's prices for peering, in one currency, as exact decimals.
 *
 * @param currency the ISO 4217 code of the prices and invoices
 * @param attachmentHour the price of one hour of an active attachment
 * @param gigabyteIn the price of 10^9 IPv4 bytes that came into the attachment's network from peers
 * @param gigabyteOut the price of 10^9 IPv4 bytes that left the attachment's network for peers
 * @param thousandRoutingUpdates the price of 1000 routing updates delivered to the attachment's network
 */
public record FeeSchedule(Currency currency, BigDecimal attachmentHour, BigDecimal gigabyteIn,
                         BigDecimal gigabyteOut, BigDecimal thousandRoutingUpdates) {
    /** The schedule in force before the operator sets one: every price zero, in US dollars. */
    public static final FeeSchedule DEFAULT = new FeeSchedule(Currency.getInstance("USD"), BigDecimal.ZERO,
        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /** The most decimal places a price may have. */
    public static final int MAX_SCALE = 9;

    /**
     * Rejects nulls, negative prices and prices with more than {@value #MAX_SCALE} decimal places; a price written
     * with an exponent ({@code 1E+1}) is kept as the plain number ({@code 10}).
     */
    public FeeSchedule {
        Objects.requireNonNull(currency, "currency");
        attachmentHour = check(attachmentHour, "attachmentHour");
        gigabyteIn = check(gigabyteIn, "gigabyteIn");
        gigabyteOut = check(gigabyteOut, "gigabyteOut");
        thousandRoutingUpdates = check(thousandRoutingUpdates, "thousandRoutingUpdates");
    }

    private static BigDecimal check(BigDecimal price, String name) {
        Objects.requireNonNull(price, name);
        if (price.signum() < 0 || price.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new IllegalArgumentException(name + " must be a price of at least 0 with at most " + MAX_SCALE
                + " decimal places");
        }
        return price.scale() < 0 ? price.setScale(0) : price;
    }
}
