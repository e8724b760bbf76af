package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Base of every flyweight view: a window {@code [offset, offset + length)} of a memory segment, with big-endian
 * unaligned accessors relative to the start of the window. Views are mutable and meant to be re-wrapped per packet;
 * {@code wrap} never allocates.
 *
 * <p>Accessors of subclasses read at fixed offsets; they are safe only after the subclass's {@code checkLength()}
 * has returned {@link WireStatus#OK}. Before that, an accessor may throw {@link IndexOutOfBoundsException} if the
 * window lies outside the segment.
 */
public abstract class PacketView {
    /** Big-endian unaligned 16-bit layout. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Big-endian unaligned 32-bit layout. */
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Big-endian unaligned 64-bit layout. */
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    protected MemorySegment segment = MemorySegment.NULL;
    protected long offset;
    protected int length;

    /** Points this view at {@code length} bytes of {@code segment} starting at {@code offset}. */
    protected final void set(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
    }

    /** The segment this view reads. */
    public final MemorySegment segment() {
        return segment;
    }

    /** Offset of the first byte of this view in {@link #segment()}. */
    public final long offset() {
        return offset;
    }

    /** Number of bytes in the window, as given to {@code wrap}. */
    public final int length() {
        return length;
    }

    /** Shortens the window to {@code newLength} bytes (for example to a length field's value). */
    public final void truncate(int newLength) {
        this.length = newLength;
    }

    /**
     * Whether the ones' complement sum of the whole window plus {@code initialSum} (a pseudo-header partial sum, or
     * 0) is all ones, that is whether a checksum carried in the window verifies (RFC 1071).
     */
    final boolean checksumVerifies(int initialSum) {
        return Checksum.sum(segment, offset, length, initialSum) == 0xffff;
    }

    /**
     * Zeroes the 16-bit checksum field at {@code at} and returns the checksum of the whole window plus
     * {@code initialSum}, for the caller to write (possibly after mapping a zero, as UDP does).
     */
    final int computeChecksum(int at, int initialSum) {
        u16(at, 0);
        return Checksum.finish(Checksum.sum(segment, offset, length, initialSum));
    }

    protected final int u8(int at) {
        return segment.get(ValueLayout.JAVA_BYTE, offset + at) & 0xff;
    }

    protected final void u8(int at, int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset + at, (byte) value);
    }

    protected final int u16(int at) {
        return segment.get(U16, offset + at) & 0xffff;
    }

    protected final void u16(int at, int value) {
        segment.set(U16, offset + at, (short) value);
    }

    protected final int u32(int at) {
        return segment.get(U32, offset + at);
    }

    protected final void u32(int at, int value) {
        segment.set(U32, offset + at, value);
    }

    protected final long u64(int at) {
        return segment.get(U64, offset + at);
    }

    protected final void u64(int at, long value) {
        segment.set(U64, offset + at, value);
    }
}
