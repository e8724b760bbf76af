package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Walks the TLV options of a hop-by-hop or destination options header (RFC 8200 section 4.2) without allocating:
 * a cursor, reset per header, whose accessors describe the current option.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 * |  Option Type  |  Opt Data Len |  Option Data
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *
 * Option Type:  +-+-+-+-+-+-+-+-+
 *               |act|c|  rest   |    act: action when unrecognized, c: data may change en route
 *               +-+-+-+-+-+-+-+-+
 *
 * Pad1 (type 0) is a single octet with no length and no data.
 * </pre>
 *
 * <pre>{@code
 * options.reset(header);                 // header: a checked hop-by-hop or destination options view
 * while (options.next()) {
 *     if (options.isPadding()) continue;
 *     switch (options.type()) { ... default -> act on options.action() }
 * }
 * if (options.status() != WireStatus.OK) { drop and count }
 * }</pre>
 *
 * <p>{@link #next()} returns every option, padding included, and stops with {@link WireStatus#BAD_OPTION} at an
 * option whose length or data runs past the end of the options area. The iterator does not judge option contents:
 * which types are recognized, and what to do about the others, is the caller's to decide from {@link #action()}.
 */
public final class Ipv6OptionsIterator {
    /** Pad1: one octet of padding. */
    public static final int PAD1 = 0x00;
    /** PadN: two or more octets of padding. */
    public static final int PADN = 0x01;
    /** Tunnel encapsulation limit (RFC 2473), a destination option. */
    public static final int TUNNEL_ENCAPSULATION_LIMIT = 0x04;
    /** Router alert (RFC 2711), a hop-by-hop option. */
    public static final int ROUTER_ALERT = 0x05;
    /** Jumbo payload (RFC 2675), a hop-by-hop option. */
    public static final int JUMBO_PAYLOAD = 0xc2;

    /** Action 00: skip over this option and continue processing the header. */
    public static final int ACTION_SKIP = 0;
    /** Action 01: discard the packet. */
    public static final int ACTION_DISCARD = 1;
    /** Action 10: discard the packet and send an ICMP Parameter Problem, code 2, even to a multicast destination. */
    public static final int ACTION_DISCARD_ICMP = 2;
    /** Action 11: discard the packet and send an ICMP Parameter Problem, code 2, unless the destination is multicast. */
    public static final int ACTION_DISCARD_ICMP_UNLESS_MULTICAST = 3;

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int position;
    private int end;
    private int optionOffset;
    private int type;
    private int dataLength;
    private WireStatus status = WireStatus.OK;

    /**
     * Starts walking the options of {@code header}, a hop-by-hop or destination options view whose
     * {@code checkLength()} returned OK. Offsets are then relative to the start of the header.
     */
    public Ipv6OptionsIterator reset(Ipv6ExtensionHeader header) {
        return reset(header.segment(), header.offset(), Ipv6ExtensionHeader.DATA, header.headerLength());
    }

    /**
     * Starts walking options in bytes {@code [from, to)} of the window at {@code offset} in {@code segment};
     * offsets reported are relative to {@code offset}. The caller guarantees the range lies in the segment.
     */
    public Ipv6OptionsIterator reset(MemorySegment segment, long offset, int from, int to) {
        this.segment = segment;
        this.base = offset;
        this.position = from;
        this.end = to;
        this.optionOffset = from;
        this.type = -1;
        this.dataLength = 0;
        this.status = WireStatus.OK;
        return this;
    }

    /**
     * Moves to the next option; false at the end of the options area or at a malformed option (then
     * {@link #status()} says {@link WireStatus#BAD_OPTION} and {@link #optionOffset()} points at it).
     */
    public boolean next() {
        if (status != WireStatus.OK || position >= end) {
            return false;
        }
        optionOffset = position;
        type = u8(position);
        if (type == PAD1) {
            dataLength = 0;
            position++;
            return true;
        }
        if (end - position < 2 || end - position - 2 < u8(position + 1)) {
            status = WireStatus.BAD_OPTION;
            return false;
        }
        dataLength = u8(position + 1);
        position += 2 + dataLength;
        return true;
    }

    /** {@link WireStatus#OK}, or {@link WireStatus#BAD_OPTION} once {@link #next()} met an option it cannot cross. */
    public WireStatus status() {
        return status;
    }

    /** The current option's type octet. */
    public int type() {
        return type;
    }

    /** The action bits of the type: what to do when the type is not recognized ({@code ACTION_*}). */
    public int action() {
        return type >>> 6;
    }

    /** Whether the option's data may change en route (the third high-order bit of the type). */
    public boolean mayChange() {
        return (type & 0x20) != 0;
    }

    /** Whether the option is Pad1 or PadN. */
    public boolean isPadding() {
        return type == PAD1 || type == PADN;
    }

    /** Offset of the current option's type octet. */
    public int optionOffset() {
        return optionOffset;
    }

    /** Length of the current option in bytes: one for Pad1, else two plus the data length. */
    public int optionLength() {
        return type == PAD1 ? 1 : 2 + dataLength;
    }

    /** Offset of the current option's data (right after its length octet; after the type octet for Pad1). */
    public int dataOffset() {
        return type == PAD1 ? optionOffset + 1 : optionOffset + 2;
    }

    /** Length of the current option's data in bytes (zero for Pad1). */
    public int dataLength() {
        return dataLength;
    }

    /** Octet {@code index} of the current option's data; {@code index} must be below {@link #dataLength()}. */
    public int dataU8(int index) {
        checkIndex(index, 1);
        return u8(dataOffset() + index);
    }

    /** Big-endian 16 bits at {@code index} of the current option's data (for example the router alert value). */
    public int dataU16(int index) {
        checkIndex(index, 2);
        return segment.get(PacketView.U16, base + dataOffset() + index) & 0xffff;
    }

    /** Big-endian 32 bits at {@code index} of the current option's data (for example the jumbo payload length). */
    public int dataU32(int index) {
        checkIndex(index, 4);
        return segment.get(PacketView.U32, base + dataOffset() + index);
    }

    private void checkIndex(int index, int size) {
        if (index < 0 || index > dataLength - size) {
            throw new IndexOutOfBoundsException("option data index " + index + " size " + size + " beyond "
                + dataLength);
        }
    }

    private int u8(int at) {
        return segment.get(ValueLayout.JAVA_BYTE, base + at) & 0xff;
    }
}
