package io.isthmus.agent.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.v1.LearnedRoute;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.Controller;
import io.isthmus.controller.store.SqliteStore;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ControllerClient} against a real controller in this process, over loopback. */
class ControllerClientTest {
    @TempDir
    Path dataDir;

    private Controller controller;
    private InetSocketAddress agentAddress;
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
        agentAddress = controller.agentChannelAddress();
        SystemManager system = controller.system();
        tenant = system.tenants().create(new TenantRequest("acme"));
        host1 = system.hosts().register(new HostRequest("host-one", Ipv6Prefix.parse("2001:db8:0:100::/72")));
        host2 = system.hosts().register(new HostRequest("host-two", Ipv6Prefix.parse("2001:db8:0:200::/72")));
        network = system.networks().create(tenant.id(), new NetworkRequest("net",
            List.of(Ipv4Prefix.parse("10.0.0.0/16"))));
        subnetA = system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("a",
            Ipv4Prefix.parse("10.0.1.0/24")));
        subnetB = system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("b",
            Ipv4Prefix.parse("10.0.2.0/24")));
        a1 = node(system, host1, "a1", subnetA, "10.0.1.10");
        a2 = node(system, host2, "a2", subnetA, "10.0.1.20");
        b1 = node(system, host2, "b1", subnetB, "10.0.2.10");
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private Node node(SystemManager system, Host host, String name, Subnet subnet, String address) {
        return system.nodes().create(tenant.id(), network.id(), new NodeRequest(name, host.id(), true,
            List.of(InterfaceRequest.at(subnet.id(), Ipv4Address.parse(address)))));
    }

    private ControllerClient client(Host host) {
        return ControllerClient.connect(agentAddress, controller.agentCredentials().issue(host.id()));
    }

    @Test
    void registersResolvesAndReports() {
        try (ControllerClient client = client(host1)) {
            Registration r = client.register(host1.id().value(), host1.substratePrefix(), "0.1.0");
            assertThat(r.getOverlayPrefixLength()).isEqualTo(72);

            Resolution same = client.resolve(a1.id().value(), a1.interfaces().getFirst().id().value(),
                Ipv4Address.parse("10.0.1.20"));
            assertThat(same.getAllowed()).isTrue();
            assertThat(same.getDestinationMac()).isEqualTo(a2.interfaces().getFirst().mac());
            Resolution routed = client.resolve(a1.id().value(), a1.interfaces().getFirst().id().value(),
                Ipv4Address.parse("10.0.2.10"));
            assertThat(routed.getDestinationMac()).isEqualTo(VirtualMacs.router(subnetA.gateway()));
            assertThat(routed.getDestinationNodeId()).isEqualTo(b1.id().value());
            Resolution notMine = client.resolve(a2.id().value(), a2.interfaces().getFirst().id().value(),
                Ipv4Address.parse("10.0.1.10"));
            assertThat(notMine.getReason()).isEqualTo(Resolution.Reason.NOT_YOUR_NODE);

            client.reportCounters(Map.of("rx_packets", 5L));
            assertThat(controller.agentChannel().counters(host1.id()).orElseThrow().counters())
                .containsEntry("rx_packets", 5L);
        }
    }

    @Test
    void reportsItsRoutingSessionsAndHearsHowManyRoutesWereRefused() {
        SystemManager system = controller.system();
        Node fw = system.nodes().create(tenant.id(), network.id(), new NodeRequest("fw", host1.id(), false,
            List.of(InterfaceRequest.at(subnetA.id(), Ipv4Address.parse("10.0.1.50")))));
        system.networks().updateSubnet(tenant.id(), subnetA.id(), new SubnetUpdate(null, new SubnetRouting(
            Set.of(RoutingProtocol.RIP), 0, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS, List.of(new RoutingParticipant(fw.id(), Set.of(RoutingProtocol.RIP), 0,
                new PeerPolicy(List.of(PrefixRange.parse("10.1.0.0/16")), 10, 10, 10))))), 0);
        RoutingSessionReport.Builder session = RoutingSessionReport.newBuilder().setSubnetId(subnetA.id().value())
            .setNodeId(fw.id().value()).setInterfaceAddress(Ipv4Address.parse("10.0.1.50"))
            .setProtocol(SubnetRoutingInfo.Protocol.RIP).setState("Up").setUp(true)
            .addLearned(LearnedRoute.newBuilder().setPrefix(Ipv4Address.parse("10.1.0.0")).setLength(16).setMetric(2))
            .addLearned(LearnedRoute.newBuilder().setPrefix(Ipv4Address.parse("10.9.0.0")).setLength(16).setMetric(2));
        try (ControllerClient client = client(host1)) {
            assertThat(client.reportRouting(RoutingReport.newBuilder().addSessions(session).build())).isEqualTo(1);
        }
        assertThat(controller.agentChannel().routing().sessions(network.id())).singleElement()
            .satisfies(s -> assertThat(s.learned()).extracting(r -> r.prefix().toString())
                .containsExactly("10.1.0.0/16"));
    }

    @Test
    void aBadTokenIsRefused() {
        try (ControllerClient client = ControllerClient.connect(agentAddress, "host-000000000000.AAAA")) {
            var e = catchThrowableOfType(StatusRuntimeException.class, () -> client.resolve(a1.id().value(),
                a1.interfaces().getFirst().id().value(), Ipv4Address.parse("10.0.1.20")));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void theUpdateStreamResumesFromTheLastVersionAfterTheControllerRestarts() throws Exception {
        BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
        try (ControllerClient client = client(host1)) {
            var subscription = client.watch(0, storeChanges(updates));
            Update snapshot = next(updates);
            assertThat(snapshot.getKind()).isEqualTo(Update.Kind.SNAPSHOT);
            assertThat(snapshot.getNodesCount()).isEqualTo(3);
            Node a3 = node(controller.system(), host2, "a3", subnetA, "10.0.1.30");
            assertThat(next(updates).getNode().getNodeId()).isEqualTo(a3.id().value());
            assertThat(subscription.lastVersion()).isEqualTo(a3.version());

            // The controller goes away; changes happen meanwhile; it comes back on the same address.
            controller.close();
            Node a4;
            Node b2;
            try (SqliteStore store = SqliteStore.open(dataDir)) {
                SystemManager offline = SystemManager.create(store, new Random(3), Limits.DEFAULT,
                    NetworkIdRange.ALL);
                a4 = node(offline, host2, "a4", subnetA, "10.0.1.40");
                b2 = node(offline, host1, "b2", subnetB, "10.0.2.20");
                offline.nodes().delete(tenant.id(), a3.id(), 0);
            }
            controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null, agentAddress);

            Update u1 = next(updates);
            Update u2 = next(updates);
            Update u3 = next(updates);
            assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(List.of(u1.getKind(), u2.getKind(), u3.getKind())).containsExactly(Update.Kind.NODE_UPSERT,
                Update.Kind.NODE_UPSERT, Update.Kind.NODE_DELETE);
            assertThat(u1.getNode().getNodeId()).isEqualTo(a4.id().value());
            assertThat(u2.getNode().getNodeId()).isEqualTo(b2.id().value());
            assertThat(u3.getNodeId()).isEqualTo(a3.id().value());
            assertThat(subscription.reconnects()).isPositive();
            assertThat(subscription.lastVersion()).isEqualTo(u3.getVersion());

            // And it keeps following.
            Node a5 = node(controller.system(), host2, "a5", subnetA, "10.0.1.50");
            assertThat(next(updates).getNode().getNodeId()).isEqualTo(a5.id().value());
            subscription.close();
        }
    }

    @Test
    void afterALongOutageTheStreamResumesWithinTheClientsOwnBackoff() throws Exception {
        BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
        try (ControllerClient client = client(host1)) {
            var subscription = client.watch(0, storeChanges(updates));
            assertThat(next(updates).getKind()).isEqualTo(Update.Kind.SNAPSHOT);

            // Long enough for the connection's own reconnect backoff (gRPC's: 1 s growing by 1.6 up to 120 s) to
            // outgrow the client's 5 s; the client must not wait on it once the controller is back.
            controller.close();
            Thread.sleep(30_000);
            controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null, agentAddress);
            long back = System.nanoTime();
            Node a3 = node(controller.system(), host2, "a3", subnetA, "10.0.1.30");
            Update update = updates.poll(20, TimeUnit.SECONDS);
            long resumedMs = (System.nanoTime() - back) / 1_000_000;
            System.out.println("update stream resumed " + resumedMs + " ms after the controller came back");
            assertThat(update).as("an update once the controller is back").isNotNull();
            assertThat(update.getNode().getNodeId()).isEqualTo(a3.id().value());
            // At most the client's 5 s backoff and a reconnection; without the reset, 16 s here (and up to 2 min).
            assertThat(resumedMs).as("ms to resume").isLessThan(9_000);
            assertThat(subscription.reconnects()).isPositive();
        }
    }

    /**
     * A listener keeping the updates of store changes: GROUP_MEMBERS tables and PEERING_UPSERT views are not versioned
     * and come aside.
     */
    private static java.util.function.Consumer<Update> storeChanges(BlockingQueue<Update> updates) {
        return update -> {
            if (update.getKind() != Update.Kind.GROUP_MEMBERS && update.getKind() != Update.Kind.PEERING_UPSERT) {
                updates.add(update);
            }
        };
    }

    private static Update next(BlockingQueue<Update> updates) throws InterruptedException {
        Update u = updates.poll(15, TimeUnit.SECONDS);
        assertThat(u).as("an update within 15 s").isNotNull();
        return u;
    }
}
