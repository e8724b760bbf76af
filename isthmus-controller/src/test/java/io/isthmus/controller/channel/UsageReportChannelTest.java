package io.isthmus.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.isthmus.api.channel.v1.AgentChannelGrpc;
import io.isthmus.api.channel.v1.AttachmentTraffic;
import io.isthmus.api.channel.v1.UsageReport;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.metering.UsageCounts;
import io.isthmus.controller.metering.UsagePeriod;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ReportUsage} on a real controller over loopback gRPC: what is taken, what is refused, what is kept. */
class UsageReportChannelTest {
    @TempDir
    Path dataDir;

    private Controller controller;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Host host1;
    private Host host2;
    private PeeringAttachment ax;
    private PeeringAttachment ay;
    private UsagePeriod period;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        SystemManager system = controller.system();
        Tenant x = system.tenants().create(new TenantRequest("x"));
        Tenant y = system.tenants().create(new TenantRequest("y"));
        host1 = system.hosts().register(new HostRequest("host-one", Ipv6Prefix.parse("2001:db8:0:100::/72")));
        host2 = system.hosts().register(new HostRequest("host-two", Ipv6Prefix.parse("2001:db8:0:200::/72")));
        Network nx = network(system, x, "10.0.0.0/24", host1);
        Network ny = network(system, y, "10.1.0.0/24", host2);
        PeeringRouter hub = system.peering().create(x.id(), new PeeringRouterRequest("hub",
            new PeeringRestrictions(List.of(), List.of(), List.of(), 0, true)));
        ax = system.peering().attach(x.id(), hub.id(), new PeeringAttachmentRequest(nx.id(), null, 0));
        ay = system.peering().attach(y.id(), hub.id(), new PeeringAttachmentRequest(ny.id(), null, 0));
        Instant now = Instant.now();
        period = new UsagePeriod(now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS),
            now.truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.HOURS));
    }

    private static Network network(SystemManager system, Tenant tenant, String cidr, Host host) {
        Network network = system.networks().create(tenant.id(), new NetworkRequest("net",
            List.of(Ipv4Prefix.parse(cidr))));
        Subnet subnet = system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("s",
            Ipv4Prefix.parse(cidr)));
        system.nodes().create(tenant.id(), network.id(), new NodeRequest("n", host.id(), true,
            List.of(InterfaceRequest.at(subnet.id(), Ipv4Address.parse(cidr.replace("0/24", "10"))))));
        return network;
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        controller.close();
    }

    private AgentChannelGrpc.AgentChannelBlockingStub stub(Host host) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + controller.agentCredentials().issue(host.id()));
        ManagedChannel channel = NettyChannelBuilder.forAddress(controller.agentChannelAddress()).usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
        channels.add(channel);
        return AgentChannelGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static AttachmentTraffic traffic(String from, String to, long packets, long bytes) {
        return AttachmentTraffic.newBuilder().setFromAttachmentId(from).setToAttachmentId(to).setPackets(packets)
            .setBytes(bytes).build();
    }

    private UsageCounts usage(PeeringAttachment attachment) {
        return controller.metering().usage(attachment.networkTenantId(), attachment.id(), period).total();
    }

    @Test
    void pairsFromANetworkWithANodeOnTheHostAreTakenOthersRefusedAndCounted() {
        var host1Stub = stub(host1);
        int refused = host1Stub.reportUsage(UsageReport.newBuilder().setBootId("boot-1")
            .addTraffic(traffic(ax.id().value(), ay.id().value(), 10, 14_000))
            // ay's network has no node on host 1: host 1 cannot have sent that
            .addTraffic(traffic(ay.id().value(), ax.id().value(), 5, 500))
            .addTraffic(traffic(ax.id().value(), "pa-000000000000", 1, 100))
            .addTraffic(traffic("not-an-id", ax.id().value(), 1, 100))
            .build()).getRefused();

        assertThat(refused).isEqualTo(3);
        // Traffic only: the attachments' own routing updates are metered by the propagation, a moment after attaching.
        assertThat(usage(ax)).usingRecursiveComparison().ignoringFields("routingUpdates")
            .isEqualTo(UsageCounts.out(10, 14_000));
        assertThat(usage(ay)).usingRecursiveComparison().ignoringFields("routingUpdates")
            .isEqualTo(UsageCounts.in(10, 14_000));
        assertThat(controller.agentChannel().usageReports()).isEqualTo(1);
        assertThat(controller.agentChannel().refusedUsagePairs()).isEqualTo(3);

        int again = stub(host2).reportUsage(UsageReport.newBuilder().setBootId("boot-7")
            .addTraffic(traffic(ay.id().value(), ax.id().value(), 5, 500)).build()).getRefused();
        assertThat(again).isZero();
        assertThat(usage(ax)).usingRecursiveComparison().ignoringFields("routingUpdates")
            .isEqualTo(new UsageCounts(5, 500, 10, 14_000, 0));
    }

    @Test
    void theGrowthOfEachReportIsAddedOnceAndADetachedAttachmentStillTakesItsLastTraffic() {
        var host1Stub = stub(host1);
        host1Stub.reportUsage(UsageReport.newBuilder().setBootId("boot-1")
            .addTraffic(traffic(ax.id().value(), ay.id().value(), 10, 14_000)).build());
        host1Stub.reportUsage(UsageReport.newBuilder().setBootId("boot-1")
            .addTraffic(traffic(ax.id().value(), ay.id().value(), 12, 16_000)).build());
        controller.system().peering().detach(ay.networkTenantId(), ay.id(), 0);
        int refused = host1Stub.reportUsage(UsageReport.newBuilder().setBootId("boot-1")
            .addTraffic(traffic(ax.id().value(), ay.id().value(), 13, 17_000)).build()).getRefused();

        assertThat(refused).isZero();
        // The detach also withdraws the propagated routes (routing updates, metered a moment later): traffic only.
        assertThat(usage(ax)).usingRecursiveComparison().ignoringFields("routingUpdates")
            .isEqualTo(UsageCounts.out(13, 17_000));
        assertThat(usage(ay)).usingRecursiveComparison().ignoringFields("routingUpdates")
            .isEqualTo(UsageCounts.in(13, 17_000));
    }

    @Test
    void aReportOfMorePairsThanAnAgentMetersIsInvalid() {
        UsageReport.Builder report = UsageReport.newBuilder().setBootId("boot-1");
        for (int i = 0; i <= AgentChannelService.MAX_USAGE_PAIRS; i++) {
            report.addTraffic(traffic(ax.id().value(), "pa-" + "%012d".formatted(i), 1, 1));
        }
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
            () -> stub(host1).reportUsage(report.build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aReportWithoutBootIdIsInvalid() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
            () -> stub(host1).reportUsage(UsageReport.newBuilder()
                .addTraffic(traffic(ax.id().value(), ay.id().value(), 1, 1)).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(usage(ax)).usingRecursiveComparison().ignoringFields("routingUpdates").isEqualTo(UsageCounts.ZERO);
    }
}
