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
 */
public final class Icmpv6Packet extends PacketView {
    /** Offset of the type octet. */
    public static final int TYPE = 0;
    /** Offset of the code octet. */
    public static final int CODE = 1;
    /** Offset of the 16-bit checksum. */
    public static final int CHECKSUM = 2;
    /** MTU, pointer, echo identifier and sequence, or unused. */
    public static final int REST_OF_HEADER = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE = 6;
    /** RFC 4884 length of the original datagram in 64-bit words (byte 4). */
    public static final int ORIGINAL_LENGTH = 4;
    /** Length of the fixed header: type, code, checksum and the four rest-of-header bytes. */
    public static final int HEADER_LENGTH = 8;

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

    /** Checks that the window holds the eight-byte header. */
    public WireStatus checkLength() {
        return length < HEADER_LENGTH ? WireStatus.TRUNCATED : WireStatus.OK;
    }

    /** Whether {@code type} is an error message (RFC 4443 section 2.1: types below 128). */
    public static boolean isError(int type) {
        return type < 128;
    }

    /** The type octet: {@link #ECHO_REQUEST}, {@link #PACKET_TOO_BIG} and so on. */
    public int type() {
        return u8(TYPE);
    }

    /** Writes the type octet. */
    public void setType(int value) {
        u8(TYPE, value);
    }

    /** The code octet, whose meaning depends on the type. */
    public int code() {
        return u8(CODE);
    }

    /** Writes the code octet. */
    public void setCode(int value) {
        u8(CODE, value);
    }

    /** The checksum field as carried. */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** Writes the checksum field (see {@link #fillChecksum(int)} to compute it). */
    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** The four bytes after the checksum, as one word. */
    public int restOfHeader() {
        return u32(REST_OF_HEADER);
    }

    /** Writes the four bytes after the checksum. */
    public void setRestOfHeader(int value) {
        u32(REST_OF_HEADER, value);
    }

    /** Echo identifier. */
    public int identifier() {
        return u16(REST_OF_HEADER);
    }

    /** Writes the echo identifier. */
    public void setIdentifier(int value) {
        u16(REST_OF_HEADER, value);
    }

    /** Echo sequence number. */
    public int sequence() {
        return u16(SEQUENCE);
    }

    /** Writes the echo sequence number. */
    public void setSequence(int value) {
        u16(SEQUENCE, value);
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

    /** Offset of the body (echo data or invoking packet) relative to the view. */
    public int bodyOffset() {
        return HEADER_LENGTH;
    }

    /** Number of body bytes: the window after the eight-byte header. */
    public int bodyLength() {
        return length - HEADER_LENGTH;
    }

    /** Whether the checksum verifies, given the partial sum of the IPv6 pseudo-header. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.sum(segment, offset, length, pseudoHeaderSum) == 0xffff;
    }

    /** Computes and writes the checksum over the whole window plus the pseudo-header partial sum. */
    public void fillChecksum(int pseudoHeaderSum) {
        u16(CHECKSUM, 0);
        u16(CHECKSUM, Checksum.finish(Checksum.sum(segment, offset, length, pseudoHeaderSum)));
    }
}
