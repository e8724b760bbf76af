package io.isthmus.wire;

import java.util.Arrays;

/**
 * The record logic {@link Icmpv4Repr} and {@link Icmpv6Repr} share: both versions carry a type, a code, a checksum,
 * four rest-of-header bytes and a body in the same eight-byte layout ({@link IcmpHeaderView}), so reading and
 * writing that frame, and checking and copying the echo and error bodies, is written once here. What differs stays
 * with each sealed hierarchy: the type and code values, which (type, code) has a record, how the rest of header is
 * split, and the pseudo-header, which ICMPv4 has not (it passes 0 as its partial sum).
 */
final class IcmpCodec {
    /** Most bytes a message body can hold: a 16-bit length less the ICMP header. */
    static final int MAX_BODY_LENGTH = 0xffff - IcmpHeaderView.HEADER_LENGTH;

    private IcmpCodec() {
    }

    /**
     * Checks the length and the checksum of a message and returns a copy of its body.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header the message arrived with; 0 for ICMPv4
     * @throws MalformedPacketException with {@link WireStatus#TRUNCATED} when the window is shorter than the header,
     *     or {@link WireStatus#BAD_CHECKSUM} when the checksum does not verify
     */
    static byte[] checkedBody(IcmpHeaderView view, int pseudoHeaderSum) {
        MalformedPacketException.requireOk(view.checkLength(), message(view));
        if (!view.verifyChecksumWith(pseudoHeaderSum)) {
            throw new MalformedPacketException(WireStatus.BAD_CHECKSUM, family(view) + " checksum");
        }
        return ReprBytes.read(view, IcmpHeaderView.HEADER_LENGTH, view.length());
    }

    /**
     * Writes a whole message, checksum included, and shortens the view's window to it.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header, with the message length as its length; 0 for ICMPv4
     * @throws IllegalArgumentException when the window cannot hold the header and {@code body}
     */
    static void emit(IcmpHeaderView view, int pseudoHeaderSum, int type, int code, int restOfHeader, byte[] body) {
        ReprBytes.fit(view, IcmpHeaderView.HEADER_LENGTH + body.length, message(view));
        view.setType(type);
        view.setCode(code);
        view.setRestOfHeader(restOfHeader);
        ReprBytes.write(view, IcmpHeaderView.HEADER_LENGTH, body);
        view.fillChecksumWith(pseudoHeaderSum);
    }

    /** The rest of header of an echo request or reply: identifier, then sequence number. */
    static int echoRestOfHeader(int identifier, int sequence) {
        return identifier << 16 | sequence;
    }

    /** Checks the ranges of an echo request or reply and returns a copy of its data. */
    static byte[] echoData(int identifier, int sequence, byte[] data) {
        ReprBytes.range("identifier", identifier, 0xffff);
        ReprBytes.range("sequence", sequence, 0xffff);
        return ReprBytes.copy("data", data, MAX_BODY_LENGTH);
    }

    /** Checks the code of an error message and returns a copy of the quoted invoking packet. */
    static byte[] errorBody(int code, byte[] invokingPacket) {
        ReprBytes.range("code", code, 0xff);
        return invokingPacket(invokingPacket);
    }

    /** A copy of the quoted invoking packet of an error message, checked for length. */
    static byte[] invokingPacket(byte[] invokingPacket) {
        return ReprBytes.copy("invokingPacket", invokingPacket, MAX_BODY_LENGTH);
    }

    /**
     * Checks the ranges of an opaque message, and that no other record models it, and returns a copy of its body.
     *
     * @param family {@code "ICMPv4"} or {@code "ICMPv6"}, for the message of the exception
     * @param modelled whether (type, code) has a record of its own in that family
     */
    static byte[] otherBody(String family, int type, int code, boolean modelled, byte[] body) {
        ReprBytes.range("type", type, 0xff);
        ReprBytes.range("code", code, 0xff);
        if (modelled) {
            throw new IllegalArgumentException(family + " type " + type + " code " + code + " has its own record");
        }
        return ReprBytes.copy("body", body, MAX_BODY_LENGTH);
    }

    /** Hash code of a record holding one number and a byte array: {@code field * 31 + Arrays.hashCode(bytes)}. */
    static int hash(int field, byte[] bytes) {
        return field * 31 + Arrays.hashCode(bytes);
    }

    /** Hash code of a record holding two numbers and a byte array, in the order of its components. */
    static int hash(int first, int second, byte[] bytes) {
        return hash(first * 31 + second, bytes);
    }

    /** {@code toString} of an echo request or reply: {@code EchoRequest[identifier=1, sequence=2, data=0a0b]}. */
    static String echoString(String record, int identifier, int sequence, byte[] data) {
        return record + "[identifier=" + identifier + ", sequence=" + sequence + ", data=" + ReprBytes.hex(data) + "]";
    }

    /**
     * {@code toString} of an error message holding one number besides the quoted packet:
     * {@code TimeExceeded[code=0, invokingPacket=4500...]}.
     */
    static String errorString(String record, String field, long value, byte[] invokingPacket) {
        return record + "[" + field + "=" + value + ", invokingPacket=" + ReprBytes.hex(invokingPacket) + "]";
    }

    /** {@code "ICMPv4"} or {@code "ICMPv6"}, after the view's class. */
    private static String family(IcmpHeaderView view) {
        return switch (view) {
            case Icmpv4Packet _ -> "ICMPv4";
            case Icmpv6Packet _ -> "ICMPv6";
        };
    }

    /** What a length error names: {@code "ICMPv4 message"} or {@code "ICMPv6 message"} (constants, no allocation). */
    private static String message(IcmpHeaderView view) {
        return switch (view) {
            case Icmpv4Packet _ -> "ICMPv4 message";
            case Icmpv6Packet _ -> "ICMPv6 message";
        };
    }
}
