package io.isthmus.wire;

import static io.isthmus.wire.L4TestSupport.OFFSET;
import static io.isthmus.wire.L4TestSupport.bytesOf;
import static io.isthmus.wire.L4TestSupport.placed;
import static io.isthmus.wire.L4TestSupport.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class Icmpv4PacketTest {
    /** Linux ping 192.168.1.10 -> 8.8.8.8: 56 data bytes, a 16-byte timeval then 0x10..0x37. */
    static final String ECHO_REQUEST = """
        08                       # type 8: echo request
        00                       # code 0
        5d 22                    # checksum
        1c 46                    # identifier 7238 (ping's pid)
        00 01                    # sequence 1
        d6 3f 8f 65 00 00 00 00  # data: tv_sec, little-endian
        4c 1e 0e 00 00 00 00 00  #       tv_usec
        10 11 12 13 14 15 16 17  #       pattern 0x10..0x37
        18 19 1a 1b 1c 1d 1e 1f
        20 21 22 23 24 25 26 27
        28 29 2a 2b 2c 2d 2e 2f
        30 31 32 33 34 35 36 37
        """;

    /** A router asks 192.168.1.10 to send at most 1400 bytes to 93.184.216.34 (RFC 1191). */
    static final String FRAGMENTATION_NEEDED = """
        03                       # type 3: destination unreachable
        04                       # code 4: fragmentation needed and DF set
        77 24                    # checksum
        00                       # unused
        00                       # RFC 4884 length: 0, no extensions
        05 78                    # next-hop MTU 1400
        45 00 05 dc              # invoking packet: IPv4, IHL 5, total length 1500
        3c 1a 40 00              #   identification 0x3c1a, DF
        3f 06 02 75              #   TTL 63, protocol 6 (TCP), header checksum
        c0 a8 01 0a              #   source 192.168.1.10
        5d b8 d8 22              #   destination 93.184.216.34
        c7 38 01 bb              #   TCP ports 51000 -> 443
        9a 3c 1d 2f              #   TCP sequence number
        """;

    /** A traceroute probe (UDP to port 33434, TTL 1) expired at the first router. */
    static final String TIME_EXCEEDED = """
        0b                       # type 11: time exceeded
        00                       # code 0: TTL exceeded in transit
        64 dd                    # checksum
        00 00 00 00              # unused (RFC 4884 length 0)
        45 00 00 3c              # invoking packet: IPv4, total length 60
        8f 21 00 00              #   identification 0x8f21
        01 11 2c d6              #   TTL 1, protocol 17 (UDP), header checksum
        c0 a8 01 0a              #   source 192.168.1.10
        cb 00 71 07              #   destination 203.0.113.7
        b0 43 82 9a              #   UDP ports 45123 -> 33434
        00 28 5d 1c              #   UDP length 40, checksum
        """;

    /** A host rejects an IPv4 option: the pointer names octet 20, the option's type. */
    static final String PARAMETER_PROBLEM = """
        0c                       # type 12: parameter problem
        00                       # code 0: pointer indicates the error
        18 76                    # checksum
        14                       # pointer 20
        00                       # RFC 4884 length 0
        00 00                    # unused
        46 00 00 20              # invoking packet: IPv4, IHL 6, total length 32
        11 11 00 00              #   identification 0x1111
        40 06 f2 d4              #   TTL 64, protocol 6, header checksum
        c0 a8 01 0a              #   source 192.168.1.10
        c6 33 64 09              #   destination 198.51.100.9
        8a 03 00 00              #   option 0x8a, length 3, padding
        c7 38 00 50              #   TCP ports 51000 -> 80
        00 00 00 01              #   TCP sequence number
        """;

    /** A timestamp reply (RFC 792): no record of its own, so it parses as {@code Other}. */
    static final String TIMESTAMP_REPLY = """
        0e                       # type 14: timestamp reply
        00                       # code 0
        13 54                    # checksum
        4d 2a 00 01              # rest of header: identifier 0x4d2a, sequence 1
        03 26 2d 58              # originate timestamp, ms since midnight UT
        03 26 2d 5b              # receive timestamp
        03 26 2d 5b              # transmit timestamp
        """;

    static final List<String> VECTORS =
        List.of(ECHO_REQUEST, FRAGMENTATION_NEEDED, TIME_EXCEEDED, PARAMETER_PROBLEM, TIMESTAMP_REPLY);

    private final Icmpv4Packet view = new Icmpv4Packet();

    private Icmpv4Packet wrapPlaced(String vector) {
        byte[] bytes = Hex.bytes(vector);
        return view.wrap(placed(bytes), OFFSET, bytes.length);
    }

    private static byte[] pingData() {
        return Hex.bytes(ECHO_REQUEST.lines().skip(5).reduce("", (a, b) -> a + b + "\n"));
    }

    private static byte[] bodyOf(String vector) {
        byte[] all = Hex.bytes(vector);
        return java.util.Arrays.copyOfRange(all, Icmpv4Packet.HEADER_LENGTH, all.length);
    }

    @Test
    void readsEveryFieldOfAnEchoRequest() {
        Icmpv4Packet p = wrapPlaced(ECHO_REQUEST);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.type()).isEqualTo(Icmpv4Packet.ECHO_REQUEST);
        assertThat(p.code()).isZero();
        assertThat(p.checksum()).isEqualTo(0x5d22);
        assertThat(p.restOfHeader()).isEqualTo(0x1c460001);
        assertThat(p.identifier()).isEqualTo(7238);
        assertThat(p.sequence()).isEqualTo(1);
        assertThat(p.bodyOffset()).isEqualTo(8);
        assertThat(p.bodyLength()).isEqualTo(56);
        assertThat(p.verifyChecksum()).isTrue();
        assertThat(Icmpv4Packet.isError(p.type())).isFalse();
        assertThat(bytesOf(p.segment(), p.offset() + p.bodyOffset(), p.bodyLength())).isEqualTo(pingData());
    }

    @Test
    void readsEveryFieldOfFragmentationNeeded() {
        Icmpv4Packet p = wrapPlaced(FRAGMENTATION_NEEDED);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.type()).isEqualTo(Icmpv4Packet.DESTINATION_UNREACHABLE);
        assertThat(p.code()).isEqualTo(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED);
        assertThat(p.checksum()).isEqualTo(0x7724);
        assertThat(p.originalLength()).isZero();
        assertThat(p.nextHopMtu()).isEqualTo(1400);
        assertThat(p.bodyLength()).isEqualTo(28);
        assertThat(p.verifyChecksum()).isTrue();
        assertThat(Icmpv4Packet.isError(p.type())).isTrue();
    }

    @Test
    void readsEveryFieldOfTimeExceededAndParameterProblem() {
        Icmpv4Packet t = wrapPlaced(TIME_EXCEEDED);
        assertThat(t.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
        assertThat(t.code()).isEqualTo(Icmpv4Packet.CODE_TTL_EXCEEDED);
        assertThat(t.restOfHeader()).isZero();
        assertThat(t.verifyChecksum()).isTrue();

        Icmpv4Packet p = new Icmpv4Packet();
        byte[] bytes = Hex.bytes(PARAMETER_PROBLEM);
        p.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThat(p.type()).isEqualTo(Icmpv4Packet.PARAMETER_PROBLEM);
        assertThat(p.code()).isEqualTo(Icmpv4Packet.CODE_POINTER_INDICATES_ERROR);
        assertThat(p.pointer()).isEqualTo(20);
        assertThat(p.originalLength()).isZero();
        assertThat(p.verifyChecksum()).isTrue();
    }

    @Test
    void buildsEveryFieldOfAnEchoRequest() {
        byte[] data = pingData();
        MemorySegment out = scratch(64);
        Icmpv4Packet p = new Icmpv4Packet().wrap(out, 0, 64);
        p.setType(Icmpv4Packet.ECHO_REQUEST);
        p.setCode(0);
        p.setIdentifier(7238);
        p.setSequence(1);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, out, p.bodyOffset(), data.length);
        p.fillChecksum();
        assertThat(Hex.of(out, 0, 64)).isEqualTo(Hex.of(Hex.bytes(ECHO_REQUEST)));
    }

    @Test
    void buildsEveryFieldOfFragmentationNeededAndParameterProblem() {
        byte[] body = bodyOf(FRAGMENTATION_NEEDED);
        MemorySegment out = scratch(36);
        Icmpv4Packet p = new Icmpv4Packet().wrap(out, 0, 36);
        p.setType(Icmpv4Packet.DESTINATION_UNREACHABLE);
        p.setCode(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED);
        p.setChecksum(0x7724);
        p.setRestOfHeader(0);
        p.setOriginalLength(0);
        p.setNextHopMtu(1400);
        MemorySegment.copy(MemorySegment.ofArray(body), 0, out, 8, body.length);
        assertThat(Hex.of(out, 0, 36)).isEqualTo(Hex.of(Hex.bytes(FRAGMENTATION_NEEDED)));

        body = bodyOf(PARAMETER_PROBLEM);
        out = scratch(40);
        p.wrap(out, 0, 40);
        p.setType(Icmpv4Packet.PARAMETER_PROBLEM);
        p.setCode(0);
        p.setRestOfHeader(0);
        p.setPointer(20);
        MemorySegment.copy(MemorySegment.ofArray(body), 0, out, 8, body.length);
        p.fillChecksum();
        assertThat(Hex.of(out, 0, 40)).isEqualTo(Hex.of(Hex.bytes(PARAMETER_PROBLEM)));
    }

    @Test
    void parsesEachKindIntoItsRecord() {
        assertThat(Icmpv4Repr.parse(wrapPlaced(ECHO_REQUEST)))
            .isEqualTo(new Icmpv4Repr.EchoRequest(7238, 1, pingData()));
        assertThat(Icmpv4Repr.parse(wrapPlaced(FRAGMENTATION_NEEDED)))
            .isEqualTo(new Icmpv4Repr.FragmentationNeeded(1400, bodyOf(FRAGMENTATION_NEEDED)));
        assertThat(Icmpv4Repr.parse(wrapPlaced(TIME_EXCEEDED)))
            .isEqualTo(new Icmpv4Repr.TimeExceeded(0, bodyOf(TIME_EXCEEDED)));
        assertThat(Icmpv4Repr.parse(wrapPlaced(PARAMETER_PROBLEM)))
            .isEqualTo(new Icmpv4Repr.ParameterProblem(0, 20, bodyOf(PARAMETER_PROBLEM)));
        assertThat(Icmpv4Repr.parse(wrapPlaced(TIMESTAMP_REPLY)))
            .isEqualTo(new Icmpv4Repr.Other(Icmpv4Packet.TIMESTAMP_REPLY, 0, 0x4d2a0001, bodyOf(TIMESTAMP_REPLY)));
    }

    @Test
    void parsesPortUnreachableAsDestinationUnreachable() {
        Icmpv4Repr repr = new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_PORT_UNREACHABLE,
            bodyOf(TIME_EXCEEDED));
        MemorySegment out = scratch(repr.bufferLength());
        repr.emit(view.wrap(out, 0, repr.bufferLength()));
        assertThat(view.type()).isEqualTo(3);
        assertThat(view.code()).isEqualTo(3);
        assertThat(view.restOfHeader()).isZero();
        assertThat(Icmpv4Repr.parse(view)).isEqualTo(repr);
    }

    @Test
    void emitReproducesEveryVectorByteForByte() {
        for (String vector : VECTORS) {
            Icmpv4Repr repr = Icmpv4Repr.parse(wrapPlaced(vector));
            byte[] expected = Hex.bytes(vector);
            assertThat(repr.bufferLength()).isEqualTo(expected.length);
            MemorySegment out = scratch(expected.length + 10);
            Icmpv4Packet p = new Icmpv4Packet().wrap(out, 3, expected.length + 7);
            repr.emit(p);
            assertThat(p.length()).as("emit shortens the window").isEqualTo(expected.length);
            assertThat(Hex.of(out, 3, expected.length)).isEqualTo(Hex.of(expected));
            assertThat(Hex.of(out, 3 + expected.length, 7)).as("bytes after the message").isEqualTo("ee".repeat(7));
        }
    }

    @Test
    void echoReplyAnswersTheRequest() {
        Icmpv4Repr.EchoRequest request = (Icmpv4Repr.EchoRequest) Icmpv4Repr.parse(wrapPlaced(ECHO_REQUEST));
        Icmpv4Repr.EchoReply reply = request.reply();
        MemorySegment out = scratch(reply.bufferLength());
        reply.emit(view.wrap(out, 0, reply.bufferLength()));
        byte[] expected = Hex.bytes(ECHO_REQUEST);
        expected[0] = 0;
        // RFC 1624: only the type word changed, by 0x0800.
        expected[2] = (byte) 0x65;
        assertThat(Hex.of(out, 0, 64)).isEqualTo(Hex.of(expected));
        assertThat(Icmpv4Repr.parse(view)).isEqualTo(reply);
    }

    @Test
    void everyPrefixIsTruncatedOrFailsTheChecksum() {
        for (String vector : VECTORS) {
            byte[] bytes = Hex.bytes(vector);
            MemorySegment segment = placed(bytes);
            for (int length = 0; length < bytes.length; length++) {
                view.wrap(segment, OFFSET, length);
                if (length < Icmpv4Packet.HEADER_LENGTH) {
                    assertThat(view.checkLength()).as("prefix %d", length).isEqualTo(WireStatus.TRUNCATED);
                } else {
                    // ICMP has no length field: a longer prefix is a well-formed message that fails its checksum.
                    assertThat(view.checkLength()).isEqualTo(WireStatus.OK);
                    assertThat(view.verifyChecksum()).as("prefix %d", length).isFalse();
                }
                var e = catchThrowableOfType(MalformedPacketException.class, () -> Icmpv4Repr.parse(view));
                assertThat(e).as("prefix %d", length).isNotNull();
                assertThat(e.status()).isIn(WireStatus.TRUNCATED, WireStatus.BAD_CHECKSUM);
            }
        }
    }

    @Test
    void rejectsABadChecksum() {
        byte[] bytes = Hex.bytes(ECHO_REQUEST);
        bytes[10] ^= 0x01;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThat(view.verifyChecksum()).isFalse();
        assertThatThrownBy(() -> Icmpv4Repr.parse(view))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void rejectsAMessageShorterThanItsHeader() {
        view.wrap(Hex.segment(ECHO_REQUEST), 0, 7);
        assertThatThrownBy(() -> Icmpv4Repr.parse(view))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
    }

    @Test
    void keepsUnknownTypesAndCodesOpaque() {
        Icmpv4Repr echoWithCode = new Icmpv4Repr.Other(Icmpv4Packet.ECHO_REQUEST, 1, 0x00010002, new byte[] {9});
        Icmpv4Repr unassigned = new Icmpv4Repr.Other(200, 7, 0xdeadbeef, new byte[0]);
        for (Icmpv4Repr repr : List.of(echoWithCode, unassigned)) {
            MemorySegment out = scratch(repr.bufferLength());
            repr.emit(view.wrap(out, 0, repr.bufferLength()));
            assertThat(Icmpv4Repr.parse(view)).isEqualTo(repr);
        }
    }

    @Test
    void recordsHoldOnlyValidValues() {
        byte[] none = new byte[0];
        assertThatThrownBy(() -> new Icmpv4Repr.EchoRequest(0x10000, 0, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.EchoReply(0, -1, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.DestinationUnreachable(256, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.FragmentationNeeded(65536, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.ParameterProblem(0, 256, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.Other(Icmpv4Packet.TIME_EXCEEDED, 5, 0, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.EchoRequest(0, 0, new byte[Icmpv4Repr.MAX_BODY_LENGTH + 1]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Icmpv4Repr.TimeExceeded(0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void recordsCopyTheirBytes() {
        byte[] data = {1, 2, 3};
        Icmpv4Repr.EchoRequest request = new Icmpv4Repr.EchoRequest(1, 2, data);
        data[0] = 9;
        request.data()[1] = 9;
        assertThat(request.data()).containsExactly(1, 2, 3);
        assertThat(request.toString()).isEqualTo("EchoRequest[identifier=1, sequence=2, data=010203]");
    }

    @Test
    void emitRefusesAWindowTooSmall() {
        Icmpv4Repr repr = new Icmpv4Repr.EchoRequest(1, 2, new byte[8]);
        assertThatThrownBy(() -> repr.emit(view.wrap(scratch(20), 0, 15)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
