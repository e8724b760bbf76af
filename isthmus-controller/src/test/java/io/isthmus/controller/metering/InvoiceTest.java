package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fee arithmetic of invoices: exact decimals, one rounding per line. */
class InvoiceTest {
    private static final TenantId TENANT = new TenantId("ten-000000000002");
    private static final UsagePeriod DECEMBER = UsagePeriod.monthOf(Instant.parse("2026-12-15T00:00:00Z"));
    private static final PeeringAttachment ATTACHMENT =
        AttachmentHoursTest.attachment(PeeringAttachmentState.ACTIVE, null);

    private static FeeSchedule fees(String currency, String hour, String in, String out, String routing) {
        return new FeeSchedule(Currency.getInstance(currency), new BigDecimal(hour), new BigDecimal(in),
            new BigDecimal(out), new BigDecimal(routing));
    }

    @Test
    void everyItemIsPricedExactlyAndRoundedOncePerLine() {
        FeeSchedule fees = fees("EUR", "0.015", "0.01", "0.09", "0.5");
        // 1.5 h, 2.5 GB in, 0.1 GB out plus 1 byte, 2500 routing updates
        UsageCounts counts = new UsageCounts(10, 2_500_000_000L, 20, 100_000_001L, 2500);

        Invoice invoice = Invoice.of(TENANT, DECEMBER, fees,
            List.of(new Invoice.Usage(ATTACHMENT, counts, BigDecimal.valueOf(5400))));

        Invoice.AttachmentCharges charges = invoice.attachments().getFirst();
        assertThat(charges.lines()).extracting(l -> l.item() + " " + l.quantity().toPlainString() + " x "
            + l.unitPrice().toPlainString() + " = " + l.amount().toPlainString()).containsExactly(
            "ATTACHMENT_HOURS 1.500000 x 0.015 = 0.02", // 0.0225 rounds half-even to 0.02
            "GIGABYTES_IN 2.5 x 0.01 = 0.02", // 0.025 is exactly half: half-even keeps the even 0.02
            "GIGABYTES_OUT 0.100000001 x 0.09 = 0.01",
            "THOUSAND_ROUTING_UPDATES 2.5 x 0.5 = 1.25");
    }

    @Test
    void attachmentHoursArePricedFromTheExactSeconds() {
        FeeSchedule fees = fees("USD", "3600", "0", "0", "0");
        Invoice invoice = Invoice.of(TENANT, DECEMBER, fees,
            List.of(new Invoice.Usage(ATTACHMENT, UsageCounts.ZERO, BigDecimal.valueOf(7))));

        Invoice.Line hours = invoice.attachments().getFirst().lines().getFirst();
        assertThat(hours.quantity().toPlainString()).isEqualTo("0.001944");
        assertThat(hours.amount().toPlainString()).as("7 s at 1 per second, not 0.001944 h x 3600")
            .isEqualTo("7.00");
    }

    @Test
    void theTotalIsTheSumOfTheRoundedLinesInTheCurrencysMinorUnit() {
        FeeSchedule fees = fees("JPY", "10", "1.4", "0", "0");
        UsageCounts counts = UsageCounts.in(1, 1_000_000_000L);

        Invoice invoice = Invoice.of(TENANT, DECEMBER, fees, List.of(
            new Invoice.Usage(ATTACHMENT, counts, BigDecimal.valueOf(3600)),
            new Invoice.Usage(ATTACHMENT, counts, BigDecimal.ZERO)));

        assertThat(invoice.attachments()).extracting(c -> c.subtotal().toPlainString()).containsExactly("11", "1");
        assertThat(invoice.total().toPlainString()).isEqualTo("12");
        assertThat(invoice.currency().getCurrencyCode()).isEqualTo("JPY");
    }

    @Test
    void theDefaultScheduleChargesNothing() {
        Invoice invoice = Invoice.of(TENANT, DECEMBER, FeeSchedule.DEFAULT, List.of(new Invoice.Usage(ATTACHMENT,
            new UsageCounts(1, 5_000_000_000L, 1, 7_000_000_000L, 9000), BigDecimal.valueOf(86_400))));

        assertThat(invoice.total().toPlainString()).isEqualTo("0.00");
        assertThat(invoice.attachments().getFirst().lines()).extracting(l -> l.quantity().toPlainString())
            .containsExactly("24.000000", "5", "7", "9");
    }

    @Test
    void negativeOrTooPrecisePricesAreRefused() {
        assertThatThrownBy(() -> fees("EUR", "-0.01", "0", "0", "0")).hasMessageContaining("attachmentHour");
        assertThatThrownBy(() -> fees("EUR", "0", "0.0000000001", "0", "0")).hasMessageContaining("gigabyteIn");
        assertThat(fees("EUR", "0", "0.0000000010", "0", "0").gigabyteIn()).isEqualByComparingTo("0.000000001");
    }
}
