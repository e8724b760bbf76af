package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY2;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.Frames.ETH;
import static io.isthmus.agent.dataplane.OutboundPipelineTest.ipv4Of;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.ArpPacket;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The virtual routers between two subnets of a network, emulated by the sending agent once it has the network's view:
 * router A (10.0.1.1, the sender's) and router B (10.0.2.1, the destination's).
 */
class VirtualRouterTest {
    private static final byte[] PAYLOAD = "through the routers".getBytes();
    private static final int MTU = 1400;

    private final Fixture fixture = new Fixture();
    private final Fixture.Host host = fixture.a;
    private final RecordingSinks sinks = new RecordingSinks();

    @BeforeEach
    void publish() {
        host.publishNetwork(MTU);
    }

    private DataplaneCounter send(MemorySegment frame) {
        return host.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    private MemorySegment udp(int destination, int ttl, int payload) {
        return Frames.udp(A0.mac(), A0.routerMac(), A0.address(), destination, ttl, new byte[payload]);
    }

    /** The one ICMP error sent back to A0: checks its frame and headers, returns its ICMP view. */
    private Icmpv4Packet errorFrom(int router, int ttl, int type, int code) {
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A0.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A0.mac());
        assertThat(eth.source()).as("the node's own router hands it over").isEqualTo(A0.routerMac());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).isEqualTo(router);
        assertThat(ip.destination()).isEqualTo(A0.address());
        assertThat(ip.ttl()).isEqualTo(ttl);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.ICMP);
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(ip.segment(), ip.offset() + ip.headerLength(), ip.payloadLength());
        assertThat(icmp.type()).isEqualTo(type);
        assertThat(icmp.code()).isEqualTo(code);
        assertThat(Checksum.sum(icmp.segment(), icmp.offset(), ip.payloadLength(), 0)).isEqualTo(0xffff);
        return icmp;
    }

    @Test
    void eachRouterDecrementsTheTtlOnTheWayToAnotherSubnet() {
        assertThat(send(udp(A2.address(), 64, 10))).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        Ipv4Packet delivered = ipv4Of(sinks.only().segment());
        assertThat(delivered.ttl()).isEqualTo(62);
        assertThat(delivered.verifyHeaderChecksum()).isTrue();
        assertThat(new EthernetFrame().wrap(sinks.only().segment(), 0, 64).source())
            .as("the last router's MAC").isEqualTo(A2.routerMac());
        sinks.clear();
        host.allow(B6.address(), PREFIX_B);
        assertThat(send(udp(B6.address(), 64, 10))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        Ipv6Packet translated = new Ipv6Packet().wrap(sinks.only().segment(), 0, sinks.only().bytes().length);
        assertThat(SubstrateTtl.ttl(translated)).isEqualTo(62);
    }

    @Test
    void withoutACacheEntryTheNetworksViewCarriesTheFirstPacketsBothWays() {
        // A0 to B6 on host b: nothing cached, the view knows B6's host; the controller is asked all the same.
        assertThat(send(udp(B6.address(), 64, 10))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(host.counters.get(DataplaneCounter.FORWARDED_ON_NETWORK_VIEW)).isEqualTo(1);
        assertThat(host.requests.size()).isEqualTo(1);
        Ipv6Packet translated = new Ipv6Packet().wrap(sinks.only().segment(), 0, sinks.only().bytes().length);
        var expected = Fixture.substrate(PREFIX_B, B6.address());
        assertThat(translated.destinationHigh()).isEqualTo(expected.high);
        assertThat(translated.destinationLow()).isEqualTo(expected.low);
        // Host b receives it with nothing cached either: the view vouches for A0's substrate address.
        fixture.b.publishNetwork(MTU);
        MemorySegment packet = sinks.only().segment();
        sinks.clear();
        assertThat(fixture.b.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertThat(sinks.only().port()).isEqualTo(B6.index());
        // A source address from another host than the view's is refused, cache or not.
        var forged = Fixture.substrate(Fixture.PREFIX_C, A0.address());
        new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize()).setSource(forged.high, forged.low);
        sinks.clear();
        assertThat(fixture.b.inbound.process(packet, 0, (int) packet.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void traceroutesProbesExpireAtRouterAThenAtRouterB() {
        assertThat(send(udp(A2.address(), 1, 10))).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        errorFrom(GATEWAY1, 64, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED);
        sinks.clear();
        assertThat(send(udp(A2.address(), 2, 10))).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        Icmpv4Packet icmp = errorFrom(GATEWAY2, 63, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED);
        // The quote is the packet as router B got it: TTL 1, its checksum updated.
        Ipv4Packet quoted = new Ipv4Packet().wrap(icmp.segment(), icmp.offset() + 8, Ipv4Packet.HEADER_LENGTH);
        assertThat(quoted.ttl()).isEqualTo(1);
        assertThat(quoted.verifyHeaderChecksum()).isTrue();
        sinks.clear();
        assertThat(send(udp(A2.address(), 3, 10))).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(ipv4Of(sinks.only().segment()).ttl()).isEqualTo(1);
        assertThat(host.counters.get(DataplaneCounter.ICMP_ERROR_TO_SENDER)).isEqualTo(2);
    }

    @Test
    void anAddressNoSubnetHoldsIsANetworkUnreachableFromRouterA() {
        assertThat(send(udp(ip("10.0.7.9"), 64, 10))).isEqualTo(DataplaneCounter.NO_ROUTE);
        errorFrom(GATEWAY1, 64, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_NET_UNREACHABLE);
        assertThat(host.requests.size()).as("no resolution asked").isZero();
    }

    @Test
    void anAddressNoInterfaceHoldsIsAHostUnreachableFromRouterB() {
        assertThat(send(udp(ip("10.0.2.200"), 64, 10))).isEqualTo(DataplaneCounter.NO_SUCH_HOST);
        errorFrom(GATEWAY2, 63, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_HOST_UNREACHABLE);
        sinks.clear();
        // With TTL 2 the packet never gets as far as router B's lookup.
        assertThat(send(udp(ip("10.0.2.200"), 2, 10))).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        // Within the subnet it is a link: silently dropped, and ARP is not answered, so the node finds out itself.
        sinks.clear();
        assertThat(send(Frames.udp(A0.mac(), 0x0200_0a00_01c8L, A0.address(), ip("10.0.1.200"), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.NO_SUCH_HOST);
        assertThat(send(Frames.arpRequest(A0.mac(), A0.address(), ip("10.0.1.200"))))
            .isEqualTo(DataplaneCounter.ARP_NO_SUCH_HOST);
        assertThat(send(Frames.arpRequest(A0.mac(), A0.address(), A1.address())))
            .isEqualTo(DataplaneCounter.ARP_REPLIED);
        assertThat(new ArpPacket().wrap(sinks.only().segment(), ETH, ArpPacket.LENGTH).senderHardwareAddress())
            .isEqualTo(A1.mac());
    }

    @Test
    void aPacketLargerThanTheMtuWithDfIsAnsweredWithTheMtu() {
        int payload = MTU - Ipv4Packet.HEADER_LENGTH - 8 + 1;
        assertThat(send(udp(A2.address(), 64, payload))).isEqualTo(DataplaneCounter.FRAGMENTATION_NEEDED);
        Icmpv4Packet icmp = errorFrom(GATEWAY1, 64, Icmpv4Packet.DESTINATION_UNREACHABLE,
            Icmpv4Packet.CODE_FRAGMENTATION_NEEDED);
        assertThat(icmp.restOfHeader() & 0xffff).as("next-hop MTU (RFC 1191)").isEqualTo(MTU);
        sinks.clear();
        assertThat(send(udp(A2.address(), 64, payload - 1))).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        sinks.clear();
        // Within the subnet no router answers: the link drops it.
        assertThat(send(Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, new byte[payload])))
            .isEqualTo(DataplaneCounter.EXCEEDS_LINK_MTU);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void aPacketLargerThanTheMtuWithoutDfIsFragmentedByTheRouter() {
        MemorySegment large = udp(A2.address(), 64, 2000);
        Ipv4Packet header = ipv4Of(large);
        header.setFlagsAndFragmentOffset(false, false, 0);
        header.fillHeaderChecksum();
        byte[] datagram = large.asSlice(ETH + 20, 2008).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertThat(send(large)).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(sinks.emitted).hasSize(2);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (RecordingSinks.Emitted fragment : sinks.emitted) {
            assertThat(fragment.port()).isEqualTo(A2.index());
            Ipv4Packet ip = ipv4Of(fragment.segment());
            assertThat(ip.totalLength()).isLessThanOrEqualTo(MTU);
            assertThat(ip.ttl()).isEqualTo(62);
            assertThat(ip.verifyHeaderChecksum()).isTrue();
            assertThat(new EthernetFrame().wrap(fragment.segment(), 0, 64).source()).isEqualTo(A2.routerMac());
            joined.writeBytes(fragment.segment().asSlice(ETH + 20, ip.payloadLength())
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        assertThat(joined.toByteArray()).isEqualTo(datagram);
        assertThat(host.counters.get(DataplaneCounter.ROUTER_FRAGMENTED)).isEqualTo(1);
        // Across the substrate each fragment is translated on its own.
        sinks.clear();
        host.allow(B6.address(), PREFIX_B);
        MemorySegment remote = udp(B6.address(), 64, 2000);
        Ipv4Packet remoteHeader = ipv4Of(remote);
        remoteHeader.setFlagsAndFragmentOffset(false, false, 0);
        remoteHeader.fillHeaderChecksum();
        assertThat(send(remote)).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(sinks.emitted).hasSize(2).allMatch(e -> e.port() == RecordingSinks.SUBSTRATE);
    }

    @Test
    void routerBAnswersPingOnItsAddressAndDirectedBroadcastsAreNotForwarded() {
        MemorySegment request = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY2, 64, PAYLOAD);
        assertThat(send(request)).isEqualTo(DataplaneCounter.ROUTER_ECHO_REPLIED);
        Ipv4Packet reply = ipv4Of(sinks.only().segment());
        assertThat(reply.source()).isEqualTo(GATEWAY2);
        assertThat(reply.ttl()).as("crossed router A back").isEqualTo(63);
        assertThat(reply.verifyHeaderChecksum()).isTrue();
        Icmpv4Packet echo = new Icmpv4Packet().wrap(reply.segment(), reply.offset() + 20, reply.payloadLength());
        assertThat(echo.type()).isEqualTo(Icmpv4Packet.ECHO_REPLY);
        assertThat(Checksum.sum(echo.segment(), echo.offset(), reply.payloadLength(), 0)).isEqualTo(0xffff);
        sinks.clear();
        assertThat(send(udp(ip("10.0.2.255"), 64, 10))).isEqualTo(DataplaneCounter.DIRECTED_BROADCAST);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void theRoutersAllocateNothingPerPacket() {
        DataplaneSinks discard = new DataplaneSinks() {
            @Override
            public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            }

            @Override
            public void toSubstrate(MemorySegment segment, long offset, int length) {
            }
        };
        MemorySegment expiring = udp(A2.address(), 2, 10);
        AllocationTest.assertAllocationFree(() -> host.outbound.process(A0.index(), expiring, 0,
            (int) expiring.byteSize(), discard), host.counters, DataplaneCounter.TTL_EXPIRED);
        assertAllocationFree(udp(ip("10.0.2.200"), 64, 10), discard, DataplaneCounter.NO_SUCH_HOST);
        assertAllocationFree(udp(A2.address(), 64, 10), discard, DataplaneCounter.DELIVERED_LOCAL);
        MemorySegment large = udp(A2.address(), 64, 3000);
        Ipv4Packet header = ipv4Of(large);
        header.setFlagsAndFragmentOffset(false, false, 0);
        header.fillHeaderChecksum();
        assertAllocationFree(large, discard, DataplaneCounter.DELIVERED_LOCAL);
    }

    /** Sends copies of {@code frame} (the pipeline rewrites what it forwards in place). */
    private void assertAllocationFree(MemorySegment frame, DataplaneSinks discard, DataplaneCounter expected) {
        MemorySegment original = Frames.copy(frame);
        int length = (int) frame.byteSize();
        AllocationTest.assertAllocationFree(() -> {
            MemorySegment.copy(original, 0, frame, 0, length);
            host.outbound.process(A0.index(), frame, 0, length, discard);
        }, host.counters, expected);
    }
}
