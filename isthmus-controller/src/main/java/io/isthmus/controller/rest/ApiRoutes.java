package io.isthmus.controller.rest;

import static io.isthmus.controller.rest.Route.Access.OPERATOR;
import static io.isthmus.controller.rest.Route.Access.TENANT;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantId;
import io.isthmus.controller.channel.AgentCredentials;
import io.isthmus.controller.channel.HostCounters;
import io.isthmus.controller.metering.MeteringService;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.routing.ReportedSession;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.system.HostService;
import io.isthmus.controller.system.IssuedToken;
import io.isthmus.controller.system.NetworkService;
import io.isthmus.controller.system.NodeService;
import io.isthmus.controller.system.PeeringService;
import io.isthmus.controller.system.TenantService;
import io.isthmus.wire.Ipv4Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The endpoints of {@code /v1} and what each does with the services. Tenant endpoints take the tenant from the
 * token, never from the path, so a tenant can only name its own resources; another tenant's ids answer 404.
 */
final class ApiRoutes {
    private ApiRoutes() {
    }

    static List<Route> all(TenantService tenants, HostService hosts, NetworkService networks, NodeService nodes,
                           AgentCredentials agentCredentials,
                           Function<HostId, Optional<HostCounters>> counterReports, RoutingService routing,
                           PeeringService peering, PeeringViews views, MeteringService metering) {
        List<Route> routes = new ArrayList<>(resources(tenants, hosts, networks, nodes));
        if (peering != null) {
            routes.addAll(peering(peering));
        }
        if (metering != null) {
            routes.addAll(metering(metering));
        }
        if (views != null) {
            routes.add(new Route("GET", "/v1/networks/{networkId}/peering", TENANT,
                "Get what a network reaches through peering routers: its active attachments and the peer ranges as "
                    + "it sees them and as the peers own them, with the routers crossed and their hop addresses", c -> {
                    NetworkId network = visible(c, networks);
                    return Response.ok(PeeringViewJson.view(views.view(network), views.leftOut(network)));
                }));
        }
        if (routing != null) {
            routes.add(new Route("GET", "/v1/networks/{networkId}/routing/sessions", TENANT,
                "List the routing sessions of a network's virtual routers with their participants", c -> {
                    NetworkId network = visible(c, networks);
                    return Response.ok(Representations.list(routing.sessions(network),
                        s -> Representations.routingSession(s, System.currentTimeMillis())));
                }));
            routes.add(new Route("GET", "/v1/subnets/{subnetId}/route-table/effective", TENANT,
                "Get a subnet's route table as its agents apply it: configured, local, learned and propagated routes, "
                    + "the winner per destination, with metrics, resolved next hops and peering paths", c -> {
                    RouteTable table = networks.routeTable(c.tenant(), id(c.param("subnetId"), SubnetId::new));
                    var peeringView = views == null ? null : views.view(table.networkId());
                    return Response.ok(routing.routes(table.networkId(), 0).tables().stream()
                        .filter(t -> t.getSubnetId().equals(table.subnetId().value())).findFirst()
                        .map(t -> Representations.effectiveRouteTable(t, peeringView))
                        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                            "subnet " + table.subnetId().value() + " has no effective route table yet")));
                }));
            routes.add(new Route("GET", "/v1/routing/sessions", TENANT,
                "List the routing sessions of every network of the tenant", c -> {
                    Map<NetworkId, Boolean> visible = new HashMap<>();
                    List<ReportedSession> sessions = routing.sessions().stream()
                        .filter(s -> visible.computeIfAbsent(s.network(), n -> sees(c, networks, n))).toList();
                    return Response.ok(Representations.list(sessions,
                        s -> Representations.routingSession(s, System.currentTimeMillis())));
                }));
        }
        if (counterReports != null) {
            routes.add(new Route("GET", "/v1/hosts/{hostId}/counters", OPERATOR,
                "Get the last data-plane counter report of a host's agent (kept in memory: since the controller "
                    + "started)", c -> {
                    Host h = hosts.get(id(c.param("hostId"), HostId::new));
                    HostCounters report = counterReports.apply(h.id()).orElseThrow(() -> new ProblemException(
                        ProblemType.NOT_FOUND, "the agent of host " + h.id().value()
                            + " has not reported counters since the controller started"));
                    var body = JsonNodeFactory.instance.objectNode().put("hostId", h.id().value())
                        .put("receivedAt", report.receivedAt().toString());
                    var counters = body.putObject("counters");
                    new TreeMap<>(report.counters()).forEach(counters::put);
                    return Response.ok(body);
                }));
        }
        if (agentCredentials != null) {
            routes.add(new Route("POST", "/v1/hosts/{hostId}/credentials", OPERATOR,
                "Issue the agent credential of a host (a token for the agent channel)", c -> {
                    Host h = hosts.get(id(c.param("hostId"), HostId::new));
                    return Response.ok(JsonNodeFactory.instance.objectNode().put("hostId", h.id().value())
                        .put("token", agentCredentials.issue(h.id())));
                }));
        }
        return List.copyOf(routes);
    }

    private static List<Route> resources(TenantService tenants, HostService hosts, NetworkService networks,
                                         NodeService nodes) {
        return List.of(
            // Operator: tenants, their tokens, hosts.
            new Route("POST", "/v1/tenants", OPERATOR, "Create a tenant", c -> {
                Tenant t = tenants.create(RequestReader.tenant(c.body()));
                return Response.created(Representations.tenant(t), t.version());
            }),
            new Route("GET", "/v1/tenants", OPERATOR, "List tenants",
                c -> Response.ok(Representations.page(tenants.list(c.cursor(), c.limit()), Representations::tenant))),
            new Route("GET", "/v1/tenants/{tenantId}", OPERATOR, "Get a tenant", c -> {
                Tenant t = tenants.get(id(c.param("tenantId"), TenantId::new));
                return Response.ok(Representations.tenant(t), t.version());
            }),
            new Route("DELETE", "/v1/tenants/{tenantId}", OPERATOR, "Delete a tenant without networks", c -> {
                tenants.delete(id(c.param("tenantId"), TenantId::new), c.ifVersion());
                return Response.noContent();
            }),
            new Route("POST", "/v1/tenants/{tenantId}/tokens", OPERATOR,
                "Issue an API token for a tenant (the secret is in this response only)", c -> {
                    IssuedToken issued = tenants.issueToken(id(c.param("tenantId"), TenantId::new),
                        RequestReader.token(c.body()));
                    return Response.created(Representations.issuedToken(issued), issued.token().version());
                }),
            new Route("GET", "/v1/tenants/{tenantId}/tokens", OPERATOR, "List a tenant's tokens",
                c -> Response.ok(Representations.page(tenants.tokens(id(c.param("tenantId"), TenantId::new),
                    c.cursor(), c.limit()), Representations::token))),
            new Route("DELETE", "/v1/tenants/{tenantId}/tokens/{tokenId}", OPERATOR, "Revoke a token", c -> {
                tenants.revokeToken(id(c.param("tenantId"), TenantId::new), id(c.param("tokenId"), ApiTokenId::new));
                return Response.noContent();
            }),
            new Route("POST", "/v1/hosts", OPERATOR, "Register a host with its substrate prefix", c -> {
                var h = hosts.register(RequestReader.host(c.body()));
                return Response.created(Representations.host(h), h.version());
            }),
            new Route("GET", "/v1/hosts", OPERATOR, "List hosts",
                c -> Response.ok(Representations.page(hosts.list(c.cursor(), c.limit()), Representations::host))),
            new Route("GET", "/v1/hosts/{hostId}", OPERATOR, "Get a host", c -> {
                var h = hosts.get(id(c.param("hostId"), HostId::new));
                return Response.ok(Representations.host(h), h.version());
            }),
            new Route("DELETE", "/v1/hosts/{hostId}", OPERATOR, "Delete a host without nodes", c -> {
                hosts.delete(id(c.param("hostId"), HostId::new), c.ifVersion());
                return Response.noContent();
            }),

            // Tenant: networks, subnets, route tables, devices, nodes.
            new Route("POST", "/v1/networks", TENANT, "Create a network", c -> {
                Network n = networks.create(c.tenant(), RequestReader.network(c.body()));
                return Response.created(Representations.network(n), n.version());
            }),
            new Route("GET", "/v1/networks", TENANT, "List networks", c -> Response.ok(
                Representations.page(networks.list(c.tenant(), c.cursor(), c.limit()), Representations::network))),
            new Route("GET", "/v1/networks/{networkId}", TENANT, "Get a network", c -> {
                Network n = networks.get(c.tenant(), id(c.param("networkId"), NetworkId::new));
                return Response.ok(Representations.network(n), n.version());
            }),
            new Route("PUT", "/v1/networks/{networkId}", TENANT, "Replace a network's name, CIDR blocks and options", c -> {
                NetworkId networkId = visible(c, networks);
                Network n = networks.replace(c.tenant(), networkId, RequestReader.network(c.body()), c.ifVersion());
                return Response.ok(Representations.network(n), n.version());
            }),
            new Route("DELETE", "/v1/networks/{networkId}", TENANT, "Delete a network without subnets", c -> {
                networks.delete(c.tenant(), id(c.param("networkId"), NetworkId::new), c.ifVersion());
                return Response.noContent();
            }),
            new Route("GET", "/v1/networks/{networkId}/devices", TENANT, "List a network's virtual routers",
                c -> Response.ok(Representations.list(networks.devices(c.tenant(),
                    id(c.param("networkId"), NetworkId::new)), Representations::device))),
            new Route("POST", "/v1/networks/{networkId}/subnets", TENANT, "Create a subnet", c -> {
                Subnet s = networks.createSubnet(c.tenant(), visible(c, networks), RequestReader.subnet(c.body()));
                return Response.created(Representations.subnet(s), s.version());
            }),
            new Route("GET", "/v1/networks/{networkId}/subnets", TENANT, "List a network's subnets",
                c -> Response.ok(Representations.page(networks.subnets(c.tenant(),
                    id(c.param("networkId"), NetworkId::new), c.cursor(), c.limit()), Representations::subnet))),
            new Route("GET", "/v1/subnets/{subnetId}", TENANT, "Get a subnet", c -> {
                Subnet s = networks.subnet(c.tenant(), id(c.param("subnetId"), SubnetId::new));
                return Response.ok(Representations.subnet(s), s.version());
            }),
            new Route("PATCH", "/v1/subnets/{subnetId}", TENANT,
                "Change a subnet's name or routing (absent fields are left as they are)", c -> {
                Subnet current = networks.subnet(c.tenant(), id(c.param("subnetId"), SubnetId::new));
                Subnet s = networks.updateSubnet(c.tenant(), current.id(),
                    RequestReader.subnetUpdate(c.body(), current.routing()), c.ifVersion());
                return Response.ok(Representations.subnet(s), s.version());
            }),
            new Route("DELETE", "/v1/subnets/{subnetId}", TENANT, "Delete a subnet without interfaces", c -> {
                networks.deleteSubnet(c.tenant(), id(c.param("subnetId"), SubnetId::new), c.ifVersion());
                return Response.noContent();
            }),
            new Route("GET", "/v1/subnets/{subnetId}/route-table", TENANT, "Get a subnet's route table", c -> {
                RouteTable t = networks.routeTable(c.tenant(), id(c.param("subnetId"), SubnetId::new));
                return Response.ok(Representations.routeTable(t), t.version());
            }),
            new Route("POST", "/v1/subnets/{subnetId}/route-table/routes", TENANT,
                "Add a static route (to an appliance interface or a blackhole)", c -> {
                    RouteTable t = networks.putRoute(c.tenant(), visibleSubnet(c, networks),
                        RequestReader.route(c.body()), false, c.ifVersion());
                    return Response.created(Representations.routeTable(t), t.version());
                }),
            new Route("DELETE", "/v1/subnets/{subnetId}/route-table/routes/{destination}", TENANT,
                "Remove the static route to a destination written as 10.1.0.0_16", c -> {
                    RouteTable t = networks.deleteRoute(c.tenant(), id(c.param("subnetId"), SubnetId::new),
                        destination(c.param("destination")), c.ifVersion());
                    return Response.ok(Representations.routeTable(t), t.version());
                }),
            new Route("POST", "/v1/networks/{networkId}/nodes", TENANT, "Create a node with its interfaces", c -> {
                Node n = nodes.create(c.tenant(), visible(c, networks), RequestReader.node(c.body()));
                return Response.created(Representations.node(n), n.version());
            }),
            new Route("GET", "/v1/networks/{networkId}/nodes", TENANT, "List a network's nodes",
                c -> Response.ok(Representations.page(nodes.list(c.tenant(), id(c.param("networkId"), NetworkId::new),
                    c.cursor(), c.limit()), Representations::node))),
            new Route("GET", "/v1/nodes/{nodeId}", TENANT, "Get a node", c -> {
                Node n = nodes.get(c.tenant(), id(c.param("nodeId"), NodeId::new));
                return Response.ok(Representations.node(n), n.version());
            }),
            new Route("PATCH", "/v1/nodes/{nodeId}", TENANT, "Update a node's name, host or source/destination check",
                c -> {
                    NodeId nodeId = id(c.param("nodeId"), NodeId::new);
                    Node current = nodes.get(c.tenant(), nodeId);
                    Node n = nodes.update(c.tenant(), nodeId, RequestReader.nodeUpdate(c.body(), current),
                        c.ifVersion());
                    return Response.ok(Representations.node(n), n.version());
                }),
            new Route("DELETE", "/v1/nodes/{nodeId}", TENANT, "Delete a node", c -> {
                nodes.delete(c.tenant(), id(c.param("nodeId"), NodeId::new), c.ifVersion());
                return Response.noContent();
            }));
    }

    private static List<Route> peering(PeeringService peering) {
        return List.of(
            new Route("POST", "/v1/peering-routers", TENANT, "Create a peering router with its restrictions", c -> {
                PeeringRouter r = peering.create(c.tenant(), PeeringJson.router(c.body(), false));
                return Response.created(PeeringJson.router(r), r.version());
            }),
            new Route("GET", "/v1/peering-routers", TENANT, "List the tenant's peering routers", c -> Response.ok(
                Representations.page(peering.list(c.tenant(), c.cursor(), c.limit()), PeeringJson::router))),
            new Route("GET", "/v1/peering-routers/{routerId}", TENANT, "Get a peering router", c -> {
                PeeringRouter r = peering.get(c.tenant(), id(c.param("routerId"), PeeringRouterId::new));
                return Response.ok(PeeringJson.router(r), r.version());
            }),
            new Route("PATCH", "/v1/peering-routers/{routerId}", TENANT,
                "Change a peering router's name or restrictions (absent fields are left as they are)", c -> {
                    PeeringRouterId routerId = id(c.param("routerId"), PeeringRouterId::new);
                    peering.get(c.tenant(), routerId);
                    PeeringRouter r = peering.update(c.tenant(), routerId, PeeringJson.router(c.body(), true),
                        c.ifVersion());
                    return Response.ok(PeeringJson.router(r), r.version());
                }),
            new Route("DELETE", "/v1/peering-routers/{routerId}", TENANT,
                "Delete a peering router without attachments", c -> {
                    peering.delete(c.tenant(), id(c.param("routerId"), PeeringRouterId::new), c.ifVersion());
                    return Response.noContent();
                }),
            new Route("POST", "/v1/peering-routers/{routerId}/attachments", TENANT,
                "Attach a network to a peering router (the network's tenant, or the router's owner for another "
                    + "tenant's network), with its policy", c -> {
                    PeeringAttachment a = peering.attach(c.tenant(), id(c.param("routerId"), PeeringRouterId::new),
                        PeeringJson.attachment(c.body()));
                    return Response.created(PeeringJson.attachment(a), a.version());
                }),
            new Route("GET", "/v1/peering-routers/{routerId}/attachments", TENANT,
                "List a peering router's attachments (its owner)", c -> Response.ok(Representations.list(
                    peering.attachments(c.tenant(), id(c.param("routerId"), PeeringRouterId::new)),
                    PeeringJson::attachment))),
            new Route("GET", "/v1/networks/{networkId}/peering-attachments", TENANT,
                "List a network's peering attachments", c -> Response.ok(Representations.list(
                    peering.networkAttachments(c.tenant(), id(c.param("networkId"), NetworkId::new)),
                    PeeringJson::attachment))),
            new Route("GET", "/v1/peering-attachments", TENANT,
                "List every peering attachment the tenant is a party to (of its routers and of its networks)",
                c -> Response.ok(Representations.list(peering.attachments(c.tenant()), PeeringJson::attachment))),
            new Route("GET", "/v1/peering-attachments/{attachmentId}", TENANT, "Get a peering attachment", c -> {
                PeeringAttachment a = peering.attachment(c.tenant(),
                    id(c.param("attachmentId"), PeeringAttachmentId::new));
                return Response.ok(PeeringJson.attachment(a), a.version());
            }),
            new Route("POST", "/v1/peering-attachments/{attachmentId}/accept", TENANT,
                "Accept a pending peering attachment (the party whose acceptance is missing)", c -> {
                    PeeringAttachment a = peering.accept(c.tenant(),
                        id(c.param("attachmentId"), PeeringAttachmentId::new), c.ifVersion());
                    return Response.ok(PeeringJson.attachment(a), a.version());
                }),
            new Route("POST", "/v1/peering-attachments/{attachmentId}/reject", TENANT,
                "Reject a pending peering attachment (either party)", c -> {
                    PeeringAttachment a = peering.reject(c.tenant(),
                        id(c.param("attachmentId"), PeeringAttachmentId::new), c.ifVersion());
                    return Response.ok(PeeringJson.attachment(a), a.version());
                }),
            new Route("POST", "/v1/peering-routers/{routerId}/links", TENANT,
                "Link a peering router to another (active at once with the same owner, else when the other owner "
                    + "accepts)", c -> {
                    PeeringLink l = peering.link(c.tenant(), id(c.param("routerId"), PeeringRouterId::new),
                        PeeringJson.linkPeer(c.body()));
                    return Response.created(PeeringJson.link(l), l.version());
                }),
            new Route("GET", "/v1/peering-routers/{routerId}/links", TENANT, "List a peering router's links",
                c -> Response.ok(Representations.list(peering.links(c.tenant(),
                    id(c.param("routerId"), PeeringRouterId::new)), PeeringJson::link))),
            new Route("POST", "/v1/peering-links/{linkId}/accept", TENANT,
                "Accept a pending link (the other router's owner)", c -> {
                    PeeringLink l = peering.acceptLink(c.tenant(), id(c.param("linkId"), PeeringLinkId::new),
                        c.ifVersion());
                    return Response.ok(PeeringJson.link(l), l.version());
                }),
            new Route("POST", "/v1/peering-links/{linkId}/reject", TENANT,
                "Reject a pending link (the other router's owner)", c -> {
                    PeeringLink l = peering.rejectLink(c.tenant(), id(c.param("linkId"), PeeringLinkId::new),
                        c.ifVersion());
                    return Response.ok(PeeringJson.link(l), l.version());
                }),
            new Route("DELETE", "/v1/peering-links/{linkId}", TENANT, "Delete a link (either router's owner)", c -> {
                peering.deleteLink(c.tenant(), id(c.param("linkId"), PeeringLinkId::new), c.ifVersion());
                return Response.noContent();
            }),
            new Route("DELETE", "/v1/peering-attachments/{attachmentId}", TENANT,
                "Detach: delete a peering attachment in any state (either party)", c -> {
                    peering.detach(c.tenant(), id(c.param("attachmentId"), PeeringAttachmentId::new),
                        c.ifVersion());
                    return Response.noContent();
                }));
    }

    /**
     * The {@code networkId} of the path once the tenant is known to see it, so that a request naming another
     * tenant's network answers 404 whatever its body holds.
     */
    private static NetworkId visible(Call c, NetworkService networks) {
        NetworkId id = id(c.param("networkId"), NetworkId::new);
        networks.get(c.tenant(), id);
        return id;
    }

    /** Whether the calling tenant sees {@code network}. */
    private static boolean sees(Call c, NetworkService networks, NetworkId network) {
        try {
            networks.get(c.tenant(), network);
            return true;
        } catch (ProblemException e) {
            if (e.type() != ProblemType.NOT_FOUND) {
                throw e;
            }
            return false;
        }
    }

    /** The {@code subnetId} of the path once the tenant is known to see it. */
    private static SubnetId visibleSubnet(Call c, NetworkService networks) {
        SubnetId id = id(c.param("subnetId"), SubnetId::new);
        networks.subnet(c.tenant(), id);
        return id;
    }

    /**
     * Metering: the fee schedule (operator), an attachment's usage (either party), invoices (the operator's of any
     * tenant, a tenant's own). Periods are {@code from} and {@code to} in the query ({@link MeteringJson}).
     */
    private static List<Route> metering(MeteringService metering) {
        return List.of(
            new Route("GET", "/v1/fee-schedule", OPERATOR,
                "Get the fee schedule of peering (every price zero until the operator sets one)",
                c -> Response.ok(MeteringJson.feeSchedule(metering.feeSchedule()))),
            new Route("PUT", "/v1/fee-schedule", OPERATOR,
                "Replace the fee schedule of peering: currency, prices per attachment-hour, per GB in and out, per "
                    + "1000 routing updates",
                c -> Response.ok(MeteringJson.feeSchedule(metering.setFeeSchedule(
                    MeteringJson.feeSchedule(c.body()))))),
            new Route("GET", "/v1/peering-attachments/{attachmentId}/usage", TENANT,
                "Get a peering attachment's usage in a period (from, to; default the current month): bytes and "
                    + "packets in and out, routing updates, attachment-hours, per hour",
                c -> Response.ok(MeteringJson.usage(metering.usage(c.tenant(),
                    id(c.param("attachmentId"), PeeringAttachmentId::new),
                    MeteringJson.period(c.query(), Instant.now()))))),
            new Route("GET", "/v1/tenants/{tenantId}/invoice", OPERATOR,
                "Get a tenant's invoice of peering for a period (from, to; default the current month)",
                c -> Response.ok(MeteringJson.invoice(metering.invoice(id(c.param("tenantId"), TenantId::new),
                    MeteringJson.period(c.query(), Instant.now()))))),
            new Route("GET", "/v1/invoice", TENANT,
                "Get the calling tenant's invoice of peering for a period (from, to; default the current month)",
                c -> Response.ok(MeteringJson.invoice(metering.invoice(c.tenant(),
                    MeteringJson.period(c.query(), Instant.now()))))));
    }

    /** A path id; a malformed one names nothing, so it answers 404 like an unknown one. */
    private static <T> T id(String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no resource " + text);
        }
    }

    /** A route destination in a path: the prefix with '_' for '/', as in 10.1.0.0_16. */
    private static Ipv4Prefix destination(String text) {
        try {
            return Ipv4Prefix.parse(text.replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no route to " + text);
        }
    }
}
