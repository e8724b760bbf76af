package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {
    /** UDP-over-IPv4 header without options, EF-marked, DF set, and 8 bytes of payload. */
    static final String PLAIN = """
        45          # version 4, IHL 5 (20 bytes)
        b8          # TOS: DSCP 46 (EF), ECN 0
        00 1c       # total length 28
        1c 46       # identification 0x1c46
        40 00       # flags: DF; fragment offset 0
        40          # TTL 64
        11          # protocol 17 (UDP)
        9b ba       # header checksum
        c0 a8 00 01 # source 192.168.0.1
        c0 a8 00 c7 # destination 192.168.0.199
        04 d2 00 35 00 08 00 00  # payload (8 bytes, opaque here)
        """;

    /** IGMP-over-IPv4 with a router alert option, a non-first fragment with MF set, ECN ECT(0). */
    static final String WITH_OPTIONS = """
        46          # version 4, IHL 6 (24 bytes)
        02          # TOS: DSCP 0, ECN 2 (ECT(0))
        00 20       # total length 32
        1c 47       # identification 0x1c47
        20 b9       # flags: MF; fragment offset 185 (1480 bytes)
        01          # TTL 1
        02          # protocol 2 (IGMP)
        fd be       # header checksum
        0a 00 00 01 # source 10.0.0.1
        e0 00 00 16 # destination 224.0.0.22
        94 04 00 00 # option: router alert (RFC 2113), length 4, value 0
        22 00 f9 02 00 00 00 00  # payload (8 bytes)
        """;

    private static Ipv4Packet view(MemorySegment segment) {
        return new Ipv4Packet().wrap(segment, 0, (int) segment.byteSize());
    }

    @Test
    void readsEveryFieldWithoutOptions() {
        Ipv4Packet p = view(Hex.segment(PLAIN));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.version()).isEqualTo(4);
        assertThat(p.headerLength()).isEqualTo(20);
        assertThat(p.tos()).isEqualTo(0xb8);
        assertThat(p.dscp()).isEqualTo(46);
        assertThat(p.ecn()).isZero();
        assertThat(p.totalLength()).isEqualTo(28);
        assertThat(p.identification()).isEqualTo(0x1c46);
        assertThat(p.flagsAndFragmentOffset()).isEqualTo(0x4000);
        assertThat(p.reservedFlag()).isFalse();
        assertThat(p.dontFragment()).isTrue();
        assertThat(p.moreFragments()).isFalse();
        assertThat(p.fragmentOffset()).isZero();
        assertThat(p.isFragment()).isFalse();
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(p.headerChecksum()).isEqualTo(0x9bba);
        assertThat(p.verifyHeaderChecksum()).isTrue();
        assertThat(p.source()).isEqualTo(Ipv4Address.parse("192.168.0.1"));
        assertThat(p.destination()).isEqualTo(Ipv4Address.parse("192.168.0.199"));
        assertThat(p.optionsOffset()).isEqualTo(20);
        assertThat(p.optionsLength()).isZero();
        assertThat(p.payloadOffset()).isEqualTo(20);
        assertThat(p.payloadLength()).isEqualTo(8);
    }

    @Test
    void readsEveryFieldWithOptions() {
        Ipv4Packet p = view(Hex.segment(WITH_OPTIONS));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.headerLength()).isEqualTo(24);
        assertThat(p.dscp()).isZero();
        assertThat(p.ecn()).isEqualTo(2);
        assertThat(p.totalLength()).isEqualTo(32);
        assertThat(p.identification()).isEqualTo(0x1c47);
        assertThat(p.dontFragment()).isFalse();
        assertThat(p.moreFragments()).isTrue();
        assertThat(p.fragmentOffset()).isEqualTo(185);
        assertThat(p.isFragment()).isTrue();
        assertThat(p.ttl()).isEqualTo(1);
        assertThat(p.protocol()).isEqualTo(IpProtocol.IGMP);
        assertThat(p.verifyHeaderChecksum()).isTrue();
        assertThat(p.source()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(p.destination()).isEqualTo(Ipv4Address.parse("224.0.0.22"));
        assertThat(p.optionsLength()).isEqualTo(4);
        assertThat(Hex.of(p.segment(), p.optionsOffset(), p.optionsLength())).isEqualTo("94040000");
        assertThat(p.payloadOffset()).isEqualTo(24);
        assertThat(p.payloadLength()).isEqualTo(8);
    }

    @Test
    void readsIntoReprs() {
        assertThat(Ipv4Repr.parse(view(Hex.segment(PLAIN)))).isEqualTo(new Ipv4Repr(0xb8, 0x1c46, true, false, 0,
            64, IpProtocol.UDP, Ipv4Address.parse("192.168.0.1"), Ipv4Address.parse("192.168.0.199"), 8));
        Ipv4Repr withOptions = Ipv4Repr.parse(view(Hex.segment(WITH_OPTIONS)));
        assertThat(withOptions).isEqualTo(new Ipv4Repr(0x02, 0x1c47, false, true, 185, 1, IpProtocol.IGMP,
            Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("224.0.0.22"), Hex.bytes("94040000"), 8));
        assertThat(withOptions.bufferLength()).isEqualTo(24);
        assertThat(withOptions.totalLength()).isEqualTo(32);
        assertThat(withOptions.ecn()).isEqualTo(2);
    }

    @Test
    void buildsEveryFieldWithSetters() {
        byte[] expected = Hex.bytes(WITH_OPTIONS);
        MemorySegment out = MemorySegment.ofArray(new byte[expected.length]);
        Ipv4Packet p = view(out);
        p.setVersionAndHeaderLength(24);
        p.setTos(0x02);
        p.setTotalLength(32);
        p.setIdentification(0x1c47);
        p.setFlagsAndFragmentOffset(false, true, 185);
        p.setTtl(1);
        p.setProtocol(IpProtocol.IGMP);
        p.setSource(Ipv4Address.parse("10.0.0.1"));
        p.setDestination(Ipv4Address.parse("224.0.0.22"));
        MemorySegment.copy(MemorySegment.ofArray(Hex.bytes("94040000 2200f90200000000")), 0, out, 20, 12);
        p.fillHeaderChecksum();
        assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
        p.setHeaderChecksum(0x1234);
        assertThat(p.headerChecksum()).isEqualTo(0x1234);
        assertThat(p.verifyHeaderChecksum()).isFalse();
    }

    @Test
    void reprEmitsTheVectors() {
        for (String vector : new String[] {PLAIN, WITH_OPTIONS}) {
            byte[] expected = Hex.bytes(vector);
            Ipv4Repr repr = Ipv4Repr.parse(view(MemorySegment.ofArray(expected.clone())));
            MemorySegment out = MemorySegment.ofArray(new byte[expected.length]);
            MemorySegment.copy(MemorySegment.ofArray(expected), repr.bufferLength(), out, repr.bufferLength(),
                expected.length - repr.bufferLength());
            repr.emit(view(out));
            assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
        }
    }

    @Test
    void truncationAtEveryLengthIsReportedNotThrown() {
        for (String vector : new String[] {PLAIN, WITH_OPTIONS}) {
            byte[] bytes = Hex.bytes(vector);
            for (int cut = 0; cut < bytes.length; cut++) {
                MemorySegment prefix = MemorySegment.ofArray(java.util.Arrays.copyOf(bytes, cut));
                Ipv4Packet p = view(prefix);
                assertThat(p.checkLength()).as("prefix %d", cut).isEqualTo(WireStatus.TRUNCATED);
                assertThatThrownBy(() -> Ipv4Repr.parse(view(prefix)))
                    .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
            }
        }
    }

    @Test
    void checkLengthDropsLinkPadding() {
        byte[] padded = java.util.Arrays.copyOf(Hex.bytes(PLAIN), 60); // Ethernet minimum frame payload is 46
        Ipv4Packet p = view(MemorySegment.ofArray(padded));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.length()).isEqualTo(28);
        assertThat(Ipv4Repr.parse(p).payloadLength()).isEqualTo(8);
    }

    private static Ipv4Packet mutated(String vector, int at, int value) {
        byte[] bytes = Hex.bytes(vector);
        bytes[at] = (byte) value;
        return view(MemorySegment.ofArray(bytes));
    }

    private static Ipv4Packet withChecksum(Ipv4Packet p) {
        p.fillHeaderChecksum();
        return p;
    }

    private static void assertParseFails(Ipv4Packet p, WireStatus status) {
        assertThatThrownBy(() -> Ipv4Repr.parse(p)).isInstanceOfSatisfying(MalformedPacketException.class,
            e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void rejectsVersionOtherThanFour() {
        Ipv4Packet p = mutated(PLAIN, 0, 0x65);
        assertThat(p.checkLength()).isEqualTo(WireStatus.BAD_VERSION);
        assertParseFails(p, WireStatus.BAD_VERSION);
    }

    @Test
    void rejectsIhlBelowFive() {
        for (int ihl = 0; ihl < 5; ihl++) {
            assertThat(mutated(PLAIN, 0, 0x40 | ihl).checkLength()).isEqualTo(WireStatus.BAD_HEADER_LENGTH);
        }
    }

    @Test
    void rejectsIhlBeyondBuffer() {
        Ipv4Packet p = mutated(PLAIN, 0, 0x48); // 32 bytes of header in a 28-byte buffer
        assertThat(p.checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void rejectsTotalLengthBelowHeaderLength() {
        Ipv4Packet p = mutated(WITH_OPTIONS, 3, 20); // total 20 < IHL 24
        assertThat(p.checkLength()).isEqualTo(WireStatus.BAD_LENGTH);
        assertParseFails(withChecksum(p), WireStatus.BAD_LENGTH);
    }

    @Test
    void rejectsTotalLengthBeyondBuffer() {
        Ipv4Packet p = mutated(PLAIN, 3, 29);
        assertThat(p.checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void reprRejectsBadChecksum() {
        Ipv4Packet p = mutated(PLAIN, 11, 0xbb);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.verifyHeaderChecksum()).isFalse();
        assertParseFails(p, WireStatus.BAD_CHECKSUM);
    }

    @Test
    void reprRejectsReservedFlag() {
        Ipv4Packet p = withChecksum(mutated(PLAIN, 6, 0xc0));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.reservedFlag()).isTrue();
        assertParseFails(p, WireStatus.BAD_FIELD);
    }

    @Test
    void reprRejectsInvalidValues() {
        assertThatThrownBy(() -> new Ipv4Repr(256, 0, false, false, 0, 0, 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(0, 0, false, false, 8192, 0, 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(0, 0, false, false, 0, 0, 0, 0, 0, new byte[3], 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(0, 0, false, false, 0, 0, 0, 0, 0, new byte[44], 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(0, 0, false, false, 0, 0, 0, 0, 0, 65516))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(0, 0, false, false, 0, 0, 0, 0, 0, 0).emit(
            view(MemorySegment.ofArray(new byte[19])))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reprCopiesOptions() {
        byte[] options = Hex.bytes("01010101");
        Ipv4Repr repr = new Ipv4Repr(0, 0, false, false, 0, 64, 6, 1, 2, options, 0);
        options[0] = 7;
        repr.options()[1] = 7;
        assertThat(repr.options()).containsExactly(1, 1, 1, 1);
    }

    @Provide
    Arbitrary<Ipv4Repr> reprs() {
        Arbitrary<byte[]> options = Arbitraries.integers().between(0, 10)
            .flatMap(words -> Arbitraries.bytes().array(byte[].class).ofSize(words * 4));
        return Combinators.combine(
            Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xffff),
            Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 0x1fff),
            Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
            Arbitraries.integers()).as((tos, id, df, mf, off, ttl, proto, src) -> new int[] {tos, id, df ? 1 : 0,
                mf ? 1 : 0, off, ttl, proto, src})
            .flatMap(f -> Combinators.combine(Arbitraries.integers(), options,
                Arbitraries.integers().between(0, 2000)).as((dst, opts, payload) -> new Ipv4Repr(f[0], f[1],
                f[2] == 1, f[3] == 1, f[4], f[5], f[6], f[7], dst, opts, payload)));
    }

    @Property(tries = 300)
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") Ipv4Repr repr) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[repr.totalLength()]);
        repr.emit(view(buffer));
        Ipv4Packet p = view(buffer);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.verifyHeaderChecksum()).isTrue();
        assertThat(Checksum.sum(buffer, 0, repr.bufferLength(), 0)).isEqualTo(0xffff);
        assertThat(Ipv4Repr.parse(p)).isEqualTo(repr);
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrow(@ForAll byte[] bytes) {
        if (bytes.length > 0) {
            bytes[0] = (byte) (0x40 | (bytes[0] & 0x0f)); // mostly version 4, so the later checks are reached
        }
        Ipv4Packet p = view(MemorySegment.ofArray(bytes));
        if (p.checkLength() == WireStatus.OK) {
            assertThat(p.length()).isBetween(p.headerLength(), bytes.length);
            assertThat(p.payloadLength()).isNotNegative();
            assertThat(p.optionsLength()).isBetween(0, Ipv4Packet.MAX_OPTIONS_LENGTH);
            p.verifyHeaderChecksum();
        }
    }
}
