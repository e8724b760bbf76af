package io.isthmus.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.AgentChannelGrpc;
import io.isthmus.api.channel.v1.CounterReport;
import io.isthmus.api.channel.v1.GroupMembership;
import io.isthmus.api.channel.v1.LearnedRoute;
import io.isthmus.api.channel.v1.MembershipReport;
import io.isthmus.api.channel.v1.RegisterRequest;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution.Reason;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.channel.v1.RoutingAck;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.channel.v1.WatchRequest;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel of a real controller (embedded store in a temporary directory) over loopback gRPC: registration,
 * resolution and its refusals, authentication, the resumable update stream and counter reports.
 */
class AgentChannelTest {
    @TempDir
    Path dataDir;

    private Controller controller;
    private SystemManager system;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Tenant tenant;
    private Host host1;
    private Host host2;
    private Network network;
    private Subnet subnetA;
    private Subnet subnetB;
    private Node a1;
    private Node a2;
    private Node b1;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        system = controller.system();
        tenant = system.tenants().create(new TenantRequest("acme"));
        host1 = system.hosts().register(new HostRequest("host-one", Ipv6Prefix.parse("2001:db8:0:100::/72")));
        host2 = system.hosts().register(new HostRequest("host-two", Ipv6Prefix.parse("2001:db8:0:200::/72")));
        network = system.networks().create(tenant.id(), new NetworkRequest("net", List.of(prefix("10.0.0.0/16"))));
        subnetA = system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("a",
            prefix("10.0.1.0/24")));
        subnetB = system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("b",
            prefix("10.0.2.0/24")));
        a1 = node(network, host1, "a1", subnetA, "10.0.1.10");
        a2 = node(network, host2, "a2", subnetA, "10.0.1.20");
        b1 = node(network, host2, "b1", subnetB, "10.0.2.10");
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        controller.close();
    }

    private static Ipv4Prefix prefix(String text) {
        return Ipv4Prefix.parse(text);
    }

    private Node node(Network net, Host host, String name, Subnet subnet, String address) {
        return system.nodes().create(tenant.id(), net.id(), new NodeRequest(name, host.id(), true,
            List.of(InterfaceRequest.at(subnet.id(), Ipv4Address.parse(address)))));
    }

    private AgentChannelGrpc.AgentChannelBlockingStub stub(String token) {
        return AgentChannelGrpc.newBlockingStub(channel(token)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private ManagedChannel channel(String token) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(controller.agentChannelAddress()).usePlaintext();
        if (token != null) {
            Metadata md = new Metadata();
            md.put(AgentAuthInterceptor.AUTHORIZATION, "Bearer " + token);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        return channel;
    }

    private String token(Host host) {
        return controller.agentCredentials().issue(host.id());
    }

    private Resolution resolve(Host asker, Node source, String destination) {
        return resolve(asker, source, destination, 0);
    }

    private Resolution resolve(Host asker, Node source, String destination, int overlayId) {
        return stub(token(asker)).resolve(ResolveRequest.newBuilder().setSourceNodeId(source.id().value())
            .setSourceInterfaceId(source.interfaces().getFirst().id().value())
            .setDestinationIpv4(Ipv4Address.parse(destination)).setDestinationOverlayId(overlayId).build());
    }

    /** The substrate address of {@code ipv4} of overlay {@code overlayId} on {@code host}, as a resolution has it. */
    static byte[] substrate(Host host, int overlayId, String ipv4) {
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(OverlayAddressing.defaults().compose(host.substratePrefix().high(), host.substratePrefix().low(),
            overlayId, Ipv4Address.parse(ipv4), slot)).isTrue();
        return ChannelCodec.address(slot.high, slot.low).toByteArray();
    }

    // Registration

    @Test
    void registersItsHostAndLearnsTheLayout() {
        Registration r = stub(token(host1)).register(RegisterRequest.newBuilder().setHostId(host1.id().value())
            .setSubstratePrefix(ChannelCodec.prefix(host1.substratePrefix())).setAgentVersion("test").build());
        assertThat(r.getHostId()).isEqualTo(host1.id().value());
        assertThat(r.getOverlayPrefixLength()).isEqualTo(72);
        assertThat(r.getNetworkIdBits()).isEqualTo(24);
        assertThat(r.getVersion()).isEqualTo(controller.store().revision());
    }

    @Test
    void registrationRefusesAnotherPrefixOrAnotherHost() {
        var wrongPrefix = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token(host1)).register(
            RegisterRequest.newBuilder().setHostId(host1.id().value())
                .setSubstratePrefix(ChannelCodec.prefix(host2.substratePrefix())).build()));
        assertThat(wrongPrefix.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        var otherHost = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token(host1)).register(
            RegisterRequest.newBuilder().setHostId(host2.id().value())
                .setSubstratePrefix(ChannelCodec.prefix(host2.substratePrefix())).build()));
        assertThat(otherHost.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    // Resolution

    @Test
    void sameSubnetAnswersTheDestinationsMacAndHost() {
        Resolution r = resolve(host1, a1, "10.0.1.20");
        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getReason()).isEqualTo(Reason.ALLOWED);
        assertThat(r.getNextHopSubstrate().toByteArray()).isEqualTo(substrate(host2, network.overlayId(),
            "10.0.1.20"));
        assertThat(r.getDestinationMac()).isEqualTo(a2.interfaces().getFirst().mac());
        assertThat(r.getDestinationNodeId()).isEqualTo(a2.id().value());
        assertThat(r.getDestinationInterfaceId()).isEqualTo(a2.interfaces().getFirst().id().value());
        assertThat(r.getExpiresInMs()).isEqualTo(60_000);
        assertThat(r.getVersion()).isEqualTo(controller.store().revision());
    }

    @Test
    void otherSubnetAnswersTheSourceSubnetsRouterMac() {
        Resolution r = resolve(host1, a1, "10.0.2.10");
        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getNextHopSubstrate().toByteArray()).isEqualTo(substrate(host2, network.overlayId(),
            "10.0.2.10"));
        assertThat(r.getDestinationMac()).isEqualTo(VirtualMacs.router(subnetA.gateway()))
            .isNotEqualTo(b1.interfaces().getFirst().mac());
        // And back: b1's first hop is subnet b's router.
        Resolution back = resolve(host2, b1, "10.0.1.10");
        assertThat(back.getDestinationMac()).isEqualTo(VirtualMacs.router(subnetB.gateway()));
        assertThat(back.getNextHopSubstrate().toByteArray()).isEqualTo(substrate(host1, network.overlayId(),
            "10.0.1.10"));
    }

    @Test
    void unknownDestinationIsRefused() {
        Resolution r = resolve(host1, a1, "10.0.1.99");
        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getReason()).isEqualTo(Reason.UNKNOWN_DESTINATION);
        assertThat(r.getNextHopSubstrate().isEmpty()).isTrue();
        assertThat(r.getExpiresInMs()).isPositive();
        assertThat(resolve(host1, a1, "192.168.0.1").getReason()).isEqualTo(Reason.UNKNOWN_DESTINATION);
    }

    @Test
    void aNodeOfAnotherHostIsNotYours() {
        Resolution r = resolve(host1, a2, "10.0.1.10");
        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getReason()).isEqualTo(Reason.NOT_YOUR_NODE);
        assertThat(r.getDestinationMac()).isZero();
    }

    @Test
    void unknownSourceIsRefused() {
        var stub = stub(token(host1));
        Resolution unknownNode = stub.resolve(ResolveRequest.newBuilder().setSourceNodeId("node-aaaaaaaaaaaaaaaa")
            .setSourceInterfaceId(a1.interfaces().getFirst().id().value())
            .setDestinationIpv4(Ipv4Address.parse("10.0.1.20")).build());
        assertThat(unknownNode.getReason()).isEqualTo(Reason.UNKNOWN_SOURCE);
        Resolution malformed = stub.resolve(ResolveRequest.newBuilder().setSourceNodeId("nonsense")
            .setDestinationIpv4(Ipv4Address.parse("10.0.1.20")).build());
        assertThat(malformed.getReason()).isEqualTo(Reason.UNKNOWN_SOURCE);
        Resolution wrongInterface = stub.resolve(ResolveRequest.newBuilder().setSourceNodeId(a1.id().value())
            .setSourceInterfaceId(a2.interfaces().getFirst().id().value())
            .setDestinationIpv4(Ipv4Address.parse("10.0.1.20")).build());
        assertThat(wrongInterface.getReason()).isEqualTo(Reason.UNKNOWN_SOURCE);
    }

    @Test
    void differentNetworksMayNotTalk() {
        Tenant other = system.tenants().create(new TenantRequest("globex"));
        Network theirs = system.networks().create(other.id(), new NetworkRequest("theirs",
            List.of(prefix("10.0.0.0/16"))));
        Subnet subnet = system.networks().createSubnet(other.id(), theirs.id(), new SubnetRequest("s",
            prefix("10.0.1.0/24")));
        system.nodes().create(other.id(), theirs.id(), new NodeRequest("t", host2.id(), true,
            List.of(InterfaceRequest.at(subnet.id(), Ipv4Address.parse("10.0.1.20")))));

        Resolution r = resolve(host1, a1, "10.0.1.20", theirs.overlayId());
        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getReason()).isEqualTo(Reason.DIFFERENT_NETWORK);
        assertThat(r.getNextHopSubstrate().isEmpty()).isTrue();
        // The same address in the source's own network (overlay id 0 or its own) is a2.
        assertThat(resolve(host1, a1, "10.0.1.20", network.overlayId()).getDestinationNodeId())
            .isEqualTo(a2.id().value());
        assertThat(resolve(host1, a1, "10.0.1.20", 0xfffff0).getReason()).isEqualTo(Reason.UNKNOWN_DESTINATION);
    }

    // Authentication

    @Test
    void callsWithoutAValidTokenAreUnauthenticated() {
        ResolveRequest request = ResolveRequest.newBuilder().setSourceNodeId(a1.id().value())
            .setSourceInterfaceId(a1.interfaces().getFirst().id().value())
            .setDestinationIpv4(Ipv4Address.parse("10.0.1.20")).build();
        String good = token(host1);
        String forged = host2.id().value() + good.substring(good.indexOf('.'));
        AgentCredentials otherSecret = AgentCredentials.of(new byte[32]);
        for (String token : new String[] {null, "", "garbage", forged, otherSecret.issue(host1.id())}) {
            var e = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token).resolve(request));
            assertThat(e).as("token %s", token).isNotNull();
            assertThat(e.getStatus().getCode()).as("token %s", token).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        var watch = catchThrowableOfType(StatusRuntimeException.class,
            () -> stub(null).watch(WatchRequest.getDefaultInstance()).hasNext());
        assertThat(watch.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(stub(good).resolve(request).getAllowed()).isTrue();
    }

    @Test
    void anotherHostsTokenCannotResolveForThisHostsNodes() {
        assertThat(resolve(host2, a1, "10.0.1.20").getReason()).isEqualTo(Reason.NOT_YOUR_NODE);
        assertThat(resolve(host1, a1, "10.0.1.20").getReason()).isEqualTo(Reason.ALLOWED);
    }

    @Test
    void theSecretIsCreatedOwnerOnlyAndSurvivesRestarts() throws Exception {
        Path secret = dataDir.resolve(AgentCredentials.SECRET_FILE);
        assertThat(Files.getPosixFilePermissions(secret))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String token = token(host1);
        controller.close();
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        assertThat(controller.agentCredentials().verify(token)).contains(host1.id());
    }

    // Updates

    /** The updates of one Watch call, collected as they arrive. */
    private final class Updates implements ClientResponseObserver<WatchRequest, Update> {
        final BlockingQueue<Update> received = new LinkedBlockingQueue<>();
        /** GROUP_MEMBERS updates, which are not store changes, apart from the others. */
        final BlockingQueue<Update> groups = new LinkedBlockingQueue<>();
        /** ROUTE_TABLE_UPSERT updates, apart too: they follow subnets and next hops and are tested on their own. */
        final BlockingQueue<Update> routes = new LinkedBlockingQueue<>();
        /** PEERING_UPSERT updates, apart too: computed after the store changes, sent whole when a stream resumes. */
        final BlockingQueue<Update> peerings = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<WatchRequest> call;

        Updates(Host host, long fromVersion) {
            AgentChannelGrpc.newStub(channel(token(host)))
                .watch(WatchRequest.newBuilder().setFromVersion(fromVersion).build(), this);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(Update value) {
            (switch (value.getKind()) {
                case GROUP_MEMBERS -> groups;
                case ROUTE_TABLE_UPSERT -> routes;
                case PEERING_UPSERT -> peerings;
                default -> received;
            }).add(value);
        }

        @Override
        public void onError(Throwable t) {
            errors.add(t);
        }

        @Override
        public void onCompleted() {
        }

        Update next() throws InterruptedException {
            Update u = received.poll(10, TimeUnit.SECONDS);
            assertThat(u).as("an update within 10 s (errors: %s)", errors).isNotNull();
            return u;
        }

        /** The next GROUP_MEMBERS update of {@code network}, skipping other networks'. */
        Update nextGroups(Network network) throws InterruptedException {
            while (true) {
                Update u = groups.poll(10, TimeUnit.SECONDS);
                assertThat(u).as("a GROUP_MEMBERS update within 10 s (errors: %s)", errors).isNotNull();
                if (u.getNetworkId().equals(network.id().value())) {
                    return u;
                }
            }
        }

        /** The next ROUTE_TABLE_UPSERT. */
        Update nextRoutes() throws InterruptedException {
            Update u = routes.poll(10, TimeUnit.SECONDS);
            assertThat(u).as("a ROUTE_TABLE_UPSERT within 10 s (errors: %s)", errors).isNotNull();
            return u;
        }

        void assertNoRoutes() throws InterruptedException {
            assertThat(routes.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }

        void assertQuiet() throws InterruptedException {
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }

        void cancel() {
            call.cancel("test", null);
        }
    }

    @Test
    void watchStartsWithASnapshotOfTheHostsNetworks() throws Exception {
        Updates updates = new Updates(host1, 0);
        Update snapshot = updates.next();
        assertThat(snapshot.getKind()).isEqualTo(Update.Kind.SNAPSHOT);
        assertThat(snapshot.getVersion()).isEqualTo(controller.store().revision());
        assertThat(snapshot.getNodesList()).extracting(n -> n.getNodeId())
            .containsExactlyInAnyOrder(a1.id().value(), a2.id().value(), b1.id().value());
        assertThat(snapshot.getSubnetsList()).extracting(s -> s.getSubnetId())
            .containsExactlyInAnyOrder(subnetA.id().value(), subnetB.id().value());
        var info = snapshot.getNodesList().stream().filter(n -> n.getNodeId().equals(a2.id().value())).findFirst()
            .orElseThrow();
        assertThat(ChannelCodec.prefix(info.getHostSubstratePrefix())).isEqualTo(host2.substratePrefix());
        assertThat(info.getOverlayId()).isEqualTo(network.overlayId());
        assertThat(info.getInterfaces(0).getAddress()).isEqualTo(Ipv4Address.parse("10.0.1.20"));
        assertThat(info.getInterfaces(0).getMac()).isEqualTo(a2.interfaces().getFirst().mac());
        var subnet = snapshot.getSubnetsList().stream().filter(s -> s.getSubnetId().equals(subnetB.id().value()))
            .findFirst().orElseThrow();
        assertThat(subnet.getRouterMac()).isEqualTo(VirtualMacs.router(subnetB.gateway()));
        assertThat(snapshot.getNetworksList()).singleElement().satisfies(n -> {
            assertThat(n.getNetworkId()).isEqualTo(network.id().value());
            assertThat(n.getOverlayId()).isEqualTo(network.overlayId());
            assertThat(n.getMtu()).isEqualTo(NetworkOptions.DEFAULT_MTU);
            assertThat(n.getDhcpLeaseSeconds()).isEqualTo(NetworkOptions.DEFAULT_DHCP_LEASE_SECONDS);
            assertThat(n.getSnmpCommunity()).isEmpty();
        });
        assertThat(snapshot.getRouteTablesList()).extracting(t -> t.getSubnetId())
            .containsExactlyInAnyOrder(subnetA.id().value(), subnetB.id().value());
        assertThat(snapshot.getRouteTables(0).getRoutesList()).singleElement().satisfies(r -> {
            assertThat(r.getPrefix()).isEqualTo(Ipv4Address.parse("10.0.0.0"));
            assertThat(r.getLength()).isEqualTo(16);
            assertThat(r.getKind()).isEqualTo(RouteInfo.Kind.LOCAL);
            assertThat(r.getAction()).isEqualTo(RouteInfo.Action.DELIVER_LOCAL);
        });
        assertThat(snapshot.getRouteTables(0).getVersion()).isEqualTo(snapshot.getVersion());
        updates.assertQuiet();
        updates.assertNoRoutes();
    }

    // Route tables

    private Node appliance(Host host, String name, String inA, String inB) {
        return system.nodes().create(tenant.id(), network.id(), new NodeRequest(name, host.id(), false,
            List.of(InterfaceRequest.at(subnetA.id(), Ipv4Address.parse(inA)),
                InterfaceRequest.at(subnetB.id(), Ipv4Address.parse(inB)))));
    }

    private static RouteTarget via(Node node, int nic) {
        return new RouteTarget.ApplianceInterface(node.id(), node.interfaces().get(nic).id());
    }

    @Test
    void aStaticRouteReachesTheNetworksHostsAsAForwardRouteAndNoOtherHost() throws Exception {
        Host host3 = system.hosts().register(new HostRequest("host-three", Ipv6Prefix.parse("2001:db8:0:300::/72")));
        Tenant other = system.tenants().create(new TenantRequest("globex"));
        Network theirs = system.networks().create(other.id(), new NetworkRequest("theirs",
            List.of(prefix("10.0.0.0/16"))));
        Subnet theirSubnet = system.networks().createSubnet(other.id(), theirs.id(), new SubnetRequest("s",
            prefix("10.0.1.0/24")));
        system.nodes().create(other.id(), theirs.id(), new NodeRequest("t", host3.id(), true,
            List.of(InterfaceRequest.allocated(theirSubnet.id()))));
        Node fw = appliance(host2, "fw", "10.0.1.5", "10.0.2.5");
        Updates updates = new Updates(host1, 0);
        Updates stranger = new Updates(host3, 0);
        assertThat(updates.next().getKind()).isEqualTo(Update.Kind.SNAPSHOT);
        assertThat(stranger.next().getKind()).isEqualTo(Update.Kind.SNAPSHOT);

        RouteTable table = system.networks().putRoute(tenant.id(), subnetA.id(), new RouteRequest(
            prefix("10.0.2.0/24"), List.of(via(fw, 0))), false, 0);

        Update update = updates.nextRoutes();
        assertThat(update.getVersion()).isEqualTo(table.version());
        assertThat(update.getNetworkId()).isEqualTo(network.id().value());
        RouteTableInfo info = update.getRouteTable();
        assertThat(info.getSubnetId()).isEqualTo(subnetA.id().value());
        assertThat(info.getVersion()).isEqualTo(table.version());
        assertThat(info.getRoutesList()).hasSize(2);
        RouteInfo route = info.getRoutes(0);
        assertThat(route.getLength()).isEqualTo(24);
        assertThat(route.getKind()).isEqualTo(RouteInfo.Kind.STATIC);
        assertThat(route.getAction()).isEqualTo(RouteInfo.Action.FORWARD);
        assertThat(route.getNextHopsList()).singleElement().satisfies(hop -> {
            assertThat(hop.getNodeId()).isEqualTo(fw.id().value());
            assertThat(hop.getInterfaceId()).isEqualTo(fw.interfaces().get(0).id().value());
            assertThat(hop.getAddress()).isEqualTo(Ipv4Address.parse("10.0.1.5"));
            assertThat(hop.getMac()).isEqualTo(fw.interfaces().get(0).mac());
            assertThat(ChannelCodec.prefix(hop.getHostSubstratePrefix())).isEqualTo(host2.substratePrefix());
        });
        assertThat(info.getRoutes(1).getAction()).isEqualTo(RouteInfo.Action.DELIVER_LOCAL);
        // Only the changed table, once, and nothing to the other network's host.
        updates.assertNoRoutes();
        stranger.assertNoRoutes();
    }

    @Test
    void aNextHopsMoveOrHealthOrTheRoutesRemovalResendsOnlyTheAffectedTable() throws Exception {
        Node fw1 = appliance(host2, "fw1", "10.0.1.5", "10.0.2.5");
        Node fw2 = appliance(host2, "fw2", "10.0.1.6", "10.0.2.6");
        system.networks().putRoute(tenant.id(), subnetA.id(), new RouteRequest(prefix("10.0.2.0/24"),
            List.of(via(fw2, 0), via(fw1, 0))), false, 0);
        Updates updates = new Updates(host1, 0);
        Update snapshot = updates.next();
        RouteTableInfo before = snapshot.getRouteTablesList().stream()
            .filter(t -> t.getSubnetId().equals(subnetA.id().value())).findFirst().orElseThrow();
        // ECMP: both, in node id order.
        assertThat(before.getRoutes(0).getNextHopsList()).extracting(h -> h.getNodeId()).containsExactlyElementsOf(
            java.util.stream.Stream.of(fw1, fw2).map(n -> n.id().value()).sorted().toList());

        // A node that is not a next hop changes: no table is sent.
        node(network, host2, "a3", subnetA, "10.0.1.30");
        updates.assertNoRoutes();

        // The next hop moves to host1: subnet A's table again, with the new host prefix; B's is unchanged.
        Node moved = system.nodes().update(tenant.id(), fw1.id(), new NodeUpdate("fw1", host1.id(), false), 0);
        Update update = updates.nextRoutes();
        assertThat(update.getVersion()).isEqualTo(moved.version());
        assertThat(update.getRouteTable().getSubnetId()).isEqualTo(subnetA.id().value());
        assertThat(update.getRouteTable().getRoutes(0).getNextHopsList())
            .filteredOn(h -> h.getNodeId().equals(fw1.id().value())).singleElement()
            .satisfies(h -> assertThat(ChannelCodec.prefix(h.getHostSubstratePrefix()))
                .isEqualTo(host1.substratePrefix()));
        updates.assertNoRoutes();

        // Declared unhealthy (stored with the node): left out of the next hops.
        Node sick = system.nodes().update(tenant.id(), fw1.id(), new NodeUpdate("fw1", host1.id(), false, false), 0);
        assertThat(system.nodes().get(tenant.id(), fw1.id()).healthy()).isFalse();
        update = updates.nextRoutes();
        assertThat(update.getVersion()).isEqualTo(sick.version());
        assertThat(update.getRouteTable().getRoutes(0).getNextHopsList()).extracting(h -> h.getNodeId())
            .containsExactly(fw2.id().value());
        updates.assertNoRoutes();

        // The route goes: the table is back to its local route.
        RouteTable table = system.networks().deleteRoute(tenant.id(), subnetA.id(), prefix("10.0.2.0/24"), 0);
        update = updates.nextRoutes();
        assertThat(update.getVersion()).isEqualTo(table.version());
        assertThat(update.getRouteTable().getRoutesList()).singleElement()
            .satisfies(r -> assertThat(r.getKind()).isEqualTo(RouteInfo.Kind.LOCAL));
        updates.assertNoRoutes();
    }

    @Test
    void aJoiningNetworksTablesFollowItsSubnetsAndAResumedStreamGetsWhatItMissed() throws Exception {
        Node fw = appliance(host2, "fw", "10.0.1.5", "10.0.2.5");
        system.networks().putRoute(tenant.id(), subnetB.id(), new RouteRequest(prefix("10.0.1.0/24"),
            List.of(via(fw, 1))), false, 0);
        Host host3 = system.hosts().register(new HostRequest("host-three", Ipv6Prefix.parse("2001:db8:0:300::/72")));
        Updates updates = new Updates(host3, 0);
        assertThat(updates.next().getRouteTablesList()).isEmpty();

        Node b3 = node(network, host3, "b3", subnetB, "10.0.2.30");
        Update first = updates.nextRoutes();
        Update second = updates.nextRoutes();
        assertThat(List.of(first.getRouteTable().getSubnetId(), second.getRouteTable().getSubnetId()))
            .containsExactlyInAnyOrder(subnetA.id().value(), subnetB.id().value());
        assertThat(first.getVersion()).isEqualTo(b3.version());
        RouteTableInfo tableB = (first.getRouteTable().getSubnetId().equals(subnetB.id().value()) ? first : second)
            .getRouteTable();
        assertThat(tableB.getRoutes(0).getNextHops(0).getInterfaceId())
            .isEqualTo(fw.interfaces().get(1).id().value());
        updates.assertNoRoutes();
        long seen = b3.version();
        updates.cancel();

        // Missed while away: the route's removal. The resumed stream replays it and sends every table.
        RouteTable table = system.networks().deleteRoute(tenant.id(), subnetB.id(), prefix("10.0.1.0/24"), 0);
        Updates resumed = new Updates(host3, seen);
        Update again1 = resumed.nextRoutes();
        Update again2 = resumed.nextRoutes();
        assertThat(again1.getVersion()).isEqualTo(table.version()).isEqualTo(again2.getVersion());
        assertThat(List.of(again1, again2)).extracting(u -> u.getRouteTable().getRoutesCount()).containsOnly(1);
        resumed.assertNoRoutes();
    }

    @Test
    void watchDeliversNodeChangesInVersionOrderAndOnlyForTheHostsNetworks() throws Exception {
        Updates updates = new Updates(host1, 0);
        assertThat(updates.next().getKind()).isEqualTo(Update.Kind.SNAPSHOT);

        // Another tenant's network with no node on host1: none of its changes reach host1.
        Tenant other = system.tenants().create(new TenantRequest("globex"));
        Network theirs = system.networks().create(other.id(), new NetworkRequest("theirs",
            List.of(prefix("10.9.0.0/16"))));
        Subnet theirSubnet = system.networks().createSubnet(other.id(), theirs.id(), new SubnetRequest("s",
            prefix("10.9.1.0/24")));
        system.nodes().create(other.id(), theirs.id(), new NodeRequest("t", host2.id(), true,
            List.of(InterfaceRequest.allocated(theirSubnet.id()))));

        Node a3 = node(network, host2, "a3", subnetA, "10.0.1.30");
        system.nodes().delete(tenant.id(), a2.id(), 0);

        Update created = updates.next();
        assertThat(created.getKind()).isEqualTo(Update.Kind.NODE_UPSERT);
        assertThat(created.getNode().getNodeId()).isEqualTo(a3.id().value());
        assertThat(created.getVersion()).isEqualTo(a3.version());
        Update deleted = updates.next();
        assertThat(deleted.getKind()).isEqualTo(Update.Kind.NODE_DELETE);
        assertThat(deleted.getNodeId()).isEqualTo(a2.id().value());
        assertThat(deleted.getNetworkId()).isEqualTo(network.id().value());
        assertThat(deleted.getVersion()).isGreaterThan(created.getVersion());
        updates.assertQuiet();

        // The first node of that network on host1 brings the network in: its subnets and its other nodes as they
        // are (the agent needs the subnet to attach the node), then the node's own update.
        Node mine = system.nodes().create(other.id(), theirs.id(), new NodeRequest("m", host1.id(), true,
            List.of(InterfaceRequest.allocated(theirSubnet.id()))));
        Update joinedNetwork = updates.next();
        assertThat(joinedNetwork.getKind()).isEqualTo(Update.Kind.NETWORK_UPSERT);
        assertThat(joinedNetwork.getNetwork().getOverlayId()).isEqualTo(theirs.overlayId());
        Update joinedSubnet = updates.next();
        assertThat(joinedSubnet.getKind()).isEqualTo(Update.Kind.SUBNET_UPSERT);
        assertThat(joinedSubnet.getSubnet().getSubnetId()).isEqualTo(theirSubnet.id().value());
        assertThat(joinedSubnet.getNetworkId()).isEqualTo(theirs.id().value());
        Update neighbour = updates.next();
        assertThat(neighbour.getKind()).isEqualTo(Update.Kind.NODE_UPSERT);
        assertThat(neighbour.getNode().getHostId()).isEqualTo(host2.id().value());
        Update joined = updates.next();
        assertThat(joined.getKind()).isEqualTo(Update.Kind.NODE_UPSERT);
        assertThat(joined.getNode().getNodeId()).isEqualTo(mine.id().value());
        assertThat(joinedSubnet.getVersion()).isEqualTo(neighbour.getVersion()).isLessThanOrEqualTo(
            joined.getVersion());
        Subnet later = system.networks().createSubnet(other.id(), theirs.id(), new SubnetRequest("later",
            prefix("10.9.2.0/24")));
        Update subnet = updates.next();
        assertThat(subnet.getKind()).isEqualTo(Update.Kind.SUBNET_UPSERT);
        assertThat(subnet.getSubnet().getSubnetId()).isEqualTo(later.id().value());

        // New options reach the agents of the network's hosts.
        system.networks().replace(other.id(), theirs.id(), new NetworkRequest("theirs",
            List.of(prefix("10.9.0.0/16")), new NetworkOptions(1400, List.of(Ipv4Address.parse("10.9.1.2")), 60,
                "s3cret", true)), 0);
        Update options = updates.next();
        assertThat(options.getKind()).isEqualTo(Update.Kind.NETWORK_UPSERT);
        assertThat(options.getNetwork().getMtu()).isEqualTo(1400);
        assertThat(options.getNetwork().getDnsServersList()).containsExactly(Ipv4Address.parse("10.9.1.2"));
        assertThat(options.getNetwork().getDhcpLeaseSeconds()).isEqualTo(60);
        assertThat(options.getNetwork().getSnmpCommunity()).isEqualTo("s3cret");
        assertThat(options.getNetwork().getMulticastAcrossSubnets()).isTrue();
    }

    @Test
    void aResumedWatchGetsExactlyTheMissedUpdates() throws Exception {
        Updates first = new Updates(host1, 0);
        Update snapshot = first.next();
        Node a3 = node(network, host2, "a3", subnetA, "10.0.1.30");
        Update seen = first.next();
        assertThat(seen.getNode().getNodeId()).isEqualTo(a3.id().value());
        first.cancel();

        // Missed while away: two creates and a delete.
        Node a4 = node(network, host2, "a4", subnetA, "10.0.1.40");
        Node b2 = node(network, host1, "b2", subnetB, "10.0.2.20");
        system.nodes().delete(tenant.id(), a3.id(), 0);

        Updates resumed = new Updates(host1, seen.getVersion());
        Update u1 = resumed.next();
        Update u2 = resumed.next();
        Update u3 = resumed.next();
        resumed.assertQuiet();
        assertThat(List.of(u1.getKind(), u2.getKind(), u3.getKind())).containsExactly(Update.Kind.NODE_UPSERT,
            Update.Kind.NODE_UPSERT, Update.Kind.NODE_DELETE);
        assertThat(u1.getNode().getNodeId()).isEqualTo(a4.id().value());
        assertThat(u2.getNode().getNodeId()).isEqualTo(b2.id().value());
        assertThat(u3.getNodeId()).isEqualTo(a3.id().value());
        assertThat(u1.getVersion()).isGreaterThan(seen.getVersion());
        assertThat(u2.getVersion()).isGreaterThan(u1.getVersion());
        assertThat(u3.getVersion()).isGreaterThan(u2.getVersion());
        assertThat(snapshot.getVersion()).isLessThan(seen.getVersion());
    }

    @Test
    void aResumeFromACompactedVersionStartsWithASnapshot() throws Exception {
        long old = controller.store().revision();
        Node a3 = node(network, host2, "a3", subnetA, "10.0.1.30");
        node(network, host2, "a5", subnetA, "10.0.1.50");
        controller.store().compact(controller.store().revision());
        assertThat(controller.store().compactRevision()).isGreaterThan(old + 1);

        Updates resumed = new Updates(host1, old);
        Update snapshot = resumed.next();
        assertThat(snapshot.getKind()).isEqualTo(Update.Kind.SNAPSHOT);
        assertThat(snapshot.getNodesList()).extracting(n -> n.getNodeId()).contains(a3.id().value());
        Node a4 = node(network, host2, "a4", subnetA, "10.0.1.40");
        Update next = resumed.next();
        assertThat(next.getNode().getNodeId()).isEqualTo(a4.id().value());
    }

    // Multicast memberships

    private MembershipReport report(Network net, int group, Subnet... subnets) {
        return MembershipReport.newBuilder().setNetworkId(net.id().value()).addGroups(GroupMembership.newBuilder()
            .setGroup(group).addAllSubnetIds(java.util.Arrays.stream(subnets).map(s -> s.id().value()).toList()))
            .build();
    }

    @Test
    void aHostsMembershipsArePushedToTheNetworksAgentsAndReplacedByItsNextReport() throws Exception {
        Updates host2Updates = new Updates(host2, 0);
        assertThat(host2Updates.next().getKind()).isEqualTo(Update.Kind.SNAPSHOT);
        assertThat(host2Updates.nextGroups(network).getGroupMembersList()).as("the table as the stream starts")
            .isEmpty();
        int group = Ipv4Address.parse("239.1.1.1");

        stub(token(host1)).reportMemberships(report(network, group, subnetA));

        Update pushed = host2Updates.nextGroups(network);
        assertThat(pushed.getVersion()).isZero();
        assertThat(pushed.getGroupMembersList()).hasSize(1);
        assertThat(pushed.getGroupMembers(0).getGroup()).isEqualTo(group);
        assertThat(pushed.getGroupMembers(0).getHostsList()).singleElement().satisfies(h -> {
            assertThat(ChannelCodec.prefix(h.getHostSubstratePrefix())).isEqualTo(host1.substratePrefix());
            assertThat(h.getSubnetIdsList()).containsExactly(subnetA.id().value());
        });

        // The same report again changes nothing and pushes nothing.
        stub(token(host1)).reportMemberships(report(network, group, subnetA));
        assertThat(host2Updates.groups.poll(300, TimeUnit.MILLISECONDS)).isNull();

        // host2's own members join the table; an empty report of host1 withdraws its membership.
        stub(token(host2)).reportMemberships(report(network, group, subnetA, subnetB));
        assertThat(host2Updates.nextGroups(network).getGroupMembers(0).getHostsList()).hasSize(2);
        stub(token(host1)).reportMemberships(MembershipReport.newBuilder().setNetworkId(network.id().value())
            .build());
        Update withdrawn = host2Updates.nextGroups(network);
        assertThat(withdrawn.getGroupMembers(0).getHostsList()).singleElement().satisfies(h -> {
            assertThat(ChannelCodec.prefix(h.getHostSubstratePrefix())).isEqualTo(host2.substratePrefix());
            assertThat(h.getSubnetIdsList()).containsExactlyInAnyOrder(subnetA.id().value(), subnetB.id().value());
        });
        host2Updates.assertQuiet();
    }

    @Test
    void aStreamStartsWithTheCurrentTablesAndARegisteringAgentsMembershipsAreDropped() throws Exception {
        int group = Ipv4Address.parse("239.1.1.1");
        stub(token(host1)).reportMemberships(report(network, group, subnetA));

        Updates host2Updates = new Updates(host2, 0);
        assertThat(host2Updates.nextGroups(network).getGroupMembers(0).getGroup()).isEqualTo(group);

        stub(token(host1)).register(RegisterRequest.newBuilder().setHostId(host1.id().value())
            .setSubstratePrefix(ChannelCodec.prefix(host1.substratePrefix())).build());
        assertThat(host2Updates.nextGroups(network).getGroupMembersList()).as("host1's agent restarted").isEmpty();
    }

    @Test
    void membershipReportsAreCheckedAndLimitedToTheHostsNetworks() {
        Tenant other = system.tenants().create(new TenantRequest("globex"));
        Network theirs = system.networks().create(other.id(), new NetworkRequest("theirs",
            List.of(prefix("10.9.0.0/16"))));

        var denied = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token(host1))
            .reportMemberships(report(theirs, Ipv4Address.parse("239.1.1.1"))));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        var notGroup = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token(host1))
            .reportMemberships(report(network, Ipv4Address.parse("10.0.1.20"), subnetA)));
        assertThat(notGroup.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    // Routing protocols

    /** Opts subnet A in to BGP with {@code participant} allowed 10.1.0.0/16, at most {@code max} prefixes. */
    private Subnet bgpIn(Subnet subnet, Node participant, int max) {
        return system.networks().updateSubnet(tenant.id(), subnet.id(), new SubnetUpdate(null, new SubnetRouting(
            Set.of(RoutingProtocol.BGP), 0, new SubnetRouting.Bgp(65000, 90), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS, List.of(new RoutingParticipant(participant.id(), Set.of(RoutingProtocol.BGP),
                65001, new PeerPolicy(List.of(PrefixRange.parse("10.1.0.0/16")), max, 100, 200))))), 0);
    }

    private static RoutingSessionReport.Builder session(Subnet subnet, Node node, int nic, String... learned) {
        RoutingSessionReport.Builder session = RoutingSessionReport.newBuilder().setSubnetId(subnet.id().value())
            .setNodeId(node.id().value()).setInterfaceAddress(node.interfaces().get(nic).address())
            .setProtocol(SubnetRoutingInfo.Protocol.BGP).setState("Established").setUp(true)
            .setUpSinceMillis(System.currentTimeMillis() - 5000).setReceived(learned.length)
            .setAccepted(learned.length).setAnnounced(2).setFiltered(1).setMessagesIn(7).setMessagesOut(5);
        for (String route : learned) {
            String[] parts = route.split(" ");
            Ipv4Prefix prefix = prefix(parts[0]);
            session.addLearned(LearnedRoute.newBuilder().setPrefix(prefix.address()).setLength(prefix.length())
                .setMetric(Integer.parseInt(parts[1])));
        }
        return session;
    }

    private static RoutingReport routing(RoutingSessionReport.Builder... sessions) {
        RoutingReport.Builder report = RoutingReport.newBuilder();
        for (RoutingSessionReport.Builder session : sessions) {
            report.addSessions(session);
        }
        return report.build();
    }

    /**
     * The next ROUTE_TABLE_UPSERT of {@code subnet}; those of other subnets it passes stay queued (a push sends a
     * network's tables in subnet id order, which is random here).
     */
    private static RouteTableInfo nextTable(Updates updates, Subnet subnet) throws InterruptedException {
        List<Update> others = new ArrayList<>();
        try {
            while (true) {
                Update u = updates.nextRoutes();
                if (u.getSubnetId().equals(subnet.id().value())) {
                    return u.getRouteTable();
                }
                others.add(u);
            }
        } finally {
            updates.routes.addAll(others);
        }
    }

    private static List<RouteInfo> learned(RouteTableInfo table) {
        return table.getRoutesList().stream().filter(r -> r.getKind() == RouteInfo.Kind.LEARNED).toList();
    }

    @Test
    void aSubnetsRoutingReachesItsAgentsWithEachParticipantsInterface() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        bgpIn(subnetA, fw, 10);
        Updates updates = new Updates(host2, 0);
        Update snapshot = updates.next();
        SubnetRoutingInfo routing = snapshot.getSubnetsList().stream()
            .filter(s -> s.getSubnetId().equals(subnetA.id().value())).findFirst().orElseThrow().getRouting();
        assertThat(routing.getProtocolsList()).containsExactly(SubnetRoutingInfo.Protocol.BGP);
        assertThat(routing.getRouterId()).isEqualTo(subnetA.gateway());
        assertThat(routing.getBgpAsn()).isEqualTo(65000);
        assertThat(routing.getParticipantsList()).singleElement().satisfies(p -> {
            assertThat(p.getNodeId()).isEqualTo(fw.id().value());
            assertThat(p.getInterfaceId()).isEqualTo(fw.interfaces().get(0).id().value());
            assertThat(p.getInterfaceAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50"));
            assertThat(p.getAsn()).isEqualTo(65001);
            assertThat(p.getAllowedPrefixesList()).containsExactly("10.1.0.0/16");
            assertThat(p.getMaxPrefixes()).isEqualTo(10);
        });
        assertThat(snapshot.getSubnetsList().stream().filter(s -> s.getSubnetId().equals(subnetB.id().value()))
            .findFirst().orElseThrow().hasRouting()).as("B has no routing: none is sent").isFalse();
    }

    @Test
    void learnedRoutesAreFilteredByThePolicyAndReachEveryTableOfTheNetworkTowardTheParticipant() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        bgpIn(subnetA, fw, 2);
        Updates updates = new Updates(host2, 0);
        assertThat(updates.next().getKind()).isEqualTo(Update.Kind.SNAPSHOT);

        var ack = stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 5",
            "10.1.1.0/24 7", "10.1.2.0/24 7", "10.7.0.0/16 1")));
        assertThat(ack.getRefused()).as("one outside the allowed prefixes, one beyond the maximum").isEqualTo(2);

        RouteTableInfo a = nextTable(updates, subnetA);
        assertThat(learned(a)).extracting(r -> Ipv4Address.format(r.getPrefix()) + "/" + r.getLength())
            .containsExactly("10.1.1.0/24", "10.1.0.0/16");
        RouteInfo wide = learned(a).get(1);
        assertThat(wide.getMetric()).isEqualTo(5);
        assertThat(wide.getLearnedFromNodeId()).isEqualTo(fw.id().value());
        assertThat(wide.getLearnedFromAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50"));
        assertThat(wide.getNextHopsList()).singleElement()
            .satisfies(h -> assertThat(h.getAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50")));
        RouteTableInfo b = nextTable(updates, subnetB);
        assertThat(learned(b)).hasSize(2).allSatisfy(r -> {
            assertThat(r.getNextHopsList()).singleElement().as("fw's interface in B")
                .satisfies(h -> assertThat(h.getAddress()).isEqualTo(Ipv4Address.parse("10.0.2.50")));
            assertThat(r.getLearnedFromAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50"));
        });
        assertThat(b.getVersion()).isEqualTo(controller.store().revision());

        assertThat(controller.agentChannel().routing().sessions(network.id())).singleElement().satisfies(s -> {
            assertThat(s.host()).isEqualTo(host1.id());
            assertThat(s.status().state()).isEqualTo("Established");
            assertThat(s.learned()).hasSize(2);
        });

        // An empty report withdraws them.
        stub(token(host1)).reportRouting(RoutingReport.getDefaultInstance());
        assertThat(learned(nextTable(updates, subnetA))).isEmpty();
        assertThat(controller.agentChannel().routing().sessions(network.id())).isEmpty();
    }

    @Test
    void onlyAParticipantsOwnHostSpeaksForItAndOnlyOverAnEnabledProtocol() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        Node other = appliance(host2, "fw2", "10.0.1.51", "10.0.2.51");
        bgpIn(subnetA, fw, 10);

        var fromAnotherHost = stub(token(host2)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 1")));
        var notAParticipant = stub(token(host2)).reportRouting(routing(session(subnetA, other, 0, "10.1.0.0/16 1")));
        var otherProtocol = stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 1")
            .setProtocol(SubnetRoutingInfo.Protocol.OSPF)));
        var malformed = stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0)
            .addLearned(LearnedRoute.newBuilder().setPrefix(Ipv4Address.parse("10.1.0.1")).setLength(16))));

        assertThat(List.of(fromAnotherHost, notAParticipant, otherProtocol, malformed))
            .extracting(RoutingAck::getRefused).containsOnly(1);
        assertThat(controller.agentChannel().routing().sessions(network.id())).singleElement()
            .satisfies(s -> assertThat(s.learned()).isEmpty());
        var noProtocol = catchThrowableOfType(StatusRuntimeException.class, () -> stub(token(host1))
            .reportRouting(routing(session(subnetA, fw, 0).setProtocol(SubnetRoutingInfo.Protocol.PROTOCOL_UNSPECIFIED))));
        assertThat(noProtocol.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void anotherTenantsNetworkIsNeverAffectedByLearnedRoutes() throws Exception {
        Host host3 = system.hosts().register(new HostRequest("host-three", Ipv6Prefix.parse("2001:db8:0:300::/72")));
        Tenant other = system.tenants().create(new TenantRequest("globex"));
        Network theirs = system.networks().create(other.id(), new NetworkRequest("theirs",
            List.of(prefix("10.0.0.0/16"))));
        Subnet theirSubnet = system.networks().createSubnet(other.id(), theirs.id(), new SubnetRequest("a",
            prefix("10.0.1.0/24")));
        system.nodes().create(other.id(), theirs.id(), new NodeRequest("vm", host3.id(), true,
            List.of(InterfaceRequest.at(theirSubnet.id(), Ipv4Address.parse("10.0.1.10")))));
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        bgpIn(subnetA, fw, 10);
        Updates theirUpdates = new Updates(host3, 0);
        Update snapshot = theirUpdates.next();
        List<RouteInfo> before = snapshot.getRouteTables(0).getRoutesList();
        Updates ourUpdates = new Updates(host2, 0);
        ourUpdates.next();

        // Our participant announces a prefix; their subnet's id in our session is refused.
        stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 1"),
            session(theirSubnet, fw, 0, "10.1.0.0/16 1")));
        assertThat(learned(nextTable(ourUpdates, subnetA))).hasSize(1);
        theirUpdates.assertNoRoutes();
        assertThat(controller.agentChannel().routing().routes(theirs.id(), 0).tables()).singleElement()
            .satisfies(t -> assertThat(t.getRoutesList()).isEqualTo(before));
        assertThat(controller.agentChannel().routing().sessions(theirs.id())).isEmpty();
    }

    @Test
    void aFloodOfReportsCostsAFewRecomputationsAndTheLastOneWins() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        bgpIn(subnetA, fw, 10);
        Updates updates = new Updates(host2, 0);
        updates.next();
        var stub = stub(token(host1));
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            stub.reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 " + i)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2 * AgentChannelServer.ROUTING_COALESCE.toMillis());
        List<Update> tablesOfA = new ArrayList<>();
        for (Update u; (u = updates.routes.poll(300, TimeUnit.MILLISECONDS)) != null;) {
            if (u.getSubnetId().equals(subnetA.id().value())) {
                tablesOfA.add(u);
            }
        }
        assertThat(tablesOfA.size()).as("pushes for 200 reports in %.2f s", seconds)
            .isLessThanOrEqualTo(2 + (int) (seconds * 1000 / AgentChannelServer.ROUTING_COALESCE.toMillis()));
        assertThat(learned(tablesOfA.getLast().getRouteTable())).singleElement()
            .satisfies(r -> assertThat(r.getMetric()).isEqualTo(199));
    }

    @Test
    void aRegisteringAgentsLearnedRoutesAreWithdrawn() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        bgpIn(subnetA, fw, 10);
        Updates updates = new Updates(host2, 0);
        updates.next();
        stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 1")));
        assertThat(learned(nextTable(updates, subnetA))).hasSize(1);
        stub(token(host1)).register(RegisterRequest.newBuilder().setHostId(host1.id().value())
            .setSubstratePrefix(ChannelCodec.prefix(host1.substratePrefix())).build());
        assertThat(learned(nextTable(updates, subnetA))).isEmpty();
    }

    @Test
    void tenantsReadSessionsAndSubnetRoutingThroughTheApiAndOperatorsInTheMetrics() throws Exception {
        Node fw = appliance(host1, "fw", "10.0.1.50", "10.0.2.50");
        String secret = system.tenants().issueToken(tenant.id(), new ApiTokenRequest("t", null)).secret();
        String operator = Files.readString(controller.operatorTokenFile()).strip();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        HttpResponse<String> patched = send("PATCH", "/v1/subnets/" + subnetA.id().value(), secret, """
            {"routing": {"protocols": ["bgp"], "bgp": {"asn": 65000},
              "participants": [{"node": "%s", "protocols": ["BGP"], "asn": 65001,
                                "allowedPrefixes": ["10.1.0.0/16", "10.2.0.0/16{24,24}"], "maxPrefixes": 100}]}}
            """.formatted(fw.id().value()));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        var routing = mapper.readTree(patched.body()).get("routing");
        assertThat(routing.get("protocols").toString()).isEqualTo("[\"BGP\"]");
        assertThat(routing.get("routerId").asText()).isEqualTo("10.0.1.1");
        assertThat(routing.get("bgp").get("holdTimeSeconds").asInt()).isEqualTo(90);
        var participant = routing.get("participants").get(0);
        assertThat(participant.get("allowedPrefixes").toString()).isEqualTo("[\"10.1.0.0/16\",\"10.2.0.0/16{24,24}\"]");
        assertThat(participant.get("messagesPerSecond").asInt()).isEqualTo(PeerPolicy.DEFAULT_MESSAGES_PER_SECOND);
        assertThat(mapper.readTree(send("PATCH", "/v1/subnets/" + subnetA.id().value(), secret,
            "{\"name\": \"a2\"}").body()).get("routing")).as("a rename keeps the routing").isEqualTo(routing);

        HttpResponse<String> refused = send("PATCH", "/v1/subnets/" + subnetA.id().value(), secret, """
            {"routing": {"participants": [{"node": "%s", "protocols": ["BGP"], "asn": 65001}]}}
            """.formatted(a1.id().value()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("participant-not-appliance", "/routing/participants/0/node");

        HttpResponse<String> malformed = send("POST", "/v1/networks/" + network.id().value() + "/subnets", secret, """
            {"name": "c", "cidr": "10.0.3.0/24", "routing": {"protocols": ["EIGRP"], "bgp": {"asn": "x"},
             "participants": [{"node": "%s", "protocols": ["OSPF"], "allowedPrefixes": ["10.1.0.1/16"],
                               "maxPrefixes": 0}]}}
            """.formatted(fw.id().value()));
        assertThat(malformed.statusCode()).isEqualTo(400);
        var errors = mapper.readTree(malformed.body()).get("errors");
        assertThat(errors.findValuesAsText("pointer")).containsExactlyInAnyOrder("/routing/protocols/0",
            "/routing/bgp/asn", "/routing/participants/0/allowedPrefixes/0", "/routing/participants/0/maxPrefixes");
        HttpResponse<String> created = send("POST", "/v1/networks/" + network.id().value() + "/subnets", secret, """
            {"name": "c", "cidr": "10.0.3.0/24", "routing": {"protocols": ["OSPF", "RIP"],
             "ospf": {"networkType": "point_to_point"}, "rip": {"authentication": "PASSWORD", "key": "s3cret"}}}
            """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var createdRouting = mapper.readTree(created.body()).get("routing");
        assertThat(createdRouting.get("ospf").get("networkType").asText()).isEqualTo("POINT_TO_POINT");
        assertThat(createdRouting.get("ospf").get("deadSeconds").asInt()).isEqualTo(40);
        assertThat(createdRouting.get("rip").get("keySet").asBoolean()).isTrue();
        assertThat(createdRouting.get("rip").has("key")).as("the key is never shown").isFalse();

        stub(token(host1)).reportRouting(routing(session(subnetA, fw, 0, "10.1.0.0/16 3")));
        HttpResponse<String> sessions = send("GET", "/v1/networks/" + network.id().value() + "/routing/sessions",
            secret, null);
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
        var item = mapper.readTree(sessions.body()).get("items").get(0);
        assertThat(item.get("nodeId").asText()).isEqualTo(fw.id().value());
        assertThat(item.get("protocol").asText()).isEqualTo("BGP");
        assertThat(item.get("state").asText()).isEqualTo("Established");
        assertThat(item.get("uptimeSeconds").asLong()).isBetween(4L, 60L);
        assertThat(item.get("accepted").asInt()).isEqualTo(1);
        assertThat(item.get("hostId").asText()).isEqualTo(host1.id().value());
        assertThat(item.get("learned").get(0).get("prefix").asText()).isEqualTo("10.1.0.0/16");
        assertThat(mapper.readTree(send("GET", "/v1/routing/sessions", secret, null).body()).get("items").size())
            .isEqualTo(1);
        String otherSecret = system.tenants().issueToken(system.tenants().create(new TenantRequest("globex")).id(),
            new ApiTokenRequest("t", null)).secret();
        assertThat(mapper.readTree(send("GET", "/v1/routing/sessions", otherSecret, null).body()).get("items").size())
            .as("another tenant sees none").isZero();
        assertThat(send("GET", "/v1/networks/" + network.id().value() + "/routing/sessions", otherSecret, null)
            .statusCode()).isEqualTo(404);

        assertThat(get("/metrics", operator).body()).contains(
            "isthmus_controller_routing_sessions{protocol=\"bgp\",state=\"up\"} 1\n",
            "isthmus_controller_routing_sessions{protocol=\"ospf\",state=\"down\"} 0\n",
            "isthmus_controller_routing_learned_routes{protocol=\"bgp\"} 1\n");
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + controller.apiAddress().getPort() + path)).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    // Counters

    @Test
    void theLastCounterReportOfEachHostIsKept() {
        var stub = stub(token(host1));
        stub.reportCounters(CounterReport.newBuilder().putCounters("rx_packets", 1).build());
        var ack = stub.reportCounters(CounterReport.newBuilder().putCounters("rx_packets", 10)
            .putCounters("drop_spoofed", -1L).build());
        assertThat(ack.getReceivedAtMs()).isPositive();
        HostCounters kept = controller.agentChannel().counters(host1.id()).orElseThrow();
        assertThat(kept.counters()).containsEntry("rx_packets", 10L).containsEntry("drop_spoofed", -1L);
        assertThat(kept.receivedAt().toEpochMilli()).isEqualTo(ack.getReceivedAtMs());
        assertThat(controller.agentChannel().counters(host2.id())).isEmpty();
        assertThat(controller.agentChannel().counters()).containsOnlyKeys(host1.id());
    }

    @Test
    void theOperatorReadsReportsAtTheHostsCountersEndpointAndInTheMetrics() throws Exception {
        var stub = stub(token(host1));
        var ack = stub.reportCounters(CounterReport.newBuilder().putCounters("SPOOFED_SOURCE_IP", 7)
            .putCounters("DELIVERED_LOCAL", 3).build());
        String operator = Files.readString(controller.operatorTokenFile()).strip();

        HttpResponse<String> report = get("/v1/hosts/" + host1.id().value() + "/counters", operator);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.body());
        assertThat(json.get("hostId").asText()).isEqualTo(host1.id().value());
        assertThat(java.time.Instant.parse(json.get("receivedAt").asText()).toEpochMilli())
            .isEqualTo(ack.getReceivedAtMs());
        assertThat(json.get("counters").get("SPOOFED_SOURCE_IP").asLong()).isEqualTo(7);
        assertThat(json.get("counters").get("DELIVERED_LOCAL").asLong()).isEqualTo(3);
        // Known host without a report, unknown host, and a caller that is not the operator.
        HttpResponse<String> silent = get("/v1/hosts/" + host2.id().value() + "/counters", operator);
        assertThat(silent.statusCode()).isEqualTo(404);
        assertThat(silent.body()).contains("has not reported");
        assertThat(get("/v1/hosts/host-nope/counters", operator).statusCode()).isEqualTo(404);
        assertThat(get("/v1/hosts/" + host1.id().value() + "/counters", null).statusCode()).isEqualTo(401);

        HttpResponse<String> metrics = get("/metrics", operator);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains(
            "# TYPE isthmus_controller_api_requests_total counter\n",
            "isthmus_controller_api_requests_total{method=\"GET\",status=\"200\"} 1\n",
            "isthmus_controller_api_requests_total{method=\"GET\",status=\"404\"} 2\n",
            "isthmus_controller_store_revision " + controller.store().revision() + "\n",
            "isthmus_controller_agents_connected 0\n",
            "isthmus_controller_agents_reporting 1\n",
            "isthmus_controller_agent_last_report_timestamp_seconds{host=\"" + host1.id().value() + "\"} "
                + ack.getReceivedAtMs() / 1000 + "\n",
            "isthmus_controller_agent_reported_counter{host=\"" + host1.id().value()
                + "\",counter=\"spoofed_source_ip\"} 7\n");
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
            + controller.apiAddress().getPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void credentialsVerifyOnlyForTheirHost() {
        AgentCredentials credentials = controller.agentCredentials();
        assertThat(credentials.verify(token(host1))).contains(host1.id());
        assertThat(credentials.verify(token(host2))).contains(host2.id());
        assertThat(credentials.verify(null)).isEmpty();
        assertThat(credentials.verify(token(host1) + "x")).isEmpty();
        assertThat(Set.of(token(host1), token(host2))).hasSize(2);
        assertThat(credentials.verify(HostId.random(new java.util.Random(1)).value() + ".AAAA")).isEmpty();
    }
}
