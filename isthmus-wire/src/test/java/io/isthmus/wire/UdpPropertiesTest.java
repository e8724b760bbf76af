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

/** Properties of {@link UdpRepr} and {@link UdpDatagram}, with random pseudo-headers. */
class UdpPropertiesTest {
    @Property
    void emitThenParseGivesTheSameRecord(@ForAll("datagrams") UdpRepr repr,
                                         @ForAll @IntRange(max = 0xffff) int pseudoHeaderSum,
                                         @ForAll @IntRange(max = 16) int at, @ForAll @IntRange(max = 8) int padding) {
        MemorySegment segment = MemorySegment.ofArray(new byte[at + repr.bufferLength() + padding]);
        UdpDatagram view = new UdpDatagram().wrap(segment, at, repr.bufferLength() + padding);
        repr.emit(view, pseudoHeaderSum);
        assertThat(view.checksum()).as("a computed zero goes out as 0xffff").isNotZero();
        assertThat(view.verifyChecksum(pseudoHeaderSum)).isTrue();
        // Re-wrapped with link padding, as it would arrive.
        view.wrap(segment, at, repr.bufferLength() + padding);
        assertThat(UdpRepr.parse(view, pseudoHeaderSum)).isEqualTo(repr);
        assertThat(view.length()).isEqualTo(repr.bufferLength());
    }

    @Property
    void checksumVerifiesOverIpv4PseudoHeaders(@ForAll("datagrams") UdpRepr repr, @ForAll int source,
                                               @ForAll int destination) {
        int pseudo = Checksum.ipv4PseudoHeader(source, destination, IpProtocol.UDP, repr.bufferLength());
        UdpDatagram view = new UdpDatagram().wrap(MemorySegment.ofArray(new byte[repr.bufferLength()]), 0,
            repr.bufferLength());
        repr.emit(view, pseudo);
        assertThat(UdpRepr.parse(view, pseudo)).isEqualTo(repr);
        assertThat(UdpRepr.parse(view, pseudo, true)).isEqualTo(repr);
    }

    @Property
    void anyBytesPassOrFailTheLengthCheckWithoutThrowing(@ForAll byte[] bytes) {
        UdpDatagram view = new UdpDatagram().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        WireStatus status = view.checkLength();
        if (status == WireStatus.OK) {
            assertThat(view.length()).isEqualTo(view.datagramLength()).isLessThanOrEqualTo(bytes.length);
            assertThat(view.payloadLength()).isGreaterThanOrEqualTo(0);
        } else {
            assertThat(status).isIn(WireStatus.TRUNCATED, WireStatus.BAD_LENGTH);
        }
    }

    @Provide
    Arbitrary<UdpRepr> datagrams() {
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 0xffff);
        return Combinators.combine(port, port, Arbitraries.bytes().array(byte[].class).ofMaxSize(600))
            .as(UdpRepr::new);
    }
}
