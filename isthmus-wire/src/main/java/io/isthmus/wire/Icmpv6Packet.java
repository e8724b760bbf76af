package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an ICMPv6 message (RFC 4443, RFC 4884 for the length field). The checksum covers the IPv6
 * pseudo-header (RFC 8200 section 8.1) and the whole message. ICMPv6 has no length field of its own: the message is
 * the rest of the IPv6 packet, so the caller wraps the view on the upper-layer payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Rest of header: MTU, pointer, or id and sequence     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Data: echo payload, or as much of the invoking packet as fits
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-
 *
 * Rest of header by type:
 *   echo request (128) and reply (129), RFC 4443 section 4:
 * |           Identifier          |        Sequence Number        |
 *   destination unreachable (1) and time exceeded (3), RFC 4884:
 * |    Length     |                    unused                     |
 *   packet too big (2), RFC 4443 section 3.2:
 * |                              MTU                              |
 *   parameter problem (4), RFC 4443 section 3.4:
 * |                            Pointer                            |
 * </pre>
 *
 * <p>The header offsets and accessors laid out alike in ICMPv4 ({@code type()}, {@code code()}, {@code checksum()},
 * {@code restOfHeader()}, {@code identifier()}, {@code sequence()}, the body bounds, {@code checkLength()} and their
 * setters) are inherited from the package-private {@code IcmpHeaderView}; this class adds the ICMPv6 type and code
 * values and the fields whose layout is its own.
 */
public final class Icmpv6Packet extends IcmpHeaderView {
    /**
     * Offset of the echo sequence number. {@link #REST_OF_HEADER} holds the MTU, the pointer, the echo identifier
     * and sequence, or is unused.
     */
    public static final int SEQUENCE = ECHO_SEQUENCE;
    /** RFC 4884 length of the original datagram in 64-bit words (byte 4). */
    public static final int ORIGINAL_LENGTH = 4;

    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int MLD_QUERY = 130;
    public static final int MLD_REPORT = 131;
    public static final int MLD_DONE = 132;
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    public static final int REDIRECT = 137;
    public static final int MLDV2_REPORT = 143;

    /** Destination unreachable codes. */
    public static final int CODE_NO_ROUTE = 0;
    public static final int CODE_ADMIN_PROHIBITED = 1;
    public static final int CODE_BEYOND_SCOPE = 2;
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    public static final int CODE_PORT_UNREACHABLE = 4;
    public static final int CODE_SOURCE_POLICY_FAILED = 5;
    public static final int CODE_REJECT_ROUTE = 6;
    /** Time exceeded codes. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    /** Parameter problem codes. */
    public static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    public static final int CODE_UNRECOGNIZED_OPTION = 2;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Icmpv6Packet wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /** Whether {@code type} is an error message (RFC 4443 section 2.1: types below 128). */
    public static boolean isError(int type) {
        return type < 128;
    }

    /**
     * MTU of a packet-too-big message: an unsigned 32-bit field returned as its int bits (read values above
     * {@link Integer#MAX_VALUE} with {@link Integer#toUnsignedLong}).
     */
    public int mtu() {
        return u32(REST_OF_HEADER);
    }

    /** Writes the MTU of a packet-too-big message (the low 32 bits of {@code value}). */
    public void setMtu(int value) {
        u32(REST_OF_HEADER, value);
    }

    /**
     * Parameter-problem pointer: offset of the offending octet in the invoking packet; an unsigned 32-bit field
     * returned as its int bits.
     */
    public int pointer() {
        return u32(REST_OF_HEADER);
    }

    /** Writes the parameter-problem pointer. */
    public void setPointer(int value) {
        u32(REST_OF_HEADER, value);
    }

    /** RFC 4884 original datagram length in 64-bit words (0 when absent). */
    public int originalLength() {
        return u8(ORIGINAL_LENGTH);
    }

    /** Writes the RFC 4884 original datagram length, in 64-bit words. */
    public void setOriginalLength(int words) {
        u8(ORIGINAL_LENGTH, words);
    }

    /** Whether the checksum verifies, given the partial sum of the IPv6 pseudo-header. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return verifyChecksumWith(pseudoHeaderSum);
    }

    /** Computes and writes the checksum over the whole window plus the pseudo-header partial sum. */
    public void fillChecksum(int pseudoHeaderSum) {
        fillChecksumWith(pseudoHeaderSum);
    }
}
