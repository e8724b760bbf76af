package io.isthmus.api.problem;

import static io.isthmus.api.Fixtures.DB;
import static io.isthmus.api.Fixtures.HOST;
import static io.isthmus.api.Fixtures.NETWORK;
import static io.isthmus.api.Fixtures.RANDOM;
import static io.isthmus.api.Fixtures.TENANT;
import static io.isthmus.api.Fixtures.WEB;
import static io.isthmus.api.Fixtures.ip;
import static io.isthmus.api.Fixtures.node;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.isthmus.api.allocation.AddressPool;
import io.isthmus.api.allocation.NetworkIdAllocator;
import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.allocation.PeeringRanges;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.AvailabilityWindow;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.api.validation.HostRules;
import io.isthmus.api.validation.Limits;
import io.isthmus.api.validation.NetworkRules;
import io.isthmus.api.validation.NodeRules;
import io.isthmus.api.validation.PeeringRules;
import io.isthmus.api.validation.RouteRules;
import io.isthmus.api.validation.SubnetRules;
import io.isthmus.api.validation.TenantRules;
import io.isthmus.api.validation.Versions;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv6Prefix;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every problem type of the catalogue is raised by a rule of this module, or documented as the REST layer's. */
class ProblemCatalogueTest {
    private static final Node FW = node("fw", false, WEB, "10.0.1.10", DB, "10.0.2.10");
    private static final Node VM = node("vm", true, WEB, "10.0.1.4");
    private static final RouteTable TABLE = new RouteTable(WEB.routeTableId(), TENANT, NETWORK.id(), WEB.id(),
        List.of(new Route(prefix("0.0.0.0/0"), List.of(via(FW, 0)), RouteKind.STATIC)), 1);

    private static RouteTarget via(Node node, int index) {
        return new RouteTarget.ApplianceInterface(node.id(), node.interfaces().get(index).id());
    }

    private static void route(Limits limits, String destination, RouteTarget... targets) {
        RouteRules.validateStatic(new RouteRequest(prefix(destination), List.of(targets)), TABLE, WEB,
            List.of(FW, VM), limits, false);
    }

    private static void network(String... blocks) {
        NetworkRules.validateCreate(new NetworkRequest("n", Arrays.stream(blocks).map(b -> prefix(b)).toList()),
            List.of(), Limits.DEFAULT);
    }

    private static void nodeAt(SubnetId subnet, String address) {
        NodeRules.create(new NodeRequest("n", HOST.id(), true, List.of(InterfaceRequest.at(subnet, ip(address)))),
            NETWORK, List.of(WEB, DB), List.of(FW, VM), List.of(HOST), Limits.DEFAULT, RANDOM);
    }

    private static final PeeringRouter ROUTER = new PeeringRouter(PeeringRouterId.random(RANDOM), TENANT, "hub",
        PeeringRestrictions.NONE, 1);

    private static final Map<ProblemType, ThrowingCallable> TRIGGERS = new EnumMap<>(Map.ofEntries(
        Map.entry(ProblemType.INVALID_FIELD, () -> TenantRules.validateCreate(new TenantRequest("-"), List.of())),
        Map.entry(ProblemType.CIDR_NOT_UNICAST, () -> network("127.0.0.0/8")),
        Map.entry(ProblemType.PREFIX_TOO_SMALL, () -> network("10.0.0.0/29")),
        Map.entry(ProblemType.PREFIX_TOO_LARGE, () -> network("10.0.0.0/7")),
        Map.entry(ProblemType.OVERLAPPING_NETWORK_CIDR, () -> network("10.0.0.0/8", "10.1.0.0/16")),
        Map.entry(ProblemType.CIDR_BLOCK_IN_USE, () -> NetworkRules.validateReplace(NETWORK,
            new NetworkRequest("prod", List.of(prefix("10.1.0.0/16"))), List.of(), List.of(WEB), Limits.DEFAULT)),
        Map.entry(ProblemType.CIDR_OUTSIDE_NETWORK, () -> SubnetRules.validateCreate(
            new SubnetRequest("s", prefix("192.168.0.0/24")), NETWORK, List.of(), Limits.DEFAULT)),
        Map.entry(ProblemType.OVERLAPPING_SUBNET, () -> SubnetRules.validateCreate(
            new SubnetRequest("s", prefix("10.0.1.0/25")), NETWORK, List.of(WEB), Limits.DEFAULT)),
        Map.entry(ProblemType.SUBNET_HAS_INTERFACES, () -> SubnetRules.validateDelete(WEB, List.of(VM))),
        Map.entry(ProblemType.ADDRESS_OUTSIDE_SUBNET, () -> nodeAt(WEB.id(), "10.0.2.5")),
        Map.entry(ProblemType.ADDRESS_RESERVED, () -> nodeAt(WEB.id(), "10.0.1.2")),
        Map.entry(ProblemType.ADDRESS_IN_USE, () -> nodeAt(WEB.id(), "10.0.1.4")),
        Map.entry(ProblemType.SUBNET_FULL, () -> {
            AddressPool pool = new AddressPool(prefix("10.0.0.0/29"));
            for (int i = 0; i < 4; i++) {
                pool.allocate("/a");
            }
        }),
        Map.entry(ProblemType.NETWORK_ID_EXHAUSTED,
            () -> NetworkIdAllocator.allocate(new NetworkIdRange(1, 1), Set.of(1), 0)),
        Map.entry(ProblemType.UNKNOWN_HOST, () -> HostRules.requireKnown("/hostId", HostId.random(RANDOM),
            List.of(HOST))),
        Map.entry(ProblemType.UNKNOWN_SUBNET, () -> nodeAt(SubnetId.random(RANDOM), "10.0.1.9")),
        Map.entry(ProblemType.OVERLAPPING_HOST_PREFIX, () -> HostRules.validateRegister(
            new HostRequest("h", Ipv6Prefix.parse("2001:db8:0:1::/72")), List.of(HOST), 72)),
        Map.entry(ProblemType.NAME_IN_USE, () -> NetworkRules.validateCreate(
            new NetworkRequest("prod", List.of(prefix("10.0.0.0/16"))), List.of(NETWORK), Limits.DEFAULT)),
        Map.entry(ProblemType.DUPLICATE_ROUTE, () -> route(Limits.DEFAULT, "0.0.0.0/0", via(FW, 0))),
        Map.entry(ProblemType.INVALID_ROUTE_DESTINATION, () -> route(Limits.DEFAULT, "10.0.1.0/24", via(FW, 0))),
        Map.entry(ProblemType.UNKNOWN_ROUTE_TARGET, () -> route(Limits.DEFAULT, "10.9.0.0/16",
            new RouteTarget.ApplianceInterface(NodeId.random(RANDOM), InterfaceId.random(RANDOM)))),
        Map.entry(ProblemType.TARGET_NOT_APPLIANCE, () -> route(Limits.DEFAULT, "10.9.0.0/16", via(VM, 0))),
        Map.entry(ProblemType.TARGET_NOT_IN_SUBNET, () -> route(Limits.DEFAULT, "10.9.0.0/16", via(FW, 1))),
        Map.entry(ProblemType.UNSUPPORTED_ROUTE_TARGET, () -> route(Limits.DEFAULT, "10.9.0.0/16",
            new RouteTarget.PeeringRouter(PeeringRouterId.random(RANDOM)))),
        Map.entry(ProblemType.NODE_IS_ROUTE_TARGET, () -> NodeRules.validateDelete(FW, List.of(TABLE))),
        Map.entry(ProblemType.ROUTE_LIMIT_EXCEEDED, () -> route(new Limits(5, 200, 8, 1, 8), "10.9.0.0/16",
            via(FW, 0))),
        Map.entry(ProblemType.LIMIT_EXCEEDED, () -> NetworkRules.validateCreate(new NetworkRequest("n",
            List.of(prefix("10.0.0.0/16"), prefix("10.1.0.0/16"))), List.of(), new Limits(1, 200, 8, 100, 8))),
        Map.entry(ProblemType.UNKNOWN_PARTICIPANT, () -> participant(NodeId.random(RANDOM))),
        Map.entry(ProblemType.PARTICIPANT_NOT_APPLIANCE, () -> participant(VM.id())),
        Map.entry(ProblemType.PARTICIPANT_NOT_IN_SUBNET, () -> SubnetRules.validateCreate(
            new SubnetRequest("s", prefix("10.0.3.0/24"), routing(FW.id())), NETWORK, List.of(WEB, DB),
            List.of(FW, VM), Limits.DEFAULT)),
        Map.entry(ProblemType.VERSION_MISMATCH, () -> Versions.checkMatch(1, 2)),
        Map.entry(ProblemType.PEERING_NOT_ALLOWED, () -> PeeringRules.reject(pending(), TenantId.random(RANDOM))),
        Map.entry(ProblemType.OUTSIDE_AVAILABILITY_WINDOW, () -> attach(new PeeringRestrictions(List.of(), List.of(),
            List.of(new AvailabilityWindow.Absolute(Instant.EPOCH, Instant.EPOCH.plusSeconds(1))), 0, false),
            AttachmentPolicy.DEFAULTS)),
        Map.entry(ProblemType.OVERLAPPING_PEERING_RANGE, () -> PeeringRules.resolveOverlaps(NETWORK.cidrBlocks(),
            AttachmentPolicy.DEFAULTS, List.of(pending()))),
        Map.entry(ProblemType.PEERING_RANGE_EXHAUSTED, () -> PeeringRanges.allocate(8, PeeringRanges.POOLS, "")),
        Map.entry(ProblemType.INVALID_ATTACHMENT_TRANSITION, () -> PeeringRules.accept(pending(), TENANT, ROUTER,
            List.of(), Instant.EPOCH)),
        Map.entry(ProblemType.ALREADY_ATTACHED, () -> PeeringRules.attach(new PeeringAttachmentRequest(NETWORK.id(),
            null, 0), PeeringAttachmentId.random(RANDOM), ROUTER, NETWORK, TENANT, List.of(pending()),
            Instant.EPOCH)),
        Map.entry(ProblemType.UNKNOWN_PEER_ATTACHMENT, () -> attach(PeeringRestrictions.NONE, new AttachmentPolicy(
            List.of(), List.of(), List.of(), false, List.of(PeeringAttachmentId.random(RANDOM)), OverlapMode.REFUSE,
            List.of()))),
        Map.entry(ProblemType.ROUTER_HAS_ATTACHMENTS, () -> PeeringRules.validateDelete(ROUTER,
            List.of(pending())))));

    /** An attachment of NETWORK to ROUTER, requested and accepted by the owner. */
    private static PeeringAttachment pending() {
        return new PeeringAttachment(PeeringAttachmentId.random(RANDOM), ROUTER.id(), TENANT, NETWORK.id(), TENANT,
            TENANT, PeeringAttachmentState.PENDING_ACCEPTANCE, true, true, NETWORK.cidrBlocks(),
            AttachmentPolicy.DEFAULTS, List.of(), 0, Instant.EPOCH, null, 1);
    }

    private static void attach(PeeringRestrictions restrictions, AttachmentPolicy policy) {
        PeeringRouter router = new PeeringRouter(ROUTER.id(), TENANT, "hub", restrictions, 1);
        PeeringRules.attach(new PeeringAttachmentRequest(NETWORK.id(), policy, 0), PeeringAttachmentId.random(RANDOM),
            router, NETWORK, TENANT, List.of(), Instant.EPOCH.plusSeconds(5));
    }

    private static SubnetRouting routing(NodeId participant) {
        return new SubnetRouting(Set.of(RoutingProtocol.OSPF), 0, SubnetRouting.Bgp.DEFAULTS,
            SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS, List.of(new RoutingParticipant(participant,
                Set.of(RoutingProtocol.OSPF), 0, new PeerPolicy(List.of(), 1, 1, 1))));
    }

    private static void participant(NodeId node) {
        SubnetRules.validateUpdate(WEB, new SubnetUpdate(null, routing(node)), List.of(WEB, DB), List.of(FW, VM));
    }

    @Test
    void everyModelProblemTypeIsRaisedByARule() {
        for (ProblemType type : ProblemType.values()) {
            if (type.raisedBy() == ProblemType.Layer.MODEL) {
                assertThat(TRIGGERS).as("a rule raising " + type.slug()).containsKey(type);
            }
        }
    }

    @Test
    void eachTriggerRaisesItsType() {
        TRIGGERS.forEach((type, trigger) -> {
            ValidationException e = catchThrowableOfType(ValidationException.class, trigger);
            assertThat(e).as(type.slug()).isNotNull();
            assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
        });
    }

    @Test
    void restLayerTypesAreOnlyTheHttpOnes() {
        assertThat(Arrays.stream(ProblemType.values()).filter(t -> t.raisedBy() == ProblemType.Layer.REST))
            .containsExactlyInAnyOrder(ProblemType.UNAUTHORIZED, ProblemType.FORBIDDEN, ProblemType.NOT_FOUND,
                ProblemType.RESOURCE_IN_USE, ProblemType.STORE_UNAVAILABLE);
        assertThat(TRIGGERS.keySet()).noneMatch(t -> t.raisedBy() == ProblemType.Layer.REST);
    }
}
