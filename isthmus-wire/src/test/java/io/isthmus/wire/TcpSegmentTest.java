package io.isthmus.wire;

import static io.isthmus.wire.L4TestSupport.OFFSET;
import static io.isthmus.wire.L4TestSupport.bytesOf;
import static io.isthmus.wire.L4TestSupport.ipv4PseudoHeader;
import static io.isthmus.wire.L4TestSupport.ipv6PseudoHeader;
import static io.isthmus.wire.L4TestSupport.placed;
import static io.isthmus.wire.L4TestSupport.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {
    /** Linux connect() from 192.168.1.10 to 93.184.216.34:443: SYN with MSS, SACK permitted, timestamps, wscale. */
    static final String SYN = """
        c7 38                    # source port 51000
        01 bb                    # destination port 443
        9a 3c 1d 2e              # sequence number (initial)
        00 00 00 00              # acknowledgment number: none yet
        a0                       # data offset 10 (40 bytes), reserved 0
        02                       # flags: SYN
        fa f0                    # window 64240
        9a 5a                    # checksum, pseudo-header 192.168.1.10 -> 93.184.216.34, protocol 6, length 40
        00 00                    # urgent pointer
        02 04 05 b4              # option MSS, length 4: 1460
        04 02                    # option SACK permitted, length 2
        08 0a                    # option timestamps, length 10
        00 5e 3a 6b              #   TSval
        00 00 00 00              #   TSecr 0
        01                       # option NOP
        03 03 07                 # option window scale, length 3: shift 7
        """;
    static final int SYN_PSEUDO = ipv4PseudoHeader("192.168.1.10", "93.184.216.34", IpProtocol.TCP, 40);

    /** The HTTP request that follows the handshake: PSH|ACK with NOP, NOP, timestamps, and 37 bytes of data. */
    static final String REQUEST = """
        c7 38                    # source port 51000
        01 bb                    # destination port 443
        9a 3c 1d 2f              # sequence number
        5e 11 0a 42              # acknowledgment number
        80                       # data offset 8 (32 bytes)
        18                       # flags: PSH|ACK
        01 f6                    # window 502 (scaled by 128)
        1b 48                    # checksum, pseudo-header 192.168.1.10 -> 93.184.216.34, protocol 6, length 69
        00 00                    # urgent pointer
        01 01                    # options NOP, NOP
        08 0a                    # option timestamps, length 10
        00 5e 3a 74              #   TSval
        c1 f0 33 aa              #   TSecr
        47 45 54 20 2f 20 48 54  # data: "GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n"
        54 50 2f 31 2e 31 0d 0a
        48 6f 73 74 3a 20 65 78
        61 6d 70 6c 65 2e 63 6f
        6d 0d 0a 0d 0a
        """;
    static final int REQUEST_PSEUDO = ipv4PseudoHeader("192.168.1.10", "93.184.216.34", IpProtocol.TCP, 69);
    static final byte[] REQUEST_DATA = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A jumbo-frame SYN over IPv6 whose MSS value sits at an odd offset, behind a NOP. */
    static final String SYN_ODD_MSS = """
        8a e2                    # source port 35554
        00 16                    # destination port 22
        00 00 00 01              # sequence number
        00 00 00 00              # acknowledgment number
        70                       # data offset 7 (28 bytes)
        02                       # flags: SYN
        ff ff                    # window 65535
        a4 47                    # checksum, pseudo-header 2001:db8::1 -> 2001:db8::2, next header 6, length 28
        00 00                    # urgent pointer
        01                       # option NOP
        02 04 23 00              # option MSS, length 4: 8960, value at offset 23
        00                       # end of option list
        00 00                    # padding
        """;
    static final int SYN_ODD_MSS_PSEUDO = ipv6PseudoHeader("2001:db8::1", "2001:db8::2", IpProtocol.TCP, 28);

    private final TcpSegment view = new TcpSegment();

    private TcpSegment wrapPlaced(String vector) {
        byte[] bytes = Hex.bytes(vector);
        return view.wrap(placed(bytes), OFFSET, bytes.length);
    }

    private static byte[] optionsOf(String vector) {
        byte[] all = Hex.bytes(vector);
        return Arrays.copyOfRange(all, 20, (all[TcpSegment.DATA_OFFSET] >>> 4 & 0xf) * 4);
    }

    @Test
    void readsEveryFieldOfASyn() {
        TcpSegment t = wrapPlaced(SYN);
        assertThat(t.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(t.sourcePort()).isEqualTo(51000);
        assertThat(t.destinationPort()).isEqualTo(443);
        assertThat(Integer.toUnsignedLong(t.sequenceNumber())).isEqualTo(0x9a3c1d2eL);
        assertThat(t.acknowledgmentNumber()).isZero();
        assertThat(t.headerLength()).isEqualTo(40);
        assertThat(t.optionsLength()).isEqualTo(20);
        assertThat(t.flags()).isEqualTo(TcpSegment.SYN);
        assertThat(t.window()).isEqualTo(64240);
        assertThat(t.checksum()).isEqualTo(0x9a5a);
        assertThat(t.urgentPointer()).isZero();
        assertThat(t.payloadOffset()).isEqualTo(40);
        assertThat(t.payloadLength()).isZero();
        assertThat(t.maximumSegmentSize()).isEqualTo(1460);
        assertThat(t.verifyChecksum(SYN_PSEUDO)).isTrue();
    }

    @Test
    void readsEveryFieldOfADataSegment() {
        TcpSegment t = wrapPlaced(REQUEST);
        assertThat(t.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(t.sequenceNumber()).isEqualTo(0x9a3c1d2f);
        assertThat(t.acknowledgmentNumber()).isEqualTo(0x5e110a42);
        assertThat(t.headerLength()).isEqualTo(32);
        assertThat(t.flags()).isEqualTo(TcpSegment.PSH | TcpSegment.ACK);
        assertThat(t.window()).isEqualTo(502);
        assertThat(t.payloadOffset()).isEqualTo(32);
        assertThat(t.payloadLength()).isEqualTo(37);
        assertThat(bytesOf(t.segment(), t.offset() + 32, 37)).isEqualTo(REQUEST_DATA);
        assertThat(t.maximumSegmentSize()).as("no MSS option").isEqualTo(-1);
        assertThat(t.verifyChecksum(REQUEST_PSEUDO)).isTrue();
    }

    @Test
    void buildsEveryFieldOfASyn() {
        MemorySegment out = scratch(40);
        TcpSegment t = view.wrap(out, 0, 40);
        t.setSourcePort(51000);
        t.setDestinationPort(443);
        t.setSequenceNumber(0x9a3c1d2e);
        t.setAcknowledgmentNumber(0);
        t.setHeaderLength(40);
        t.setFlags(TcpSegment.SYN);
        t.setWindow(64240);
        t.setUrgentPointer(0);
        int at = t.writeMaximumSegmentSizeOption(TcpSegment.HEADER_LENGTH, 1460);
        assertThat(at).isEqualTo(24);
        byte[] rest = Arrays.copyOfRange(optionsOf(SYN), 4, 20);
        MemorySegment.copy(MemorySegment.ofArray(rest), 0, out, at, rest.length);
        t.fillChecksum(SYN_PSEUDO);
        assertThat(Hex.of(out, 0, 40)).isEqualTo(Hex.of(Hex.bytes(SYN)));
        t.setChecksum(0x1234);
        assertThat(t.checksum()).isEqualTo(0x1234);
    }

    @Test
    void parsesAndEmitsEveryVector() {
        String[] vectors = {SYN, REQUEST, SYN_ODD_MSS};
        int[] pseudos = {SYN_PSEUDO, REQUEST_PSEUDO, SYN_ODD_MSS_PSEUDO};
        TcpRepr[] expected = {
            new TcpRepr(51000, 443, 0x9a3c1d2e, 0, TcpSegment.SYN, 64240, 0, optionsOf(SYN), new byte[0]),
            new TcpRepr(51000, 443, 0x9a3c1d2f, 0x5e110a42, TcpSegment.PSH | TcpSegment.ACK, 502, 0,
                optionsOf(REQUEST), REQUEST_DATA),
            new TcpRepr(35554, 22, 1, 0, TcpSegment.SYN, 65535, 0, optionsOf(SYN_ODD_MSS), new byte[0])};
        for (int i = 0; i < vectors.length; i++) {
            TcpRepr repr = TcpRepr.parse(wrapPlaced(vectors[i]), pseudos[i]);
            assertThat(repr).isEqualTo(expected[i]);
            byte[] bytes = Hex.bytes(vectors[i]);
            assertThat(repr.bufferLength()).isEqualTo(bytes.length);
            MemorySegment out = scratch(bytes.length + 10);
            TcpSegment t = new TcpSegment().wrap(out, 3, bytes.length + 7);
            repr.emit(t, pseudos[i]);
            assertThat(t.length()).as("emit shortens the window").isEqualTo(bytes.length);
            assertThat(Hex.of(out, 3, bytes.length)).isEqualTo(Hex.of(bytes));
            assertThat(Hex.of(out, 3 + bytes.length, 7)).isEqualTo("ee".repeat(7));
        }
    }

    @Test
    void everyPrefixIsTruncatedOrFailsTheChecksum() {
        for (String vector : new String[] {SYN, REQUEST, SYN_ODD_MSS}) {
            byte[] bytes = Hex.bytes(vector);
            int header = (bytes[TcpSegment.DATA_OFFSET] >>> 4 & 0xf) * 4;
            MemorySegment segment = placed(bytes);
            for (int length = 0; length < bytes.length; length++) {
                view.wrap(segment, OFFSET, length);
                // The pseudo-header's length follows the prefix, as the IP layer's would.
                int pseudo = ipv4PseudoHeader("192.168.1.10", "93.184.216.34", IpProtocol.TCP, length);
                if (length < header) {
                    assertThat(view.checkLength()).as("prefix %d", length).isEqualTo(WireStatus.TRUNCATED);
                    assertThatThrownBy(() -> TcpRepr.parse(view, pseudo))
                        .isInstanceOfSatisfying(MalformedPacketException.class,
                            e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
                } else {
                    // TCP has no length field: a shorter segment is well formed and fails its checksum.
                    assertThat(view.checkLength()).isEqualTo(WireStatus.OK);
                    assertThat(view.maximumSegmentSize()).isEqualTo(-1);
                    assertThatThrownBy(() -> TcpRepr.parse(view, pseudo))
                        .isInstanceOfSatisfying(MalformedPacketException.class,
                            e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
                }
            }
        }
    }

    @Test
    void rejectsADataOffsetBelowFive() {
        for (int dataOffset = 0; dataOffset < 5; dataOffset++) {
            byte[] bytes = Hex.bytes(SYN);
            bytes[TcpSegment.DATA_OFFSET] = (byte) (dataOffset << 4);
            view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            assertThat(view.checkLength()).as("data offset %d", dataOffset).isEqualTo(WireStatus.BAD_HEADER_LENGTH);
            assertThatThrownBy(() -> TcpRepr.parse(view, SYN_PSEUDO))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                    e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_HEADER_LENGTH));
        }
    }

    @Test
    void rejectsADataOffsetBeyondTheBuffer() {
        byte[] bytes = Hex.bytes(SYN);
        bytes[TcpSegment.DATA_OFFSET] = (byte) 0xb0;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThat(view.checkLength()).isEqualTo(WireStatus.TRUNCATED);
        assertThatThrownBy(() -> TcpRepr.parse(view, SYN_PSEUDO))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
    }

    @Test
    void rejectsABadChecksum() {
        byte[] bytes = Hex.bytes(REQUEST);
        bytes[60] ^= 0x20;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThatThrownBy(() -> TcpRepr.parse(view, REQUEST_PSEUDO))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void ignoresTheReservedBits() {
        byte[] bytes = Hex.bytes(SYN);
        bytes[TcpSegment.DATA_OFFSET] |= 0x0f;
        MemorySegment segment = MemorySegment.ofArray(bytes);
        view.wrap(segment, 0, bytes.length);
        view.fillChecksum(SYN_PSEUDO);
        assertThat(view.headerLength()).isEqualTo(40);
        assertThat(TcpRepr.parse(view, SYN_PSEUDO).options()).isEqualTo(optionsOf(SYN));
    }

    @Test
    void clampsTheMssAndKeepsTheChecksumValid() {
        TcpSegment t = wrapPlaced(SYN);
        assertThat(t.clampMaximumSegmentSize(1400)).isTrue();
        assertThat(t.maximumSegmentSize()).isEqualTo(1400);
        assertThat(t.verifyChecksum(SYN_PSEUDO)).isTrue();
        // RFC 1624: the value dropped by 60, so the checksum rose by 60.
        assertThat(t.checksum()).isEqualTo(0x9a5a + 60);
        assertThat(t.clampMaximumSegmentSize(1400)).as("already at the limit").isFalse();
        assertThat(t.clampMaximumSegmentSize(1500)).as("never raised").isFalse();
        assertThat(t.maximumSegmentSize()).isEqualTo(1400);
    }

    @Test
    void clampsAnMssAtAnOddOffset() {
        TcpSegment t = wrapPlaced(SYN_ODD_MSS);
        assertThat(t.maximumSegmentSize()).isEqualTo(8960);
        assertThat(t.clampMaximumSegmentSize(1440)).isTrue();
        assertThat(t.maximumSegmentSize()).isEqualTo(1440);
        assertThat(t.verifyChecksum(SYN_ODD_MSS_PSEUDO)).isTrue();
        int incremental = t.checksum();
        t.fillChecksum(SYN_ODD_MSS_PSEUDO);
        assertThat(incremental).isEqualTo(t.checksum());
    }

    @Test
    void clampsEveryMssOptionOfASegmentThatRepeatsIt() {
        byte[] bytes = Hex.bytes("""
            0001 0002 00000000 00000000 70 02 ffff 0000 0000  # SYN with data offset 7
            02 04 ff f0                                      # MSS 65520
            02 04 23 00                                      # MSS 8960: the last one counts
            """);
        TcpSegment t = view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        t.fillChecksum(0x4321);
        assertThat(t.maximumSegmentSize()).isEqualTo(8960);
        assertThat(t.clampMaximumSegmentSize(1200)).isTrue();
        assertThat(Hex.of(t.segment(), 20, 8)).isEqualTo("020404b0020404b0");
        assertThat(t.verifyChecksum(0x4321)).isTrue();
        assertThat(t.setMaximumSegmentSize(536)).isTrue();
        assertThat(Hex.of(t.segment(), 20, 8)).isEqualTo("0204021802040218");
    }

    @Test
    void readsNoMssFromMalformedOrEndedOptions() {
        String fixedHeader = "0001 0002 00000000 00000000 70 02 ffff 0000 0000 # SYN, data offset 7\n";
        String[] options = {
            "00 02 04 05 b4 00 00 00 # end of list before the MSS",
            "08 00 02 04 05 b4 00 00 # option length 0: the walk stops",
            "08 0a 02 04 05 b4 00 00 # option length runs past the header",
            "02 05 05 b4 00 00 00 00 # MSS with length 5 is not an MSS option",
            "01 01 01 01 01 01 01 02 # kind without its length octet at the end of the header",
        };
        for (String option : options) {
            byte[] bytes = Hex.bytes(fixedHeader + option + "\n02 04 05 b4 # data that looks like an MSS option");
            TcpSegment t = view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            assertThat(t.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(t.maximumSegmentSize()).as(option).isEqualTo(-1);
            assertThat(t.setMaximumSegmentSize(1)).as(option).isFalse();
            assertThat(t.clampMaximumSegmentSize(1)).as(option).isFalse();
        }
    }

    @Test
    void refusesAClampOutsideSixteenBits() {
        TcpSegment t = wrapPlaced(SYN);
        assertThatThrownBy(() -> t.clampMaximumSegmentSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.clampMaximumSegmentSize(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordHoldsOnlyValidValues() {
        byte[] none = new byte[0];
        assertThatThrownBy(() -> new TcpRepr(65536, 0, 0, 0, 0, 0, 0, none, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 256, 0, 0, none, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 0, -1, 0, none, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 0, 0, 65536, none, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 0, 0, 0, new byte[3], none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 0, 0, 0, new byte[44], none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpRepr(0, 0, 0, 0, 0, 0, 0, none, null))
            .isInstanceOf(NullPointerException.class);
        TcpRepr repr = new TcpRepr(1, 2, -1, 0, TcpSegment.ACK, 3, 0, new byte[4], new byte[2]);
        assertThat(repr.headerLength()).isEqualTo(24);
        assertThat(repr.bufferLength()).isEqualTo(26);
        assertThat(repr.toString()).contains("sequenceNumber=4294967295", "flags=0x10", "options=00000000");
        assertThatThrownBy(() -> repr.emit(view.wrap(scratch(30), 0, 25), 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
