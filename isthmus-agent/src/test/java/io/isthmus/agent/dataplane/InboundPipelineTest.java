package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.B5;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_C;
import static io.isthmus.agent.dataplane.Frames.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.xlat.Ipv6Slot;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundPipelineTest {
    private static final byte[] PAYLOAD = "round trip payload".getBytes(StandardCharsets.US_ASCII);

    private final Fixture fixture = new Fixture();
    private final RecordingSinks sinks = new RecordingSinks();

    /** Sends from host A's port {@code from} to {@code to} on host B; returns the IPv6 packet on the substrate. */
    private MemorySegment sendFromA(LocalPort from, int to, MemorySegment frame) {
        fixture.a.allow(to, PREFIX_B);
        RecordingSinks out = new RecordingSinks();
        assertThat(fixture.a.outbound.process(from.index(), frame, 0, (int) frame.byteSize(), out))
            .isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        return out.only().segment();
    }

    private DataplaneCounter receiveOnB(MemorySegment packet) {
        return fixture.b.inbound.process(packet, 0, (int) packet.byteSize(), sinks);
    }

    @Test
    void roundTripInSubnetDeliversOriginalPacketWithSenderMac() {
        MemorySegment frame = Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 64, PAYLOAD);
        Ipv4Packet original = OutboundPipelineTest.ipv4Of(Frames.copy(frame));
        MemorySegment packet = sendFromA(A0, B5.address(), frame);
        fixture.b.allow(A0.address(), PREFIX_A);

        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(B5.index());
        MemorySegment s = out.segment();
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(B5.mac());
        assertThat(eth.source()).isEqualTo(VirtualMacs.forInterface(A0.address()));
        assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
        Ipv4Packet ip = OutboundPipelineTest.ipv4Of(s);
        assertSameDatagram(ip, original, 64);
    }

    @Test
    void roundTripAcrossSubnetsArrivesFromTheRouterWithTtlDecrementedOnce() {
        MemorySegment frame = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), B6.address(), 64, PAYLOAD);
        Ipv4Packet original = OutboundPipelineTest.ipv4Of(Frames.copy(frame));
        MemorySegment packet = sendFromA(A0, B6.address(), frame);
        fixture.b.allow(A0.address(), PREFIX_A);

        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(B6.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(B6.mac());
        assertThat(eth.source()).isEqualTo(B6.routerMac());
        assertSameDatagram(OutboundPipelineTest.ipv4Of(out.segment()), original, 63);
    }

    @Test
    void theTenantTtlRidesInTheFlowLabelNotInTheHopLimit() {
        // TTL 1 between two nodes of one subnet: one link apart, whatever the substrate between their hosts.
        MemorySegment frame = Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 1, PAYLOAD);
        Ipv4Packet original = OutboundPipelineTest.ipv4Of(Frames.copy(frame));
        MemorySegment packet = sendFromA(A0, B5.address(), frame);
        Ipv6Packet onSubstrate = new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize());
        assertThat(onSubstrate.hopLimit()).isEqualTo(SubstrateTtl.SUBSTRATE_HOP_LIMIT);
        assertThat(onSubstrate.flowLabel() & 0xff).isEqualTo(1);
        assertThat(onSubstrate.flowLabel() >>> 8).isEqualTo(SubstrateTtl.flowHash(original));

        // Three substrate routers later: the hop limit is lower, the TTL delivered is still the one sent.
        onSubstrate.setHopLimit(SubstrateTtl.SUBSTRATE_HOP_LIMIT - 3);
        fixture.b.allow(A0.address(), PREFIX_A);
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertSameDatagram(OutboundPipelineTest.ipv4Of(sinks.only().segment()), original, 1);
    }

    @Test
    void aFlowKeepsOneFlowLabelAndTheLabelFollowsThePorts() {
        MemorySegment first = sendFromA(A0, B5.address(), udpPorts(1000, 2000, 64));
        MemorySegment again = sendFromA(A0, B5.address(), udpPorts(1000, 2000, 9));
        int label = new Ipv6Packet().wrap(first, 0, (int) first.byteSize()).flowLabel();
        int labelAgain = new Ipv6Packet().wrap(again, 0, (int) again.byteSize()).flowLabel();
        assertThat(label >>> 8).isEqualTo(labelAgain >>> 8);
        assertThat(label & 0xff).isEqualTo(64);
        assertThat(labelAgain & 0xff).isEqualTo(9);
        // Among a few hundred source ports, the hash takes many values (it spreads flows over equal-cost paths).
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int port = 1024; port < 1324; port++) {
            hashes.add(SubstrateTtl.flowHash(OutboundPipelineTest.ipv4Of(udpPorts(port, 2000, 64))));
        }
        assertThat(hashes).hasSizeGreaterThan(250);
    }

    private static MemorySegment udpPorts(int sourcePort, int destinationPort, int ttl) {
        MemorySegment frame = Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), ttl, PAYLOAD);
        Ipv4Packet ip = OutboundPipelineTest.ipv4Of(frame);
        long udp = ip.offset() + ip.headerLength();
        frame.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), udp, (short) sourcePort);
        frame.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), udp + 2,
            (short) destinationPort);
        return frame;
    }

    @Test
    void forgedSubstrateSourceIsDropped() {
        MemorySegment packet = sendFromA(A0, B5.address(), udp(A0, B5));
        // The controller maps 10.0.1.10 to host C, not to host A, whose prefix the packet carries.
        fixture.b.allow(A0.address(), PREFIX_C);
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        assertThat(sinks.emitted).isEmpty();
        assertThat(fixture.b.counters.get(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH)).isEqualTo(1);
    }

    @Test
    void sourceOfAnotherNetworkIsDroppedEvenWithAnAllowedEntryMatchingItsAddress() {
        MemorySegment packet = sendFromA(A0, B5.address(), udp(A0, B5));
        // Host B also serves network OTHER, whose node at A0's address on host A it may reach: that entry is allowed
        // and its next hop is exactly the forged source, yet it was granted to OTHER's ports, not to B5's network.
        int other = OVERLAY + 1;
        Ipv6Slot forged = new Ipv6Slot();
        assertThat(Fixture.ADDRESSING.compose(PREFIX_A.high(), PREFIX_A.low(), other, A0.address(), forged)).isTrue();
        new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize()).setSource(forged.high, forged.low);
        fixture.b.cache.install(other, A0.address(), true, forged.high, forged.low, fixture.now[0] + Fixture.TTL_NANOS);
        fixture.b.allow(A0.address(), PREFIX_A);

        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.SOURCE_IN_OTHER_NETWORK);
        assertThat(sinks.emitted).isEmpty();
        assertThat(fixture.b.counters.get(DataplaneCounter.SOURCE_IN_OTHER_NETWORK)).isEqualTo(1);
        assertThat(fixture.b.counters.get(DataplaneCounter.RESOLUTION_REQUESTED)).isZero();
    }

    @Test
    void unknownSourceIsDroppedAndResolvedOnBehalfOfTheReceivingPort() {
        MemorySegment packet = sendFromA(A0, B5.address(), udp(A0, B5));
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.SOURCE_RESOLUTION_MISS);
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.SOURCE_RESOLUTION_MISS);
        List<int[]> asked = new ArrayList<>();
        fixture.b.requests.drain(fixture.now[0], (port, overlay, ipv4) -> asked.add(new int[] {port, overlay, ipv4}));
        assertThat(asked).containsExactly(new int[] {B5.index(), OVERLAY, A0.address()});
        fixture.b.refuse(A0.address());
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.SOURCE_NOT_ALLOWED);
        fixture.b.allow(A0.address(), PREFIX_A);
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
    }

    @Test
    void staleSourceEntryStillDelivers() {
        MemorySegment packet = sendFromA(A0, B5.address(), udp(A0, B5));
        fixture.b.allow(A0.address(), PREFIX_A);
        fixture.now[0] += Fixture.TTL_NANOS * 2;
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertThat(fixture.b.counters.get(DataplaneCounter.RESOLUTION_REQUESTED)).isEqualTo(1);
    }

    @Test
    void wrongPrefixOrUnknownPortIsDropped() {
        MemorySegment packet = sendFromA(A0, B5.address(), udp(A0, B5));
        // Host A receives the packet meant for host B.
        assertThat(fixture.a.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.NOT_OUR_PREFIX);
        // Right prefix, but no such port on B.
        Ipv6Slot elsewhere = Fixture.substrate(PREFIX_B, A2.address());
        new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize()).setDestination(elsewhere.high, elsewhere.low);
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.UNKNOWN_DESTINATION_PORT);
        assertThat(fixture.b.inbound.process(packet, 0, 39, sinks)).isEqualTo(DataplaneCounter.MALFORMED_IPV6);
        assertThat(sinks.emitted).isEmpty();
    }

    private static MemorySegment udp(LocalPort from, LocalPort to) {
        return Frames.udp(from.mac(), to.mac(), from.address(), to.address(), 64, PAYLOAD);
    }

    private static void assertSameDatagram(Ipv4Packet ip, Ipv4Packet original, int ttl) {
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).isEqualTo(original.source());
        assertThat(ip.destination()).isEqualTo(original.destination());
        assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(ip.ttl()).isEqualTo(ttl);
        assertThat(ip.totalLength()).isEqualTo(original.totalLength());
        assertThat(OutboundPipelineTest.udpVerifies4(ip)).isTrue();
        byte[] payload = ip.segment().asSlice(ip.offset() + ip.headerLength(), ip.payloadLength())
            .toArray(ValueLayout.JAVA_BYTE);
        byte[] expected = original.segment().asSlice(original.offset() + original.headerLength(),
            original.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
        assertThat(payload).isEqualTo(expected);
    }
}
