package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The view methods of the forwarding path allocate nothing (STYLE rule 2). A coarse guard measured with the JVM's
 * per-thread allocation counter; the JMH benchmarks with {@code -prof gc} remain the real measure.
 */
class L4ViewAllocationTest {
    private static final int ROUNDS = 20_000;

    private final MemorySegment buffer = Arena.ofAuto().allocate(2048);
    private final TcpSegment tcp = new TcpSegment();
    private final UdpDatagram udp = new UdpDatagram();
    private final Icmpv4Packet icmpv4 = new Icmpv4Packet();
    private final Icmpv6Packet icmpv6 = new Icmpv6Packet();
    private long sink;

    private void forwardOnce() {
        tcp.wrap(buffer, 0, 40);
        if (tcp.checkLength() == WireStatus.OK && tcp.verifyChecksum(0x1234)) {
            sink += tcp.maximumSegmentSize();
            tcp.setMaximumSegmentSize(1460);
            tcp.fillChecksum(0x1234);
            tcp.clampMaximumSegmentSize(1400);
            sink += tcp.payloadLength() + tcp.optionsLength() + tcp.flags() + tcp.sequenceNumber();
        }
        udp.wrap(buffer, 100, 37);
        if (udp.checkLength() == WireStatus.OK) {
            sink += udp.payloadLength() + (udp.verifyChecksum(0x1234) ? 1 : 0) + udp.sourcePort();
        }
        icmpv4.wrap(buffer, 200, 64);
        if (icmpv4.checkLength() == WireStatus.OK) {
            icmpv4.fillChecksum();
            sink += icmpv4.identifier() + icmpv4.sequence() + icmpv4.nextHopMtu() + icmpv4.bodyLength();
        }
        icmpv6.wrap(buffer, 300, 76);
        if (icmpv6.checkLength() == WireStatus.OK) {
            icmpv6.fillChecksum(0x4321);
            sink += icmpv6.mtu() + icmpv6.pointer() + (icmpv6.verifyChecksum(0x4321) ? 1 : 0);
        }
    }

    @Test
    void viewMethodsDoNotAllocate() {
        MemorySegment.copy(Hex.segment(TcpSegmentTest.SYN), 0, buffer, 0, 40);
        MemorySegment.copy(Hex.segment(UdpDatagramTest.DNS_QUERY), 0, buffer, 100, 37);
        MemorySegment.copy(Hex.segment(Icmpv4PacketTest.ECHO_REQUEST), 0, buffer, 200, 64);
        MemorySegment.copy(Hex.segment(Icmpv6PacketTest.PACKET_TOO_BIG), 0, buffer, 300, 76);
        tcp.wrap(buffer, 0, 40).fillChecksum(0x1234);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        for (int i = 0; i < ROUNDS; i++) {
            forwardOnce();
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ROUNDS; i++) {
            forwardOnce();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // Less than one byte per round: a per-packet allocation anywhere above would cost at least 16.
        assertThat(allocated).as("bytes allocated over %d rounds", ROUNDS).isLessThan(ROUNDS);
        assertThat(sink).isNotZero();
    }
}
