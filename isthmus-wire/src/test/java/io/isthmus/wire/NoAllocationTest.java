package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The data-plane path through the IP views, the chain walker and the options iterator allocates nothing. */
class NoAllocationTest {
    private static final int ROUNDS = 20_000;

    private final Ipv4Packet ipv4 = new Ipv4Packet();
    private final Ipv6Packet ipv6 = new Ipv6Packet();
    private final Ipv6HeaderChain chain = new Ipv6HeaderChain();
    private final Ipv6ExtensionHeader extension = new Ipv6ExtensionHeader();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    private final Ipv6OptionsIterator options = new Ipv6OptionsIterator();
    private long sink;

    private void onePacket(MemorySegment v4, MemorySegment v6) {
        ipv4.wrap(v4, 0, (int) v4.byteSize());
        if (ipv4.checkLength() == WireStatus.OK && ipv4.verifyHeaderChecksum()) {
            sink += ipv4.source() + ipv4.destination() + ipv4.ttl() + ipv4.payloadLength() + ipv4.tos();
            ipv4.setTtl(ipv4.ttl());
            ipv4.fillHeaderChecksum();
        }
        ipv6.wrap(v6, 0, (int) v6.byteSize());
        if (ipv6.checkLength() == WireStatus.OK && chain.walk(ipv6) == WireStatus.OK) {
            sink += chain.upperLayerOffset() + ipv6.sourceLow() + ipv6.destinationHigh() + ipv6.flowLabel();
            extension.wrap(v6, 40, ipv6.length() - 40, ipv6.nextHeader());
            if (extension.checkLength() == WireStatus.OK) {
                options.reset(extension);
                while (options.next()) {
                    sink += options.type() + options.action() + options.dataLength();
                }
            }
            fragment.wrap(v6, chain.fragmentHeaderOffset(), ipv6.length() - chain.fragmentHeaderOffset());
            if (fragment.checkLength() == WireStatus.OK) {
                sink += fragment.identification() + fragment.fragmentOffset();
            }
        }
    }

    @Test
    void viewsAndChainWalkDoNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            byte[] v4Bytes = Hex.bytes(Ipv4PacketTest.WITH_OPTIONS);
            byte[] v6Bytes = Hex.bytes(Ipv6HeaderChainTest.FULL_CHAIN);
            MemorySegment v4 = arena.allocate(v4Bytes.length).copyFrom(MemorySegment.ofArray(v4Bytes));
            MemorySegment v6 = arena.allocate(v6Bytes.length).copyFrom(MemorySegment.ofArray(v6Bytes));
            for (int i = 0; i < ROUNDS; i++) {
                onePacket(v4, v6);
            }
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ROUNDS; i++) {
                onePacket(v4, v6);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // A few hundred bytes of slack for the measuring itself; one allocation per packet would be > 300 kB.
            assertThat(allocated).as("bytes allocated over %d packets", ROUNDS).isLessThan(4096);
            assertThat(sink).isNotZero();
        }
    }
}
