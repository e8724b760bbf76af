package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class EthernetFramePropertiesTest {

    @Property
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") EthernetRepr repr,
                                       @ForAll @Size(max = 64) byte[] payload) {
        int total = repr.bufferLength() + payload.length;
        MemorySegment buffer = EthernetFrameTest.garbage(total);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, buffer, repr.bufferLength(), payload.length);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, 0, total);

        repr.emit(frame);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.payloadOffset()).isEqualTo(repr.bufferLength());
        assertThat(frame.payloadLength()).isEqualTo(payload.length);
        assertThat(EthernetRepr.parse(frame)).isEqualTo(repr);
    }

    @Property
    void checkLengthNeverThrowsAndAcceptedBytesSurviveParseAndEmit(@ForAll @Size(max = 40) byte[] bytes) {
        // Untagged and tagged headers, so the interesting branches are reached often.
        if (bytes.length > 13 && bytes[0] % 2 == 0) {
            bytes[12] = (byte) 0x81;
            bytes[13] = 0x00;
        }
        MemorySegment segment = MemorySegment.ofArray(bytes);
        EthernetFrame frame = new EthernetFrame().wrap(segment, 0, bytes.length);

        if (frame.checkLength() == WireStatus.OK) {
            EthernetRepr repr = EthernetRepr.parse(frame);
            assertThat(EthernetFrameTest.emitted(repr)).isEqualTo(Hex.of(segment, 0, repr.bufferLength()));
        }
    }

    @Provide
    Arbitrary<EthernetRepr> reprs() {
        Arbitrary<Long> macs = Arbitraries.longs().between(0, MacAddress.MASK);
        Arbitrary<Long> unicast = macs.map(mac -> mac & ~(1L << 40));
        Arbitrary<EthernetRepr.VlanTag> tags = Combinators.combine(
            Arbitraries.integers().between(0, 7), Arbitraries.of(true, false), Arbitraries.integers().between(0, 4094))
            .as(EthernetRepr.VlanTag::new).injectNull(0.4);
        Arbitrary<Integer> types = Arbitraries.oneOf(
            Arbitraries.of(EtherType.IPV4, EtherType.ARP, EtherType.IPV6, EtherType.LLDP),
            Arbitraries.integers().between(EtherType.MIN_ETHER_TYPE, 0xffff))
            .filter(type -> !EtherType.isVlanTag(type));
        return Combinators.combine(macs, unicast, types, tags).as(EthernetRepr::new);
    }
}
