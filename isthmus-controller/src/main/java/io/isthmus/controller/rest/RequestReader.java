package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads request bodies into the model's request records. Every malformed field becomes an {@code invalid-field}
 * error with its JSON pointer; all of a body's errors are reported together. Fields the model validates (names,
 * prefix sizes, overlaps) are passed through for the rules to judge.
 */
final class RequestReader extends JsonFieldReader {
    private final JsonNode body;

    private RequestReader(JsonNode body) {
        this.body = body;
    }

    static TenantRequest tenant(JsonNode body) {
        RequestReader r = new RequestReader(body);
        return r.done(new TenantRequest(r.string("name", true)));
    }

    static ApiTokenRequest token(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.string("name", true);
        Instant expiresAt = r.parse("expiresAt", false, Instant::parse, "an RFC 3339 instant like 2027-01-01T00:00:00Z");
        return r.done(new ApiTokenRequest(name, expiresAt));
    }

    static HostRequest host(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.string("name", true);
        Ipv6Prefix prefix = r.parse("substratePrefix", true, Ipv6Prefix::parse, "an IPv6 prefix like 2001:db8:0:100::/72");
        return r.done(new HostRequest(name, prefix));
    }

    static NetworkRequest network(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.string("name", true);
        List<Ipv4Prefix> blocks = r.list("cidrBlocks", (node, pointer) ->
            r.parseText(node, pointer, Ipv4Prefix::parse, "an IPv4 prefix like 10.0.0.0/16"));
        NetworkOptions options = r.networkOptions();
        return r.done(new NetworkRequest(name, blocks, options));
    }

    /** The "options" object of a network: absent fields take their defaults. */
    private NetworkOptions networkOptions() {
        JsonNode node = body == null ? null : body.get("options");
        NetworkOptions defaults = NetworkOptions.DEFAULTS;
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            invalid("/options", "must be a JSON object");
            return defaults;
        }
        int mtu = integer(node, "/options/mtu", "mtu", defaults.mtu());
        int lease = integer(node, "/options/dhcpLeaseSeconds", "dhcpLeaseSeconds", defaults.dhcpLeaseSeconds());
        List<Integer> dns = new ArrayList<>();
        JsonNode servers = node.get("dnsServers");
        if (servers != null && !servers.isNull()) {
            if (!servers.isArray()) {
                invalid("/options/dnsServers", "must be a JSON array of IPv4 addresses");
            } else {
                for (int i = 0; i < servers.size(); i++) {
                    Integer address = parseText(servers.get(i), "/options/dnsServers/" + i, Ipv4Address::parse,
                        "an IPv4 address like 10.0.0.2");
                    if (address != null) {
                        dns.add(address);
                    }
                }
            }
        }
        String community = null;
        JsonNode snmp = node.get("snmpCommunity");
        if (snmp != null && !snmp.isNull()) {
            community = parseText(snmp, "/options/snmpCommunity", Function.identity(), "a string");
        }
        boolean multicast = defaults.multicastAcrossSubnets();
        JsonNode across = node.get("multicastAcrossSubnets");
        if (across != null && !across.isNull()) {
            if (across.isBoolean()) {
                multicast = across.booleanValue();
            } else {
                invalid("/options/multicastAcrossSubnets", "must be true or false");
            }
        }
        return new NetworkOptions(mtu, dns, lease, community, multicast);
    }

    static SubnetRequest subnet(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.string("name", true);
        Ipv4Prefix cidr = r.parse("cidr", true, Ipv4Prefix::parse, "an IPv4 prefix like 10.0.1.0/24");
        SubnetRouting routing = r.has("routing") ? r.subnetRouting(SubnetRouting.OFF) : null;
        return r.done(new SubnetRequest(name, cidr, routing));
    }

    /**
     * A subnet update: absent fields are left as they are. In {@code routing}, absent fields keep {@code current}'s
     * values (the RIP key too, which reads never show); {@code participants}, when present, replaces the list.
     */
    static SubnetUpdate subnetUpdate(JsonNode body, SubnetRouting current) {
        RequestReader r = new RequestReader(body);
        String name = r.has("name") ? r.string("name", true) : null;
        SubnetRouting routing = r.has("routing") ? r.subnetRouting(current) : null;
        if (name == null && routing == null && body != null && body.isObject()) {
            r.invalid("", "set name, routing or both");
        }
        return r.done(new SubnetUpdate(name, routing));
    }

    /** The "routing" object of a subnet, its absent fields taken from {@code base}. */
    private SubnetRouting subnetRouting(SubnetRouting base) {
        JsonNode node = body.get("routing");
        if (node == null || node.isNull()) {
            return SubnetRouting.OFF;
        }
        if (!node.isObject()) {
            invalid("/routing", "must be a JSON object");
            return base;
        }
        Set<RoutingProtocol> protocols = node.has("protocols")
            ? protocols(node.get("protocols"), "/routing/protocols") : base.protocols();
        int routerId = base.routerId();
        if (node.has("routerId")) {
            Integer parsed = node.get("routerId").isNull() ? Integer.valueOf(0) : parseText(node.get("routerId"),
                "/routing/routerId", Ipv4Address::parse, "an IPv4 address like 10.0.0.1");
            routerId = parsed == null ? routerId : parsed;
        }
        SubnetRouting.Bgp bgp = base.bgp();
        JsonNode b = object(node, "bgp", "/routing/bgp");
        if (b != null) {
            bgp = new SubnetRouting.Bgp(longInteger(b, "/routing/bgp/asn", "asn", bgp.asn()),
                integer(b, "/routing/bgp/holdTimeSeconds", "holdTimeSeconds", bgp.holdTimeSeconds()));
        }
        SubnetRouting.Ospf ospf = base.ospf();
        JsonNode o = object(node, "ospf", "/routing/ospf");
        if (o != null) {
            int area = ospf.area();
            if (o.has("area") && !o.get("area").isNull()) {
                Integer parsed = parseText(o.get("area"), "/routing/ospf/area", Ipv4Address::parse,
                    "an area id like 0.0.0.0");
                area = parsed == null ? area : parsed;
            }
            ospf = new SubnetRouting.Ospf(area, integer(o, "/routing/ospf/helloSeconds", "helloSeconds",
                ospf.helloSeconds()), integer(o, "/routing/ospf/deadSeconds", "deadSeconds", ospf.deadSeconds()),
                integer(o, "/routing/ospf/cost", "cost", ospf.cost()),
                enumValue(o, "/routing/ospf/networkType", "networkType", SubnetRouting.OspfNetworkType.class,
                    ospf.networkType()));
        }
        SubnetRouting.Rip rip = base.rip();
        JsonNode p = object(node, "rip", "/routing/rip");
        if (p != null) {
            String key = rip.key();
            if (p.has("key")) {
                key = p.get("key").isNull() ? null
                    : parseText(p.get("key"), "/routing/rip/key", Function.identity(), "a string");
            }
            SubnetRouting.RipAuthentication authentication = enumValue(p, "/routing/rip/authentication",
                "authentication", SubnetRouting.RipAuthentication.class, rip.authentication());
            if (authentication == SubnetRouting.RipAuthentication.NONE && !p.has("key")) {
                key = null;
            }
            rip = new SubnetRouting.Rip(authentication, key, integer(p, "/routing/rip/keyId", "keyId", rip.keyId()));
        }
        List<RoutingParticipant> participants = base.participants();
        JsonNode list = node.get("participants");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                invalid("/routing/participants", "must be a JSON array");
            } else {
                participants = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    RoutingParticipant participant = participant(list.get(i), "/routing/participants/" + i);
                    if (participant != null) {
                        participants.add(participant);
                    }
                }
            }
        }
        return new SubnetRouting(protocols, routerId, bgp, ospf, rip, participants);
    }

    private RoutingParticipant participant(JsonNode node, String pointer) {
        if (!node.isObject()) {
            invalid(pointer, "must be a JSON object");
            return null;
        }
        NodeId id = parseText(node.get("node"), pointer + "/node", NodeId::new, "a node id like node-0123456789ab");
        Set<RoutingProtocol> protocols = node.has("protocols")
            ? protocols(node.get("protocols"), pointer + "/protocols") : Set.of();
        long asn = longInteger(node, pointer + "/asn", "asn", 0);
        List<PrefixRange> allowed = new ArrayList<>();
        JsonNode prefixes = node.get("allowedPrefixes");
        if (prefixes != null && !prefixes.isNull()) {
            if (!prefixes.isArray()) {
                invalid(pointer + "/allowedPrefixes", "must be a JSON array of prefix ranges");
            } else {
                for (int i = 0; i < prefixes.size(); i++) {
                    PrefixRange range = parseText(prefixes.get(i), pointer + "/allowedPrefixes/" + i,
                        PrefixRange::parse, "a prefix range like 10.1.0.0/16 or 10.1.0.0/16{24,24}");
                    if (range != null) {
                        allowed.add(range);
                    }
                }
            }
        }
        int max = atLeastOne(node, pointer, "maxPrefixes", PeerPolicy.DEFAULT_MAX_PREFIXES);
        int rate = atLeastOne(node, pointer, "messagesPerSecond", PeerPolicy.DEFAULT_MESSAGES_PER_SECOND);
        int burst = atLeastOne(node, pointer, "burst", PeerPolicy.DEFAULT_BURST);
        return id == null ? null : new RoutingParticipant(id, protocols, asn, new PeerPolicy(allowed, max, rate, burst));
    }

    /** A limit of a participant's policy: at least 1. */
    private int atLeastOne(JsonNode node, String pointer, String field, int absent) {
        int value = integer(node, pointer + "/" + field, field, absent);
        if (value < 1) {
            invalid(pointer + "/" + field, "must be at least 1, was " + value);
            return absent;
        }
        return value;
    }

    private Set<RoutingProtocol> protocols(JsonNode node, String pointer) {
        Set<RoutingProtocol> protocols = EnumSet.noneOf(RoutingProtocol.class);
        if (node == null || node.isNull()) {
            return protocols;
        }
        if (!node.isArray()) {
            invalid(pointer, "must be a JSON array of BGP, OSPF, RIP");
            return protocols;
        }
        for (int i = 0; i < node.size(); i++) {
            RoutingProtocol protocol = parseText(node.get(i), pointer + "/" + i,
                text -> RoutingProtocol.valueOf(text.strip().toUpperCase(Locale.ROOT)), "BGP, OSPF or RIP");
            if (protocol != null) {
                protocols.add(protocol);
            }
        }
        return protocols;
    }

    private JsonNode object(JsonNode parent, String field, String pointer) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            invalid(pointer, "must be a JSON object");
            return null;
        }
        return node;
    }

    private <E extends Enum<E>> E enumValue(JsonNode object, String pointer, String field, Class<E> type, E absent) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        String expected = "one of " + java.util.Arrays.toString(type.getEnumConstants());
        E value = parseText(node, pointer, text -> Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT)),
            expected);
        return value == null ? absent : value;
    }

    static NodeRequest node(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.string("name", true);
        HostId host = r.parse("hostId", true, HostId::new, "a host id like host-0123456789ab");
        boolean check = r.bool("sourceDestCheck", true);
        List<InterfaceRequest> interfaces = r.list("interfaces", (node, pointer) -> {
            SubnetId subnet = r.parseText(node.get("subnetId"), pointer + "/subnetId", SubnetId::new,
                "a subnet id like sub-0123456789ab");
            JsonNode address = node.get("address");
            OptionalInt chosen = OptionalInt.empty();
            if (address != null && !address.isNull()) {
                Integer parsed = r.parseText(address, pointer + "/address", Ipv4Address::parse,
                    "an IPv4 address like 10.0.1.10");
                chosen = parsed == null ? OptionalInt.empty() : OptionalInt.of(parsed);
            }
            return new InterfaceRequest(subnet, chosen);
        });
        return r.done(new NodeRequest(name, host, check, interfaces));
    }

    /** A node update: absent fields keep the node's current values. */
    static NodeUpdate nodeUpdate(JsonNode body, io.isthmus.api.resource.Node current) {
        RequestReader r = new RequestReader(body);
        String name = r.has("name") ? r.string("name", true) : current.name();
        HostId host = r.has("hostId") ? r.parse("hostId", true, HostId::new, "a host id") : current.hostId();
        boolean check = r.has("sourceDestCheck") ? r.bool("sourceDestCheck", true) : current.sourceDestCheck();
        boolean healthy = r.has("healthy") ? r.bool("healthy", true) : current.healthy();
        return r.done(new NodeUpdate(name, host, check, healthy));
    }

    static RouteRequest route(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Ipv4Prefix destination = r.parse("destination", true, Ipv4Prefix::parse, "an IPv4 prefix like 10.1.0.0/16");
        List<RouteTarget> targets = r.list("targets", (node, pointer) -> {
            String type = r.parseText(node.get("type"), pointer + "/type", Function.identity(),
                "appliance-interface or blackhole");
            if (type == null) {
                return null;
            }
            return switch (type) {
                case "blackhole" -> new RouteTarget.Blackhole();
                case "appliance-interface" -> {
                    NodeId nodeId = r.parseText(node.get("nodeId"), pointer + "/nodeId", NodeId::new, "a node id");
                    InterfaceId interfaceId = r.parseText(node.get("interfaceId"), pointer + "/interfaceId",
                        InterfaceId::new, "an interface id");
                    yield nodeId == null || interfaceId == null ? null
                        : new RouteTarget.ApplianceInterface(nodeId, interfaceId);
                }
                default -> {
                    r.invalid(pointer + "/type", "'" + type + "' is not appliance-interface or blackhole");
                    yield null;
                }
            };
        });
        return r.done(new RouteRequest(destination, targets));
    }

    private boolean has(String field) {
        return body != null && body.has(field);
    }

    private <T> T done(T request) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "", "the request body must be a JSON object");
        }
        throwIfInvalid();
        return request;
    }

    private String string(String field, boolean required) {
        return parse(field, required, Function.identity(), "a string");
    }

    private boolean bool(String field, boolean required) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                invalid("/" + field, "is required (true or false)");
            }
            return false;
        }
        if (!node.isBoolean()) {
            invalid("/" + field, "must be true or false");
            return false;
        }
        return node.booleanValue();
    }

    private <T> T parse(String field, boolean required, Function<String, T> parser, String expected) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                invalid("/" + field, "is required: " + expected);
            }
            return null;
        }
        return parseText(node, "/" + field, parser, expected);
    }

    private <T> T parseText(JsonNode node, String pointer, Function<String, T> parser, String expected) {
        if (node == null || node.isNull()) {
            invalid(pointer, "is required: " + expected);
            return null;
        }
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

    private interface ElementReader<T> {
        T read(JsonNode element, String pointer);
    }

    private <T> List<T> list(String field, ElementReader<T> element) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isArray()) {
            invalid("/" + field, "is required: a JSON array");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String pointer = "/" + field + "/" + i;
            T value = item.isObject() || item.isTextual() ? element.read(item, pointer) : null;
            if (!item.isObject() && !item.isTextual()) {
                invalid(pointer, "must be an object or a string");
            }
            if (value != null) {
                items.add(value);
            }
        }
        return items;
    }
}
