package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of the IPv6 fragment header (RFC 8200 section 4.5).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6FragmentHeader extends PacketView {
    public static final int NEXT_HEADER = 0;
    public static final int RESERVED = 1;
    public static final int OFFSET_FLAGS = 2;
    public static final int IDENTIFICATION = 4;
    /** The fragment header is always eight bytes. */
    public static final int LENGTH = 8;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Ipv6FragmentHeader wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /** Checks that the window holds the eight bytes of the header. */
    public WireStatus checkLength() {
        return length < LENGTH ? WireStatus.TRUNCATED : WireStatus.OK;
    }

    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    public void setNextHeader(int value) {
        u8(NEXT_HEADER, value);
    }

    /** Fragment offset in 8-octet units. */
    public int fragmentOffset() {
        return u16(OFFSET_FLAGS) >>> 3;
    }

    public boolean moreFragments() {
        return (u16(OFFSET_FLAGS) & 1) != 0;
    }

    /** Writes the offset in 8-octet units and the M flag; reserved bits are written zero. */
    public void setFragmentOffsetAndMore(int offsetUnits, boolean moreFragments) {
        u16(OFFSET_FLAGS, ((offsetUnits & 0x1fff) << 3) | (moreFragments ? 1 : 0));
    }

    public int identification() {
        return u32(IDENTIFICATION);
    }

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
