package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.controller.metering.AttachmentUsage;
import io.isthmus.controller.metering.FeeSchedule;
import io.isthmus.controller.metering.HourlyUsage;
import io.isthmus.controller.metering.Invoice;
import io.isthmus.controller.metering.UsageCounts;
import io.isthmus.controller.metering.UsagePeriod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of metering, both ways. Money and other decimals are JSON strings ({@code "0.05"}), never binary floating
 * point; instants are RFC 3339.
 *
 * <pre>
 * fee schedule  {"currency": "EUR", "attachmentHour": "0.02", "gigabyteIn": "0", "gigabyteOut": "0.05",
 *                "thousandRoutingUpdates": "0.001"}   (a price may also be a JSON integer)
 * usage query   ?from=2026-12-01T00:00:00Z&amp;to=2027-01-01T00:00:00Z   (default: the current UTC month; widened to
 *                whole hours: from rounds down, to rounds up)
 * </pre>
 */
final class MeteringJson extends JsonFieldReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MeteringJson() {
    }

    // Reading

    /** A fee schedule body: every field required. */
    static FeeSchedule feeSchedule(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "", "the request body must be a JSON object");
        }
        MeteringJson r = new MeteringJson();
        Currency currency = r.currency(body.get("currency"));
        BigDecimal hour = r.price(body, "attachmentHour");
        BigDecimal in = r.price(body, "gigabyteIn");
        BigDecimal out = r.price(body, "gigabyteOut");
        BigDecimal routing = r.price(body, "thousandRoutingUpdates");
        r.throwIfInvalid();
        return new FeeSchedule(currency, hour, in, out, routing);
    }

    private Currency currency(JsonNode node) {
        if (node == null || node.isNull()) {
            invalid("/currency", "is required: an ISO 4217 currency code such as \"EUR\"");
            return null;
        }
        String code = node.isTextual() ? node.textValue() : "";
        try {
            if (code.length() == 3 && code.equals(code.toUpperCase(Locale.ROOT))) {
                return Currency.getInstance(code);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        invalid("/currency", "must be an ISO 4217 currency code such as \"EUR\", was " + node);
        return null;
    }

    private BigDecimal price(JsonNode body, String field) {
        String pointer = "/" + field;
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            invalid(pointer, "is required: a price as a decimal string such as \"0.05\"");
            return null;
        }
        BigDecimal price;
        if (node.isTextual()) {
            try {
                price = new BigDecimal(node.textValue());
            } catch (NumberFormatException e) {
                invalid(pointer, "'" + node.textValue() + "' is not a decimal number");
                return null;
            }
        } else if (node.isIntegralNumber()) {
            price = node.decimalValue();
        } else {
            invalid(pointer, "must be a decimal string such as \"0.05\" (JSON fractions would pass through binary "
                + "floating point)");
            return null;
        }
        if (price.signum() < 0) {
            invalid(pointer, "must not be negative, was " + price.toPlainString());
            return null;
        }
        if (price.stripTrailingZeros().scale() > FeeSchedule.MAX_SCALE) {
            invalid(pointer, "has more than " + FeeSchedule.MAX_SCALE + " decimal places");
            return null;
        }
        return price;
    }

    /** The period of a usage or invoice query ({@code from}, {@code to}); by default the UTC month of {@code now}. */
    static UsagePeriod period(Map<String, String> query, Instant now) {
        MeteringJson r = new MeteringJson();
        UsagePeriod month = UsagePeriod.monthOf(now);
        Instant from = r.instant(query, "from", month.from());
        Instant to = r.instant(query, "to", month.to());
        r.throwIfInvalid();
        if (!from.isBefore(to)) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "/query/to",
                "must be after from (" + from + "), was " + to);
        }
        return UsagePeriod.covering(from, to);
    }

    private Instant instant(Map<String, String> query, String name, Instant absent) {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            invalid("/query/" + name, "'" + text + "' is not an RFC 3339 instant such as 2026-12-01T00:00:00Z");
            return absent;
        }
    }

    // Writing

    static ObjectNode feeSchedule(FeeSchedule f) {
        return JSON.objectNode().put("currency", f.currency().getCurrencyCode())
            .put("attachmentHour", f.attachmentHour().toPlainString())
            .put("gigabyteIn", f.gigabyteIn().toPlainString()).put("gigabyteOut", f.gigabyteOut().toPlainString())
            .put("thousandRoutingUpdates", f.thousandRoutingUpdates().toPlainString());
    }

    static ObjectNode usage(AttachmentUsage u) {
        ObjectNode node = parties(JSON.objectNode(), u.attachment());
        period(node, u.period());
        counts(node, u.total());
        node.put("attachmentHours", hours(u.activeSeconds()));
        ArrayNode hours = node.putArray("hours");
        for (HourlyUsage hour : u.hours()) {
            counts(hours.addObject().put("hour", hour.hour().toString()), hour.counts());
        }
        return node;
    }

    static ObjectNode invoice(Invoice invoice) {
        ObjectNode node = JSON.objectNode().put("tenantId", invoice.tenant().value());
        period(node, invoice.period());
        node.put("currency", invoice.currency().getCurrencyCode());
        ArrayNode attachments = node.putArray("attachments");
        for (Invoice.AttachmentCharges charges : invoice.attachments()) {
            ObjectNode item = parties(attachments.addObject(), charges.attachment());
            counts(item, charges.usage());
            ArrayNode lines = item.putArray("lines");
            for (Invoice.Line line : charges.lines()) {
                lines.addObject().put("item", line.item().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("quantity", line.quantity().toPlainString())
                    .put("unitPrice", line.unitPrice().toPlainString()).put("amount", line.amount().toPlainString());
            }
            item.put("subtotal", charges.subtotal().toPlainString());
        }
        return node.put("total", invoice.total().toPlainString());
    }

    private static ObjectNode parties(ObjectNode node, PeeringAttachment a) {
        return node.put("attachmentId", a.id().value()).put("routerId", a.routerId().value())
            .put("routerTenantId", a.routerTenantId().value()).put("networkId", a.networkId().value())
            .put("networkTenantId", a.networkTenantId().value())
            .put("activatedAt", a.activatedAt() == null ? null : a.activatedAt().toString())
            .put("detachedAt", a.detachedAt() == null ? null : a.detachedAt().toString());
    }

    private static void period(ObjectNode node, UsagePeriod period) {
        node.put("from", period.from().toString()).put("to", period.to().toString());
    }

    private static ObjectNode counts(ObjectNode node, UsageCounts c) {
        return node.put("packetsIn", c.packetsIn()).put("bytesIn", c.bytesIn()).put("packetsOut", c.packetsOut())
            .put("bytesOut", c.bytesOut()).put("routingUpdates", c.routingUpdates());
    }

    private static String hours(BigDecimal seconds) {
        return seconds.divide(BigDecimal.valueOf(3600), Invoice.HOUR_SCALE, RoundingMode.HALF_EVEN).toPlainString();
    }
}
