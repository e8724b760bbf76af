package io.isthmus.agent.dataplane;

import io.isthmus.wire.IpProtocol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The ports of a packet's flow as peering's connection tracking sees them ({@code io.isthmus.agent.peering}): source
 * and destination port of TCP and UDP, the identifier (as both) of an ICMP echo request or reply, or
 * {@link #NONE}: another protocol or ICMP type, a fragment, or a header too short. Packed as
 * {@code source << 16 | destination}, with {@link #OPENS} set for an echo request: a request never answers anything,
 * whatever its identifier. Allocation-free.
 */
final class FlowPorts {
    /** The packet has no ports. */
    static final long NONE = -1;
    /** Set on an ICMP echo request: it opens a flow, it is no answer. */
    static final long OPENS = 1L << 32;

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;

    private FlowPorts() {
    }

    /**
     * The ports of a whole (unfragmented) transport header of IPv4 protocol {@code protocol} (ICMPv6 given as
     * {@link IpProtocol#ICMP}, with {@code icmpv6} set) at {@code offset}, {@code length} bytes long.
     */
    static long of(int protocol, boolean icmpv6, MemorySegment segment, long offset, int length) {
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP) {
            return length >= 4 ? segment.get(INT, offset) & 0xffff_ffffL : NONE;
        }
        if (protocol == IpProtocol.ICMP && length >= 8) {
            int type = segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
            boolean echo = icmpv6 ? type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY
                : type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY;
            if (echo) {
                long identifier = segment.get(SHORT, offset + 4) & 0xffff;
                boolean request = type == (icmpv6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO_REQUEST);
                return identifier << 16 | identifier | (request ? OPENS : 0);
            }
        }
        return NONE;
    }

    /** The source port of packed {@code ports}, or -1. */
    static int source(long ports) {
        return ports == NONE ? -1 : (int) (ports >>> 16) & 0xffff;
    }

    /** Whether packed {@code ports} are an echo request's, which opens a flow. */
    static boolean opens(long ports) {
        return ports != NONE && (ports & OPENS) != 0;
    }

    /** The destination port of packed {@code ports}, or -1. */
    static int destination(long ports) {
        return ports == NONE ? -1 : (int) ports & 0xffff;
    }
}
