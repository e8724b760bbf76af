package io.isthmus.cli.resource;

import static io.isthmus.cli.client.Table.column;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.cli.client.Table;
import java.util.ArrayList;
import java.util.List;

/** The table columns of each kind of resource, after the JSON of the controller's {@code Representations}. */
final class Views {
    static final View TENANT = View.of(column("ID", "id"), column("NAME", "name"), column("VERSION", "version"));
    static final View TOKEN = View.of(column("ID", "id"), column("NAME", "name"), column("TENANT", "tenantId"),
        column("CREATED", "createdAt"), column("EXPIRES", "expiresAt"), column("VERSION", "version"));
    /** A just-issued token: the only time its secret is shown. */
    static final View ISSUED_TOKEN = View.of(column("ID", "id"), column("NAME", "name"),
        column("EXPIRES", "expiresAt"), column("SECRET", "secret"));
    static final View HOST = View.of(column("ID", "id"), column("NAME", "name"),
        column("PREFIX", "substratePrefix"), column("VERSION", "version"));
    static final View NETWORK = View.of(column("ID", "id"), column("NAME", "name"), column("CIDR", "cidrBlocks"),
        column("MTU", n -> n.path("options").path("mtu").asText()), column("VERSION", "version"));
    static final View SUBNET = View.of(column("ID", "id"), column("NAME", "name"), column("NETWORK", "networkId"),
            column("CIDR", "cidr"), column("GATEWAY", "gateway"),
            column("ROUTING", s -> listed(s.path("routing").path("protocols"))),
            column("PARTICIPANTS", s -> String.valueOf(s.path("routing").path("participants").size())),
            column("VERSION", "version"));
    /** A routing session as an agent last reported it. */
    static final View ROUTING_SESSION = View.of(column("SUBNET", "subnetId"), column("NODE", "nodeId"),
        column("PEER", "peer"), column("PROTOCOL", "protocol"), column("STATE", "state"),
        column("UPTIME", s -> uptime(s.path("uptimeSeconds").asLong())), column("RECEIVED", "received"),
        column("ACCEPTED", "accepted"), column("ANNOUNCED", "announced"), column("FILTERED", "filtered"),
        column("OVER-LIMIT", "overLimit"), column("RATE-LIMITED", "rateLimited"), column("HOST", "hostId"),
        column("LAST-ERROR", s -> s.path("lastError").asText().isEmpty() ? "-" : s.path("lastError").asText()));
    static final View NODE = View.of(column("ID", "id"), column("NAME", "name"), column("HOST", "hostId"),
            column("ADDRESS", n -> joined(n.path("interfaces"), "address")),
            column("APPLIANCE", n -> n.path("sourceDestCheck").asBoolean(true) ? "no" : "yes"),
            column("VERSION", "version"))
        .withChildren("interfaces", column("INTERFACE", "id"), column("SUBNET", "subnetId"),
            column("ADDRESS", "address"), column("MAC", "mac"));
    static final View ROUTE_TABLE = View.of(column("ID", "id"), column("SUBNET", "subnetId"),
            column("ROUTES", t -> String.valueOf(t.path("routes").size())), column("VERSION", "version"))
        .withChildren("routes", column("DESTINATION", "destination"), column("KIND", "kind"),
            column("TARGET", r -> targets(r.path("targets"))));
    static final View DEVICE = View.of(column("ID", "id"), column("KIND", "kind"), column("SUBNET", "subnetId"),
        column("ADDRESS", "address"), column("MAC", "mac"));

    static final View PEERING_ROUTER = View.of(column("ID", "id"), column("NAME", "name"),
        column("TENANTS", r -> listed(r.path("restrictions").path("tenants"))),
        column("NETWORKS", r -> listed(r.path("restrictions").path("networks"))),
        column("WINDOWS", r -> String.valueOf(r.path("restrictions").path("windows").size())),
        column("MAX-DURATION", r -> r.path("restrictions").path("maxAttachmentSeconds").asLong() == 0 ? "-"
            : r.path("restrictions").path("maxAttachmentSeconds").asText() + "s"),
        column("PRE-APPROVED", r -> r.path("restrictions").path("preApproved").asBoolean() ? "yes" : "no"),
        column("VERSION", "version"));
    static final View PEERING_ATTACHMENT = View.of(column("ID", "id"), column("ROUTER", "routerId"),
        column("NETWORK", "networkId"), column("STATE", "state"), column("BLOCKS", a -> listed(a.path("blocks"))),
        column("SEEN-AS", a -> translated(a.path("translations"))),
        column("RESPONSES-ONLY", a -> a.path("policy").path("responsesOnly").asBoolean() ? "yes" : "no"),
        column("EXPIRES", a -> a.path("expiresAt").isNull() ? "-" : a.path("expiresAt").asText()),
        column("VERSION", "version"));

    /** A network's peering view: its attachments, and below, the peer ranges it reaches. */
    static final View PEERING_VIEW = View.of(column("NETWORK", "networkId"),
        column("ATTACHMENTS", v -> listedField(v.path("attachments"), "attachmentId")),
        column("LEFT-OUT", v -> listed(v.path("leftOut"))), column("VERSION", "version"))
        .withChildren("peers", column("PREFIX", "prefix"), column("PEER-PREFIX", "peerPrefix"),
            column("PEER-NETWORK", "peerNetworkId"), column("VIA", "localAttachmentId"),
            column("ROUTERS", p -> listedField(p.path("routers"), "hop")),
            column("PEER-RESPONSES-ONLY", p -> p.path("peerResponsesOnly").asBoolean() ? "yes" : "no"));

    static final View PEERING_LINK = View.of(column("ID", "id"), column("ROUTER", "routerId"),
        column("PEER", "peerRouterId"), column("STATE", "state"), column("VERSION", "version"));

    /** An attachment's usage in a period, and its hours below. */
    static final View USAGE = View.of(column("ATTACHMENT", "attachmentId"), column("FROM", "from"),
            column("TO", "to"), column("PACKETS-IN", "packetsIn"), column("BYTES-IN", "bytesIn"),
            column("PACKETS-OUT", "packetsOut"), column("BYTES-OUT", "bytesOut"),
            column("ROUTING-UPDATES", "routingUpdates"), column("ATTACHMENT-HOURS", "attachmentHours"))
        .withChildren("hours", column("HOUR", "hour"), column("PACKETS-IN", "packetsIn"),
            column("BYTES-IN", "bytesIn"), column("PACKETS-OUT", "packetsOut"), column("BYTES-OUT", "bytesOut"),
            column("ROUTING-UPDATES", "routingUpdates"));

    /** An invoice, and its lines below (one row per item of each attachment). */
    static final View INVOICE = View.of(column("TENANT", "tenantId"), column("FROM", "from"), column("TO", "to"),
            column("CURRENCY", "currency"), column("TOTAL", "total"))
        .withChildren("items", column("ATTACHMENT", "attachmentId"), column("NETWORK", "networkId"),
            column("ITEM", "item"), column("QUANTITY", "quantity"), column("UNIT-PRICE", "unitPrice"),
            column("AMOUNT", "amount"));

    static final View FEE_SCHEDULE = View.of(column("CURRENCY", "currency"),
        column("ATTACHMENT-HOUR", "attachmentHour"), column("GB-IN", "gigabyteIn"), column("GB-OUT", "gigabyteOut"),
        column("1000-ROUTING-UPDATES", "thousandRoutingUpdates"));

    private Views() {
    }

    private static String joined(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(Table.text(e.get(field))));
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** The text elements of an array, comma-separated; {@code -} when none. */
    private static String listed(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.asText()));
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** Field {@code field} of each element of {@code array}, comma-separated; {@code -} when none. */
    private static String listedField(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.path(field).asText()));
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** Translations as {@code BLOCK=REPRESENTATIVE}; {@code -} when none. */
    private static String translated(JsonNode translations) {
        List<String> values = new ArrayList<>();
        translations.forEach(t -> values.add(t.path("block").asText() + "=" + t.path("representative").asText()));
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** A duration as {@code 3d04h05m}, {@code 4h05m06s} or {@code 5m06s}; {@code -} for zero (down). */
    static String uptime(long seconds) {
        if (seconds <= 0) {
            return "-";
        }
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        if (days > 0) {
            return String.format(java.util.Locale.ROOT, "%dd%02dh%02dm", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm%02ds", hours, minutes, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dm%02ds", minutes, seconds % 60);
    }

    /** Route targets: {@code local}, {@code blackhole}, {@code NODE_ID:INTERFACE_ID}, or a peering router id. */
    private static String targets(JsonNode targets) {
        List<String> values = new ArrayList<>();
        for (JsonNode t : targets) {
            values.add(switch (t.path("type").asText()) {
                case "appliance-interface" -> t.path("nodeId").asText() + ":" + t.path("interfaceId").asText();
                case "peering-router" -> t.path("peeringRouterId").asText();
                default -> t.path("type").asText();
            });
        }
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}
