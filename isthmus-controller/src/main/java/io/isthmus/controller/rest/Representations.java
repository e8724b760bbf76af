package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.api.problem.FieldError;
import io.isthmus.api.problem.Problem;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkDevice;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.Tenant;
import io.isthmus.controller.system.IssuedToken;
import io.isthmus.controller.system.Page;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.MacAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The JSON representation of every resource: ids as strings, addresses and prefixes in their text forms, MACs as
 * {@code 02:00:0a:00:00:05}, and the store version as {@code version} (also the {@code ETag}).
 */
final class Representations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Representations() {
    }

    static ObjectNode tenant(Tenant t) {
        return JSON.objectNode().put("id", t.id().value()).put("name", t.name()).put("version", t.version());
    }

    static ObjectNode token(ApiToken t) {
        ObjectNode node = JSON.objectNode().put("id", t.id().value()).put("tenantId", t.tenantId().value())
            .put("name", t.name()).put("createdAt", t.createdAt().toString());
        node.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        return node.put("version", t.version());
    }

    /** A just-issued token: the only representation that carries the secret. */
    static ObjectNode issuedToken(IssuedToken issued) {
        return token(issued.token()).put("secret", issued.secret());
    }

    static ObjectNode host(Host h) {
        return JSON.objectNode().put("id", h.id().value()).put("name", h.name())
            .put("substratePrefix", h.substratePrefix().toString()).put("version", h.version());
    }

    static ObjectNode network(Network n) {
        ObjectNode node = JSON.objectNode().put("id", n.id().value()).put("tenantId", n.tenantId().value())
            .put("name", n.name());
        ArrayNode blocks = node.putArray("cidrBlocks");
        n.cidrBlocks().forEach(b -> blocks.add(b.toString()));
        node.put("networkId", n.overlayId());
        NetworkOptions o = n.options();
        ObjectNode options = node.putObject("options").put("mtu", o.mtu());
        ArrayNode dns = options.putArray("dnsServers");
        o.dnsServers().forEach(server -> dns.add(Ipv4Address.format(server)));
        options.put("dhcpLeaseSeconds", o.dhcpLeaseSeconds()).put("snmpCommunity", o.snmpCommunity())
            .put("multicastAcrossSubnets", o.multicastAcrossSubnets());
        return node.put("version", n.version());
    }

    static ObjectNode subnet(Subnet s) {
        return JSON.objectNode().put("id", s.id().value()).put("tenantId", s.tenantId().value())
            .put("networkId", s.networkId().value()).put("name", s.name()).put("cidr", s.cidr().toString())
            .put("gateway", Ipv4Address.format(s.gateway())).put("version", s.version());
    }

    static ObjectNode node(Node n) {
        ObjectNode node = JSON.objectNode().put("id", n.id().value()).put("tenantId", n.tenantId().value())
            .put("networkId", n.networkId().value()).put("name", n.name()).put("hostId", n.hostId().value())
            .put("sourceDestCheck", n.sourceDestCheck()).put("healthy", n.healthy());
        ArrayNode interfaces = node.putArray("interfaces");
        for (NetworkInterface i : n.interfaces()) {
            interfaces.add(JSON.objectNode().put("id", i.id().value()).put("subnetId", i.subnetId().value())
                .put("address", Ipv4Address.format(i.address())).put("mac", MacAddress.format(i.mac())));
        }
        return node.put("version", n.version());
    }

    static ObjectNode device(NetworkDevice d) {
        return JSON.objectNode().put("id", d.id().value()).put("tenantId", d.tenantId().value())
            .put("networkId", d.networkId().value()).put("subnetId", d.subnetId().value())
            .put("kind", d.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .put("address", Ipv4Address.format(d.address())).put("mac", MacAddress.format(d.mac()))
            .put("version", d.version());
    }

    static ObjectNode routeTable(RouteTable t) {
        ObjectNode node = JSON.objectNode().put("id", t.id().value()).put("tenantId", t.tenantId().value())
            .put("networkId", t.networkId().value()).put("subnetId", t.subnetId().value());
        ArrayNode routes = node.putArray("routes");
        t.routes().forEach(r -> routes.add(route(r)));
        return node.put("version", t.version());
    }

    static ObjectNode route(Route r) {
        ObjectNode node = JSON.objectNode().put("destination", r.destination().toString())
            .put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        ArrayNode targets = node.putArray("targets");
        r.targets().forEach(t -> targets.add(target(t)));
        return node;
    }

    static ObjectNode target(RouteTarget target) {
        return switch (target) {
            case RouteTarget.Local l -> JSON.objectNode().put("type", "local");
            case RouteTarget.Blackhole b -> JSON.objectNode().put("type", "blackhole");
            case RouteTarget.ApplianceInterface a -> JSON.objectNode().put("type", "appliance-interface")
                .put("nodeId", a.nodeId().value()).put("interfaceId", a.interfaceId().value());
            case RouteTarget.PeeringRouter p -> JSON.objectNode().put("type", "peering-router")
                .put("peeringRouterId", p.id().value());
        };
    }

    static <T> ObjectNode page(Page<T> page, Function<T, ? extends JsonNode> item) {
        ObjectNode node = JSON.objectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(i -> items.add(item.apply(i)));
        node.put("nextCursor", page.nextCursor());
        return node;
    }

    static <T> ObjectNode list(List<T> all, Function<T, ? extends JsonNode> item) {
        return page(new Page<>(all, null), item);
    }

    static ObjectNode problem(Problem p) {
        ObjectNode node = JSON.objectNode().put("type", p.type().toString()).put("title", p.title())
            .put("status", p.status());
        if (p.detail() != null) {
            node.put("detail", p.detail());
        }
        if (p.instance() != null) {
            node.put("instance", p.instance().toString());
        }
        if (!p.errors().isEmpty()) {
            ArrayNode errors = node.putArray("errors");
            for (FieldError e : p.errors()) {
                errors.add(JSON.objectNode().put("pointer", e.pointer()).put("type", e.type().uri().toString())
                    .put("detail", e.detail()));
            }
        }
        return node;
    }
}
