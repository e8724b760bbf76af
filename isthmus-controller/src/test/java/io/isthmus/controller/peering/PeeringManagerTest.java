package io.isthmus.controller.peering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.metering.UsageRecorder;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Prefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PeeringManager} on a real store: views follow attachments, subnets and expiry, listeners hear of the
 * networks whose view changed, and the usage recorder of the routing updates.
 */
class PeeringManagerTest {
    @TempDir
    Path dataDir;

    private Controller controller;
    private SystemManager system;
    private PeeringManager manager;
    private final Map<PeeringAttachmentId, Long> updates = new ConcurrentHashMap<>();
    private final BlockingQueue<NetworkId> told = new LinkedBlockingQueue<>();
    private Tenant x;
    private Network a;
    private Network b;
    private PeeringRouter hub;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        system = controller.system();
        x = system.tenants().create(new TenantRequest("x"));
        a = system.networks().create(x.id(), new NetworkRequest("a", List.of(Ipv4Prefix.parse("10.1.0.0/16"))));
        b = system.networks().create(x.id(), new NetworkRequest("b", List.of(Ipv4Prefix.parse("10.2.0.0/16"))));
        hub = system.peering().create(x.id(), new PeeringRouterRequest("hub", null));
        UsageRecorder recorder = (attachment, count) -> updates.merge(attachment, count, Long::sum);
        manager = new PeeringManager(controller.store(), Clock.systemUTC(), Duration.ofMillis(20), recorder);
        manager.listen(told::add);
    }

    @AfterEach
    void stop() {
        manager.close();
        controller.close();
    }

    private PeeringAttachment attach(Network network, long seconds) {
        return system.peering().attach(x.id(), hub.id(), new PeeringAttachmentRequest(network.id(), null, seconds));
    }

    private NetworkPeeringInfo await(Network network, Predicate<NetworkPeeringInfo> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        NetworkPeeringInfo view;
        while (!condition.test(view = manager.view(network.id()))) {
            assertThat(System.nanoTime()).as("view of %s: %s", network.id(), view).isLessThan(deadline);
            Thread.sleep(10);
        }
        return view;
    }

    @Test
    void eachPropagatedRouteThatAppearsOrGoesIsOneRoutingUpdateOfTheAttachmentItReachesTheNetworkBy()
        throws Exception {
        PeeringAttachment pa = attach(a, 0);
        PeeringAttachment pb = attach(b, 0);
        await(a, v -> v.getPeersCount() == 1);
        await(b, v -> v.getPeersCount() == 1);
        assertThat(updates).containsExactlyInAnyOrderEntriesOf(Map.of(pa.id(), 1L, pb.id(), 1L));

        system.networks().createSubnet(x.id(), b.id(), new SubnetRequest("s", Ipv4Prefix.parse("10.2.1.0/24")));
        await(a, v -> v.getPeers(0).getPeerSubnetsCount() == 1);
        assertThat(updates).as("a new subnet of b is no new route").containsEntry(pa.id(), 1L);

        system.peering().detach(x.id(), pb.id(), 0);
        await(a, v -> v.getPeersCount() == 0);
        assertThat(updates).as("a lost b's range, b lost a's").containsEntry(pa.id(), 2L).containsEntry(pb.id(), 2L);
        assertThat(manager.view(b.id()).getAttachmentsList()).as("b's view is empty").isEmpty();
    }

    @Test
    void listenersHearOfTheNetworksWhoseViewChanged() throws Exception {
        attach(a, 0);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(a.id());
        long generation = manager.generation(a.id());
        attach(b, 0);
        assertThat(List.of(told.poll(10, TimeUnit.SECONDS), told.poll(10, TimeUnit.SECONDS)))
            .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(manager.generation(a.id())).isGreaterThan(generation);
        Network c = system.networks().create(x.id(), new NetworkRequest("c", List.of(Ipv4Prefix.parse("10.3.0.0/16"))));
        system.networks().createSubnet(x.id(), c.id(), new SubnetRequest("s", Ipv4Prefix.parse("10.3.1.0/24")));
        assertThat(told.poll(300, TimeUnit.MILLISECONDS)).as("an unattached network changes no view").isNull();
    }

    @Test
    void anAttachmentThatExpiresTakesItsRangesAwayAtItsExpiryTime() throws Exception {
        attach(a, 0);
        attach(b, 1);
        await(a, v -> v.getPeersCount() == 1);
        long start = System.nanoTime();
        await(a, v -> v.getPeersCount() == 0);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(manager.view(b.id()).getAttachmentsList()).isEmpty();
    }

    @Test
    void overlappingRangesLeftOutAreCounted() throws Exception {
        Network c = system.networks().create(x.id(), new NetworkRequest("c", List.of(Ipv4Prefix.parse("10.1.0.0/16"))));
        PeeringRouter other = system.peering().create(x.id(), new PeeringRouterRequest("other", null));
        attach(a, 0);
        system.peering().attach(x.id(), other.id(), new PeeringAttachmentRequest(c.id(), null, 0));
        attach(b, 0);
        system.peering().attach(x.id(), other.id(), new PeeringAttachmentRequest(b.id(), null, 0));
        // Two routers with a and c, both 10.1.0.0/16, and b on both: b sees one of them, the other is left out.
        await(b, v -> v.getPeersCount() == 1 && v.getAttachmentsCount() == 2);
        assertThat(manager.leftOut(b.id())).containsExactly(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThat(manager.leftOutCount()).isEqualTo(1);
    }
}
