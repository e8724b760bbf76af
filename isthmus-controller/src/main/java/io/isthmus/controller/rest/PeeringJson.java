package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.AvailabilityWindow;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.TrafficRule;
import io.isthmus.api.resource.Translation;
import io.isthmus.routing.PrefixRange;
import io.isthmus.wire.Ipv4Prefix;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON of peering routers and attachments, both ways. Enumerations are lowercase ({@code "tcp"},
 * {@code "translate"}, {@code "monday"}); prefix filters are {@code 10.0.0.0/16{16,24}}; times of day
 * {@code HH:MM} in UTC; instants RFC 3339. Every malformed field of a body is an {@code invalid-field} error at its
 * JSON pointer, all reported together.
 *
 * <pre>
 * router      {"name", "restrictions": {"tenants": [id], "networks": [id], "windows": [{"type": "weekly", "days":
 *              ["monday"], "start": "08:00", "end": "18:00"} | {"type": "absolute", "from", "until"}],
 *              "maxAttachmentSeconds", "preApproved"}}
 * attachment  {"networkId", "durationSeconds", "policy": {"exports": [range], "imports": [range], "rules":
 *              [{"direction": "in", "protocol": "tcp", "fromPort", "toPort", "destination"}], "responsesOnly",
 *              "peers": [id], "overlap": "refuse", "translations": [{"block", "representative"}]}}
 * </pre>
 */
final class PeeringJson extends JsonFieldReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PeeringJson() {
    }

    // Reading

    /** A router body; with {@code patch}, absent fields are null (left as they are). */
    static PeeringRouterRequest router(JsonNode body, boolean patch) {
        PeeringJson r = new PeeringJson();
        r.requireObject(body);
        String name = r.text(body, "/name", "name", !patch, Function.identity(), "a name");
        JsonNode restrictions = body.get("restrictions");
        PeeringRestrictions read = restrictions == null || restrictions.isNull() ? null
            : r.restrictions(restrictions);
        return r.done(new PeeringRouterRequest(name, read));
    }

    /** An attachment body. */
    static PeeringAttachmentRequest attachment(JsonNode body) {
        PeeringJson r = new PeeringJson();
        r.requireObject(body);
        NetworkId network = r.text(body, "/networkId", "networkId", true, NetworkId::new, "a network id");
        long duration = r.longInteger(body, "/durationSeconds", "durationSeconds", 0);
        JsonNode policy = body.get("policy");
        AttachmentPolicy read = policy == null || policy.isNull() ? null : r.policy(policy);
        return r.done(new PeeringAttachmentRequest(network, read, duration));
    }

    private PeeringRestrictions restrictions(JsonNode node) {
        if (!node.isObject()) {
            invalid("/restrictions", "must be a JSON object");
            return PeeringRestrictions.NONE;
        }
        List<TenantId> tenants = list(node, "/restrictions/tenants", "tenants",
            (n, p) -> textOf(n, p, TenantId::new, "a tenant id"));
        List<NetworkId> networks = list(node, "/restrictions/networks", "networks",
            (n, p) -> textOf(n, p, NetworkId::new, "a network id"));
        List<AvailabilityWindow> windows = list(node, "/restrictions/windows", "windows", this::window);
        long max = longInteger(node, "/restrictions/maxAttachmentSeconds", "maxAttachmentSeconds", 0);
        boolean preApproved = bool(node, "/restrictions/preApproved", "preApproved", false);
        return new PeeringRestrictions(tenants, networks, windows, max, preApproved);
    }

    private AvailabilityWindow window(JsonNode node, String pointer) {
        if (!node.isObject()) {
            invalid(pointer, "must be a JSON object");
            return null;
        }
        String type = text(node, pointer + "/type", "type", true, Function.identity(), "weekly or absolute");
        if ("weekly".equals(type)) {
            List<DayOfWeek> days = list(node, pointer + "/days", "days",
                (n, p) -> textOf(n, p, t -> DayOfWeek.valueOf(t.toUpperCase(Locale.ROOT)), "a day like monday"));
            LocalTime start = text(node, pointer + "/start", "start", true, LocalTime::parse, "a time like 08:00");
            LocalTime end = text(node, pointer + "/end", "end", true, LocalTime::parse, "a time like 18:00");
            if (start == null || end == null) {
                return null;
            }
            Set<DayOfWeek> set = days.isEmpty() ? Set.of() : EnumSet.copyOf(days);
            return new AvailabilityWindow.Weekly(set, start, end);
        }
        if ("absolute".equals(type)) {
            Instant from = text(node, pointer + "/from", "from", true, Instant::parse, "an RFC 3339 instant");
            Instant until = text(node, pointer + "/until", "until", true, Instant::parse, "an RFC 3339 instant");
            return from == null || until == null ? null : new AvailabilityWindow.Absolute(from, until);
        }
        if (type != null) {
            invalid(pointer + "/type", "must be weekly or absolute, not " + type);
        }
        return null;
    }

    private AttachmentPolicy policy(JsonNode node) {
        if (!node.isObject()) {
            invalid("/policy", "must be a JSON object");
            return AttachmentPolicy.DEFAULTS;
        }
        List<PrefixRange> exports = list(node, "/policy/exports", "exports",
            (n, p) -> textOf(n, p, PrefixRange::parse, "a prefix range like 10.0.0.0/16{16,24}"));
        List<PrefixRange> imports = list(node, "/policy/imports", "imports",
            (n, p) -> textOf(n, p, PrefixRange::parse, "a prefix range like 10.0.0.0/16{16,24}"));
        List<TrafficRule> rules = list(node, "/policy/rules", "rules", this::rule);
        boolean responsesOnly = bool(node, "/policy/responsesOnly", "responsesOnly", false);
        List<PeeringAttachmentId> peers = list(node, "/policy/peers", "peers",
            (n, p) -> textOf(n, p, PeeringAttachmentId::new, "an attachment id"));
        OverlapMode overlap = text(node, "/policy/overlap", "overlap", false,
            t -> OverlapMode.valueOf(t.toUpperCase(Locale.ROOT)), "refuse or translate");
        List<Translation> translations = list(node, "/policy/translations", "translations", (n, p) -> {
            Ipv4Prefix block = text(n, p + "/block", "block", true, Ipv4Prefix::parse, "an IPv4 prefix");
            Ipv4Prefix representative = text(n, p + "/representative", "representative", true, Ipv4Prefix::parse,
                "an IPv4 prefix");
            return block == null || representative == null ? null : new Translation(block, representative);
        });
        return new AttachmentPolicy(exports, imports, rules, responsesOnly, peers,
            overlap == null ? OverlapMode.REFUSE : overlap, translations);
    }

    private TrafficRule rule(JsonNode node, String pointer) {
        if (!node.isObject()) {
            invalid(pointer, "must be a JSON object");
            return null;
        }
        TrafficRule.Direction direction = text(node, pointer + "/direction", "direction", true,
            t -> TrafficRule.Direction.valueOf(t.toUpperCase(Locale.ROOT)), "in or out");
        TrafficRule.Protocol protocol = text(node, pointer + "/protocol", "protocol", false,
            t -> TrafficRule.Protocol.valueOf(t.toUpperCase(Locale.ROOT)), "tcp, udp, icmp or any");
        long from = longInteger(node, pointer + "/fromPort", "fromPort", 0);
        long to = longInteger(node, pointer + "/toPort", "toPort", from);
        Ipv4Prefix destination = text(node, pointer + "/destination", "destination", false, Ipv4Prefix::parse,
            "an IPv4 prefix");
        if (direction == null) {
            return null;
        }
        return new TrafficRule(direction, protocol == null ? TrafficRule.Protocol.ANY : protocol,
            (int) Math.clamp(from, -1, 65536), (int) Math.clamp(to, -1, 65536),
            destination == null ? new Ipv4Prefix(0, 0) : destination);
    }

    private interface Element<T> {
        T read(JsonNode node, String pointer);
    }

    private <T> List<T> list(JsonNode object, String pointer, String field, Element<T> element) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            invalid(pointer, "must be a JSON array");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            T item = element.read(node.get(i), pointer + "/" + i);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private <T> T text(JsonNode object, String pointer, String field, boolean required, Function<String, T> parser,
                       String expected) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                invalid(pointer, "is required: " + expected);
            }
            return null;
        }
        return textOf(node, pointer, parser, expected);
    }

    private <T> T textOf(JsonNode node, String pointer, Function<String, T> parser, String expected) {
        if (!node.isTextual()) {
            invalid(pointer, "must be " + expected);
            return null;
        }
        try {
            return parser.apply(node.textValue());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            invalid(pointer, "'" + node.textValue() + "' is not " + expected + ": " + e.getMessage());
            return null;
        }
    }

    private void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "", "the request body must be a JSON object");
        }
    }

    private <T> T done(T request) {
        throwIfInvalid();
        return request;
    }

    // Writing

    static ObjectNode router(PeeringRouter r) {
        ObjectNode node = JSON.objectNode().put("id", r.id().value()).put("tenantId", r.tenantId().value())
            .put("name", r.name());
        ObjectNode restrictions = node.putObject("restrictions");
        PeeringRestrictions rs = r.restrictions();
        ArrayNode tenants = restrictions.putArray("tenants");
        rs.tenants().forEach(t -> tenants.add(t.value()));
        ArrayNode networks = restrictions.putArray("networks");
        rs.networks().forEach(n -> networks.add(n.value()));
        ArrayNode windows = restrictions.putArray("windows");
        for (AvailabilityWindow window : rs.windows()) {
            switch (window) {
                case AvailabilityWindow.Weekly w -> {
                    ObjectNode item = windows.addObject().put("type", "weekly");
                    ArrayNode days = item.putArray("days");
                    EnumSet.copyOf(w.days()).forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
                    item.put("start", w.start().toString()).put("end", w.end().toString());
                }
                case AvailabilityWindow.Absolute a -> windows.addObject().put("type", "absolute")
                    .put("from", a.from().toString()).put("until", a.until().toString());
            }
        }
        restrictions.put("maxAttachmentSeconds", rs.maxAttachmentSeconds()).put("preApproved", rs.preApproved());
        return node.put("version", r.version());
    }

    static ObjectNode attachment(PeeringAttachment a) {
        ObjectNode node = JSON.objectNode().put("id", a.id().value()).put("routerId", a.routerId().value())
            .put("routerTenantId", a.routerTenantId().value()).put("networkId", a.networkId().value())
            .put("networkTenantId", a.networkTenantId().value()).put("requestedBy", a.requestedBy().value())
            .put("state", a.state().name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .put("tenantAccepted", a.tenantAccepted()).put("ownerAccepted", a.ownerAccepted());
        ArrayNode blocks = node.putArray("blocks");
        a.blocks().forEach(b -> blocks.add(b.toString()));
        node.set("policy", policy(a.policy()));
        translations(node.putArray("translations"), a.translations());
        node.put("durationSeconds", a.durationSeconds()).put("createdAt", a.createdAt().toString())
            .put("expiresAt", a.expiresAt() == null ? null : a.expiresAt().toString())
            .put("activatedAt", a.activatedAt() == null ? null : a.activatedAt().toString());
        return node.put("version", a.version());
    }

    static ObjectNode link(PeeringLink l) {
        return JSON.objectNode().put("id", l.id().value()).put("routerId", l.routerId().value())
            .put("routerTenantId", l.routerTenantId().value()).put("peerRouterId", l.peerRouterId().value())
            .put("peerTenantId", l.peerTenantId().value())
            .put("state", l.state().name().toLowerCase(Locale.ROOT).replace('_', '-')).put("version", l.version());
    }

    /** The peer router of a link body {@code {"peerRouterId"}}. */
    static PeeringRouterId linkPeer(JsonNode body) {
        PeeringJson r = new PeeringJson();
        r.requireObject(body);
        return r.done(r.text(body, "/peerRouterId", "peerRouterId", true, PeeringRouterId::new,
            "a peering router id"));
    }

    private static ObjectNode policy(AttachmentPolicy p) {
        ObjectNode node = JSON.objectNode();
        ArrayNode exports = node.putArray("exports");
        p.exports().forEach(r -> exports.add(r.toString()));
        ArrayNode imports = node.putArray("imports");
        p.imports().forEach(r -> imports.add(r.toString()));
        ArrayNode rules = node.putArray("rules");
        for (TrafficRule rule : p.rules()) {
            rules.addObject().put("direction", rule.direction().name().toLowerCase(Locale.ROOT))
                .put("protocol", rule.protocol().name().toLowerCase(Locale.ROOT)).put("fromPort", rule.fromPort())
                .put("toPort", rule.toPort()).put("destination", rule.destination().toString());
        }
        node.put("responsesOnly", p.responsesOnly());
        ArrayNode peers = node.putArray("peers");
        p.peers().forEach(id -> peers.add(id.value()));
        node.put("overlap", p.overlap().name().toLowerCase(Locale.ROOT));
        translations(node.putArray("translations"), p.translations());
        return node;
    }

    private static void translations(ArrayNode array, List<Translation> translations) {
        translations.forEach(t -> array.addObject().put("block", t.block().toString())
            .put("representative", t.representative().toString()));
    }
}
