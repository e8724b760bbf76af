package io.isthmus.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.v1.AgentChannelGrpc;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.Resolution.Reason;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.channel.v1.WatchRequest;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.peering.RouterHops;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peering through a real controller (embedded store, loopback gRPC and HTTP): the views and propagated routes on an
 * agent's update stream, the resolution of destinations in peer networks, and the operators' view over REST.
 */
class PeeringChannelTest {
    @TempDir
    Path dataDir;

    private Controller controller;
    private SystemManager system;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Tenant x;
    private Tenant y;
    private Host host1;
    private Host host2;
    private Network nx;
    private Network ny;
    private Subnet sx;
    private Subnet sy;
    private Node ax;
    private Node by;
    private PeeringRouter hub;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        system = controller.system();
        x = system.tenants().create(new TenantRequest("x"));
        y = system.tenants().create(new TenantRequest("y"));
        host1 = system.hosts().register(new HostRequest("host-one", Ipv6Prefix.parse("2001:db8:0:100::/72")));
        host2 = system.hosts().register(new HostRequest("host-two", Ipv6Prefix.parse("2001:db8:0:200::/72")));
        nx = system.networks().create(x.id(), new NetworkRequest("nx", List.of(Ipv4Prefix.parse("10.1.0.0/16"))));
        ny = system.networks().create(y.id(), new NetworkRequest("ny", List.of(Ipv4Prefix.parse("10.2.0.0/16"))));
        sx = system.networks().createSubnet(x.id(), nx.id(), new SubnetRequest("sx", Ipv4Prefix.parse("10.1.1.0/24")));
        sy = system.networks().createSubnet(y.id(), ny.id(), new SubnetRequest("sy", Ipv4Prefix.parse("10.2.1.0/24")));
        ax = node(x, nx, host1, "ax", sx, "10.1.1.10");
        by = node(y, ny, host2, "by", sy, "10.2.1.20");
        hub = system.peering().create(x.id(), new PeeringRouterRequest("hub", null));
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        controller.close();
    }

    private Node node(Tenant tenant, Network network, Host host, String name, Subnet subnet, String address) {
        return system.nodes().create(tenant.id(), network.id(), new NodeRequest(name, host.id(), true,
            List.of(InterfaceRequest.at(subnet.id(), Ipv4Address.parse(address)))));
    }

    private PeeringAttachment attach(Tenant tenant, Network network, AttachmentPolicy policy) {
        return system.peering().attach(tenant.id(), hub.id(), new PeeringAttachmentRequest(network.id(), policy, 0));
    }

    /** Attaches nx (its owner's) and ny (accepted by the owner): both active. */
    private PeeringAttachment peerBoth() {
        attach(x, nx, null);
        PeeringAttachment pending = attach(y, ny, null);
        return system.peering().accept(x.id(), pending.id(), 0);
    }

    /** Waits until the controller's view of {@code network} satisfies {@code condition}. */
    private NetworkPeeringInfo awaitView(Network network, Predicate<NetworkPeeringInfo> condition)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        NetworkPeeringInfo view;
        while (!condition.test(view = controller.agentChannel().peering().view(network.id()))) {
            assertThat(System.nanoTime()).as("view of %s within 10 s: %s", network.id(), view).isLessThan(deadline);
            Thread.sleep(20);
        }
        return view;
    }

    private ManagedChannel channel(Host host) {
        Metadata md = new Metadata();
        md.put(AgentAuthInterceptor.AUTHORIZATION, "Bearer " + controller.agentCredentials().issue(host.id()));
        ManagedChannel channel = NettyChannelBuilder.forAddress(controller.agentChannelAddress()).usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(md)).build();
        channels.add(channel);
        return channel;
    }

    private Resolution resolve(Node source, String destination, int overlayId) {
        return AgentChannelGrpc.newBlockingStub(channel(host1)).withDeadlineAfter(10, TimeUnit.SECONDS)
            .resolve(ResolveRequest.newBuilder().setSourceNodeId(source.id().value())
                .setSourceInterfaceId(source.interfaces().getFirst().id().value())
                .setDestinationIpv4(Ipv4Address.parse(destination)).setDestinationOverlayId(overlayId).build());
    }

    /** An agent's update stream, its updates in arrival order. */
    private final class Watch implements StreamObserver<Update> {
        final BlockingQueue<Update> received = new LinkedBlockingQueue<>();

        private final io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();

        Watch(Host host) {
            this(host, 0);
        }

        Watch(Host host, long fromVersion) {
            context.run(() -> AgentChannelGrpc.newStub(channel(host))
                .watch(WatchRequest.newBuilder().setFromVersion(fromVersion).build(), this));
        }

        void cancel() {
            context.cancel(null);
        }

        /** The next update of {@code kind} for {@code network} that satisfies {@code condition}, within 10 s. */
        Update next(Update.Kind kind, Network network, Predicate<Update> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                Update u = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(u).as("a %s update of %s within 10 s", kind, network == null ? "any" : network.id())
                    .isNotNull();
                if (u.getKind() == kind && (network == null || u.getNetworkId().equals(network.id().value()))
                    && condition.test(u)) {
                    return u;
                }
            }
        }

        @Override
        public void onNext(Update value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private static List<RouteInfo> propagated(Update routeTable) {
        return routeTable.getRouteTable().getRoutesList().stream()
            .filter(r -> r.getKind() == RouteInfo.Kind.PROPAGATED).toList();
    }

    // Update stream

    @Test
    void theViewAndItsPropagatedRoutesReachTheAgentsWatchStreamAndGoWithTheAttachment() throws Exception {
        Watch watch = new Watch(host1);
        Update snapshot = watch.next(Update.Kind.SNAPSHOT, null, u -> true);
        assertThat(snapshot.getPeeringsList()).isEmpty();

        PeeringAttachment ay = peerBoth();

        Update peering = watch.next(Update.Kind.PEERING_UPSERT, nx, u -> u.getPeering().getPeersCount() == 1);
        PeerRangeInfo range = peering.getPeering().getPeers(0);
        assertThat(range.getPeerNetworkId()).isEqualTo(ny.id().value());
        assertThat(range.getPeerOverlayId()).isEqualTo(ny.overlayId());
        assertThat(range.getRouterIdsList()).containsExactly(hub.id().value());
        assertThat(range.getRouterHopsList()).containsExactly(RouterHops.address(hub.id()));
        Update table = watch.next(Update.Kind.ROUTE_TABLE_UPSERT, nx, u -> !propagated(u).isEmpty());
        assertThat(propagated(table)).singleElement().satisfies(r -> {
            assertThat(Ipv4Prefix.normalized(r.getPrefix(), r.getLength())).isEqualTo(Ipv4Prefix.parse("10.2.0.0/16"));
            assertThat(r.getAction()).isEqualTo(RouteInfo.Action.PEERING);
            assertThat(r.getPeeringRouterId()).isEqualTo(hub.id().value());
        });

        Watch later = new Watch(host1);
        Update whole = later.next(Update.Kind.SNAPSHOT, null, u -> true);
        assertThat(whole.getPeeringsList()).extracting(NetworkPeeringInfo::getNetworkId)
            .containsExactly(nx.id().value());
        assertThat(whole.getRouteTablesList()).anySatisfy(t -> assertThat(t.getRoutesList())
            .anyMatch(r -> r.getAction() == RouteInfo.Action.PEERING));

        system.peering().detach(y.id(), ay.id(), 0);
        watch.next(Update.Kind.PEERING_UPSERT, nx, u -> u.getPeering().getPeersCount() == 0);
        watch.next(Update.Kind.ROUTE_TABLE_UPSERT, nx, u -> propagated(u).isEmpty());
    }

    @Test
    void aResumedStreamBeginsWithTheViewOfEachWatchedNetworkSoAViewThatWentMeanwhileIsCleared() throws Exception {
        Watch watch = new Watch(host1);
        watch.next(Update.Kind.SNAPSHOT, null, u -> true);
        PeeringAttachment ay = peerBoth();
        watch.next(Update.Kind.PEERING_UPSERT, nx, u -> u.getPeering().getPeersCount() == 1);
        long last = controller.store().revision();
        watch.cancel();

        system.peering().detach(y.id(), ay.id(), 0);
        awaitView(nx, v -> v.getPeersCount() == 0);

        Watch resumed = new Watch(host1, last);
        Update first = resumed.next(Update.Kind.PEERING_UPSERT, nx, u -> true);
        assertThat(first.getPeering().getPeersList()).isEmpty();
        assertThat(first.getPeering().getAttachmentsList()).hasSize(1);
    }

    // Resolution

    @Test
    void aDestinationInAPeerNetworkIsRefusedUntilPeeredThenAllowedAtItsRealAddress() throws Exception {
        assertThat(resolve(ax, "10.2.1.20", ny.overlayId()).getReason()).isEqualTo(Reason.DIFFERENT_NETWORK);

        peerBoth();
        awaitView(nx, v -> v.getPeersCount() == 1);

        Resolution allowed = resolve(ax, "10.2.1.20", ny.overlayId());
        assertThat(allowed.getReason()).isEqualTo(Reason.ALLOWED);
        assertThat(allowed.getAllowed()).isTrue();
        assertThat(allowed.getNextHopSubstrate().toByteArray()).isEqualTo(substrate(host2, ny.overlayId(),
            "10.2.1.20"));
        assertThat(allowed.getDestinationMac()).isEqualTo(VirtualMacs.router(sx.gateway()));
        assertThat(allowed.getDestinationNodeId()).isEqualTo(by.id().value());

        assertThat(resolve(ax, "10.2.1.99", ny.overlayId()).getReason()).as("no interface holds it")
            .isEqualTo(Reason.UNKNOWN_DESTINATION);
        assertThat(resolve(ax, "10.3.0.5", ny.overlayId()).getReason()).as("outside the peer's ranges")
            .isEqualTo(Reason.DIFFERENT_NETWORK);
        assertThat(resolve(ax, "10.2.1.20", 0xfffff0).getReason()).as("no such network")
            .isEqualTo(Reason.UNKNOWN_DESTINATION);
        Network nz = system.networks().create(y.id(), new NetworkRequest("nz",
            List.of(Ipv4Prefix.parse("10.9.0.0/16"))));
        assertThat(resolve(ax, "10.9.0.5", nz.overlayId()).getReason()).as("not peered")
            .isEqualTo(Reason.DIFFERENT_NETWORK);
    }

    @Test
    void aTranslatedPeerIsResolvedAtItsRealAddressInItsOwnOverlay() throws Exception {
        Network nz = system.networks().create(y.id(), new NetworkRequest("nz",
            List.of(Ipv4Prefix.parse("10.1.0.0/16"))));
        Subnet sz = system.networks().createSubnet(y.id(), nz.id(), new SubnetRequest("sz",
            Ipv4Prefix.parse("10.1.1.0/24")));
        Node cz = node(y, nz, host2, "cz", sz, "10.1.1.30");
        attach(x, nx, null);
        PeeringAttachment pending = attach(y, nz, new AttachmentPolicy(List.of(), List.of(), List.of(), false,
            List.of(), OverlapMode.TRANSLATE, List.of()));
        system.peering().accept(x.id(), pending.id(), 0);

        PeerRangeInfo range = awaitView(nx, v -> v.getPeersCount() == 1).getPeers(0);
        assertThat(range.getPeerPrefix()).isEqualTo(Ipv4Address.parse("10.1.0.0"));
        assertThat(range.getPrefix()).as("nz's representative").isNotEqualTo(range.getPeerPrefix());

        Resolution allowed = resolve(ax, "10.1.1.30", nz.overlayId());
        assertThat(allowed.getReason()).isEqualTo(Reason.ALLOWED);
        assertThat(allowed.getDestinationNodeId()).isEqualTo(cz.id().value());
        assertThat(allowed.getNextHopSubstrate().toByteArray()).isEqualTo(substrate(host2, nz.overlayId(),
            "10.1.1.30"));
        assertThat(resolve(ax, "10.1.1.10", 0).getDestinationNodeId()).as("its own network is untouched")
            .isEqualTo(ax.id().value());
    }

    private static byte[] substrate(Host host, int overlayId, String ipv4) {
        return AgentChannelTest.substrate(host, overlayId, ipv4);
    }

    // REST

    @Test
    void tenantsReadTheirNetworksPeeringViewAndThePathsOfPropagatedRoutes() throws Exception {
        peerBoth();
        awaitView(nx, v -> v.getPeersCount() == 1);
        String secret = system.tenants().issueToken(x.id(), new ApiTokenRequest("t", null)).secret();
        ObjectMapper mapper = new ObjectMapper();

        HttpResponse<String> response = get("/v1/networks/" + nx.id().value() + "/peering", secret);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = mapper.readTree(response.body());
        assertThat(view.get("attachments")).hasSize(1);
        JsonNode peer = view.get("peers").get(0);
        assertThat(peer.get("prefix").asText()).isEqualTo("10.2.0.0/16");
        assertThat(peer.get("peerPrefix").asText()).isEqualTo("10.2.0.0/16");
        assertThat(peer.get("peerNetworkId").asText()).isEqualTo(ny.id().value());
        assertThat(peer.get("routers").get(0).get("routerId").asText()).isEqualTo(hub.id().value());
        assertThat(peer.get("routers").get(0).get("hop").asText())
            .isEqualTo(Ipv4Address.format(RouterHops.address(hub.id())));
        assertThat(peer.get("peerSubnets").get(0).get("gateway").asText()).isEqualTo("10.2.1.1");

        JsonNode effective = mapper.readTree(get("/v1/subnets/" + sx.id().value() + "/route-table/effective",
            secret).body());
        JsonNode route = null;
        for (JsonNode r : effective.get("routes")) {
            if (r.get("kind").asText().equals("PROPAGATED")) {
                route = r;
            }
        }
        assertThat(route).as("a propagated route in %s", effective).isNotNull();
        assertThat(route.get("destination").asText()).isEqualTo("10.2.0.0/16");
        assertThat(route.get("action").asText()).isEqualTo("PEERING");
        assertThat(route.get("peering").get("routers").get(0).get("routerId").asText()).isEqualTo(hub.id().value());

        String other = system.tenants().issueToken(y.id(), new ApiTokenRequest("t", null)).secret();
        assertThat(get("/v1/networks/" + nx.id().value() + "/peering", other).statusCode()).isEqualTo(404);
        String operator = java.nio.file.Files.readString(controller.operatorTokenFile()).strip();
        assertThat(get("/metrics", operator).body()).contains("isthmus_controller_peering_ranges_left_out 0\n");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.apiAddress().getPort()
            + path)).header("Authorization", "Bearer " + token).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
