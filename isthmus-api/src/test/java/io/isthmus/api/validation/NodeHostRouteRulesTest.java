package io.isthmus.api.validation;

import static io.isthmus.api.Fixtures.DB;
import static io.isthmus.api.Fixtures.HOST;
import static io.isthmus.api.Fixtures.NETWORK;
import static io.isthmus.api.Fixtures.RANDOM;
import static io.isthmus.api.Fixtures.TENANT;
import static io.isthmus.api.Fixtures.WEB;
import static io.isthmus.api.Fixtures.assertRejected;
import static io.isthmus.api.Fixtures.ip;
import static io.isthmus.api.Fixtures.node;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NodeHostRouteRulesTest {
    private static final Node FIREWALL = node("fw", false, WEB, "10.0.1.10", DB, "10.0.2.10");
    private static final Node IDS = node("ids", false, WEB, "10.0.1.11");
    private static final Node VM = node("vm", true, WEB, "10.0.1.4");
    private static final List<Node> NODES = List.of(FIREWALL, IDS, VM);

    private static Node create(NodeRequest request) {
        return NodeRules.create(request, NETWORK, List.of(WEB, DB), NODES, List.of(HOST), Limits.DEFAULT, RANDOM);
    }

    private static NodeRequest request(InterfaceRequest... interfaces) {
        return new NodeRequest("app", HOST.id(), true, List.of(interfaces));
    }

    // Nodes

    @Test
    void allocatesTheLowestFreeAddressAndDerivesTheMac() {
        Node node = create(request(InterfaceRequest.allocated(WEB.id()), InterfaceRequest.at(DB.id(), ip("10.0.2.4"))));

        assertThat(node.interfaces().get(0).address()).isEqualTo(ip("10.0.1.5"));
        assertThat(node.interfaces().get(0).mac()).isEqualTo(VirtualMacs.forInterface(ip("10.0.1.5")));
        assertThat(node.interfaces().get(1).address()).isEqualTo(ip("10.0.2.4"));
        assertThat(node.tenantId()).isEqualTo(TENANT);
        assertThat(node.version()).isZero();
        assertThat(node.sourceDestCheck()).isTrue();
    }

    @Test
    void unknownHostIsRejected() {
        assertRejected(() -> create(new NodeRequest("app", HostId.random(RANDOM), true,
            List.of(InterfaceRequest.allocated(WEB.id())))), ProblemType.UNKNOWN_HOST, "/hostId");
    }

    @Test
    void unknownSubnetIsRejected() {
        assertRejected(() -> create(request(InterfaceRequest.allocated(SubnetId.random(RANDOM)))),
            ProblemType.UNKNOWN_SUBNET, "/interfaces/0/subnetId");
    }

    @Test
    void addressOutsideSubnetIsRejected() {
        assertRejected(() -> create(request(InterfaceRequest.at(WEB.id(), ip("10.0.2.20")))),
            ProblemType.ADDRESS_OUTSIDE_SUBNET, "/interfaces/0/address");
    }

    @Test
    void reservedAddressIsRejected() {
        assertRejected(() -> create(request(InterfaceRequest.at(WEB.id(), ip("10.0.1.1")))),
            ProblemType.ADDRESS_RESERVED, "/interfaces/0/address");
        assertRejected(() -> create(request(InterfaceRequest.at(WEB.id(), ip("10.0.1.255")))),
            ProblemType.ADDRESS_RESERVED, "/interfaces/0/address");
    }

    @Test
    void addressInUseIsRejected() {
        assertRejected(() -> create(request(InterfaceRequest.at(WEB.id(), ip("10.0.1.10")))),
            ProblemType.ADDRESS_IN_USE, "/interfaces/0/address");
    }

    @Test
    void fullSubnetIsRejected() {
        var tiny = io.isthmus.api.resource.Subnet.of(SubnetId.random(RANDOM), TENANT, NETWORK.id(), "tiny",
            prefix("10.1.0.0/28"), 1);
        List<Node> nodes = new ArrayList<>();
        for (int i = 4; i < 15; i++) {
            nodes.add(node("n" + i, true, tiny, "10.1.0." + i));
        }
        assertRejected(() -> NodeRules.create(request(InterfaceRequest.allocated(tiny.id())), NETWORK, List.of(tiny),
            nodes, List.of(HOST), Limits.DEFAULT, RANDOM), ProblemType.SUBNET_FULL, "/interfaces/0/address");
    }

    @Test
    void secondInterfaceInTheSameSubnetIsRejected() {
        assertRejected(() -> create(request(InterfaceRequest.allocated(WEB.id()), InterfaceRequest.allocated(WEB.id()))),
            ProblemType.INVALID_FIELD, "/interfaces/1/subnetId");
    }

    @Test
    void nodeWithoutInterfacesIsRejected() {
        assertRejected(() -> create(request()), ProblemType.INVALID_FIELD, "/interfaces");
        assertRejected(() -> create(request(new InterfaceRequest(WEB.id(), null))), ProblemType.INVALID_FIELD,
            "/interfaces/0/address");
    }

    @Test
    void interfaceLimitIsEnforced() {
        assertRejected(() -> NodeRules.create(request(InterfaceRequest.allocated(WEB.id()),
            InterfaceRequest.allocated(DB.id())), NETWORK, List.of(WEB, DB), NODES, List.of(HOST),
            new Limits(5, 200, 1, 100, 8), RANDOM), ProblemType.LIMIT_EXCEEDED, "/interfaces");
    }

    @Test
    void nodeNameInUseIsRejected() {
        assertRejected(() -> create(new NodeRequest("vm", HOST.id(), true, List.of(InterfaceRequest.allocated(WEB.id())))),
            ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void chosenAddressesAreClaimedBeforeAllocation() {
        Node node = create(request(InterfaceRequest.allocated(WEB.id()))); // 10.0.1.5 is the lowest free
        assertThat(node.interfaces().getFirst().address()).isEqualTo(ip("10.0.1.5"));
        Node other = NodeRules.create(new NodeRequest("b", HOST.id(), true,
                List.of(InterfaceRequest.allocated(DB.id()), new InterfaceRequest(WEB.id(), OptionalInt.of(ip("10.0.1.5"))))),
            NETWORK, List.of(WEB, DB), NODES, List.of(HOST), Limits.DEFAULT, RANDOM);
        assertThat(other.interfaces().get(0).address()).isEqualTo(ip("10.0.2.4"));
    }

    private static RouteTable table(Route... routes) {
        return new RouteTable(WEB.routeTableId(), TENANT, NETWORK.id(), WEB.id(), List.of(routes), 2);
    }

    private static RouteTarget.ApplianceInterface via(Node node, int index) {
        return new RouteTarget.ApplianceInterface(node.id(), node.interfaces().get(index).id());
    }

    @Test
    void sourceDestCheckCannotBeTurnedOnForARouteTarget() {
        RouteTable table = table(new Route(prefix("0.0.0.0/0"), List.of(via(FIREWALL, 0)), RouteKind.STATIC));

        assertThatCode(() -> NodeRules.validateUpdate(FIREWALL, new NodeUpdate("fw", HOST.id(), false), NODES,
            List.of(HOST), List.of(table))).doesNotThrowAnyException();
        assertRejected(() -> NodeRules.validateUpdate(FIREWALL, new NodeUpdate("fw", HOST.id(), true), NODES,
            List.of(HOST), List.of(table)), ProblemType.NODE_IS_ROUTE_TARGET, "/sourceDestCheck");
        assertRejected(() -> NodeRules.validateUpdate(FIREWALL, new NodeUpdate("fw", HostId.random(RANDOM), false),
            NODES, List.of(HOST), List.of(table)), ProblemType.UNKNOWN_HOST, "/hostId");
        assertRejected(() -> NodeRules.validateUpdate(FIREWALL, new NodeUpdate("ids", HOST.id(), false), NODES,
            List.of(HOST), List.of(table)), ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void routeTargetCannotBeDeleted() {
        RouteTable table = table(new Route(prefix("0.0.0.0/0"), List.of(via(FIREWALL, 0)), RouteKind.STATIC));

        assertThatCode(() -> NodeRules.validateDelete(IDS, List.of(table))).doesNotThrowAnyException();
        assertRejected(() -> NodeRules.validateDelete(FIREWALL, List.of(table)), ProblemType.NODE_IS_ROUTE_TARGET, "");
    }

    // Hosts

    @Test
    void hostRegistration() {
        HostRequest ok = new HostRequest("host-b", Ipv6Prefix.parse("2001:db8:0:2::/72"));
        assertThatCode(() -> HostRules.validateRegister(ok, List.of(HOST), 72)).doesNotThrowAnyException();
        assertRejected(() -> HostRules.validateRegister(new HostRequest("host-b",
            Ipv6Prefix.parse("2001:db8:0:2::/64")), List.of(HOST), 72), ProblemType.INVALID_FIELD, "/substratePrefix");
        assertRejected(() -> HostRules.validateRegister(new HostRequest("host-b", null), List.of(HOST), 72),
            ProblemType.INVALID_FIELD, "/substratePrefix");
        assertRejected(() -> HostRules.validateRegister(new HostRequest("host-a",
            Ipv6Prefix.parse("2001:db8:0:2::/72")), List.of(HOST), 72), ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void overlappingHostPrefixIsRejected() {
        assertRejected(() -> HostRules.validateRegister(new HostRequest("host-b", HOST.substratePrefix()),
            List.of(HOST), 72), ProblemType.OVERLAPPING_HOST_PREFIX, "/substratePrefix");
    }

    @Test
    void unknownHostLookup() {
        assertThat(HostRules.requireKnown("/hostId", HOST.id(), List.of(HOST))).isEqualTo(HOST);
        assertRejected(() -> HostRules.requireKnown("/hostId", HostId.random(RANDOM), List.<Host>of()),
            ProblemType.UNKNOWN_HOST, "/hostId");
    }

    // Routes

    private static Route validate(RouteTable table, RouteTarget... targets) {
        return validate(table, "192.168.0.0/16", Limits.DEFAULT, targets);
    }

    private static Route validate(RouteTable table, String destination, Limits limits, RouteTarget... targets) {
        return RouteRules.validateStatic(new RouteRequest(prefix(destination), List.of(targets)), table, WEB, NODES,
            limits, false);
    }

    @Test
    void localRoutesCoverTheNetworkBlocks() {
        assertThat(RouteRules.localRoutes(NETWORK)).extracting(Route::destination)
            .containsExactly(prefix("10.0.0.0/16"), prefix("10.1.0.0/16"));
        assertThat(RouteRules.localRoutes(NETWORK).getFirst().targets()).containsExactly(new RouteTarget.Local());
    }

    @Test
    void ecmpRouteThroughAppliancesIsAccepted() {
        Route route = validate(table(), via(FIREWALL, 0), via(IDS, 0));

        assertThat(route.kind()).isEqualTo(RouteKind.STATIC);
        assertThat(route.targets()).hasSize(2);
        assertThat(validate(table(), "10.0.2.0/24", Limits.DEFAULT, new RouteTarget.Blackhole()).targets())
            .containsExactly(new RouteTarget.Blackhole());
    }

    @Test
    void targetThatIsNotAnApplianceIsRejected() {
        assertRejected(() -> validate(table(), via(VM, 0)), ProblemType.TARGET_NOT_APPLIANCE, "/targets/0");
    }

    @Test
    void targetInterfaceInAnotherSubnetIsRejected() {
        assertRejected(() -> validate(table(), via(FIREWALL, 1)), ProblemType.TARGET_NOT_IN_SUBNET, "/targets/0");
    }

    @Test
    void unknownTargetIsRejected() {
        assertRejected(() -> validate(table(), new RouteTarget.ApplianceInterface(NodeId.random(RANDOM),
            InterfaceId.random(RANDOM))), ProblemType.UNKNOWN_ROUTE_TARGET, "/targets/0");
        assertRejected(() -> validate(table(), new RouteTarget.ApplianceInterface(FIREWALL.id(),
            InterfaceId.random(RANDOM))), ProblemType.UNKNOWN_ROUTE_TARGET, "/targets/0");
    }

    @Test
    void peeringAndLocalTargetsAreNotSupported() {
        assertRejected(() -> validate(table(), new RouteTarget.PeeringRouter(PeeringRouterId.random(RANDOM))),
            ProblemType.UNSUPPORTED_ROUTE_TARGET, "/targets/0");
        assertRejected(() -> validate(table(), new RouteTarget.Local()), ProblemType.UNSUPPORTED_ROUTE_TARGET,
            "/targets/0");
    }

    @Test
    void blackholeWithOtherTargetsIsRejected() {
        assertRejected(() -> validate(table(), via(FIREWALL, 0), new RouteTarget.Blackhole()),
            ProblemType.INVALID_FIELD, "/targets/1");
    }

    @Test
    void routeWithoutTargetsOrDestinationIsRejected() {
        assertRejected(() -> validate(table()), ProblemType.INVALID_FIELD, "/targets");
        assertRejected(() -> RouteRules.validateStatic(new RouteRequest(null, List.of(new RouteTarget.Blackhole())),
            table(), WEB, NODES, Limits.DEFAULT, false), ProblemType.INVALID_FIELD, "/destination");
    }

    @Test
    void destinationInTheOwnSubnetIsRejected() {
        assertRejected(() -> validate(table(), "10.0.1.128/25", Limits.DEFAULT, via(FIREWALL, 0)),
            ProblemType.INVALID_ROUTE_DESTINATION, "/destination");
    }

    @Test
    void duplicateTargetIsRejected() {
        assertRejected(() -> validate(table(), via(FIREWALL, 0), via(FIREWALL, 0)), ProblemType.DUPLICATE_ROUTE,
            "/targets/1");
    }

    @Test
    void duplicateDestinationIsRejectedUnlessReplacing() {
        RouteTable table = table(new Route(prefix("192.168.0.0/16"), List.of(via(IDS, 0)), RouteKind.STATIC));

        assertRejected(() -> validate(table, via(FIREWALL, 0)), ProblemType.DUPLICATE_ROUTE, "/destination");
        assertThat(RouteRules.validateStatic(new RouteRequest(prefix("192.168.0.0/16"), List.of(via(FIREWALL, 0))),
            table, WEB, NODES, new Limits(5, 200, 8, 1, 8), true).targets()).containsExactly(via(FIREWALL, 0));
    }

    @Test
    void localDestinationCannotBeOverridden() {
        RouteTable table = table(RouteRules.localRoutes(NETWORK).toArray(Route[]::new));

        assertRejected(() -> validate(table, "10.1.0.0/16", Limits.DEFAULT, via(FIREWALL, 0)),
            ProblemType.DUPLICATE_ROUTE, "/destination");
        assertThatCode(() -> validate(table, "10.1.5.0/24", Limits.DEFAULT, via(FIREWALL, 0)))
            .doesNotThrowAnyException();
    }

    @Test
    void routeLimitIsEnforced() {
        RouteTable table = table(new Route(prefix("172.16.0.0/12"), List.of(new RouteTarget.Blackhole()),
            RouteKind.STATIC), new Route(prefix("10.9.0.0/16"), List.of(via(IDS, 0)), RouteKind.LEARNED));

        assertThatCode(() -> validate(table, "192.168.0.0/16", new Limits(5, 200, 8, 2, 8), via(FIREWALL, 0)))
            .doesNotThrowAnyException();
        assertRejected(() -> validate(table, "192.168.0.0/16", new Limits(5, 200, 8, 1, 8), via(FIREWALL, 0)),
            ProblemType.ROUTE_LIMIT_EXCEEDED, "");
    }

    @Test
    void ecmpTargetLimitIsEnforced() {
        assertRejected(() -> validate(table(), "192.168.0.0/16", new Limits(5, 200, 8, 100, 1), via(FIREWALL, 0),
            via(IDS, 0)), ProblemType.LIMIT_EXCEEDED, "/targets");
    }
}
