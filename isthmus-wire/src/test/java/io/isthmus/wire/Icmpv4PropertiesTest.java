package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link Icmpv4Repr} and {@link Icmpv4Packet}: emit then parse is the identity. */
class Icmpv4PropertiesTest {
    @Property
    void emitThenParseGivesTheSameRecord(@ForAll("messages") Icmpv4Repr repr, @ForAll @IntRange(max = 16) int at) {
        MemorySegment segment = MemorySegment.ofArray(new byte[at + repr.bufferLength() + 3]);
        Icmpv4Packet view = new Icmpv4Packet().wrap(segment, at, repr.bufferLength() + 3);
        repr.emit(view);
        assertThat(view.length()).isEqualTo(repr.bufferLength());
        assertThat(view.verifyChecksum()).isTrue();
        assertThat(view.type()).isEqualTo(repr.type());
        assertThat(view.code()).isEqualTo(repr.code());
        assertThat(Icmpv4Repr.parse(view)).isEqualTo(repr);
    }

    @Property
    void anyBytesParseOrFailWithAStatus(@ForAll byte[] bytes) {
        Icmpv4Packet view = new Icmpv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        if (view.checkLength() == WireStatus.OK) {
            // Fix the checksum so the bytes reach the per-type parsers.
            view.fillChecksum();
            Icmpv4Repr repr = Icmpv4Repr.parse(view);
            assertThat(repr.bufferLength()).isEqualTo(bytes.length);
        } else {
            assertThat(bytes.length).isLessThan(Icmpv4Packet.HEADER_LENGTH);
        }
    }

    @Provide
    Arbitrary<Icmpv4Repr> messages() {
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xff);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        return Arbitraries.oneOf(
            Combinators.combine(u16, u16, body).as(Icmpv4Repr.EchoRequest::new),
            Combinators.combine(u16, u16, body).as(Icmpv4Repr.EchoReply::new),
            Combinators.combine(u8.filter(code -> code != Icmpv4Packet.CODE_FRAGMENTATION_NEEDED), body)
                .as(Icmpv4Repr.DestinationUnreachable::new),
            Combinators.combine(u16, body).as(Icmpv4Repr.FragmentationNeeded::new),
            Combinators.combine(u8, body).as(Icmpv4Repr.TimeExceeded::new),
            Combinators.combine(u8, u8, body).as(Icmpv4Repr.ParameterProblem::new),
            Combinators.combine(u8, u8, Arbitraries.integers(), body)
                .filter((type, code, rest, bytes) -> !Icmpv4Repr.isModelled(type, code))
                .as(Icmpv4Repr.Other::new));
    }
}
