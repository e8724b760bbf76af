package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Shared helpers of the ICMP, UDP and TCP tests: pseudo-header sums from text addresses, vectors at offsets. */
final class L4TestSupport {
    /** Where the tests place a vector inside a larger segment, so that view offsets are exercised. */
    static final int OFFSET = 5;

    private L4TestSupport() {
    }

    /** Partial sum of the IPv4 pseudo-header. */
    static int ipv4PseudoHeader(String source, String destination, int protocol, int length) {
        return Checksum.ipv4PseudoHeader(Ipv4Address.parse(source), Ipv4Address.parse(destination), protocol, length);
    }

    /** Partial sum of the IPv6 pseudo-header. */
    static int ipv6PseudoHeader(String source, String destination, int nextHeader, int length) {
        Ipv6Address s = Ipv6Address.parse(source);
        Ipv6Address d = Ipv6Address.parse(destination);
        return Checksum.ipv6PseudoHeader(s.high(), s.low(), d.high(), d.low(), nextHeader, length);
    }

    /** A segment of {@code OFFSET + bytes.length + 7} bytes, filled with 0xee, holding {@code bytes} at OFFSET. */
    static MemorySegment placed(byte[] bytes) {
        MemorySegment segment = MemorySegment.ofArray(new byte[OFFSET + bytes.length + 7]);
        segment.fill((byte) 0xee);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, OFFSET, bytes.length);
        return segment;
    }

    /** The {@code length} bytes at {@code offset} of {@code segment}. */
    static byte[] bytesOf(MemorySegment segment, long offset, int length) {
        return segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** A segment of {@code length} bytes filled with 0xee, to build into (so unwritten bytes show). */
    static MemorySegment scratch(int length) {
        MemorySegment segment = MemorySegment.ofArray(new byte[length]);
        segment.fill((byte) 0xee);
        return segment;
    }
}
