package io.isthmus.agent.router.snmp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The value of a variable binding (RFC 3416 section 3, {@code VarBind.value}): one of the SMIv2 types of RFC 2578
 * section 7.1, a NULL ({@code unSpecified}, the value of a request) or one of the three exceptions of a response.
 * Each record holds only values its type allows (checked in the constructor), and knows its BER tag (RFC 3416
 * section 3 and RFC 2578 section 2: {@code [APPLICATION n] IMPLICIT}; RFC 3416: {@code [n] IMPLICIT NULL} for the
 * exceptions).
 */
public sealed interface SnmpValue {
    /** The BER identifier octet of this value's encoding. */
    int tag();

    /** {@code INTEGER} / Integer32: -2^31 to 2^31-1. */
    record Integer32(int value) implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.INTEGER;
        }
    }

    /** {@code OCTET STRING}: up to 65535 octets (RFC 2578 section 7.1.2); the array is copied in and out. */
    record OctetString(byte[] value) implements SnmpValue {
        /** The most octets an OCTET STRING holds (RFC 2578 section 7.1.2). */
        public static final int MAX_LENGTH = 65535;

        public OctetString {
            if (value.length > MAX_LENGTH) {
                throw new IllegalArgumentException("an OCTET STRING holds at most 65535 octets");
            }
            value = value.clone();
        }

        /** The UTF-8 (for a DisplayString, ASCII) octets of {@code text}. */
        public static OctetString of(String text) {
            return new OctetString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The number of octets. */
        public int length() {
            return value.length;
        }

        @Override
        public int tag() {
            return BerTag.OCTET_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OctetString other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "OctetString[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** {@code NULL}: the value of every binding of a request (RFC 3416 section 4.1, {@code unSpecified}). */
    record Null() implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.NULL;
        }
    }

    /** {@code OBJECT IDENTIFIER}. */
    record ObjectId(Oid value) implements SnmpValue {
        public ObjectId {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public int tag() {
            return BerTag.OBJECT_IDENTIFIER;
        }
    }

    /** IpAddress ({@code [APPLICATION 0]}, 4 octets): an IPv4 address, most significant octet first in the int. */
    record IpAddress(int value) implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.IP_ADDRESS;
        }
    }

    /** Counter32 ({@code [APPLICATION 1]}): 0 to 2^32-1, wrapping. */
    record Counter32(long value) implements SnmpValue {
        public Counter32 {
            requireUnsigned32(value);
        }

        /** The counter {@code total} as a Counter32: its low 32 bits (RFC 2578 section 7.1.6: it wraps). */
        public static Counter32 wrapping(long total) {
            return new Counter32(total & 0xffff_ffffL);
        }

        @Override
        public int tag() {
            return BerTag.COUNTER32;
        }
    }

    /** Gauge32 / Unsigned32 ({@code [APPLICATION 2]}): 0 to 2^32-1, latching at the maximum. */
    record Gauge32(long value) implements SnmpValue {
        public Gauge32 {
            requireUnsigned32(value);
        }

        @Override
        public int tag() {
            return BerTag.GAUGE32;
        }
    }

    /** TimeTicks ({@code [APPLICATION 3]}): hundredths of a second, 0 to 2^32-1. */
    record TimeTicks(long value) implements SnmpValue {
        public TimeTicks {
            requireUnsigned32(value);
        }

        @Override
        public int tag() {
            return BerTag.TIME_TICKS;
        }
    }

    /** Opaque ({@code [APPLICATION 4]}): arbitrary BER wrapped in an OCTET STRING; kept as raw octets. */
    record Opaque(byte[] value) implements SnmpValue {
        public Opaque {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int tag() {
            return BerTag.OPAQUE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Opaque[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** Counter64 ({@code [APPLICATION 6]}): 0 to 2^64-1, the long holding the unsigned value. */
    record Counter64(long value) implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.COUNTER64;
        }

        @Override
        public String toString() {
            return "Counter64[" + Long.toUnsignedString(value) + "]";
        }
    }

    /** The exception {@code noSuchObject} ({@code [0]}): no object type of that name in the view. */
    record NoSuchObject() implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.NO_SUCH_OBJECT;
        }
    }

    /** The exception {@code noSuchInstance} ({@code [1]}): the object type exists, that instance does not. */
    record NoSuchInstance() implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.NO_SUCH_INSTANCE;
        }
    }

    /** The exception {@code endOfMibView} ({@code [2]}): nothing follows the name in the view. */
    record EndOfMibView() implements SnmpValue {
        @Override
        public int tag() {
            return BerTag.END_OF_MIB_VIEW;
        }
    }

    /** {@link Null}'s one value. */
    Null NULL = new Null();
    /** {@link NoSuchObject}'s one value. */
    NoSuchObject NO_SUCH_OBJECT = new NoSuchObject();
    /** {@link NoSuchInstance}'s one value. */
    NoSuchInstance NO_SUCH_INSTANCE = new NoSuchInstance();
    /** {@link EndOfMibView}'s one value. */
    EndOfMibView END_OF_MIB_VIEW = new EndOfMibView();

    /** Whether this is one of the three exceptions, which only a response carries. */
    default boolean isException() {
        return this instanceof NoSuchObject || this instanceof NoSuchInstance || this instanceof EndOfMibView;
    }

    private static void requireUnsigned32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
        }
    }
}
