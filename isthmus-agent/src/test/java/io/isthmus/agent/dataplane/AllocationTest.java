package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.B5;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_C;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.VirtualMacs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 2, measured: 100,000 packets of each path allocate (almost) nothing. The budget (64 KiB per path)
 * absorbs the measurement's own noise; one object per packet would be several megabytes.
 */
class AllocationTest {
    private static final int PACKETS = 100_000;
    private static final long BUDGET = 64 * 1024;
    private static final byte[] PAYLOAD = new byte[100];

    private final Fixture fixture = new Fixture();
    private final MemorySegment buffer = Arena.ofAuto().allocate(2048);
    private final DataplaneSinks sinks = new DataplaneSinks() {
        long bytes;

        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            bytes += length;
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
            bytes += length;
        }
    };

    @Test
    void outboundArpReply() {
        assertOutboundAllocationFree(Frames.arpRequest(A0.mac(), A0.address(), GATEWAY1), DataplaneCounter.ARP_REPLIED);
    }

    @Test
    void outboundGatewayEchoReply() {
        assertOutboundAllocationFree(Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD),
            DataplaneCounter.ROUTER_ECHO_REPLIED);
    }

    @Test
    void outboundTimeExceededFromTheRouter() {
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 1, PAYLOAD),
            DataplaneCounter.TTL_EXPIRED);
    }

    @Test
    void outboundLocalDeliveryInSubnet() {
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD),
            DataplaneCounter.DELIVERED_LOCAL);
    }

    @Test
    void outboundLocalDeliveryAcrossSubnets() {
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD),
            DataplaneCounter.DELIVERED_LOCAL);
    }

    @Test
    void outboundTranslatedToSubstrate() {
        fixture.a.allow(B5.address(), PREFIX_B);
        assertOutboundAllocationFree(Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 64, PAYLOAD),
            DataplaneCounter.SENT_TO_SUBSTRATE);
    }

    @Test
    void outboundStaleEntry() {
        fixture.a.allow(B5.address(), PREFIX_B);
        fixture.a.cache.invalidate(Fixture.OVERLAY, B5.address());
        assertOutboundAllocationFree(Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 64, PAYLOAD),
            DataplaneCounter.SENT_TO_SUBSTRATE);
    }

    @Test
    void outboundMiss() {
        assertOutboundAllocationFree(Frames.udp(A0.mac(), B5.mac(), A0.address(), ip("10.0.1.98"), 64, PAYLOAD),
            DataplaneCounter.RESOLUTION_MISS);
    }

    @Test
    void outboundSpoofed() {
        assertOutboundAllocationFree(Frames.udp(A0.mac(), B5.mac(), ip("10.0.1.97"), B5.address(), 64, PAYLOAD),
            DataplaneCounter.SPOOFED_SOURCE_IP);
    }

    @Test
    void inboundDelivered() {
        fixture.b.allow(A0.address(), PREFIX_A);
        assertInboundAllocationFree(substratePacket(), DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
    }

    @Test
    void inboundForgedSource() {
        fixture.b.allow(A0.address(), PREFIX_C);
        assertInboundAllocationFree(substratePacket(), DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
    }

    @Test
    void outboundBroadcastReplicated() {
        MulticastSetup.install(fixture, false);
        assertOutboundAllocationFree(Frames.udp(A0.mac(), io.isthmus.wire.MacAddress.BROADCAST, A0.address(),
            ip("10.0.1.255"), 64, PAYLOAD), DataplaneCounter.BROADCAST_REPLICATED);
    }

    @Test
    void outboundMulticastReplicatedAcrossSubnetsAndHosts() {
        MulticastSetup.install(fixture, true);
        MulticastSetup.join(fixture.a, A1, A2);
        MulticastSetup.remote(fixture.a, MulticastSetup.remoteHost(PREFIX_B, Fixture.SUBNET1),
            MulticastSetup.remoteHost(PREFIX_C, Fixture.SUBNET2));
        assertOutboundAllocationFree(Frames.udp(A0.mac(), 0x0100_5e01_0101L, A0.address(), MulticastSetup.GROUP, 64,
            PAYLOAD), DataplaneCounter.MULTICAST_REPLICATED);
    }

    @Test
    void inboundMulticastDelivered() {
        MulticastSetup.install(fixture, true);
        MulticastSetup.join(fixture.b, B5, Fixture.B6);
        MulticastSetup.remote(fixture.a, MulticastSetup.remoteHost(PREFIX_B, Fixture.SUBNET1));
        MemorySegment frame = Frames.udp(A0.mac(), 0x0100_5e01_0101L, A0.address(), MulticastSetup.GROUP, 64,
            PAYLOAD);
        RecordingSinks out = new RecordingSinks();
        fixture.a.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), out);
        assertInboundAllocationFree(out.only().segment(), DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE);
    }

    @Test
    void outboundForwardedToLocalAppliance() {
        steer(Fixture.hop(Fixture.A3, PREFIX_A));
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD),
            DataplaneCounter.FORWARDED_TO_LOCAL_APPLIANCE);
    }

    @Test
    void outboundForwardedToRemoteApplianceOverEcmp() {
        steer(Fixture.hopOnC(), Fixture.hopOnC());
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD),
            DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
    }

    @Test
    void outboundBlackholed() {
        fixture.a.publishNetwork(1500, Map.of("sub-1",
            Fixture.table("10.0.2.0", 24, RouteTableView.Action.BLACKHOLE)));
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD),
            DataplaneCounter.ROUTE_BLACKHOLE);
    }

    @Test
    void inboundDeliveredToAppliance() {
        fixture.b.ports.put(Fixture.B7);
        steer(Fixture.hop(Fixture.B7, PREFIX_B));
        MemorySegment frame = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), Fixture.B6.address(), 64, PAYLOAD);
        RecordingSinks out = new RecordingSinks();
        fixture.a.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), out);
        fixture.b.allow(A0.address(), PREFIX_A);
        assertInboundAllocationFree(out.only().segment(), DataplaneCounter.DELIVERED_TO_APPLIANCE);
    }

    @Test
    void inboundFromApplianceHost() {
        steer(Fixture.hopOnC());
        // A0's packet to B5 as host C sends it when its appliance forwards it.
        fixture.b.allow(A0.address(), PREFIX_A);
        Fixture.Host c = fixture.new Host(PREFIX_C, List.of(new LocalPort(9, "node-c", "if-c",
            Fixture.OVERLAY, Fixture.APPLIANCE_C, VirtualMacs.forInterface(Fixture.APPLIANCE_C), Fixture.SUBNET1, 24,
            GATEWAY1, A0.routerMac(), false)));
        c.publishNetwork(1500);
        c.allow(B5.address(), PREFIX_B);
        MemorySegment frame = Frames.udp(VirtualMacs.forInterface(Fixture.APPLIANCE_C), B5.mac(), A0.address(),
            B5.address(), 64, PAYLOAD);
        RecordingSinks out = new RecordingSinks();
        c.outbound.process(9, frame, 0, (int) frame.byteSize(), out);
        assertInboundAllocationFree(out.only().segment(), DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertThat(fixture.b.counters.get(DataplaneCounter.FROM_APPLIANCE)).isGreaterThanOrEqualTo(PACKETS);
    }

    @Test
    void outboundSentToPeer() {
        new PeeringSetup(fixture).peer(false, List.of());
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), PeeringSetup.Y_AS_SEEN_BY_X,
            64, PAYLOAD), DataplaneCounter.SENT_TO_PEER);
    }

    @Test
    void outboundRefusedByAPeerRule() {
        new PeeringSetup(fixture).peer(false, List.of(PeeringSetup.tcpIn(80, "10.0.1.99")));
        assertOutboundAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), PeeringSetup.Y_AS_SEEN_BY_X,
            64, PAYLOAD), DataplaneCounter.PEERING_RULE_DENIED);
    }

    @Test
    void inboundDeliveredFromPeer() {
        PeeringSetup peering = new PeeringSetup(fixture);
        peering.peer(false, List.of());
        MemorySegment frame = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), PeeringSetup.Y_AS_SEEN_BY_X, 64,
            PAYLOAD);
        RecordingSinks out = new RecordingSinks();
        fixture.a.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), out);
        assertInboundAllocationFree(peering.y, out.only().segment(), DataplaneCounter.DELIVERED_FROM_PEER);
    }

    /** Subnet 1's table on hosts A and B forwards 10.0.2.0/24 to {@code hops}. */
    private void steer(RouteTableView.NextHop... hops) {
        var tables = Map.of("sub-1", Fixture.table("10.0.2.0", 24, RouteTableView.Action.FORWARD, hops));
        fixture.a.publishNetwork(1500, tables);
        fixture.b.publishNetwork(1500, tables);
    }

    private MemorySegment substratePacket() {
        fixture.a.allow(B5.address(), PREFIX_B);
        MemorySegment frame = Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 64, PAYLOAD);
        RecordingSinks out = new RecordingSinks();
        fixture.a.outbound.process(A0.index(), frame, 0, (int) frame.byteSize(), out);
        return out.only().segment();
    }

    private void assertOutboundAllocationFree(MemorySegment template, DataplaneCounter expected) {
        int length = (int) template.byteSize();
        Runnable one = () -> {
            // The pipeline rewrites frames in place: start each packet from the template.
            MemorySegment.copy(template, 0, buffer, 0, length);
            fixture.a.outbound.process(A0.index(), buffer, 0, length, sinks);
        };
        assertAllocationFree(one, fixture.a.counters, expected);
    }

    private void assertInboundAllocationFree(MemorySegment packet, DataplaneCounter expected) {
        assertInboundAllocationFree(fixture.b, packet, expected);
    }

    private void assertInboundAllocationFree(Fixture.Host host, MemorySegment packet, DataplaneCounter expected) {
        int length = (int) packet.byteSize();
        Runnable one = () -> {
            MemorySegment.copy(packet, 0, buffer, 0, length);
            host.inbound.process(buffer, 0, length, sinks);
        };
        assertAllocationFree(one, host.counters, expected);
    }

    /** The bytes the calling thread has allocated so far. */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getCurrentThreadAllocatedBytes();
    }

    static void assertAllocationFree(Runnable one, DataplaneCounters counters, DataplaneCounter expected) {
        for (int i = 0; i < 20_000; i++) {
            one.run();
        }
        long before = counters.get(expected);
        long start = allocatedBytes();
        for (int i = 0; i < PACKETS; i++) {
            one.run();
        }
        long allocated = allocatedBytes() - start;
        assertThat(counters.get(expected) - before).as("packets counted as %s", expected).isEqualTo(PACKETS);
        assertThat(allocated).as("bytes allocated by %d packets ending in %s", PACKETS, expected)
            .isLessThan(BUDGET);
    }
}
