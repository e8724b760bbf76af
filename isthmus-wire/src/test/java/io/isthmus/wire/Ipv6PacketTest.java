package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Ipv6PacketTest {
    /** UDP over IPv6, EF-marked, with a flow label, and 8 bytes of payload. */
    static final String VECTOR = """
        6b 81 23 45             # version 6, traffic class 0xb8 (DSCP 46), flow label 0x12345
        00 08                   # payload length 8
        11                      # next header 17 (UDP)
        40                      # hop limit 64
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  # source 2001:db8::1
        20 01 0d b8 00 00 ff 00 00 00 00 01 c0 a8 00 01  # destination 2001:db8:0:ff00:0:1:c0a8:1
        04 d2 00 35 00 08 00 00 # payload (8 bytes, opaque here)
        """;

    private static final Ipv6Address SOURCE = Ipv6Address.parse("2001:db8::1");
    private static final Ipv6Address DESTINATION = Ipv6Address.parse("2001:db8:0:ff00:0:1:c0a8:1");

    private static Ipv6Packet view(MemorySegment segment) {
        return new Ipv6Packet().wrap(segment, 0, (int) segment.byteSize());
    }

    @Test
    void readsEveryField() {
        Ipv6Packet p = view(Hex.segment(VECTOR));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.version()).isEqualTo(6);
        assertThat(p.trafficClass()).isEqualTo(0xb8);
        assertThat(p.flowLabel()).isEqualTo(0x12345);
        assertThat(p.payloadLength()).isEqualTo(8);
        assertThat(p.nextHeader()).isEqualTo(IpProtocol.UDP);
        assertThat(p.hopLimit()).isEqualTo(64);
        assertThat(p.sourceHigh()).isEqualTo(0x20010db800000000L);
        assertThat(p.sourceLow()).isEqualTo(1L);
        assertThat(p.destinationHigh()).isEqualTo(0x20010db80000ff00L);
        assertThat(p.destinationLow()).isEqualTo(0x00000001c0a80001L);
        assertThat(p.source()).isEqualTo(SOURCE);
        assertThat(p.destination()).isEqualTo(DESTINATION);
        assertThat(p.payloadOffset()).isEqualTo(40);
        assertThat(p.length()).isEqualTo(48);
        assertThat(Ipv6Repr.parse(p)).isEqualTo(new Ipv6Repr(0xb8, 0x12345, 8, IpProtocol.UDP, 64, SOURCE,
            DESTINATION));
    }

    @Test
    void buildsEveryField() {
        byte[] expected = Hex.bytes(VECTOR);
        MemorySegment out = MemorySegment.ofArray(Arrays.copyOf(expected, expected.length));
        out.asSlice(0, 40).fill((byte) 0x5a);
        Ipv6Packet p = view(out);
        p.setVersionClassFlow(0, 0);
        p.setTrafficClass(0xb8);
        p.setFlowLabel(0x12345);
        p.setPayloadLength(8);
        p.setNextHeader(IpProtocol.UDP);
        p.setHopLimit(64);
        p.setSource(SOURCE);
        p.setDestination(DESTINATION.high(), DESTINATION.low());
        assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
        p.setVersionClassFlow(0xb8, 0x12345);
        p.setSource(SOURCE.high(), SOURCE.low());
        p.setDestination(DESTINATION);
        assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
    }

    @Test
    void reprEmitsTheVector() {
        byte[] expected = Hex.bytes(VECTOR);
        Ipv6Repr repr = Ipv6Repr.parse(view(MemorySegment.ofArray(expected.clone())));
        MemorySegment out = MemorySegment.ofArray(Arrays.copyOf(expected, expected.length));
        out.asSlice(0, 40).fill((byte) 0);
        repr.emit(view(out));
        assertThat(repr.bufferLength()).isEqualTo(40);
        assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
    }

    @Test
    void truncationAtEveryLengthIsReportedNotThrown() {
        byte[] bytes = Hex.bytes(VECTOR);
        for (int cut = 0; cut < bytes.length; cut++) {
            MemorySegment prefix = MemorySegment.ofArray(Arrays.copyOf(bytes, cut));
            assertThat(view(prefix).checkLength()).as("prefix %d", cut).isEqualTo(WireStatus.TRUNCATED);
            assertThatThrownBy(() -> Ipv6Repr.parse(view(prefix))).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void checkLengthDropsLinkPadding() {
        Ipv6Packet p = view(MemorySegment.ofArray(Arrays.copyOf(Hex.bytes(VECTOR), 64)));
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(p.length()).isEqualTo(48);
    }

    @Test
    void rejectsVersionOtherThanSix() {
        byte[] bytes = Hex.bytes(VECTOR);
        bytes[0] = 0x4b;
        Ipv6Packet p = view(MemorySegment.ofArray(bytes));
        assertThat(p.checkLength()).isEqualTo(WireStatus.BAD_VERSION);
        assertThatThrownBy(() -> Ipv6Repr.parse(p)).isInstanceOfSatisfying(MalformedPacketException.class,
            e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_VERSION));
    }

    @Test
    void rejectsPayloadLengthBeyondBuffer() {
        byte[] bytes = Hex.bytes(VECTOR);
        bytes[5] = 9;
        assertThat(view(MemorySegment.ofArray(bytes)).checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void reprRejectsInvalidValues() {
        assertThatThrownBy(() -> new Ipv6Repr(256, 0, 0, 0, 0, SOURCE, SOURCE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6Repr(0, 0x100000, 0, 0, 0, SOURCE, SOURCE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6Repr(0, 0, 0x10000, 0, 0, SOURCE, SOURCE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6Repr(0, 0, 0, 0, 256, SOURCE, SOURCE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6Repr(0, 0, 0, 0, 0, null, SOURCE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Ipv6Repr(0, 0, 0, 0, 0, SOURCE, SOURCE).emit(
            view(MemorySegment.ofArray(new byte[39])))).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Ipv6Repr> reprs() {
        Arbitrary<Ipv6Address> addresses = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
            .as(Ipv6Address::new);
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xfffff),
            Arbitraries.integers().between(0, 2000), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 255), addresses, addresses).as(Ipv6Repr::new);
    }

    @Property(tries = 300)
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") Ipv6Repr repr) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[40 + repr.payloadLength()]);
        repr.emit(view(buffer));
        assertThat(Ipv6Repr.parse(view(buffer))).isEqualTo(repr);
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrow(@ForAll byte[] bytes) {
        if (bytes.length > 0) {
            bytes[0] = (byte) (0x60 | (bytes[0] & 0x0f));
        }
        Ipv6Packet p = view(MemorySegment.ofArray(bytes));
        if (p.checkLength() == WireStatus.OK) {
            assertThat(p.length()).isEqualTo(40 + p.payloadLength());
            new Ipv6HeaderChain().walk(p);
        }
    }
}
