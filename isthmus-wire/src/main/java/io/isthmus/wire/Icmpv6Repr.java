package io.isthmus.wire;

import java.util.Arrays;

/**
 * Value of an ICMPv6 message (RFC 4443): one record per message kind Isthmus answers or translates, and
 * {@link Other} for every other (type, code), neighbour discovery and MLD included, kept opaque so that unknown
 * messages pass through unchanged.
 *
 * <p>The checksum covers the IPv6 pseudo-header (RFC 8200 section 8.1), so {@link #parse} and {@link #emit} take
 * its partial sum: {@code Checksum.ipv6PseudoHeader(src..., dst..., IpProtocol.ICMPV6, length)} with the message
 * length ({@link #bufferLength()} when emitting). Fields a record does not hold (unused rest-of-header bytes, the
 * RFC 4884 length) are ignored on parse and written as zero. Records belong to the control plane, tests and tools:
 * the forwarding path uses {@link Icmpv6Packet} directly.
 */
public sealed interface Icmpv6Repr {
    /** Most bytes a message body can hold: a 16-bit payload length less the ICMPv6 header. */
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
     *
     * @param pseudoHeaderSum partial sum of the IPv6 pseudo-header, with {@link #bufferLength()} as its length
     */
    void emit(Icmpv6Packet view, int pseudoHeaderSum);

    /**
     * Reads a message from untrusted bytes.
     *
     * @param pseudoHeaderSum partial sum of the IPv6 pseudo-header the message arrived with
     * @throws MalformedPacketException with {@link WireStatus#TRUNCATED} when the window is shorter than the header,
     *     or {@link WireStatus#BAD_CHECKSUM} when the checksum does not verify
     */
    static Icmpv6Repr parse(Icmpv6Packet view, int pseudoHeaderSum) {
        byte[] body = IcmpCodec.checkedBody(view, pseudoHeaderSum);
        int type = view.type();
        int code = view.code();
        if (!isModelled(type, code)) {
            return new Other(type, code, view.restOfHeader(), body);
        }
        return switch (type) {
            case Icmpv6Packet.ECHO_REQUEST -> new EchoRequest(view.identifier(), view.sequence(), body);
            case Icmpv6Packet.ECHO_REPLY -> new EchoReply(view.identifier(), view.sequence(), body);
            case Icmpv6Packet.DESTINATION_UNREACHABLE -> new DestinationUnreachable(code, body);
            case Icmpv6Packet.PACKET_TOO_BIG -> new PacketTooBig(Integer.toUnsignedLong(view.mtu()), body);
            case Icmpv6Packet.TIME_EXCEEDED -> new TimeExceeded(code, body);
            case Icmpv6Packet.PARAMETER_PROBLEM ->
                new ParameterProblem(code, Integer.toUnsignedLong(view.pointer()), body);
            default -> throw new AssertionError("modelled type without a record: " + type);
        };
    }

    /**
     * Whether (type, code) has a record of its own rather than {@link Other}: echo and packet too big with code 0
     * (RFC 4443 defines no other), and destination unreachable, time exceeded and parameter problem with any code.
     */
    static boolean isModelled(int type, int code) {
        return switch (type) {
            case Icmpv6Packet.ECHO_REQUEST, Icmpv6Packet.ECHO_REPLY, Icmpv6Packet.PACKET_TOO_BIG -> code == 0;
            case Icmpv6Packet.DESTINATION_UNREACHABLE, Icmpv6Packet.TIME_EXCEEDED, Icmpv6Packet.PARAMETER_PROBLEM ->
                true;
            default -> false;
        };
    }

    /**
     * Echo request (type 128, RFC 4443 section 4.1), as ping sends it.
     *
     * @param identifier echo identifier, 0..65535
     * @param sequence echo sequence number, 0..65535
     * @param data the echo data, returned unchanged in the reply
     */
    record EchoRequest(int identifier, int sequence, byte[] data) implements Icmpv6Repr {
        /** Checks the ranges and copies {@code data}. */
        public EchoRequest {
            data = IcmpCodec.echoData(identifier, sequence, data);
        }

        /** The echo data (a copy). */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Always {@link Icmpv6Packet#ECHO_REQUEST}. */
        @Override
        public int type() {
            return Icmpv6Packet.ECHO_REQUEST;
        }

        /** Always 0. */
        @Override
        public int code() {
            return 0;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + data.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), 0, IcmpCodec.echoRestOfHeader(identifier, sequence), data);
        }

        /** The reply a node sends back (RFC 4443 section 4.2: same identifier, sequence and data). */
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
     * Echo reply (type 129, RFC 4443 section 4.2).
     *
     * @param identifier echo identifier of the request, 0..65535
     * @param sequence echo sequence number of the request, 0..65535
     * @param data the request's data
     */
    record EchoReply(int identifier, int sequence, byte[] data) implements Icmpv6Repr {
        /** Checks the ranges and copies {@code data}. */
        public EchoReply {
            data = IcmpCodec.echoData(identifier, sequence, data);
        }

        /** The echo data (a copy). */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Always {@link Icmpv6Packet#ECHO_REPLY}. */
        @Override
        public int type() {
            return Icmpv6Packet.ECHO_REPLY;
        }

        /** Always 0. */
        @Override
        public int code() {
            return 0;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + data.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), 0, IcmpCodec.echoRestOfHeader(identifier, sequence), data);
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
     * Destination unreachable (type 1, RFC 4443 section 3.1).
     *
     * @param code the reason, {@code Icmpv6Packet.CODE_NO_ROUTE} and so on; unknown codes are kept as they are
     * @param invokingPacket as much of the invoking packet as fits in the minimum IPv6 MTU
     */
    record DestinationUnreachable(int code, byte[] invokingPacket) implements Icmpv6Repr {
        /** Checks the code and copies the quoted bytes. */
        public DestinationUnreachable {
            invokingPacket = IcmpCodec.errorBody(code, invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv6Packet#DESTINATION_UNREACHABLE}. */
        @Override
        public int type() {
            return Icmpv6Packet.DESTINATION_UNREACHABLE;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), code, 0, invokingPacket);
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
     * Packet too big (type 2 code 0, RFC 4443 section 3.2), the signal of path MTU discovery (RFC 8201).
     *
     * @param mtu the MTU of the next-hop link, an unsigned 32-bit value
     * @param invokingPacket as much of the invoking packet as fits in the minimum IPv6 MTU
     */
    record PacketTooBig(long mtu, byte[] invokingPacket) implements Icmpv6Repr {
        /** Checks the MTU and copies the quoted bytes. */
        public PacketTooBig {
            ReprBytes.range("mtu", mtu, 0xffff_ffffL);
            invokingPacket = IcmpCodec.invokingPacket(invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv6Packet#PACKET_TOO_BIG}. */
        @Override
        public int type() {
            return Icmpv6Packet.PACKET_TOO_BIG;
        }

        /** Always 0. */
        @Override
        public int code() {
            return 0;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), 0, (int) mtu, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PacketTooBig that && mtu == that.mtu
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(Long.hashCode(mtu), invokingPacket);
        }

        @Override
        public String toString() {
            return IcmpCodec.errorString("PacketTooBig", "mtu", mtu, invokingPacket);
        }
    }

    /**
     * Time exceeded (type 3, RFC 4443 section 3.3): hop limit exceeded (code 0) or reassembly time exceeded (code 1).
     *
     * @param code {@code Icmpv6Packet.CODE_HOP_LIMIT_EXCEEDED} or {@code CODE_REASSEMBLY_TIME_EXCEEDED}; others kept
     * @param invokingPacket as much of the invoking packet as fits in the minimum IPv6 MTU
     */
    record TimeExceeded(int code, byte[] invokingPacket) implements Icmpv6Repr {
        /** Checks the code and copies the quoted bytes. */
        public TimeExceeded {
            invokingPacket = IcmpCodec.errorBody(code, invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv6Packet#TIME_EXCEEDED}. */
        @Override
        public int type() {
            return Icmpv6Packet.TIME_EXCEEDED;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), code, 0, invokingPacket);
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
     * Parameter problem (type 4, RFC 4443 section 3.4).
     *
     * @param code {@code Icmpv6Packet.CODE_ERRONEOUS_HEADER_FIELD} and so on; unknown codes are kept as they are
     * @param pointer offset of the offending octet in the invoking packet, an unsigned 32-bit value
     * @param invokingPacket as much of the invoking packet as fits in the minimum IPv6 MTU
     */
    record ParameterProblem(int code, long pointer, byte[] invokingPacket) implements Icmpv6Repr {
        /** Checks the ranges and copies the quoted bytes. */
        public ParameterProblem {
            ReprBytes.range("code", code, 0xff);
            ReprBytes.range("pointer", pointer, 0xffff_ffffL);
            invokingPacket = IcmpCodec.invokingPacket(invokingPacket);
        }

        /** The quoted invoking packet (a copy). */
        @Override
        public byte[] invokingPacket() {
            return invokingPacket.clone();
        }

        /** Always {@link Icmpv6Packet#PARAMETER_PROBLEM}. */
        @Override
        public int type() {
            return Icmpv6Packet.PARAMETER_PROBLEM;
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + invokingPacket.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type(), code, (int) pointer, invokingPacket);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterProblem that && code == that.code && pointer == that.pointer
                && Arrays.equals(invokingPacket, that.invokingPacket);
        }

        @Override
        public int hashCode() {
            return IcmpCodec.hash(code, Long.hashCode(pointer), invokingPacket);
        }

        @Override
        public String toString() {
            return "ParameterProblem[code=" + code + ", pointer=" + pointer + ", invokingPacket="
                + ReprBytes.hex(invokingPacket) + "]";
        }
    }

    /**
     * Any other message (neighbour discovery, MLD, unassigned types, echo with a non-zero code ...), kept byte for
     * byte.
     *
     * @param type the type octet
     * @param code the code octet
     * @param restOfHeader the four bytes after the checksum, as one word
     * @param body the bytes after the header
     */
    record Other(int type, int code, int restOfHeader, byte[] body) implements Icmpv6Repr {
        /** Checks the ranges, that no other record models (type, code), and copies the body. */
        public Other {
            body = IcmpCodec.otherBody("ICMPv6", type, code, isModelled(type, code), body);
        }

        /** The bytes after the header (a copy). */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv6Packet.HEADER_LENGTH + body.length;
        }

        @Override
        public void emit(Icmpv6Packet view, int pseudoHeaderSum) {
            IcmpCodec.emit(view, pseudoHeaderSum, type, code, restOfHeader, body);
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
