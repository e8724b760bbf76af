package io.isthmus.wire;

import java.util.Arrays;

/**
 * Value of an ICMPv4 message (RFC 792): one record per message kind Isthmus answers or translates, and
 * {@link Other} for every other (type, code), kept opaque so that unknown messages pass through unchanged.
 *
 * <p>{@link #parse} checks the length and the checksum; {@link #emit} writes every field and the checksum. Fields a
 * record does not hold (the unused rest-of-header bytes, the RFC 4884 length) are ignored on parse and written as
 * zero; an RFC 4884 extension structure stays in the quoted bytes. Records belong to the control plane, tests and
 * tools: the forwarding path uses {@link Icmpv4Packet} directly.
 */
public sealed interface Icmpv4Repr {
    /** Most bytes a message body can hold: a 16-bit length less the ICMP header. */
    int MAX_BODY_LENGTH = IcmpCodec.MAX_BODY_LENGTH;

    /** The type octet this record is emitted with. */
    int type();

    /** The code octet this record is emitted with. */
    int code();

    /** Number of bytes {@link #emit} writes: the eight-byte header and the body. */
    int bufferLength();

    /**
     * Writes this message into {@code view}, checksum included. The view's window must hold at least
     * {@link #bufferLength()} bytes and is shortened to exactly that.
     */
    void emit(Icmpv4Packet view);

    /**
     * Reads a message from untrusted bytes.
     *
     * @throws MalformedPacketException with {@link WireStatus#TRUNCATED} when the window is shorter than the header,
     *     or {@link WireStatus#BAD_CHECKSUM} when the checksum does not verify
     */
    static Icmpv4Repr parse(Icmpv4Packet view) {
        byte[] body = IcmpCodec.checkedBody(view, 0);
        int type = view.type();
        int code = view.code();
        if (!isModelled(type, code)) {
            return new Other(type, code, view.restOfHeader(), body);
        }
        return switch (type) {
            case Icmpv4Packet.ECHO_REQUEST -> new EchoRequest(view.identifier(), view.sequence(), body);
            case Icmpv4Packet.ECHO_REPLY -> new EchoReply(view.identifier(), view.sequence(), body);
            case Icmpv4Packet.DESTINATION_UNREACHABLE -> code == Icmpv4Packet.CODE_FRAGMENTATION_NEEDED
                ? new FragmentationNeeded(view.nextHopMtu(), body)
                : new DestinationUnreachable(code, body);
            case Icmpv4Packet.TIME_EXCEEDED -> new TimeExceeded(code, body);
            case Icmpv4Packet.PARAMETER_PROBLEM -> new ParameterProblem(code, view.pointer(), body);
            default -> throw new AssertionError("modelled type without a record: " + type);
        };
    }

    /**
     * Whether (type, code) has a record of its own rather than {@link Other}: echo with code 0 (RFC 792 defines no
     * other), and destination unreachable, time exceeded and parameter problem with any code.
     */
    static boolean isModelled(int type, int code) {
        return switch (type) {
            case Icmpv4Packet.ECHO_REQUEST, Icmpv4Packet.ECHO_REPLY -> code == 0;
            case Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.PARAMETER_PROBLEM ->
                true;
            default -> false;
        };
    }

    /**
     * Echo request (type 8, RFC 792), as ping sends it.
     *
     * @param identifier echo identifier, 0..65535
     * @param sequence echo sequence number, 0..65535
     * @param data the echo data, returned unchanged in the reply
     */
    record EchoRequest(int identifier, int sequence, byte[] data) implements Icmpv4Repr {
        /** Checks the ranges and copies {@code data}. */
        public EchoRequest {
            data = IcmpCodec.echoData(identifier, sequence, data);
        }

        /** The echo data (a copy). */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Always {@link Icmpv4Packet#ECHO_REQUEST}. */
        @Override
        public int type() {
            return Icmpv4Packet.ECHO_REQUEST;
        }

        /** Always 0. */
        @Override
        public int code() {
            return 0;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + data.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), 0, IcmpCodec.echoRestOfHeader(identifier, sequence), data);
        }

        /** The reply a host sends back (RFC 1122 section 3.2.2.6: same identifier, sequence and data). */
        public EchoReply reply() {
            return new EchoReply(identifier, sequence, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoRequest that && identifier == that.identifier && sequence == that.sequence
                && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(identifier, sequence, data);
        }

        @Override
        public String toString() {
            return IcmpCodec.echoString("EchoRequest", identifier, sequence, data);
        }
    }

    /**
     * Echo reply (type 0, RFC 792).
     *
     * @param identifier echo identifier of the request, 0..65535
     * @param sequence echo sequence number of the request, 0..65535
     * @param data the request's data
     */
    record EchoReply(int identifier, int sequence, byte[] data) implements Icmpv4Repr {
        /** Checks the ranges and copies {@code data}. */
        public EchoReply {
            data = IcmpCodec.echoData(identifier, sequence, data);
        }

        /** The echo data (a copy). */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Always {@link Icmpv4Packet#ECHO_REPLY}. */
        @Override
        public int type() {
            return Icmpv4Packet.ECHO_REPLY;
        }

        /** Always 0. */
        @Override
        public int code() {
            return 0;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + data.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), 0, IcmpCodec.echoRestOfHeader(identifier, sequence), data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoReply that && identifier == that.identifier && sequence == that.sequence
                && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(identifier, sequence, data);
        }

        @Override
        public String toString() {
            return IcmpCodec.echoString("EchoReply", identifier, sequence, data);
        }
    }

    /**
     * Destination unreachable (type 3) with any code but fragmentation needed, which is {@link FragmentationNeeded}.
     *
     * @param code the reason, {@code Icmpv4Packet.CODE_NET_UNREACHABLE} and so on; unknown codes are kept as they are
     * @param invokingPacket the quoted IPv4 header and leading data of the packet that caused the error
     */
    record DestinationUnreachable(int code, byte[] invokingPacket) implements Icmpv4Repr {
        /** Checks the code and copies the quoted bytes. */
        public DestinationUnreachable {
            if (code == Icmpv4Packet.CODE_FRAGMENTATION_NEEDED) {
                throw new IllegalArgumentException("fragmentation needed is a FragmentationNeeded record");
            }
            invokingPacket = IcmpCodec.errorBody(code, invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv4Packet#DESTINATION_UNREACHABLE}. */
        @Override
        public int type() {
            return Icmpv4Packet.DESTINATION_UNREACHABLE;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), code, 0, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DestinationUnreachable that && code == that.code
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(code, invokingPacket);
        }

        @Override
        public String toString() {
            return IcmpCodec.errorString("DestinationUnreachable", "code", code, invokingPacket);
        }
    }

    /**
     * Destination unreachable, fragmentation needed and DF set (type 3 code 4), with the next-hop MTU of RFC 1191:
     * the IPv4 counterpart of ICMPv6 packet too big.
     *
     * @param nextHopMtu the MTU of the next-hop network, 0..65535; 0 from routers that predate RFC 1191
     * @param invokingPacket the quoted IPv4 header and leading data of the packet that did not fit
     */
    record FragmentationNeeded(int nextHopMtu, byte[] invokingPacket) implements Icmpv4Repr {
        /** Checks the MTU and copies the quoted bytes. */
        public FragmentationNeeded {
            ReprBytes.range("nextHopMtu", nextHopMtu, 0xffff);
            invokingPacket = IcmpCodec.invokingPacket(invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv4Packet#DESTINATION_UNREACHABLE}. */
        @Override
        public int type() {
            return Icmpv4Packet.DESTINATION_UNREACHABLE;
        }

        /** Always {@link Icmpv4Packet#CODE_FRAGMENTATION_NEEDED}. */
        @Override
        public int code() {
            return Icmpv4Packet.CODE_FRAGMENTATION_NEEDED;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), code(), nextHopMtu, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FragmentationNeeded that && nextHopMtu == that.nextHopMtu
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(nextHopMtu, invokingPacket);
        }

        @Override
        public String toString() {
            return IcmpCodec.errorString("FragmentationNeeded", "nextHopMtu", nextHopMtu, invokingPacket);
        }
    }

    /**
     * Time exceeded (type 11): TTL exceeded in transit (code 0) or fragment reassembly time exceeded (code 1).
     *
     * @param code {@code Icmpv4Packet.CODE_TTL_EXCEEDED} or {@code CODE_REASSEMBLY_TIME_EXCEEDED}; others are kept
     * @param invokingPacket the quoted IPv4 header and leading data of the packet that expired
     */
    record TimeExceeded(int code, byte[] invokingPacket) implements Icmpv4Repr {
        /** Checks the code and copies the quoted bytes. */
        public TimeExceeded {
            invokingPacket = IcmpCodec.errorBody(code, invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv4Packet#TIME_EXCEEDED}. */
        @Override
        public int type() {
            return Icmpv4Packet.TIME_EXCEEDED;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), code, 0, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeExceeded that && code == that.code
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(code, invokingPacket);
        }

        @Override
        public String toString() {
            return IcmpCodec.errorString("TimeExceeded", "code", code, invokingPacket);
        }
    }

    /**
     * Parameter problem (type 12).
     *
     * @param code {@code Icmpv4Packet.CODE_POINTER_INDICATES_ERROR}, {@code CODE_BAD_LENGTH} ...; others are kept
     * @param pointer offset of the offending octet in the invoking packet, 0..255
     * @param invokingPacket the quoted IPv4 header and leading data of the offending packet
     */
    record ParameterProblem(int code, int pointer, byte[] invokingPacket) implements Icmpv4Repr {
        /** Checks the ranges and copies the quoted bytes. */
        public ParameterProblem {
            ReprBytes.range("code", code, 0xff);
            ReprBytes.range("pointer", pointer, 0xff);
            invokingPacket = IcmpCodec.invokingPacket(invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv4Packet#PARAMETER_PROBLEM}. */
        @Override
        public int type() {
            return Icmpv4Packet.PARAMETER_PROBLEM;
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type(), code, pointer << 24, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterProblem that && code == that.code && pointer == that.pointer
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(code, pointer, invokingPacket);
        }

        @Override
        public String toString() {
            return "ParameterProblem[code=" + code + ", pointer=" + pointer + ", invokingPacket="
                + ReprBytes.hex(invokingPacket) + "]";
        }
    }

    /**
     * Any other message (redirect, timestamp, router discovery, unassigned types, echo with a non-zero code ...),
     * kept byte for byte.
     *
     * @param type the type octet
     * @param code the code octet
     * @param restOfHeader the four bytes after the checksum, as one word
     * @param body the bytes after the header
     */
    record Other(int type, int code, int restOfHeader, byte[] body) implements Icmpv4Repr {
        /** Checks the ranges, that no other record models (type, code), and copies the body. */
        public Other {
            body = IcmpCodec.otherBody("ICMPv4", type, code, isModelled(type, code), body);
        }

        /** The bytes after the header (a copy). */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_LENGTH + body.length;
        }

        @Override
        public void emit(Icmpv4Packet view) {
            IcmpCodec.emit(view, 0, type, code, restOfHeader, body);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other that && type == that.type && code == that.code
                && restOfHeader == that.restOfHeader && Arrays.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return ((type * 31 + code) * 31 + restOfHeader) * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Other[type=" + type + ", code=" + code + ", restOfHeader=0x" + Integer.toHexString(restOfHeader)
                + ", body=" + ReprBytes.hex(body) + "]";
        }
    }
}
