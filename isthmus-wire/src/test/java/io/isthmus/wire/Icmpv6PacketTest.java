package io.isthmus.wire;

import static io.isthmus.wire.L4TestSupport.OFFSET;
import static io.isthmus.wire.L4TestSupport.bytesOf;
import static io.isthmus.wire.L4TestSupport.ipv6PseudoHeader;
import static io.isthmus.wire.L4TestSupport.placed;
import static io.isthmus.wire.L4TestSupport.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Icmpv6PacketTest {
    /** Linux ping 2001:db8::1 -> 2001:db8::2: 56 data bytes, a 16-byte timeval then 0x10..0x37. */
    static final String ECHO_REQUEST = """
        80                       # type 128: echo request
        00                       # code 0
        7b 59                    # checksum, pseudo-header 2001:db8::1 -> 2001:db8::2, length 64
        2a 1f                    # identifier
        00 01                    # sequence 1
        d6 3f 8f 65 00 00 00 00  # data: tv_sec, little-endian
        4c 1e 0e 00 00 00 00 00  #       tv_usec
        10 11 12 13 14 15 16 17  #       pattern 0x10..0x37
        18 19 1a 1b 1c 1d 1e 1f
        20 21 22 23 24 25 26 27
        28 29 2a 2b 2c 2d 2e 2f
        30 31 32 33 34 35 36 37
        """;
    static final int ECHO_REQUEST_PSEUDO = ipv6PseudoHeader("2001:db8::1", "2001:db8::2", IpProtocol.ICMPV6, 64);

    /** Router 2001:db8:ffff::1 tells 2001:db8::1 that a 1500-byte TCP segment does not fit a 1280-byte link. */
    static final String PACKET_TOO_BIG = """
        02                       # type 2: packet too big
        00                       # code 0
        74 75                    # checksum, pseudo-header 2001:db8:ffff::1 -> 2001:db8::1, length 76
        00 00 05 00              # MTU 1280
        60 00 00 00              # invoking packet: IPv6, traffic class 0, flow label 0
        05 b4 06 3f              #   payload length 1460, next header 6 (TCP), hop limit 63
        20 01 0d b8 00 00 00 00  #   source 2001:db8::1
        00 00 00 00 00 00 00 01
        20 01 0d b8 00 02 00 00  #   destination 2001:db8:2::5
        00 00 00 00 00 00 00 05
        c7 38 01 bb              #   TCP ports 51000 -> 443
        9a 3c 1d 2f              #   sequence number
        5e 11 0a 42              #   acknowledgment number
        50 18 01 f6              #   data offset 5, PSH|ACK, window 502
        3b 7e 00 00              #   checksum, urgent pointer
        17 03 03 05 af 8c 21 4e  #   TLS application data record, start
        """;
    static final int PACKET_TOO_BIG_PSEUDO =
        ipv6PseudoHeader("2001:db8:ffff::1", "2001:db8::1", IpProtocol.ICMPV6, 76);

    /** 2001:db8::2 has no DNS server: port unreachable quoting the whole query. */
    static final String PORT_UNREACHABLE = """
        01                       # type 1: destination unreachable
        04                       # code 4: port unreachable
        31 c8                    # checksum, pseudo-header 2001:db8::2 -> 2001:db8::1, length 85
        00 00 00 00              # RFC 4884 length 0, unused
        60 00 00 00              # invoking packet: IPv6
        00 25 11 40              #   payload length 37, next header 17 (UDP), hop limit 64
        20 01 0d b8 00 00 00 00  #   source 2001:db8::1
        00 00 00 00 00 00 00 01
        20 01 0d b8 00 00 00 00  #   destination 2001:db8::2
        00 00 00 00 00 00 00 02
        cf 08 00 35 00 25 f3 4f  #   UDP ports 53000 -> 53, length 37, checksum
        12 34 01 00 00 01 00 00  #   DNS id 0x1234, RD, one question
        00 00 00 00
        07 65 78 61 6d 70 6c 65  #   "example"
        03 63 6f 6d 00           #   "com", root
        00 01 00 01              #   type A, class IN
        """;
    static final int PORT_UNREACHABLE_PSEUDO = ipv6PseudoHeader("2001:db8::2", "2001:db8::1", IpProtocol.ICMPV6, 85);

    /** A traceroute probe with hop limit 1 expired at the first router. */
    static final String TIME_EXCEEDED = """
        03                       # type 3: time exceeded
        00                       # code 0: hop limit exceeded in transit
        30 29                    # checksum, pseudo-header 2001:db8:ffff::1 -> 2001:db8::1, length 56
        00 00 00 00              # unused
        60 00 00 00              # invoking packet: IPv6
        00 08 11 01              #   payload length 8, next header 17 (UDP), hop limit 1
        20 01 0d b8 00 00 00 00  #   source 2001:db8::1
        00 00 00 00 00 00 00 01
        20 01 0d b8 00 02 00 00  #   destination 2001:db8:2::5
        00 00 00 00 00 00 00 05
        b0 43 82 9a 00 08 71 86  #   UDP ports 45123 -> 33434, length 8, checksum
        """;
    static final int TIME_EXCEEDED_PSEUDO =
        ipv6PseudoHeader("2001:db8:ffff::1", "2001:db8::1", IpProtocol.ICMPV6, 56);

    /** 2001:db8::2 does not know next header 143: the pointer names the next header octet. */
    static final String PARAMETER_PROBLEM = """
        04                       # type 4: parameter problem
        01                       # code 1: unrecognized next header type
        55 63                    # checksum, pseudo-header 2001:db8::2 -> 2001:db8::1, length 48
        00 00 00 06              # pointer 6
        60 00 00 00              # invoking packet: IPv6
        00 00 8f 40              #   payload length 0, next header 143, hop limit 64
        20 01 0d b8 00 00 00 00  #   source 2001:db8::1
        00 00 00 00 00 00 00 01
        20 01 0d b8 00 00 00 00  #   destination 2001:db8::2
        00 00 00 00 00 00 00 02
        """;
    static final int PARAMETER_PROBLEM_PSEUDO =
        ipv6PseudoHeader("2001:db8::2", "2001:db8::1", IpProtocol.ICMPV6, 48);

    /** A neighbour solicitation (RFC 4861): no record of its own, so it parses as {@code Other}. */
    static final String NEIGHBOR_SOLICITATION = """
        87                       # type 135: neighbour solicitation
        00                       # code 0
        7a 97                    # checksum, pseudo-header fe80::1 -> ff02::1:ff00:2, length 32
        00 00 00 00              # reserved
        fe 80 00 00 00 00 00 00  # target fe80::2
        00 00 00 00 00 00 00 02
        01 01                    # option: source link-layer address, length 1 (8 bytes)
        02 00 00 00 00 01        #   02:00:00:00:00:01
        """;
    static final int NEIGHBOR_SOLICITATION_PSEUDO =
        ipv6PseudoHeader("fe80::1", "ff02::1:ff00:2", IpProtocol.ICMPV6, 32);

    record Vector(String hex, int pseudoHeaderSum) {
    }

    static final List<Vector> VECTORS = List.of(
        new Vector(ECHO_REQUEST, ECHO_REQUEST_PSEUDO),
        new Vector(PACKET_TOO_BIG, PACKET_TOO_BIG_PSEUDO),
        new Vector(PORT_UNREACHABLE, PORT_UNREACHABLE_PSEUDO),
        new Vector(TIME_EXCEEDED, TIME_EXCEEDED_PSEUDO),
        new Vector(PARAMETER_PROBLEM, PARAMETER_PROBLEM_PSEUDO),
        new Vector(NEIGHBOR_SOLICITATION, NEIGHBOR_SOLICITATION_PSEUDO));

    private final Icmpv6Packet view = new Icmpv6Packet();

    private Icmpv6Packet wrapPlaced(String vector) {
        byte[] bytes = Hex.bytes(vector);
        return view.wrap(placed(bytes), OFFSET, bytes.length);
    }

    private static byte[] bodyOf(String vector) {
        byte[] all = Hex.bytes(vector);
        return Arrays.copyOfRange(all, Icmpv6Packet.HEADER_LENGTH, all.length);
    }

    @Test
    void readsEveryFieldOfAnEchoRequest() {
        Icmpv6Packet p = wrapPlaced(ECHO_REQUEST);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.type()).isEqualTo(Icmpv6Packet.ECHO_REQUEST);
        assertThat(p.code()).isZero();
        assertThat(p.checksum()).isEqualTo(0x7b59);
        assertThat(p.restOfHeader()).isEqualTo(0x2a1f0001);
        assertThat(p.identifier()).isEqualTo(0x2a1f);
        assertThat(p.sequence()).isEqualTo(1);
        assertThat(p.bodyOffset()).isEqualTo(8);
        assertThat(p.bodyLength()).isEqualTo(56);
        assertThat(p.verifyChecksum(ECHO_REQUEST_PSEUDO)).isTrue();
        assertThat(p.verifyChecksum(PACKET_TOO_BIG_PSEUDO)).as("another pseudo-header").isFalse();
        assertThat(Icmpv6Packet.isError(p.type())).isFalse();
        assertThat(bytesOf(p.segment(), p.offset() + 8, 56)).isEqualTo(bodyOf(ECHO_REQUEST));
    }

    @Test
    void readsEveryFieldOfPacketTooBig() {
        Icmpv6Packet p = wrapPlaced(PACKET_TOO_BIG);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.type()).isEqualTo(Icmpv6Packet.PACKET_TOO_BIG);
        assertThat(p.code()).isZero();
        assertThat(p.checksum()).isEqualTo(0x7475);
        assertThat(p.mtu()).isEqualTo(1280);
        assertThat(p.bodyLength()).isEqualTo(68);
        assertThat(p.verifyChecksum(PACKET_TOO_BIG_PSEUDO)).isTrue();
        assertThat(Icmpv6Packet.isError(p.type())).isTrue();
    }

    @Test
    void readsEveryFieldOfTheOtherErrors() {
        Icmpv6Packet u = wrapPlaced(PORT_UNREACHABLE);
        assertThat(u.type()).isEqualTo(Icmpv6Packet.DESTINATION_UNREACHABLE);
        assertThat(u.code()).isEqualTo(Icmpv6Packet.CODE_PORT_UNREACHABLE);
        assertThat(u.originalLength()).isZero();
        assertThat(u.verifyChecksum(PORT_UNREACHABLE_PSEUDO)).isTrue();

        Icmpv6Packet t = new Icmpv6Packet().wrap(Hex.segment(TIME_EXCEEDED), 0, 56);
        assertThat(t.type()).isEqualTo(Icmpv6Packet.TIME_EXCEEDED);
        assertThat(t.code()).isEqualTo(Icmpv6Packet.CODE_HOP_LIMIT_EXCEEDED);
        assertThat(t.verifyChecksum(TIME_EXCEEDED_PSEUDO)).isTrue();

        Icmpv6Packet pp = new Icmpv6Packet().wrap(Hex.segment(PARAMETER_PROBLEM), 0, 48);
        assertThat(pp.type()).isEqualTo(Icmpv6Packet.PARAMETER_PROBLEM);
        assertThat(pp.code()).isEqualTo(Icmpv6Packet.CODE_UNRECOGNIZED_NEXT_HEADER);
        assertThat(pp.pointer()).isEqualTo(6);
        assertThat(pp.verifyChecksum(PARAMETER_PROBLEM_PSEUDO)).isTrue();
    }

    @Test
    void readsTheMtuAndPointerAsUnsigned32BitFields() {
        MemorySegment out = scratch(8);
        Icmpv6Packet p = new Icmpv6Packet().wrap(out, 0, 8);
        p.setMtu(0xfffffff0);
        assertThat(Integer.toUnsignedLong(p.mtu())).isEqualTo(0xfffffff0L);
        p.setPointer(0x80000000);
        assertThat(Integer.toUnsignedLong(p.pointer())).isEqualTo(0x80000000L);
        p.setOriginalLength(17);
        assertThat(p.originalLength()).isEqualTo(17);
        assertThat(Hex.of(out, 4, 4)).isEqualTo("11000000");
    }

    @Test
    void buildsEveryFieldOfAnEchoRequest() {
        byte[] data = bodyOf(ECHO_REQUEST);
        MemorySegment out = scratch(64);
        Icmpv6Packet p = new Icmpv6Packet().wrap(out, 0, 64);
        p.setType(Icmpv6Packet.ECHO_REQUEST);
        p.setCode(0);
        p.setIdentifier(0x2a1f);
        p.setSequence(1);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, out, p.bodyOffset(), data.length);
        p.fillChecksum(ECHO_REQUEST_PSEUDO);
        assertThat(Hex.of(out, 0, 64)).isEqualTo(Hex.of(Hex.bytes(ECHO_REQUEST)));
    }

    @Test
    void buildsEveryFieldOfPacketTooBigAndParameterProblem() {
        byte[] body = bodyOf(PACKET_TOO_BIG);
        MemorySegment out = scratch(76);
        Icmpv6Packet p = new Icmpv6Packet().wrap(out, 0, 76);
        p.setType(Icmpv6Packet.PACKET_TOO_BIG);
        p.setCode(0);
        p.setChecksum(0x7475);
        p.setMtu(1280);
        MemorySegment.copy(MemorySegment.ofArray(body), 0, out, 8, body.length);
        assertThat(Hex.of(out, 0, 76)).isEqualTo(Hex.of(Hex.bytes(PACKET_TOO_BIG)));
        assertThat(p.verifyChecksum(PACKET_TOO_BIG_PSEUDO)).isTrue();

        body = bodyOf(PARAMETER_PROBLEM);
        out = scratch(48);
        p.wrap(out, 0, 48);
        p.setType(Icmpv6Packet.PARAMETER_PROBLEM);
        p.setCode(Icmpv6Packet.CODE_UNRECOGNIZED_NEXT_HEADER);
        p.setPointer(6);
        MemorySegment.copy(MemorySegment.ofArray(body), 0, out, 8, body.length);
        p.fillChecksum(PARAMETER_PROBLEM_PSEUDO);
        assertThat(Hex.of(out, 0, 48)).isEqualTo(Hex.of(Hex.bytes(PARAMETER_PROBLEM)));
    }

    @Test
    void parsesEachKindIntoItsRecord() {
        assertThat(Icmpv6Repr.parse(wrapPlaced(ECHO_REQUEST), ECHO_REQUEST_PSEUDO))
            .isEqualTo(new Icmpv6Repr.EchoRequest(0x2a1f, 1, bodyOf(ECHO_REQUEST)));
        assertThat(Icmpv6Repr.parse(wrapPlaced(PACKET_TOO_BIG), PACKET_TOO_BIG_PSEUDO))
            .isEqualTo(new Icmpv6Repr.PacketTooBig(1280, bodyOf(PACKET_TOO_BIG)));
        assertThat(Icmpv6Repr.parse(wrapPlaced(PORT_UNREACHABLE), PORT_UNREACHABLE_PSEUDO))
            .isEqualTo(new Icmpv6Repr.DestinationUnreachable(4, bodyOf(PORT_UNREACHABLE)));
        assertThat(Icmpv6Repr.parse(wrapPlaced(TIME_EXCEEDED), TIME_EXCEEDED_PSEUDO))
            .isEqualTo(new Icmpv6Repr.TimeExceeded(0, bodyOf(TIME_EXCEEDED)));
        assertThat(Icmpv6Repr.parse(wrapPlaced(PARAMETER_PROBLEM), PARAMETER_PROBLEM_PSEUDO))
            .isEqualTo(new Icmpv6Repr.ParameterProblem(1, 6, bodyOf(PARAMETER_PROBLEM)));
        assertThat(Icmpv6Repr.parse(wrapPlaced(NEIGHBOR_SOLICITATION), NEIGHBOR_SOLICITATION_PSEUDO))
            .isEqualTo(new Icmpv6Repr.Other(Icmpv6Packet.NEIGHBOR_SOLICITATION, 0, 0,
                bodyOf(NEIGHBOR_SOLICITATION)));
    }

    @Test
    void emitReproducesEveryVectorByteForByte() {
        for (Vector vector : VECTORS) {
            Icmpv6Repr repr = Icmpv6Repr.parse(wrapPlaced(vector.hex()), vector.pseudoHeaderSum());
            byte[] expected = Hex.bytes(vector.hex());
            assertThat(repr.bufferLength()).isEqualTo(expected.length);
            MemorySegment out = scratch(expected.length + 10);
            Icmpv6Packet p = new Icmpv6Packet().wrap(out, 3, expected.length + 7);
            repr.emit(p, vector.pseudoHeaderSum());
            assertThat(p.length()).as("emit shortens the window").isEqualTo(expected.length);
            assertThat(Hex.of(out, 3, expected.length)).isEqualTo(Hex.of(expected));
            assertThat(Hex.of(out, 3 + expected.length, 7)).as("bytes after the message").isEqualTo("ee".repeat(7));
        }
    }

    @Test
    void echoReplyAnswersTheRequest() {
        var request = (Icmpv6Repr.EchoRequest) Icmpv6Repr.parse(wrapPlaced(ECHO_REQUEST), ECHO_REQUEST_PSEUDO);
        Icmpv6Repr.EchoReply reply = request.reply();
        int pseudo = ipv6PseudoHeader("2001:db8::2", "2001:db8::1", IpProtocol.ICMPV6, reply.bufferLength());
        MemorySegment out = scratch(reply.bufferLength());
        reply.emit(view.wrap(out, 0, reply.bufferLength()), pseudo);
        assertThat(view.type()).isEqualTo(Icmpv6Packet.ECHO_REPLY);
        assertThat(Icmpv6Repr.parse(view, pseudo)).isEqualTo(reply);
    }

    @Test
    void everyPrefixIsTruncatedOrFailsTheChecksum() {
        for (Vector vector : VECTORS) {
            byte[] bytes = Hex.bytes(vector.hex());
            MemorySegment segment = placed(bytes);
            for (int length = 0; length < bytes.length; length++) {
                view.wrap(segment, OFFSET, length);
                // The pseudo-header's length follows the prefix, as an IPv6 payload length would.
                int pseudo = vector.pseudoHeaderSum() - bytes.length + length;
                if (length < Icmpv6Packet.HEADER_LENGTH) {
                    assertThat(view.checkLength()).as("prefix %d", length).isEqualTo(WireStatus.TRUNCATED);
                } else {
                    assertThat(view.checkLength()).isEqualTo(WireStatus.OK);
                    assertThat(view.verifyChecksum(pseudo)).as("prefix %d", length).isFalse();
                }
                var e = catchThrowableOfType(MalformedPacketException.class, () -> Icmpv6Repr.parse(view, pseudo));
                assertThat(e).as("prefix %d", length).isNotNull();
                assertThat(e.status()).isIn(WireStatus.TRUNCATED, WireStatus.BAD_CHECKSUM);
            }
        }
    }

    @Test
    void rejectsABadChecksum() {
        byte[] bytes = Hex.bytes(PACKET_TOO_BIG);
        bytes[7] = 0x01;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThatThrownBy(() -> Icmpv6Repr.parse(view, PACKET_TOO_BIG_PSEUDO))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void rejectsTheWrongPseudoHeader() {
        // The same bytes arriving from another source fail: the checksum binds the message to its addresses.
        int spoofed = ipv6PseudoHeader("2001:db8::3", "2001:db8::2", IpProtocol.ICMPV6, 64);
        assertThatThrownBy(() -> Icmpv6Repr.parse(wrapPlaced(ECHO_REQUEST), spoofed))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void rejectsAMessageShorterThanItsHeader() {
        view.wrap(Hex.segment(ECHO_REQUEST), 0, 4);
        assertThatThrownBy(() -> Icmpv6Repr.parse(view, ECHO_REQUEST_PSEUDO))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
    }

    @Test
    void keepsUnknownTypesAndCodesOpaque() {
        int pseudo = 0x1234;
        List<Icmpv6Repr> reprs = List.of(
            new Icmpv6Repr.Other(Icmpv6Packet.PACKET_TOO_BIG, 1, 1280, new byte[] {1, 2}),
            new Icmpv6Repr.Other(Icmpv6Packet.ECHO_REPLY, 3, 0, new byte[0]),
            new Icmpv6Repr.Other(Icmpv6Packet.ROUTER_ADVERTISEMENT, 0, 0x40000708, new byte[8]),
            new Icmpv6Repr.Other(255, 255, -1, new byte[] {7}));
        for (Icmpv6Repr repr : reprs) {
            MemorySegment out = scratch(repr.bufferLength());
            repr.emit(view.wrap(out, 0, repr.bufferLength()), pseudo);
            assertThat(Icmpv6Repr.parse(view, pseudo)).isEqualTo(repr);
        }
    }

    @Test
    void recordsHoldOnlyValidValues() {
        byte[] none = new byte[0];
        assertThatThrownBy(() -> new Icmpv6Repr.EchoRequest(-1, 0, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.EchoReply(0, 0x10000, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.PacketTooBig(0x1_0000_0000L, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.PacketTooBig(-1, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.ParameterProblem(0, -1, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.TimeExceeded(300, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.Other(Icmpv6Packet.DESTINATION_UNREACHABLE, 9, 0, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.Other(Icmpv6Packet.ECHO_REQUEST, 0, 0, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv6Repr.DestinationUnreachable(0, null))
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void carriesTheFull32BitMtuAndPointer() {
        int pseudo = 0xbeef;
        List<Icmpv6Repr> reprs = List.of(new Icmpv6Repr.PacketTooBig(0xffff_ffffL, new byte[4]),
            new Icmpv6Repr.ParameterProblem(0, 0x8000_0001L, new byte[4]));
        for (Icmpv6Repr repr : reprs) {
            MemorySegment out = scratch(repr.bufferLength());
            repr.emit(view.wrap(out, 0, repr.bufferLength()), pseudo);
            assertThat(Icmpv6Repr.parse(view, pseudo)).isEqualTo(repr);
        }
    }
}
