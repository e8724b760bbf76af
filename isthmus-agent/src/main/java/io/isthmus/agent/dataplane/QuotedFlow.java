package io.isthmus.agent.dataplane;

import io.isthmus.wire.IpProtocol;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The flow an ICMP error is about: the header it quotes (RFC 792, RFC 4443 section 2.4), read into this holder so that
 * peering's connection tracking can tell an error about a tracked connection (an answer) from an unsolicited one. One
 * instance per pipeline, reused: allocation-free.
 */
final class QuotedFlow {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int ICMP_HEADER = 8;
    private static final int IPV6_HEADER = 40;
    private static final int ICMPV6_ERROR_TYPES_BELOW = 128;

    /** The quoted packet's IPv4 protocol (ICMPv6 as ICMP). */
    int protocol;
    /** Its source and destination, IPv4 (from substrate addresses for a quoted IPv6 packet). */
    int source;
    int destination;
    /** Its ports ({@link FlowPorts}). */
    long ports;

    /**
     * Reads the flow quoted by the ICMPv4 message at {@code offset}, {@code length} bytes long; false unless it is an
     * error quoting at least an IPv4 header.
     */
    boolean readIcmpv4(MemorySegment segment, long offset, int length) {
        if (length < ICMP_HEADER + 20) {
            return false;
        }
        int type = segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
        if (type != 3 && type != 11 && type != 12) {
            return false;
        }
        long inner = offset + ICMP_HEADER;
        int headerLength = (segment.get(ValueLayout.JAVA_BYTE, inner) & 0x0f) * 4;
        if (headerLength < 20 || ICMP_HEADER + headerLength > length) {
            return false;
        }
        protocol = segment.get(ValueLayout.JAVA_BYTE, inner + 9) & 0xff;
        source = segment.get(INT, inner + 12);
        destination = segment.get(INT, inner + 16);
        boolean fragment = (segment.get(INT, inner + 4) & 0x1fff) != 0;
        ports = fragment ? FlowPorts.NONE
            : FlowPorts.of(protocol, false, segment, inner + headerLength, length - ICMP_HEADER - headerLength);
        return true;
    }

    /**
     * Reads the flow quoted by the ICMPv6 message at {@code offset}, {@code length} bytes long, whose quoted addresses
     * are substrate addresses of {@code addressing}; false unless it is an error quoting at least an IPv6 header.
     */
    boolean readIcmpv6(MemorySegment segment, long offset, int length, OverlayAddressing addressing) {
        if (length < ICMP_HEADER + IPV6_HEADER
            || (segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff) >= ICMPV6_ERROR_TYPES_BELOW) {
            return false;
        }
        long inner = offset + ICMP_HEADER;
        int next = segment.get(ValueLayout.JAVA_BYTE, inner + 6) & 0xff;
        source = addressing.ipv4(segment.get(LONG, inner + 8), segment.get(LONG, inner + 16));
        destination = addressing.ipv4(segment.get(LONG, inner + 24), segment.get(LONG, inner + 32));
        protocol = next == IpProtocol.ICMPV6 ? IpProtocol.ICMP : next;
        ports = next == IpProtocol.TCP || next == IpProtocol.UDP || next == IpProtocol.ICMPV6
            ? FlowPorts.of(protocol, next == IpProtocol.ICMPV6, segment, inner + IPV6_HEADER,
                length - ICMP_HEADER - IPV6_HEADER)
            : FlowPorts.NONE;
        return true;
    }
}
