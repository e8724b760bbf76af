package io.isthmus.agent.router.snmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A cursor over BER encodings in a window of a segment (the style of bgpcep's {@code readSlice}): {@link #enter}
 * reads one constructed element's identifier and length and returns a reader limited to its contents, so a length
 * that lies can only make that element fail, never read past it. Every check happens before the octets are read;
 * errors are {@link SnmpDecodeException}s with the offset from the start of the message.
 */
final class BerReader {
    private static final ValueLayout.OfLong LONG_BIG_ENDIAN =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private static final int MAX_LENGTH_OCTETS = 4;

    private final MemorySegment segment;
    /** Absolute offset of the message's first octet, for error offsets. */
    private final long origin;
    private final long limit;
    /** Whether this reader spans the whole input: running out is then truncation, not disagreeing lengths. */
    private final boolean outermost;
    private long position;

    private BerReader(MemorySegment segment, long origin, long position, long limit, boolean outermost) {
        this.segment = segment;
        this.origin = origin;
        this.position = position;
        this.limit = limit;
        this.outermost = outermost;
    }

    /** A reader over {@code length} octets of {@code segment} from {@code offset}: the whole input. */
    static BerReader over(MemorySegment segment, long offset, int length) {
        return new BerReader(segment, offset, offset, offset + length, true);
    }

    /** Whether every octet of the window has been read. */
    boolean atEnd() {
        return position == limit;
    }

    /** Offset of the cursor from the start of the message. */
    int offset() {
        return (int) (position - origin);
    }

    /** Fails with {@link BerError#TRAILING_BYTES} unless the window has been read to its end. */
    void requireEnd(String what) throws SnmpDecodeException {
        if (position != limit) {
            throw error(BerError.TRAILING_BYTES, (int) (limit - position) + " octets after " + what);
        }
    }

    /** The identifier octet at the cursor, without moving it. */
    int peekTag() throws SnmpDecodeException {
        need(1, "an identifier");
        int tag = octet(position);
        if ((tag & BerTag.HIGH_TAG_NUMBER) == BerTag.HIGH_TAG_NUMBER) {
            throw error(BerError.HIGH_TAG_NUMBER, "identifier " + BerTag.name(tag));
        }
        return tag;
    }

    /**
     * Reads the identifier, which must be {@code expected}, and the length; returns the length, the cursor on the
     * first contents octet, the contents checked to lie within this window.
     */
    int header(int expected, String what) throws SnmpDecodeException {
        int tag = peekTag();
        if (tag != expected) {
            throw error(BerError.UNEXPECTED_TAG, what + ": identifier " + BerTag.name(tag) + ", expected "
                + BerTag.name(expected));
        }
        position++;
        return length(what);
    }

    /** Reads a definite length (X.690 section 8.1.3) and checks that the contents fit in the window. */
    private int length(String what) throws SnmpDecodeException {
        need(1, "the length of " + what);
        int first = octet(position);
        long length;
        int octets;
        if (first < 0x80) {
            length = first;
            octets = 1;
        } else if (first == 0x80) {
            throw error(BerError.INDEFINITE_LENGTH, "length of " + what);
        } else if (first == 0xff) {
            throw error(BerError.RESERVED_LENGTH, "length of " + what);
        } else {
            int count = first & 0x7f;
            if (count > MAX_LENGTH_OCTETS) {
                throw error(BerError.LENGTH_TOO_LONG, count + " length octets for " + what);
            }
            need(1 + count, "the length of " + what);
            length = 0;
            for (int i = 1; i <= count; i++) {
                length = length << 8 | octet(position + i);
            }
            if (length > Integer.MAX_VALUE) {
                throw error(BerError.LENGTH_TOO_LONG, "length " + length + " of " + what);
            }
            octets = 1 + count;
        }
        if (length > limit - position - octets) {
            throw error(outermost ? BerError.TRUNCATED : BerError.OVERRUNS_ENCLOSING,
                what + " of " + length + " octets, " + (limit - position - octets) + " left");
        }
        position += octets;
        return (int) length;
    }

    /** Enters a constructed element: a reader over its contents; this cursor moves past it. */
    BerReader enter(int expected, String what) throws SnmpDecodeException {
        int length = header(expected, what);
        BerReader inner = new BerReader(segment, origin, position, position + length, false);
        position += length;
        return inner;
    }

    /** An INTEGER that must fit Integer32. */
    int integer(String what) throws SnmpDecodeException {
        int length = header(BerTag.INTEGER, what);
        return (int) integerContents(length, 4, what);
    }

    /**
     * Reads the contents of an integer of {@code length} octets whose identifier has been read, checking minimal
     * two's complement (X.690 section 8.3.2) and at most {@code maxOctets} octets (up to 8); signed.
     */
    long integerContents(int length, int maxOctets, String what) throws SnmpDecodeException {
        int at = offset();
        if (length == 0) {
            throw error(BerError.EMPTY_INTEGER, what);
        }
        if (length > 1) {
            int first = octet(position);
            int second = octet(position + 1);
            if (first == 0 && (second & 0x80) == 0 || first == 0xff && (second & 0x80) != 0) {
                throw new SnmpDecodeException(BerError.NON_MINIMAL_INTEGER, at, what);
            }
        }
        if (length > maxOctets) {
            throw new SnmpDecodeException(BerError.INTEGER_OUT_OF_RANGE, at, what + " of " + length + " octets");
        }
        long value = (byte) octet(position);
        for (int i = 1; i < length; i++) {
            value = value << 8 | octet(position + i);
        }
        position += length;
        return value;
    }

    /**
     * Reads the contents of an unsigned integer of {@code length} octets (an application type or Counter64):
     * non-negative, at most {@code bits} (32 or 64) bits. Returns the value, unsigned in the long for 64 bits.
     */
    long unsignedContents(int length, int bits, String what) throws SnmpDecodeException {
        int at = offset();
        if (length == 9 && bits == 64) {
            // 2^63 and above need a ninth octet, a leading zero (X.690 section 8.3.2 forbids it otherwise).
            if (octet(position) != 0) {
                throw new SnmpDecodeException(BerError.INTEGER_OUT_OF_RANGE, at, what + " of 9 octets");
            }
            if ((octet(position + 1) & 0x80) == 0) {
                throw new SnmpDecodeException(BerError.NON_MINIMAL_INTEGER, at, what);
            }
            long value = segment.get(LONG_BIG_ENDIAN, position + 1);
            position += 9;
            return value;
        }
        long value = integerContents(length, bits == 64 ? 8 : 5, what);
        if (value < 0 || bits == 32 && value > 0xffff_ffffL) {
            throw new SnmpDecodeException(BerError.INTEGER_OUT_OF_RANGE, at, what + " " + value);
        }
        return value;
    }

    /** Reads {@code length} contents octets. */
    byte[] octets(int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, out, 0, length);
        position += length;
        return out;
    }

    /** Skips {@code length} octets (already checked to be in the window). */
    void skip(int length) {
        position += length;
    }

    /** Reads an OBJECT IDENTIFIER's {@code length} contents octets (X.690 section 8.19). */
    Oid oidContents(int length, String what) throws SnmpDecodeException {
        if (length == 0) {
            throw error(BerError.EMPTY_OID, what);
        }
        long end = position + length;
        int[] arcs = new int[Math.min(Oid.MAX_ARCS, length + 1)];
        int count = 0;
        while (position < end) {
            int at = offset();
            boolean first = count == 0;
            // The first sub-identifier is 40 * X + Y, with Y unbounded when X is 2 (X.690 section 8.19.4).
            long max = first ? 80 + 0xffff_ffffL : 0xffff_ffffL;
            if (octet(position) == 0x80) {
                throw new SnmpDecodeException(BerError.NON_MINIMAL_OID_ARC, at, what);
            }
            long value = 0;
            int octet;
            do {
                if (position == end) {
                    throw new SnmpDecodeException(BerError.UNTERMINATED_OID_ARC, at, what);
                }
                octet = octet(position++);
                value = value << 7 | octet & 0x7f;
                if (value > max) {
                    throw new SnmpDecodeException(BerError.OID_ARC_TOO_LARGE, at, what);
                }
            } while ((octet & 0x80) != 0);
            if (count + (first ? 2 : 1) > Oid.MAX_ARCS) {
                throw new SnmpDecodeException(BerError.OID_TOO_LONG, at, what + ": more than 128 arcs");
            }
            if (first) {
                int x = value < 40 ? 0 : value < 80 ? 1 : 2;
                arcs[count++] = x;
                arcs[count++] = (int) (value - 40L * x);
            } else {
                arcs[count++] = (int) value;
            }
        }
        return Oid.of(java.util.Arrays.copyOf(arcs, count));
    }

    private void need(long octets, String what) throws SnmpDecodeException {
        if (limit - position < octets) {
            throw error(outermost ? BerError.TRUNCATED : BerError.OVERRUNS_ENCLOSING, "no room for " + what);
        }
    }

    private int octet(long at) {
        return segment.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    SnmpDecodeException error(BerError error, String message) {
        return new SnmpDecodeException(error, offset(), message);
    }
}
