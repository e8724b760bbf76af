package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.ADDRESSING;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.Frames.ETH;
import static io.isthmus.agent.dataplane.OutboundPipelineTest.ipv4Of;
import static io.isthmus.agent.dataplane.OutboundPipelineTest.udpVerifies4;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.peering.PeeringView;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peering in the pipelines (issue 8): network X (overlay {@link Fixture#OVERLAY}, node A0 10.0.1.10 on host A) and
 * network Y (another overlay, node 10.0.1.99 on host B) both use 10.0.1.0/24, attached to one peering router. X sees
 * Y's subnet as 10.200.1.0/24, Y sees X's as 10.201.1.0/24 (1:1 translation, stateless).
 */
class PeeringPipelineTest {
    private static final int Y_ADDRESS = PeeringSetup.Y_ADDRESS;
    private static final int Y_AS_SEEN_BY_X = PeeringSetup.Y_AS_SEEN_BY_X;
    private static final int X_AS_SEEN_BY_Y = PeeringSetup.X_AS_SEEN_BY_Y;
    private static final int ROUTER_HOP = PeeringSetup.ROUTER_HOP;
    private static final LocalPort Y9 = PeeringSetup.Y9;
    private static final byte[] PAYLOAD = "across the peering router".getBytes();

    private final Fixture fixture = new Fixture();
    private final PeeringSetup setup = new PeeringSetup(fixture);
    private final Fixture.Host y = setup.y;
    private final TrafficMeters metersA = setup.metersA;
    private final RecordingSinks sinks = new RecordingSinks();

    private void peer(boolean yResponsesOnly, List<TrafficRuleInfo> yRules) {
        setup.peer(yResponsesOnly, yRules);
    }

    private static TrafficRuleInfo tcpIn(int port, String destination) {
        return PeeringSetup.tcpIn(port, destination);
    }

    private DataplaneCounter fromX(MemorySegment frame) {
        return fixture.a.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    private DataplaneCounter fromY(MemorySegment frame) {
        return y.outbound.process(Y9.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    private MemorySegment echoFromX(int ttl) {
        return Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X, ttl, PAYLOAD);
    }

    /** The one packet emitted, which must be for the substrate. */
    private MemorySegment substrate() {
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(RecordingSinks.SUBSTRATE);
        sinks.clear();
        return out.segment();
    }

    /** The one frame emitted, to {@code port}. */
    private MemorySegment toPort(LocalPort port) {
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(port.index());
        sinks.clear();
        return out.segment();
    }

    @Test
    void anEchoCrossesWithBothAddressesTranslatedAndTheChecksumsFollowing() {
        peer(false, List.of());
        assertThat(fromX(echoFromX(64))).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment packet = substrate();
        Ipv6Packet ip6 = new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize());
        assertThat(ADDRESSING.networkId(ip6.destinationHigh(), ip6.destinationLow())).isEqualTo(PeeringSetup.Y_OVERLAY);
        assertThat(ADDRESSING.ipv4(ip6.destinationHigh(), ip6.destinationLow()))
            .as("substrate addresses carry the peer's own address").isEqualTo(Y_ADDRESS);
        assertThat(ADDRESSING.networkId(ip6.sourceHigh(), ip6.sourceLow())).isEqualTo(OVERLAY);
        assertThat(ADDRESSING.ipv4(ip6.sourceHigh(), ip6.sourceLow())).isEqualTo(A0.address());
        assertThat(ip6.flowLabel() & 0xff).as("three routers: X's, the peering router, Y's").isEqualTo(61);

        assertThat(y.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        MemorySegment delivered = toPort(Y9);
        Ipv4Packet ip = ipv4Of(delivered);
        assertThat(ip.source()).as("Y sees X through its translation").isEqualTo(X_AS_SEEN_BY_Y);
        assertThat(ip.destination()).isEqualTo(Y_ADDRESS);
        assertThat(ip.ttl()).isEqualTo(61);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(delivered, ETH + ip.headerLength(), ip.payloadLength());
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.ECHO_REQUEST);
        assertThat(Checksum.sum(delivered, ETH + ip.headerLength(), ip.payloadLength(), 0)).isEqualTo(0xffff);

        List<TrafficMeters.Reading> readings = metersA.readings();
        assertThat(readings).containsExactly(new TrafficMeters.Reading(new TrafficMeters.Pair("att-x", "att-y"), 1,
            Ipv4Packet.HEADER_LENGTH + 8 + PAYLOAD.length));
    }

    @Test
    void theAnswerGoesBackToTheTranslatedAddressAndArrivesFromTheSeenOne() {
        peer(false, List.of());
        fromX(echoFromX(64));
        MemorySegment request = substrate();
        y.inbound.process(request, 0, (int) request.byteSize(), sinks);
        sinks.clear();
        MemorySegment reply = Frames.udp(Y9.mac(), Y9.routerMac(), Y_ADDRESS, X_AS_SEEN_BY_Y, 64, PAYLOAD);
        assertThat(fromY(reply)).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment packet = substrate();
        assertThat(fixture.a.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        Ipv4Packet ip = ipv4Of(toPort(A0));
        assertThat(ip.source()).isEqualTo(Y_AS_SEEN_BY_X);
        assertThat(ip.destination()).isEqualTo(A0.address());
        assertThat(udpVerifies4(ip)).isTrue();
    }

    @Test
    void aResponsesOnlyNetworkIsNeverReachedFirstButItsOwnConnectionsAreAnswered() {
        peer(true, List.of());
        assertThat(fromX(echoFromX(64))).as("X's own agent refuses to open a flow into Y")
            .isEqualTo(DataplaneCounter.PEERING_RESPONSES_ONLY);
        assertThat(sinks.emitted).isEmpty();

        // Y's agent refuses the same packet if it arrives anyway (X's agent not trusted to enforce alone).
        peer(false, List.of());
        fromX(echoFromX(64));
        MemorySegment forged = substrate();
        peer(true, List.of());
        assertThat(y.inbound.process(forged, 0, (int) forged.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.PEERING_RESPONSES_ONLY);

        MemorySegment request = Frames.echoRequest(Y9.mac(), Y9.routerMac(), Y_ADDRESS, X_AS_SEEN_BY_Y, 64, PAYLOAD);
        assertThat(fromY(request)).as("Y opens flows").isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment toX = substrate();
        assertThat(fixture.a.inbound.process(toX, 0, (int) toX.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        sinks.clear();
        assertThat(fromX(echoFromX(64))).as("a request with the identifier of Y's echo is still no answer")
            .isEqualTo(DataplaneCounter.PEERING_RESPONSES_ONLY);
        MemorySegment reply = Frames.echoReply(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X, 64, PAYLOAD);
        assertThat(fromX(reply)).as("X answers Y's echo").isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment back = substrate();
        assertThat(y.inbound.process(back, 0, (int) back.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
    }

    @Test
    void onlyErrorsAboutItsOwnConnectionsReachAResponsesOnlyNetwork() {
        peer(true, List.of());
        assertThat(fromY(Frames.udp(Y9.mac(), Y9.routerMac(), Y_ADDRESS, X_AS_SEEN_BY_Y, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment datagram = substrate();
        fixture.a.inbound.process(datagram, 0, (int) datagram.byteSize(), sinks);
        MemorySegment received = toPort(A0).asSlice(ETH);

        MemorySegment unreachable = Frames.icmpError(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X,
            Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_PORT_UNREACHABLE, received);
        assertThat(fromX(unreachable)).as("about the datagram Y sent").isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment error = substrate();
        assertThat(y.inbound.process(error, 0, (int) error.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        Ipv4Packet delivered = ipv4Of(toPort(Y9));
        assertThat(delivered.source()).isEqualTo(X_AS_SEEN_BY_Y);
        Ipv4Packet inner = new Ipv4Packet().wrap(delivered.segment(), delivered.offset() + delivered.headerLength()
            + 8, 28);
        assertThat(inner.source()).as("the quoted packet as Y sent it").isEqualTo(Y_ADDRESS);
        assertThat(inner.destination()).isEqualTo(X_AS_SEEN_BY_Y);

        MemorySegment other = Frames.udp(A0.mac(), A0.routerMac(), Y_AS_SEEN_BY_X, A0.address(), 64, PAYLOAD);
        new io.isthmus.wire.UdpDatagram().wrap(other, ETH + Ipv4Packet.HEADER_LENGTH, 8).setSourcePort(999);
        MemorySegment aboutNothing = Frames.icmpError(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X,
            Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_PORT_UNREACHABLE, other.asSlice(ETH));
        assertThat(fromX(aboutNothing)).as("about another flow").isEqualTo(DataplaneCounter.PEERING_RESPONSES_ONLY);
    }

    @Test
    void onlyWhatAPeerRuleLetsInPassesAndItsAnswersComeBack() {
        peer(false, List.of(tcpIn(80, "10.0.1.99")));
        MemorySegment web = Frames.tcpSyn(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X, 64, 40_000, 80);
        MemorySegment ssh = Frames.tcpSyn(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X, 64, 40_001, 22);
        assertThat(fromX(ssh)).isEqualTo(DataplaneCounter.PEERING_RULE_DENIED);
        assertThat(fromX(echoFromX(64))).isEqualTo(DataplaneCounter.PEERING_RULE_DENIED);
        assertThat(fromX(web)).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment syn = substrate();
        assertThat(y.inbound.process(syn, 0, (int) syn.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        Ipv4Packet delivered = ipv4Of(toPort(Y9));
        TcpSegment tcp = new TcpSegment().wrap(delivered.segment(), delivered.offset() + delivered.headerLength(),
            delivered.payloadLength());
        assertThat(tcp.verifyChecksum(delivered.pseudoHeaderSum(delivered.payloadLength()))).isTrue();

        MemorySegment synAck = Frames.tcpSyn(Y9.mac(), Y9.routerMac(), Y_ADDRESS, X_AS_SEEN_BY_Y, 64, 80, 40_000);
        assertThat(fromY(synAck)).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        MemorySegment back = substrate();
        assertThat(fixture.a.inbound.process(back, 0, (int) back.byteSize(), sinks))
            .as("the answer of a connection X initiated").isEqualTo(DataplaneCounter.DELIVERED_FROM_PEER);
        sinks.clear();

        // Y's agent enforces its own rules on what arrives, whatever the sender decided.
        peer(false, List.of());
        fromX(Frames.tcpSyn(A0.mac(), A0.routerMac(), A0.address(), Y_AS_SEEN_BY_X, 64, 40_002, 22));
        MemorySegment forged = substrate();
        peer(false, List.of(tcpIn(80, "10.0.1.99")));
        assertThat(y.inbound.process(forged, 0, (int) forged.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.PEERING_RULE_DENIED);
    }

    @Test
    void eachRouterOnThePathAnswersWhenTheTtlRunsOut() {
        peer(false, List.of());
        int[] expected = {GATEWAY1, ROUTER_HOP, ip("10.200.1.1")};
        for (int ttl = 1; ttl <= 3; ttl++) {
            assertThat(fromX(echoFromX(ttl))).isEqualTo(DataplaneCounter.TTL_EXPIRED);
            Ipv4Packet error = ipv4Of(toPort(A0));
            assertThat(error.source()).as("hop %d", ttl).isEqualTo(expected[ttl - 1]);
            assertThat(error.protocol()).isEqualTo(IpProtocol.ICMP);
            assertThat(error.ttl()).as("the error crosses the routers back").isEqualTo(64 - (ttl - 1));
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(error.segment(), error.offset() + error.headerLength(),
                error.payloadLength());
            assertThat(icmp.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
        }
        assertThat(fromX(echoFromX(4))).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        assertThat(substrate().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 3)).as("TTL 1 in the flow label")
            .isEqualTo((byte) 1);
    }

    @Test
    void aPeeredNodeOnTheSameHostGetsThePacketWithoutTheSubstrateAndTheSameChecks() {
        Fixture.Host host = setup.together();
        MemorySegment echo = echoFromX(64);
        assertThat(host.outbound.process(A0.index(), echo, 0, (int) echo.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.SENT_TO_PEER);
        Ipv4Packet ip = ipv4Of(toPort(Y9));
        assertThat(ip.source()).isEqualTo(X_AS_SEEN_BY_Y);
        assertThat(ip.destination()).isEqualTo(Y_ADDRESS);
        assertThat(ip.ttl()).isEqualTo(61);
        assertThat(host.counters.get(DataplaneCounter.DELIVERED_FROM_PEER)).isEqualTo(1);
    }

    @Test
    void aStaleAnswerIsUsedWhileTheControllerIsAskedInThePeerNetwork() {
        peer(false, List.of());
        fixture.a.cache.expireAll();
        assertThat(fromX(echoFromX(64))).isEqualTo(DataplaneCounter.SENT_TO_PEER);
        List<long[]> asked = new java.util.ArrayList<>();
        fixture.a.requests.drain(fixture.now[0], (port, overlay, address) -> asked.add(new long[] {port, overlay,
            address}));
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r[1]).isEqualTo(PeeringSetup.Y_OVERLAY);
            assertThat((int) r[2]).isEqualTo(Y_ADDRESS);
        });
    }

    @Test
    void anotherNetworksPacketOutsideThePeeringViewOrFromTheWrongHostIsDropped() {
        peer(false, List.of());
        fromX(echoFromX(64));
        MemorySegment packet = substrate();
        // Y no longer peered: nothing of X gets in.
        PeeringSetup.publish(y, PeeringSetup.Y_OVERLAY, "net-y", Y9, PeeringView.NONE);
        assertThat(y.inbound.process(Frames.copy(packet), 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.SOURCE_IN_OTHER_NETWORK);
        // Peered, but the source claims a host that is not where the controller puts X's node.
        peer(false, List.of());
        setup.allow(y, OVERLAY, A0.address(), fixture.b.prefix);
        assertThat(y.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        assertThat(sinks.emitted).isEmpty();
    }
}
