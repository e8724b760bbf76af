package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IPv4 packet (RFC 791). Options are kept opaque: they are the bytes between
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
 */
public final class Ipv4Packet extends PacketView {
    public static final int VERSION_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LENGTH = 2;
    public static final int IDENTIFICATION = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int HEADER_CHECKSUM = 10;
    public static final int SOURCE = 12;
    public static final int DESTINATION = 16;
    /** Length of the header without options. */
    public static final int HEADER_LENGTH = 20;
    /** Longest header: IHL 15. */
    public static final int MAX_HEADER_LENGTH = 60;

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
     * {@link WireStatus#OK} the window is shortened to the total length (link-layer padding is dropped).
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

    public void setTos(int value) {
        u8(TOS, value);
    }

    public int totalLength() {
        return u16(TOTAL_LENGTH);
    }

    public void setTotalLength(int value) {
        u16(TOTAL_LENGTH, value);
    }

    public int identification() {
        return u16(IDENTIFICATION);
    }

    public void setIdentification(int value) {
        u16(IDENTIFICATION, value);
    }

    /** The flags and fragment offset word as on the wire. */
    public int flagsAndFragmentOffset() {
        return u16(FLAGS_FRAGMENT_OFFSET);
    }

    public boolean dontFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_DF) != 0;
    }

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

    public int ttl() {
        return u8(TTL);
    }

    public void setTtl(int value) {
        u8(TTL, value);
    }

    public int protocol() {
        return u8(PROTOCOL);
    }

    public void setProtocol(int value) {
        u8(PROTOCOL, value);
    }

    public int headerChecksum() {
        return u16(HEADER_CHECKSUM);
    }

    public void setHeaderChecksum(int value) {
        u16(HEADER_CHECKSUM, value);
    }

    public int source() {
        return u32(SOURCE);
    }

    public void setSource(int address) {
        u32(SOURCE, address);
    }

    public int destination() {
        return u32(DESTINATION);
    }

    public void setDestination(int address) {
        u32(DESTINATION, address);
    }

    /** Offset of the payload relative to the start of the view. */
    public int payloadOffset() {
        return headerLength();
    }

    /** Payload length per the total length field. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /** Whether the header checksum verifies. */
    public boolean verifyHeaderChecksum() {
        return Checksum.sum(segment, offset, headerLength(), 0) == 0xffff;
    }

    /** Computes and writes the header checksum. */
    public void fillHeaderChecksum() {
        u16(HEADER_CHECKSUM, 0);
        u16(HEADER_CHECKSUM, Checksum.finish(Checksum.sum(segment, offset, headerLength(), 0)));
    }

    /** Partial sum of the pseudo-header for an upper-layer payload of {@code upperLayerLength} bytes. */
    public int pseudoHeaderSum(int upperLayerLength) {
        return Checksum.ipv4PseudoHeader(source(), destination(), protocol(), upperLayerLength);
    }
}
