package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an ICMPv6 message (RFC 4443). The checksum covers the IPv6 pseudo-header.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Rest of header: MTU, pointer, or id and sequence     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Data: echo payload, or as much of the invoking packet as fits
 * </pre>
 */
public final class Icmpv6Packet extends PacketView {
    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    /** MTU, pointer, echo identifier and sequence, or unused. */
    public static final int REST_OF_HEADER = 4;
    public static final int SEQUENCE = 6;
    /** RFC 4884 length of the original datagram in 64-bit words (byte 4). */
    public static final int ORIGINAL_LENGTH = 4;
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

    public int type() {
        return u8(TYPE);
    }

    public void setType(int value) {
        u8(TYPE, value);
    }

    public int code() {
        return u8(CODE);
    }

    public void setCode(int value) {
        u8(CODE, value);
    }

    public int checksum() {
        return u16(CHECKSUM);
    }

    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** The four bytes after the checksum, as one word. */
    public int restOfHeader() {
        return u32(REST_OF_HEADER);
    }

    public void setRestOfHeader(int value) {
        u32(REST_OF_HEADER, value);
    }

    /** Echo identifier. */
    public int identifier() {
        return u16(REST_OF_HEADER);
    }

    /** Echo sequence number. */
    public int sequence() {
        return u16(SEQUENCE);
    }

    /** MTU of a packet-too-big message. */
    public int mtu() {
        return u32(REST_OF_HEADER);
    }

    /** Parameter-problem pointer: offset of the offending octet in the invoking packet. */
    public int pointer() {
        return u32(REST_OF_HEADER);
    }

    /** RFC 4884 original datagram length in 64-bit words (0 when absent). */
    public int originalLength() {
        return u8(ORIGINAL_LENGTH);
    }

    /** Offset of the body (echo data or invoking packet) relative to the view. */
    public int bodyOffset() {
        return HEADER_LENGTH;
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
