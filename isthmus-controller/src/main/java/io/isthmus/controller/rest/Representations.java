package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.api.channel.v1.NextHop;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.problem.FieldError;
import io.isthmus.api.problem.Problem;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkDevice;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.Tenant;
import io.isthmus.controller.routing.ReportedSession;
import io.isthmus.controller.system.IssuedToken;
import io.isthmus.controller.system.Page;
import io.isthmus.routing.SessionStatus;
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
        ObjectNode node = JSON.objectNode().put("id", s.id().value()).put("tenantId", s.tenantId().value())
            .put("networkId", s.networkId().value()).put("name", s.name()).put("cidr", s.cidr().toString())
            .put("gateway", Ipv4Address.format(s.gateway()));
        node.set("routing", routing(s.routing(), s.gateway()));
        return node.put("version", s.version());
    }

    /**
     * A subnet's routing: every setting with the values in effect (the router id defaults to the gateway). The RIP
     * key is never shown; {@code keySet} says whether there is one.
     */
    static ObjectNode routing(SubnetRouting r, int gateway) {
        ObjectNode node = JSON.objectNode();
        ArrayNode protocols = node.putArray("protocols");
        r.protocols().stream().sorted().forEach(p -> protocols.add(p.name()));
        node.put("routerId", Ipv4Address.format(r.effectiveRouterId(gateway)));
        node.putObject("bgp").put("asn", r.bgp().asn()).put("holdTimeSeconds", r.bgp().holdTimeSeconds());
        node.putObject("ospf").put("area", Ipv4Address.format(r.ospf().area()))
            .put("helloSeconds", r.ospf().helloSeconds()).put("deadSeconds", r.ospf().deadSeconds())
            .put("cost", r.ospf().cost()).put("networkType", r.ospf().networkType().name());
        node.putObject("rip").put("authentication", r.rip().authentication().name())
            .put("keySet", r.rip().key() != null).put("keyId", r.rip().keyId());
        ArrayNode participants = node.putArray("participants");
        for (RoutingParticipant p : r.participants()) {
            ObjectNode participant = participants.addObject().put("node", p.node().value());
            ArrayNode spoken = participant.putArray("protocols");
            p.protocols().stream().sorted().forEach(protocol -> spoken.add(protocol.name()));
            if (p.asn() != 0) {
                participant.put("asn", p.asn());
            }
            ArrayNode allowed = participant.putArray("allowedPrefixes");
            p.policy().allowed().forEach(range -> allowed.add(range.toString()));
            participant.put("maxPrefixes", p.policy().maxPrefixes())
                .put("messagesPerSecond", p.policy().messagesPerSecond()).put("burst", p.policy().burst());
        }
        return node;
    }

    /** A routing session as its host last reported it, with its uptime at {@code nowMillis}. */
    /** A subnet's effective route table: per destination, the winning route with its metric and next hops. */
    static ObjectNode effectiveRouteTable(RouteTableInfo table) {
        return effectiveRouteTable(table, null);
    }

    /**
     * {@link #effectiveRouteTable(RouteTableInfo)}, each propagated route with its peering path from {@code peering}
     * (the network's view; null: none): the peer range's routers with their hop addresses, the peer network and the
     * range in the peer's own addresses.
     */
    static ObjectNode effectiveRouteTable(RouteTableInfo table, NetworkPeeringInfo peering) {
        ObjectNode node = JSON.objectNode().put("subnetId", table.getSubnetId()).put("networkId", table.getNetworkId());
        ArrayNode routes = node.putArray("routes");
        for (RouteInfo route : table.getRoutesList()) {
            ObjectNode r = routes.addObject()
                .put("destination", Ipv4Address.format(route.getPrefix()) + "/" + route.getLength())
                .put("kind", route.getKind().name()).put("action", route.getAction().name())
                .put("metric", route.getMetric());
            if (!route.getLearnedFromNodeId().isEmpty()) {
                r.putObject("learnedFrom").put("nodeId", route.getLearnedFromNodeId())
                    .put("address", Ipv4Address.format(route.getLearnedFromAddress()));
            }
            if (route.getAction() == RouteInfo.Action.PEERING) {
                ObjectNode path = r.putObject("peering").put("routerId", route.getPeeringRouterId());
                if (peering != null) {
                    peering.getPeersList().stream()
                        .filter(p -> p.getPrefix() == route.getPrefix() && p.getLength() == route.getLength())
                        .findFirst().ifPresent(p -> {
                            path.put("peerNetworkId", p.getPeerNetworkId()).put("peerPrefix",
                                Ipv4Address.format(p.getPeerPrefix()) + "/" + p.getLength());
                            PeeringViewJson.routers(path.putArray("routers"), p);
                        });
                }
            }
            ArrayNode hops = r.putArray("nextHops");
            for (NextHop hop : route.getNextHopsList()) {
                hops.addObject().put("nodeId", hop.getNodeId()).put("interfaceId", hop.getInterfaceId())
                    .put("address", Ipv4Address.format(hop.getAddress()));
            }
        }
        return node;
    }

    static ObjectNode routingSession(ReportedSession session, long nowMillis) {
        SessionStatus st = session.status();
        ObjectNode node = JSON.objectNode().put("networkId", session.network().value())
            .put("subnetId", session.subnet().value()).put("nodeId", session.node().value())
            .put("peer", Ipv4Address.format(st.peer())).put("protocol", st.protocol().name())
            .put("hostId", session.host().value()).put("state", st.state()).put("up", st.up())
            .put("uptimeSeconds", st.up() && st.upSinceMillis() > 0
                ? Math.max(0, (nowMillis - st.upSinceMillis()) / 1000) : 0)
            .put("received", st.received()).put("accepted", st.accepted()).put("announced", st.announced())
            .put("filtered", st.filtered()).put("overLimit", st.overLimit()).put("rateLimited", st.rateLimited())
            .put("messagesIn", st.messagesIn()).put("messagesOut", st.messagesOut())
            .put("lastError", st.lastError());
        ArrayNode learned = node.putArray("learned");
        session.learned().forEach(route -> learned.addObject().put("prefix", route.prefix().toString())
            .put("metric", route.metric()));
        return node;
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
