package io.isthmus.agent.router.snmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes BER forward into a segment, with the length of every element computed before it is written (the
 * {@code *Length} functions), so nothing is written twice. Lengths use the definite form, short when below 128, else
 * the fewest long-form octets (RFC 3417 section 8); integers the fewest two's complement octets (X.690 section
 * 8.3.2). The caller sizes the segment from {@link SnmpCodec#encodedLength}.
 */
final class BerWriter {
    private static final ValueLayout.OfLong LONG_BIG_ENDIAN =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final MemorySegment segment;
    private long position;

    BerWriter(MemorySegment segment, long offset) {
        this.segment = segment;
        this.position = offset;
    }

    long position() {
        return position;
    }

    /** Octets of an element with {@code contents} octets of contents: identifier, length, contents. */
    static int elementLength(int contents) {
        return 1 + lengthOctets(contents) + contents;
    }

    /** Octets of the definite-form length {@code length}. */
    static int lengthOctets(int length) {
        return length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x1_0000 ? 3 : length < 0x100_0000 ? 4 : 5;
    }

    /** Contents octets of the two's complement integer {@code value}, 1 to 8. */
    static int integerOctets(long value) {
        int octets = 1;
        // Each further octet is needed while the value does not fit in the signed range of the octets so far.
        while (octets < 8 && (value >> (8 * octets - 1)) != 0 && (value >> (8 * octets - 1)) != -1) {
            octets++;
        }
        return octets;
    }

    /** Contents octets of the unsigned 64-bit {@code value}: 9 when the top bit is set (a leading zero octet). */
    static int unsigned64Octets(long value) {
        return value < 0 ? 9 : integerOctets(value);
    }

    /** Contents octets of {@code oid} (X.690 section 8.19). */
    static int oidOctets(Oid oid) {
        int octets = subidentifierOctets(40L * oid.arcValue(0) + oid.arcValue(1));
        for (int i = 2; i < oid.size(); i++) {
            octets += subidentifierOctets(oid.arcValue(i));
        }
        return octets;
    }

    private static int subidentifierOctets(long value) {
        int octets = 1;
        while ((value >>>= 7) != 0) {
            octets++;
        }
        return octets;
    }

    void header(int tag, int length) {
        octet(tag);
        if (length < 0x80) {
            octet(length);
            return;
        }
        int octets = lengthOctets(length) - 1;
        octet(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            octet(length >>> (8 * i));
        }
    }

    /** An integer element with identifier {@code tag} and the minimal two's complement of {@code value}. */
    void integer(int tag, long value) {
        int octets = integerOctets(value);
        header(tag, octets);
        for (int i = octets - 1; i >= 0; i--) {
            octet((int) (value >>> (8 * i)));
        }
    }

    /** An unsigned 64-bit element (Counter64). */
    void unsigned64(int tag, long value) {
        if (value >= 0) {
            integer(tag, value);
            return;
        }
        header(tag, 9);
        octet(0);
        segment.set(LONG_BIG_ENDIAN, position, value);
        position += 8;
    }

    void octets(int tag, byte[] contents) {
        header(tag, contents.length);
        MemorySegment.copy(contents, 0, segment, ValueLayout.JAVA_BYTE, position, contents.length);
        position += contents.length;
    }

    void oid(Oid oid) {
        header(BerTag.OBJECT_IDENTIFIER, oidOctets(oid));
        subidentifier(40L * oid.arcValue(0) + oid.arcValue(1));
        for (int i = 2; i < oid.size(); i++) {
            subidentifier(oid.arcValue(i));
        }
    }

    private void subidentifier(long value) {
        // Base 128, most significant group first, bit 8 set on every octet but the last (X.690 section 8.19.2).
        for (int shift = 7 * (subidentifierOctets(value) - 1); shift > 0; shift -= 7) {
            octet((int) (0x80 | (value >>> shift) & 0x7f));
        }
        octet((int) (value & 0x7f));
    }

    void octet(int value) {
        segment.set(ValueLayout.JAVA_BYTE, position++, (byte) value);
    }
}
