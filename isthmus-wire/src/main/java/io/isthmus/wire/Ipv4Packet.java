package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IPv4 packet (RFC 791 section 3.1). Options are kept opaque: they are the bytes between
 * {@link #HEADER_LENGTH} and {@link #headerLength()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Flags are, from the high bit: reserved (must be zero), DF (don't fragment), MF (more fragments). The type of
 * service octet holds the DSCP (RFC 2474) in its six high bits and ECN (RFC 3168) in its two low bits.
 */
public final class Ipv4Packet extends PacketView {
    /** Offset of the version (high nibble) and IHL (low nibble) octet. */
    public static final int VERSION_IHL = 0;
    /** Offset of the type of service octet (DSCP and ECN). */
    public static final int TOS = 1;
    /** Offset of the 16-bit total length (header and payload, in bytes). */
    public static final int TOTAL_LENGTH = 2;
    /** Offset of the 16-bit identification. */
    public static final int IDENTIFICATION = 4;
    /** Offset of the 16-bit word of three flags and the 13-bit fragment offset. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of the time to live octet. */
    public static final int TTL = 8;
    /** Offset of the protocol octet. */
    public static final int PROTOCOL = 9;
    /** Offset of the 16-bit header checksum. */
    public static final int HEADER_CHECKSUM = 10;
    /** Offset of the 32-bit source address. */
    public static final int SOURCE = 12;
    /** Offset of the 32-bit destination address. */
    public static final int DESTINATION = 16;
    /** Length of the header without options; also the offset of the first option. */
    public static final int HEADER_LENGTH = 20;
    /** Longest header: IHL 15. */
    public static final int MAX_HEADER_LENGTH = 60;
    /** Longest options area: {@link #MAX_HEADER_LENGTH} minus {@link #HEADER_LENGTH}. */
    public static final int MAX_OPTIONS_LENGTH = MAX_HEADER_LENGTH - HEADER_LENGTH;

    static final int FLAG_RESERVED = 0x8000;
    static final int FLAG_DF = 0x4000;
    static final int FLAG_MF = 0x2000;
    static final int OFFSET_MASK = 0x1fff;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Ipv4Packet wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds a whole IPv4 header and that IHL and total length agree with it. On
     * {@link WireStatus#OK} the window is shortened to the total length (link-layer padding is dropped). Returns,
     * in this order: {@link WireStatus#TRUNCATED} under 20 bytes, {@link WireStatus#BAD_VERSION} unless version 4,
     * {@link WireStatus#BAD_HEADER_LENGTH} for IHL under 5, {@link WireStatus#TRUNCATED} when the window ends
     * before IHL says, {@link WireStatus#BAD_LENGTH} when total length is under the header length, and
     * {@link WireStatus#TRUNCATED} when the window ends before total length says. The header checksum is not
     * checked here (see {@link #verifyHeaderChecksum()}).
     */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        if (version() != 4) {
            return WireStatus.BAD_VERSION;
        }
        int ihl = headerLength();
        if (ihl < HEADER_LENGTH) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        if (ihl > length) {
            return WireStatus.TRUNCATED;
        }
        int total = totalLength();
        if (total < ihl) {
            return WireStatus.BAD_LENGTH;
        }
        if (total > length) {
            return WireStatus.TRUNCATED;
        }
        truncate(total);
        return WireStatus.OK;
    }

    /** The version field (4 for a valid packet). */
    public int version() {
        return u8(VERSION_IHL) >>> 4;
    }

    /** Header length in bytes (IHL times four). */
    public int headerLength() {
        return (u8(VERSION_IHL) & 0x0f) * 4;
    }

    /** Writes version 4 and the IHL for {@code bytes} of header (a multiple of four, 20..60). */
    public void setVersionAndHeaderLength(int bytes) {
        u8(VERSION_IHL, 0x40 | (bytes >>> 2));
    }

    /** The type of service octet: DSCP in the high six bits, ECN in the low two. */
    public int tos() {
        return u8(TOS);
    }

    /** Writes the type of service octet (DSCP and ECN). */
    public void setTos(int value) {
        u8(TOS, value);
    }

    /** The differentiated services code point (RFC 2474): the six high bits of the type of service octet. */
    public int dscp() {
        return u8(TOS) >>> 2;
    }

    /** The explicit congestion notification codepoint (RFC 3168): the two low bits of the type of service octet. */
    public int ecn() {
        return u8(TOS) & 0x03;
    }

    /** Total length of the packet in bytes, header included. */
    public int totalLength() {
        return u16(TOTAL_LENGTH);
    }

    /** Writes the total length in bytes, header included. */
    public void setTotalLength(int value) {
        u16(TOTAL_LENGTH, value);
    }

    /** The identification used to reassemble fragments. */
    public int identification() {
        return u16(IDENTIFICATION);
    }

    /** Writes the identification. */
    public void setIdentification(int value) {
        u16(IDENTIFICATION, value);
    }

    /** The flags and fragment offset word as on the wire. */
    public int flagsAndFragmentOffset() {
        return u16(FLAGS_FRAGMENT_OFFSET);
    }

    /** The reserved flag (bit 0 of the flags), which RFC 791 says must be zero. */
    public boolean reservedFlag() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_RESERVED) != 0;
    }

    /** The DF (don't fragment) flag. */
    public boolean dontFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_DF) != 0;
    }

    /** The MF (more fragments) flag. */
    public boolean moreFragments() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_MF) != 0;
    }

    /** Fragment offset in 8-octet units. */
    public int fragmentOffset() {
        return u16(FLAGS_FRAGMENT_OFFSET) & OFFSET_MASK;
    }

    /** Whether this packet is a fragment (more fragments set or a non-zero offset). */
    public boolean isFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & (FLAG_MF | OFFSET_MASK)) != 0;
    }

    /** Writes DF, MF and the offset in 8-octet units; the reserved bit is written zero. */
    public void setFlagsAndFragmentOffset(boolean dontFragment, boolean moreFragments, int offsetUnits) {
        u16(FLAGS_FRAGMENT_OFFSET, (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0)
            | (offsetUnits & OFFSET_MASK));
    }

    /** The time to live. */
    public int ttl() {
        return u8(TTL);
    }

    /** Writes the time to live. */
    public void setTtl(int value) {
        u8(TTL, value);
    }

    /** The protocol of the payload (see {@link IpProtocol}). */
    public int protocol() {
        return u8(PROTOCOL);
    }

    /** Writes the protocol of the payload. */
    public void setProtocol(int value) {
        u8(PROTOCOL, value);
    }

    /** The header checksum field as on the wire. */
    public int headerChecksum() {
        return u16(HEADER_CHECKSUM);
    }

    /** Writes the header checksum field (see {@link #fillHeaderChecksum()} to compute it). */
    public void setHeaderChecksum(int value) {
        u16(HEADER_CHECKSUM, value);
    }

    /** The source address (see {@link Ipv4Address}). */
    public int source() {
        return u32(SOURCE);
    }

    /** Writes the source address. */
    public void setSource(int address) {
        u32(SOURCE, address);
    }

    /** The destination address (see {@link Ipv4Address}). */
    public int destination() {
        return u32(DESTINATION);
    }

    /** Writes the destination address. */
    public void setDestination(int address) {
        u32(DESTINATION, address);
    }

    /** Offset of the options relative to the start of the view (always {@link #HEADER_LENGTH}). */
    public int optionsOffset() {
        return HEADER_LENGTH;
    }

    /** Length of the options (and their padding) in bytes: header length minus 20. */
    public int optionsLength() {
        return headerLength() - HEADER_LENGTH;
    }

    /** Offset of the payload relative to the start of the view. */
    public int payloadOffset() {
        return headerLength();
    }

    /** Payload length per the total length field. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /** Whether the header checksum verifies (RFC 1071: the ones' complement sum of the header is all ones). */
    public boolean verifyHeaderChecksum() {
        return Checksum.sum(segment, offset, headerLength(), 0) == 0xffff;
    }

    /** Computes and writes the header checksum over {@link #headerLength()} bytes. */
    public void fillHeaderChecksum() {
        u16(HEADER_CHECKSUM, 0);
        u16(HEADER_CHECKSUM, Checksum.finish(Checksum.sum(segment, offset, headerLength(), 0)));
    }

    /** Partial sum of the pseudo-header for an upper-layer payload of {@code upperLayerLength} bytes. */
    public int pseudoHeaderSum(int upperLayerLength) {
        return Checksum.ipv4PseudoHeader(source(), destination(), protocol(), upperLayerLength);
    }
}
