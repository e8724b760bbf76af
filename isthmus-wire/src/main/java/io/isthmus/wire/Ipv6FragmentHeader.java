package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of the IPv6 fragment header (RFC 8200 section 4.5). Both reserved fields are written zero and
 * ignored on reception, as the RFC says.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6FragmentHeader extends PacketView {
    /** Offset of the next header octet. */
    public static final int NEXT_HEADER = 0;
    /** Offset of the reserved octet. */
    public static final int RESERVED = 1;
    /** Offset of the 16-bit word of the 13-bit fragment offset, two reserved bits and the M flag. */
    public static final int OFFSET_FLAGS = 2;
    /** Offset of the 32-bit identification. */
    public static final int IDENTIFICATION = 4;
    /** The fragment header is always eight bytes. */
    public static final int LENGTH = 8;
    /** Largest fragment offset in 8-octet units (13 bits). */
    public static final int MAX_FRAGMENT_OFFSET = 0x1fff;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Ipv6FragmentHeader wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds the eight bytes of the header ({@link WireStatus#TRUNCATED} otherwise). The
     * window is left as it is: it may go on over the fragment's data.
     */
    public WireStatus checkLength() {
        return length < LENGTH ? WireStatus.TRUNCATED : WireStatus.OK;
    }

    /** Type of the header after this one (in the reassembled packet). */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** Writes the next header. */
    public void setNextHeader(int value) {
        u8(NEXT_HEADER, value);
    }

    /** Fragment offset in 8-octet units. */
    public int fragmentOffset() {
        return u16(OFFSET_FLAGS) >>> 3;
    }

    /** The M (more fragments) flag. */
    public boolean moreFragments() {
        return (u16(OFFSET_FLAGS) & 1) != 0;
    }

    /** Whether this is the first fragment (offset zero); an atomic fragment (RFC 6946) is also a first fragment. */
    public boolean isFirstFragment() {
        return (u16(OFFSET_FLAGS) >>> 3) == 0;
    }

    /** The reserved octet (ignored on reception). */
    public int reserved() {
        return u8(RESERVED);
    }

    /** The two reserved bits between the offset and the M flag (ignored on reception). */
    public int reservedBits() {
        return (u16(OFFSET_FLAGS) >>> 1) & 0x3;
    }

    /** Writes the offset in 8-octet units and the M flag; reserved bits are written zero. */
    public void setFragmentOffsetAndMore(int offsetUnits, boolean moreFragments) {
        u16(OFFSET_FLAGS, ((offsetUnits & 0x1fff) << 3) | (moreFragments ? 1 : 0));
    }

    /** The identification shared by all fragments of one original packet. */
    public int identification() {
        return u32(IDENTIFICATION);
    }

    /** Writes the identification. */
    public void setIdentification(int value) {
        u32(IDENTIFICATION, value);
    }

    /** Writes the whole header; the reserved byte is written zero. */
    public void fill(int nextHeader, int offsetUnits, boolean moreFragments, int identification) {
        u8(NEXT_HEADER, nextHeader);
        u8(RESERVED, 0);
        setFragmentOffsetAndMore(offsetUnits, moreFragments);
        u32(IDENTIFICATION, identification);
    }
}
