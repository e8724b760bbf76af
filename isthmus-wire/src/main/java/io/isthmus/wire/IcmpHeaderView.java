package io.isthmus.wire;

/**
 * What {@link Icmpv4Packet} and {@link Icmpv6Packet} share: the eight-byte header laid out alike in both versions
 * (RFC 792, RFC 4443 section 2.1), its offsets, the accessors of the type, code, checksum, rest of header and echo
 * identifier and sequence, the body bounds and the length check. ICMP has no length field of its own: the message is
 * the rest of the IP packet, so the caller wraps the view on the IP payload.
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
 * </pre>
 *
 * <p>The subclasses hold what differs: the type and code values, the error-specific fields of the rest of header
 * (their offsets, widths and units differ), the checksum (with or without a pseudo-header) and {@code wrap}, which
 * returns the subclass. Package-private: the public types are the two subclasses, which inherit these members.
 */
abstract sealed class IcmpHeaderView extends PacketView permits Icmpv4Packet, Icmpv6Packet {
    /** Offset of the type octet. */
    public static final int TYPE = 0;
    /** Offset of the code octet. */
    public static final int CODE = 1;
    /** Offset of the 16-bit checksum. */
    public static final int CHECKSUM = 2;
    /** Offset of the four bytes after the checksum, whose meaning depends on the type (echo identifier first). */
    public static final int REST_OF_HEADER = 4;
    /** Length of the fixed header: type, code, checksum and the four rest-of-header bytes. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the echo sequence number, the second half of the rest of header. */
    static final int ECHO_SEQUENCE = 6;

    /** Checks that the window holds the eight-byte header. */
    public WireStatus checkLength() {
        return length < HEADER_LENGTH ? WireStatus.TRUNCATED : WireStatus.OK;
    }

    /** The type octet (the subclass names the values). */
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

    /** Writes the checksum field (the subclass's {@code fillChecksum} computes it). */
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
        return u16(ECHO_SEQUENCE);
    }

    /** Writes the echo sequence number. */
    public void setSequence(int value) {
        u16(ECHO_SEQUENCE, value);
    }

    /** Offset of the body (echo data or invoking packet) relative to the view. */
    public int bodyOffset() {
        return HEADER_LENGTH;
    }

    /** Number of body bytes: the window after the eight-byte header. */
    public int bodyLength() {
        return length - HEADER_LENGTH;
    }

    /**
     * Whether the checksum over the whole window verifies, given the partial sum of the pseudo-header it covers
     * (0 for ICMPv4, which has none).
     */
    final boolean verifyChecksumWith(int pseudoHeaderSum) {
        return checksumVerifies(pseudoHeaderSum);
    }

    /** Computes and writes the checksum over the whole window plus the pseudo-header partial sum (0 for ICMPv4). */
    final void fillChecksumWith(int pseudoHeaderSum) {
        u16(CHECKSUM, computeChecksum(CHECKSUM, pseudoHeaderSum));
    }
}
