package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an ICMPv4 message (RFC 792, RFC 1191 for the next-hop MTU, RFC 4884 for the length field).
 * The checksum covers the whole message and no pseudo-header. ICMP has no length field of its own: the message
 * is the rest of the IPv4 packet, so the caller wraps the view on the IPv4 payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Rest of header (by type)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Data: echo payload, or the invoking packet of an error    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-
 *
 * Rest of header by type:
 *   echo request (8) and reply (0):
 * |           Identifier          |        Sequence Number        |
 *   destination unreachable (3), RFC 1191 and RFC 4884:
 * |    unused     |    Length     |  Next-Hop MTU (code 4) / unused |
 *   time exceeded (11), RFC 4884:
 * |    unused     |    Length     |            unused             |
 *   parameter problem (12), RFC 4884:
 * |    Pointer    |    Length     |            unused             |
 * </pre>
 *
 * <p>The header offsets and accessors laid out alike in ICMPv6 ({@code type()}, {@code code()}, {@code checksum()},
 * {@code restOfHeader()}, {@code identifier()}, {@code sequence()}, the body bounds, {@code checkLength()} and their
 * setters) are inherited from the package-private {@code IcmpHeaderView}; this class adds the ICMPv4 type and code
 * values and the fields whose layout is its own.
 */
public final class Icmpv4Packet extends IcmpHeaderView {
    /**
     * Echo sequence number, or the next-hop MTU of fragmentation needed (RFC 1191). {@link #REST_OF_HEADER} holds
     * the echo identifier, or the parameter-problem pointer (first byte), or is unused.
     */
    public static final int SEQUENCE_OR_MTU = ECHO_SEQUENCE;
    /** RFC 4884 length of the original datagram, in 32-bit words (byte 5). */
    public static final int ORIGINAL_LENGTH = 5;

    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int ROUTER_ADVERTISEMENT = 9;
    public static final int ROUTER_SOLICITATION = 10;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP = 13;
    public static final int TIMESTAMP_REPLY = 14;
    public static final int INFORMATION_REQUEST = 15;
    public static final int INFORMATION_REPLY = 16;
    public static final int ADDRESS_MASK_REQUEST = 17;
    public static final int ADDRESS_MASK_REPLY = 18;

    /** Destination unreachable codes (RFC 792, RFC 1122, RFC 1812). */
    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int CODE_SOURCE_ROUTE_FAILED = 5;
    public static final int CODE_NET_PROHIBITED = 9;
    public static final int CODE_HOST_PROHIBITED = 10;
    public static final int CODE_ADMIN_PROHIBITED = 13;
    /** Time exceeded codes. */
    public static final int CODE_TTL_EXCEEDED = 0;
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    /** Parameter problem codes. */
    public static final int CODE_POINTER_INDICATES_ERROR = 0;
    public static final int CODE_BAD_LENGTH = 2;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Icmpv4Packet wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /** Whether {@code type} is an error message (its body quotes an invoking packet). */
    public static boolean isError(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
            || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    /** Next-hop MTU of a fragmentation-needed message (RFC 1191); 0 from pre-RFC 1191 routers. */
    public int nextHopMtu() {
        return u16(SEQUENCE_OR_MTU);
    }

    /** Writes the next-hop MTU of a fragmentation-needed message. */
    public void setNextHopMtu(int value) {
        u16(SEQUENCE_OR_MTU, value);
    }

    /** Parameter-problem pointer: offset of the offending octet in the invoking packet. */
    public int pointer() {
        return u8(REST_OF_HEADER);
    }

    /** Writes the parameter-problem pointer. */
    public void setPointer(int value) {
        u8(REST_OF_HEADER, value);
    }

    /** RFC 4884 original datagram length in 32-bit words (0 when absent). */
    public int originalLength() {
        return u8(ORIGINAL_LENGTH);
    }

    /** Writes the RFC 4884 original datagram length, in 32-bit words. */
    public void setOriginalLength(int words) {
        u8(ORIGINAL_LENGTH, words);
    }

    /** Whether the checksum over the whole message verifies. */
    public boolean verifyChecksum() {
        return verifyChecksumWith(0);
    }

    /** Computes and writes the checksum over the whole window. */
    public void fillChecksum() {
        fillChecksumWith(0);
    }
}
