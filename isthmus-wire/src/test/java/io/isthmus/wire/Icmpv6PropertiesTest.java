package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link Icmpv6Repr} and {@link Icmpv6Packet}, with random pseudo-headers. */
class Icmpv6PropertiesTest {
    @Property
    void emitThenParseGivesTheSameRecord(@ForAll("messages") Icmpv6Repr repr,
                                         @ForAll @IntRange(max = 0xffff) int pseudoHeaderSum,
                                         @ForAll @IntRange(max = 16) int at) {
        MemorySegment segment = MemorySegment.ofArray(new byte[at + repr.bufferLength()]);
        Icmpv6Packet view = new Icmpv6Packet().wrap(segment, at, repr.bufferLength());
        repr.emit(view, pseudoHeaderSum);
        assertThat(view.verifyChecksum(pseudoHeaderSum)).isTrue();
        assertThat(view.type()).isEqualTo(repr.type());
        assertThat(view.code()).isEqualTo(repr.code());
        assertThat(Icmpv6Repr.parse(view, pseudoHeaderSum)).isEqualTo(repr);
    }

    @Property
    void checksumVerifiesForTheRealPseudoHeaderOnly(@ForAll("messages") Icmpv6Repr repr,
                                                    @ForAll long sourceHigh, @ForAll long sourceLow,
                                                    @ForAll long destinationHigh, @ForAll long destinationLow,
                                                    @ForAll @IntRange(min = 1, max = 0xfffe) int spoof) {
        int pseudo = Checksum.ipv6PseudoHeader(sourceHigh, sourceLow, destinationHigh, destinationLow,
            IpProtocol.ICMPV6, repr.bufferLength());
        Icmpv6Packet view = new Icmpv6Packet().wrap(MemorySegment.ofArray(new byte[repr.bufferLength()]), 0,
            repr.bufferLength());
        repr.emit(view, pseudo);
        assertThat(Icmpv6Repr.parse(view, pseudo)).isEqualTo(repr);
        // Another pseudo-header (a different sum modulo 0xffff) fails.
        int other = Checksum.add(pseudo, spoof);
        assertThat(view.verifyChecksum(other)).isFalse();
        assertThatThrownBy(() -> Icmpv6Repr.parse(view, other)).isInstanceOf(MalformedPacketException.class);
    }

    @Property
    void anyBytesParseOrFailWithAStatus(@ForAll byte[] bytes, @ForAll @IntRange(max = 0xffff) int pseudoHeaderSum) {
        Icmpv6Packet view = new Icmpv6Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        Assume.that(view.checkLength() == WireStatus.OK);
        view.fillChecksum(pseudoHeaderSum);
        assertThat(Icmpv6Repr.parse(view, pseudoHeaderSum).bufferLength()).isEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<Icmpv6Repr> messages() {
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xff);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffff_ffffL);
        return Arbitraries.oneOf(
            Combinators.combine(u16, u16, body).as(Icmpv6Repr.EchoRequest::new),
            Combinators.combine(u16, u16, body).as(Icmpv6Repr.EchoReply::new),
            Combinators.combine(u8, body).as(Icmpv6Repr.DestinationUnreachable::new),
            Combinators.combine(u32, body).as(Icmpv6Repr.PacketTooBig::new),
            Combinators.combine(u8, body).as(Icmpv6Repr.TimeExceeded::new),
            Combinators.combine(u8, u32, body).as(Icmpv6Repr.ParameterProblem::new),
            Combinators.combine(u8, u8, Arbitraries.integers(), body)
                .filter((type, code, rest, bytes) -> !Icmpv6Repr.isModelled(type, code))
                .as(Icmpv6Repr.Other::new));
    }
}
