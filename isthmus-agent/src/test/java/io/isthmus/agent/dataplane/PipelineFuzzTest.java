package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.A3;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input is a counted drop, never an exception: both pipelines, with the network's view published (routers,
 * punts, multicast, a route through an appliance), take random bytes and every single-byte corruption and truncation
 * of valid frames of each kind they handle, and count exactly one outcome per frame.
 */
class PipelineFuzzTest {
    private static final byte[] PAYLOAD = new byte[40];

    private final Fixture fixture = new Fixture();
    private final RecordingSinks sinks = new RecordingSinks();

    PipelineFuzzTest() {
        // Subnet 1 steers 10.0.2.64/29 through appliance B7 on host b (issue 6); the rest is routed as without tables.
        var tables = Map.of("sub-1", Fixture.table("10.0.2.64", 29, RouteTableView.Action.FORWARD,
            Fixture.hop(Fixture.B7, PREFIX_B)));
        fixture.b.ports.put(Fixture.B7);
        fixture.a.publishNetwork(1400, tables);
        fixture.b.publishNetwork(1400, tables);
        fixture.a.allow(B6.address(), PREFIX_B);
        fixture.b.allow(A0.address(), PREFIX_A);
    }

    /** Valid frames of every kind a node sends: unicast within and across subnets, router, punts, broadcast. */
    private static List<MemorySegment> seeds() {
        MemorySegment igmp = Frames.udp(A0.mac(), 0x0100_5e00_0016L, A0.address(), ip("224.0.0.22"), 1, PAYLOAD);
        Ipv4Packet header = new Ipv4Packet().wrap(igmp, Frames.ETH, (int) igmp.byteSize() - Frames.ETH);
        header.setProtocol(IpProtocol.IGMP);
        header.fillHeaderChecksum();
        MemorySegment dhcp = Frames.udp(A0.mac(), -1L & 0xffff_ffff_ffffL, 0, -1, 64, new byte[300]);
        dhcp.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), Frames.ETH + 22,
            (short) 67);
        MemorySegment snmp = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        snmp.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), Frames.ETH + 22,
            (short) 161);
        return List.of(
            Frames.arpRequest(A0.mac(), A0.address(), A2.address()),
            Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 2, PAYLOAD),
            Frames.udp(A0.mac(), A0.routerMac(), A0.address(), B6.address(), 64, new byte[1500]),
            Frames.udp(A0.mac(), A0.routerMac(), A0.address(), ip("10.0.2.70"), 64, PAYLOAD),
            Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD),
            Frames.udp(A0.mac(), -1L & 0xffff_ffff_ffffL, A0.address(), ip("10.0.1.255"), 64, PAYLOAD),
            Frames.udp(A0.mac(), 0x0100_5e01_0101L, A0.address(), ip("239.1.1.1"), 8, PAYLOAD),
            igmp, dhcp, snmp);
    }

    private void outbound(MemorySegment frame, int length) {
        for (int port : new int[] {A0.index(), A3.index()}) {
            var before = fixture.a.counters.snapshot();
            long outcomes = fixture.a.counters.outcomes();
            DataplaneCounter outcome = fixture.a.outbound.process(port, frame, 0, length, sinks);
            assertThat(fixture.a.counters.outcomes() - outcomes).as("%s then %s from %s", outcome,
                fixture.a.counters.snapshot(), before).isEqualTo(1);
        }
    }

    @Test
    void corruptedAndTruncatedFramesFromNodesAreCountedNeverThrown() {
        Random random = new Random(42);
        for (MemorySegment seed : seeds()) {
            byte[] original = seed.toArray(ValueLayout.JAVA_BYTE);
            for (int length = 0; length <= original.length; length += Math.max(1, original.length / 64)) {
                outbound(Frames.of(original), length);
            }
            for (int i = 0; i < original.length; i++) {
                byte[] corrupted = original.clone();
                corrupted[i] = (byte) random.nextInt(256);
                outbound(Frames.of(corrupted), corrupted.length);
            }
            sinks.clear();
        }
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            outbound(Frames.of(bytes), bytes.length);
        }
    }

    @Test
    void corruptedSubstratePacketsAreCountedNeverThrown() {
        // The translations host a sends to host b, then corrupted on the way.
        RecordingSinks translated = new RecordingSinks();
        for (MemorySegment seed : seeds()) {
            fixture.a.outbound.process(A0.index(), seed, 0, (int) seed.byteSize(), translated);
        }
        List<byte[]> packets = translated.emitted.stream().filter(e -> e.port() == RecordingSinks.SUBSTRATE)
            .map(RecordingSinks.Emitted::bytes).toList();
        assertThat(packets).isNotEmpty();
        Random random = new Random(7);
        for (byte[] original : packets) {
            for (int i = 0; i < original.length; i++) {
                byte[] corrupted = original.clone();
                corrupted[i] = (byte) random.nextInt(256);
                inbound(corrupted, corrupted.length);
                inbound(original.clone(), i);
            }
        }
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) (0x60 | bytes[0] & 0x0f);
            }
            inbound(bytes, bytes.length);
        }
    }

    private void inbound(byte[] bytes, int length) {
        long before = fixture.b.counters.outcomes();
        fixture.b.inbound.process(Frames.of(bytes), 0, length, sinks);
        assertThat(fixture.b.counters.outcomes() - before).isEqualTo(1);
        sinks.clear();
    }
}
