package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.ADDRESSING;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.SUBNET1;
import static io.isthmus.agent.dataplane.Fixture.TTL_NANOS;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.peering.ConnectionTable;
import io.isthmus.agent.peering.PeeringView;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.PeeringAttachmentInfo;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Two peered networks on the {@link Fixture}'s hosts: X (overlay {@link Fixture#OVERLAY}, node A0 10.0.1.10 on host
 * A) and Y (another overlay, node 10.0.1.99 on host {@link #y}, whose prefix is host B's) both use 10.0.1.0/24 and are
 * attached to one peering router. X sees Y's subnet as 10.200.1.0/24, Y sees X's as 10.201.1.0/24.
 */
final class PeeringSetup {
    static final int Y_OVERLAY = 0x0abcde;
    static final int Y_ADDRESS = ip("10.0.1.99");
    static final int Y_AS_SEEN_BY_X = ip("10.200.1.99");
    static final int X_AS_SEEN_BY_Y = ip("10.201.1.10");
    static final int ROUTER_HOP = ip("100.64.1.7");
    static final LocalPort Y9 = new LocalPort(9, "node-y", "if-y", Y_OVERLAY, Y_ADDRESS,
        VirtualMacs.forInterface(Y_ADDRESS), SUBNET1, 24, GATEWAY1, VirtualMacs.router(GATEWAY1), true);
    static final byte[] PAYLOAD = "across the peering router".getBytes();

    final Fixture fixture;
    final Fixture.Host y;
    final TrafficMeters metersA = new TrafficMeters();
    final TrafficMeters metersB = new TrafficMeters();

    /** Publishes both networks' views, Y's attachment with {@code yResponsesOnly} and {@code yRules}. */
    void peer(boolean yResponsesOnly, List<TrafficRuleInfo> yRules) {
        publish(fixture.a, OVERLAY, "net-x", A0, new PeeringView(ofX(yResponsesOnly, yRules), metersA,
            new ConnectionTable(256), fail()));
        publish(y, Y_OVERLAY, "net-y", Y9, new PeeringView(ofY(yResponsesOnly, yRules), metersB,
            new ConnectionTable(256), fail()));
        allow(fixture.a, Y_OVERLAY, Y_ADDRESS, PREFIX_B);
        allow(y, OVERLAY, A0.address(), PREFIX_A);
    }

    /**
     * A host with host A's prefix where both A0 (of X) and Y's node are, sharing one connection table as an agent's
     * pipelines do.
     */
    Fixture.Host together() {
        Fixture.Host host = fixture.new Host(PREFIX_A, List.of(A0, Y9));
        ConnectionTable connections = new ConnectionTable(256);
        host.ports.replaceNetworks(List.of(
            view(OVERLAY, "net-x", A0, new PeeringView(ofX(false, List.of()), metersA, connections, fail())),
            view(Y_OVERLAY, "net-y", Y9, new PeeringView(ofY(false, List.of()), metersB, connections, fail()))));
        allow(host, Y_OVERLAY, Y_ADDRESS, PREFIX_A);
        allow(host, OVERLAY, A0.address(), PREFIX_A);
        return host;
    }

    private static NetworkPeeringInfo ofX(boolean yResponsesOnly, List<TrafficRuleInfo> yRules) {
        PeeringAttachmentInfo attachmentX = PeeringAttachmentInfo.newBuilder().setAttachmentId("att-x")
            .setRouterId("router-1").build();
        NetworkPeeringInfo ofX = NetworkPeeringInfo.newBuilder().setNetworkId("net-x").setVersion(1)
            .addAttachments(attachmentX)
            .addPeers(range(ip("10.200.1.0"), Y_OVERLAY, "net-y", "att-x", "att-y", yResponsesOnly, yRules))
            .build();
        return ofX;
    }

    private static NetworkPeeringInfo ofY(boolean yResponsesOnly, List<TrafficRuleInfo> yRules) {
        PeeringAttachmentInfo attachmentY = PeeringAttachmentInfo.newBuilder().setAttachmentId("att-y")
            .setRouterId("router-1").setResponsesOnly(yResponsesOnly).addAllRules(yRules).build();
        return NetworkPeeringInfo.newBuilder().setNetworkId("net-y").setVersion(1)
            .addAttachments(attachmentY)
            .addPeers(range(ip("10.201.1.0"), OVERLAY, "net-x", "att-y", "att-x", false, List.of()))
            .build();
    }

    private static Consumer<String> fail() {
        return problem -> {
            throw new AssertionError(problem);
        };
    }

    private static PeerRangeInfo range(int seen, int peerOverlay, String peerNetwork, String local, String peerAttachment,
                                       boolean peerResponsesOnly, List<TrafficRuleInfo> peerRules) {
        return PeerRangeInfo.newBuilder().setPrefix(seen).setLength(24).setPeerNetworkId(peerNetwork)
            .setPeerOverlayId(peerOverlay).setPeerPrefix(SUBNET1).setLocalAttachmentId(local)
            .setPeerAttachmentId(peerAttachment).setPeerResponsesOnly(peerResponsesOnly).addAllPeerRules(peerRules)
            .addRouterHops(ROUTER_HOP).addRouterIds("router-1")
            .addPeerSubnets(PeerSubnetInfo.newBuilder().setPrefix(seen).setLength(24).setGateway(seen | 1))
            .build();
    }

    static void publish(Fixture.Host host, int overlay, String networkId, LocalPort port, PeeringView view) {
        host.ports.replaceNetworks(List.of(view(overlay, networkId, port, view)));
    }

    private static NetworkView view(int overlay, String networkId, LocalPort port, PeeringView peering) {
        return new NetworkView(overlay, networkId, NetworkSettings.DEFAULTS,
            List.of(new SubnetView("sub-" + networkId, SUBNET1, 24, GATEWAY1, VirtualMacs.router(GATEWAY1))),
            List.of(new NetworkView.Member(port.nodeId(), port.interfaceId(), "sub-" + networkId, port.address(),
                port.mac(), "host", 0, 0, true)), Map.of(), peering);
    }

    void allow(Fixture.Host host, int overlay, int address, Ipv6Prefix owner) {
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(ADDRESSING.compose(owner.high(), owner.low(), overlay, address, slot)).isTrue();
        host.cache.install(overlay, address, true, slot.high, slot.low, fixture.now[0] + TTL_NANOS);
    }

    static TrafficRuleInfo tcpIn(int port, String destination) {
        return TrafficRuleInfo.newBuilder().setDirection(TrafficRuleInfo.Direction.IN).setProtocol(IpProtocol.TCP)
            .setFromPort(port).setToPort(port).setDestination(ip(destination)).setDestinationLength(32).build();
    }

    PeeringSetup(Fixture fixture) {
        this.fixture = fixture;
        this.y = fixture.new Host(PREFIX_B, List.of(Y9));
    }
}
