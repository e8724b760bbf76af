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

class Ipv6ExtensionHeaderTest {
    static final String HOP_BY_HOP = """
        3c          # next header 60 (destination options)
        00          # hdr ext len 0: 8 bytes
        05 02 00 00 # option: router alert (RFC 2711), length 2, value 0 (MLD)
        01 00       # option: PadN, no data
        """;

    static final String ROUTING = """
        11          # next header 17 (UDP)
        02          # hdr ext len 2: 24 bytes
        04          # routing type 4 (segment routing header, RFC 8754)
        01          # segments left 1
        00 00 00 00 # last entry 0, flags 0, tag 0
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02  # segment list[0] 2001:db8::2
        """;

    static final String AUTHENTICATION = """
        06          # next header 6 (TCP)
        04          # payload len 4: (4 + 2) * 4 = 24 bytes
        00 00       # reserved
        00 00 01 00 # security parameters index
        00 00 00 01 # sequence number
        01 02 03 04 05 06 07 08 09 0a 0b 0c  # integrity check value (HMAC-SHA1-96)
        """;

    private static Ipv6ExtensionHeader view(MemorySegment segment, int type) {
        return new Ipv6ExtensionHeader().wrap(segment, 0, (int) segment.byteSize(), type);
    }

    @Test
    void readsEveryFieldOfHopByHop() {
        Ipv6ExtensionHeader h = view(Hex.segment(HOP_BY_HOP), IpProtocol.HOP_BY_HOP);
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.type()).isEqualTo(IpProtocol.HOP_BY_HOP);
        assertThat(h.nextHeader()).isEqualTo(IpProtocol.IPV6_DESTINATION_OPTIONS);
        assertThat(h.headerExtensionLength()).isZero();
        assertThat(h.headerLength()).isEqualTo(8);
        assertThat(h.dataOffset()).isEqualTo(2);
        assertThat(h.dataLength()).isEqualTo(6);
        assertThat(h.hasOptions()).isTrue();
        assertThat(Ipv6ExtensionHeaderRepr.parse(h)).isEqualTo(new Ipv6ExtensionHeaderRepr(IpProtocol.HOP_BY_HOP,
            IpProtocol.IPV6_DESTINATION_OPTIONS, Hex.bytes("050200000100")));
    }

    @Test
    void readsEveryFieldOfRouting() {
        Ipv6ExtensionHeader h = view(Hex.segment(ROUTING), IpProtocol.IPV6_ROUTING);
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.nextHeader()).isEqualTo(IpProtocol.UDP);
        assertThat(h.headerExtensionLength()).isEqualTo(2);
        assertThat(h.headerLength()).isEqualTo(24);
        assertThat(h.routingType()).isEqualTo(4);
        assertThat(h.segmentsLeft()).isEqualTo(1);
        assertThat(h.hasOptions()).isFalse();
        assertThat(Hex.of(h.segment(), Ipv6ExtensionHeader.ROUTING_DATA + 4, 16))
            .isEqualTo("20010db8000000000000000000000002");
    }

    @Test
    void readsAuthenticationHeaderWithItsOwnLengthRule() {
        Ipv6ExtensionHeader h = view(Hex.segment(AUTHENTICATION), IpProtocol.AH);
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.nextHeader()).isEqualTo(IpProtocol.TCP);
        assertThat(h.headerExtensionLength()).isEqualTo(4);
        assertThat(h.headerLength()).isEqualTo(24);
        assertThat(Ipv6ExtensionHeader.headerLength(IpProtocol.AH, 4)).isEqualTo(24);
        assertThat(Ipv6ExtensionHeader.headerLength(IpProtocol.IPV6_ROUTING, 4)).isEqualTo(40);
        assertThat(Ipv6ExtensionHeader.headerLength(IpProtocol.IPV6_FRAGMENT, 0xff)).isEqualTo(8);
    }

    @Test
    void buildsEveryField() {
        MemorySegment out = MemorySegment.ofArray(new byte[24]);
        Ipv6ExtensionHeader h = view(out, IpProtocol.IPV6_ROUTING);
        h.setNextHeader(IpProtocol.UDP);
        h.setHeaderLength(24);
        h.setRoutingType(4);
        h.setSegmentsLeft(1);
        MemorySegment.copy(MemorySegment.ofArray(Hex.bytes("20010db8000000000000000000000002")), 0, out, 8, 16);
        assertThat(Hex.of(out, 0, 24)).isEqualTo(Hex.of(Hex.bytes(ROUTING)));
        h.setHeaderExtensionLength(7);
        assertThat(h.headerLength()).isEqualTo(64);

        Ipv6ExtensionHeader ah = view(MemorySegment.ofArray(new byte[24]), IpProtocol.AH);
        ah.setHeaderLength(24);
        assertThat(ah.headerExtensionLength()).isEqualTo(4);
    }

    @Test
    void setHeaderLengthRejectsLengthsTheFieldCannotHold() {
        Ipv6ExtensionHeader h = view(MemorySegment.ofArray(new byte[8]), IpProtocol.IPV6_DESTINATION_OPTIONS);
        for (int bad : new int[] {0, 4, 12, 2056}) {
            assertThatThrownBy(() -> h.setHeaderLength(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        Ipv6ExtensionHeader ah = view(MemorySegment.ofArray(new byte[8]), IpProtocol.AH);
        assertThatThrownBy(() -> ah.setHeaderLength(1032)).isInstanceOf(IllegalArgumentException.class);
        Ipv6ExtensionHeader fragment = view(MemorySegment.ofArray(new byte[8]), IpProtocol.IPV6_FRAGMENT);
        assertThatThrownBy(() -> fragment.setHeaderLength(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reprEmitsTheVectors() {
        String[] vectors = {HOP_BY_HOP, ROUTING, AUTHENTICATION};
        int[] types = {IpProtocol.HOP_BY_HOP, IpProtocol.IPV6_ROUTING, IpProtocol.AH};
        for (int i = 0; i < vectors.length; i++) {
            byte[] expected = Hex.bytes(vectors[i]);
            Ipv6ExtensionHeaderRepr repr = Ipv6ExtensionHeaderRepr.parse(view(MemorySegment.ofArray(expected),
                types[i]));
            assertThat(repr.bufferLength()).isEqualTo(expected.length);
            MemorySegment out = MemorySegment.ofArray(new byte[expected.length]);
            repr.emit(view(out, types[i]));
            assertThat(Hex.of(out, 0, expected.length)).isEqualTo(Hex.of(expected));
        }
    }

    @Test
    void truncationAtEveryLengthIsReportedNotThrown() {
        String[] vectors = {HOP_BY_HOP, ROUTING, AUTHENTICATION};
        int[] types = {IpProtocol.HOP_BY_HOP, IpProtocol.IPV6_ROUTING, IpProtocol.AH};
        for (int i = 0; i < vectors.length; i++) {
            byte[] bytes = Hex.bytes(vectors[i]);
            for (int cut = 0; cut < bytes.length; cut++) {
                MemorySegment prefix = MemorySegment.ofArray(Arrays.copyOf(bytes, cut));
                int type = types[i];
                assertThat(view(prefix, type).checkLength()).isEqualTo(WireStatus.TRUNCATED);
                assertThatThrownBy(() -> Ipv6ExtensionHeaderRepr.parse(view(prefix, type)))
                    .isInstanceOf(MalformedPacketException.class);
            }
        }
    }

    @Test
    void checkLengthShortensTheWindowToTheHeader() {
        Ipv6ExtensionHeader h = view(MemorySegment.ofArray(Arrays.copyOf(Hex.bytes(HOP_BY_HOP), 40)),
            IpProtocol.HOP_BY_HOP);
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.length()).isEqualTo(8);
    }

    @Test
    void rejectsAuthenticationHeaderNotAMultipleOfEight() {
        byte[] bytes = Hex.bytes(AUTHENTICATION);
        bytes[1] = 3; // (3 + 2) * 4 = 20 bytes: not 8-octet aligned, RFC 4302 section 2.2
        Ipv6ExtensionHeader h = view(MemorySegment.ofArray(bytes), IpProtocol.AH);
        assertThat(h.checkLength()).isEqualTo(WireStatus.BAD_HEADER_LENGTH);
        assertThat(h.headerLength()).isEqualTo(-1);
    }

    @Test
    void rejectsLengthBeyondBuffer() {
        byte[] bytes = Hex.bytes(HOP_BY_HOP);
        bytes[1] = 1;
        assertThat(view(MemorySegment.ofArray(bytes), IpProtocol.HOP_BY_HOP).checkLength())
            .isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void reprRejectsInvalidValues() {
        assertThatThrownBy(() -> new Ipv6ExtensionHeaderRepr(IpProtocol.IPV6_FRAGMENT, 6, new byte[6]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6ExtensionHeaderRepr(IpProtocol.TCP, 6, new byte[6]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6ExtensionHeaderRepr(IpProtocol.HOP_BY_HOP, 256, new byte[6]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6ExtensionHeaderRepr(IpProtocol.HOP_BY_HOP, 6, new byte[7]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6ExtensionHeaderRepr(IpProtocol.HOP_BY_HOP, 6, new byte[2048]))
            .isInstanceOf(IllegalArgumentException.class);
        var repr = new Ipv6ExtensionHeaderRepr(IpProtocol.HOP_BY_HOP, 6, new byte[6]);
        assertThatThrownBy(() -> repr.emit(view(MemorySegment.ofArray(new byte[8]), IpProtocol.IPV6_ROUTING)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repr.emit(view(MemorySegment.ofArray(new byte[7]), IpProtocol.HOP_BY_HOP)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv6ExtensionHeaderRepr.parse(view(Hex.segment(HOP_BY_HOP),
            IpProtocol.IPV6_FRAGMENT))).isInstanceOf(MalformedPacketException.class);
    }

    @Provide
    Arbitrary<Ipv6ExtensionHeaderRepr> reprs() {
        Arbitrary<Integer> types = Arbitraries.of(IpProtocol.HOP_BY_HOP, IpProtocol.IPV6_DESTINATION_OPTIONS,
            IpProtocol.IPV6_ROUTING, IpProtocol.AH, IpProtocol.IPV6_MOBILITY, IpProtocol.HIP, IpProtocol.SHIM6,
            IpProtocol.EXPERIMENT_1, IpProtocol.EXPERIMENT_2);
        return Combinators.combine(types, Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 128))
            .flatAs((type, next, units) -> Arbitraries.bytes().array(byte[].class).ofSize(units * 8 - 2)
                .map(data -> new Ipv6ExtensionHeaderRepr(type, next, data)));
    }

    @Property(tries = 300)
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") Ipv6ExtensionHeaderRepr repr) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[repr.bufferLength()]);
        repr.emit(view(buffer, repr.type()));
        Ipv6ExtensionHeader h = view(buffer, repr.type());
        assertThat(h.headerLength()).isEqualTo(repr.bufferLength());
        assertThat(Ipv6ExtensionHeaderRepr.parse(h)).isEqualTo(repr);
    }
}
