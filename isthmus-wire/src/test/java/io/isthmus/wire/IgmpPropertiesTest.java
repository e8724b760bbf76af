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

class IgmpPropertiesTest {

    @Property
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") IgmpRepr repr) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[repr.bufferLength()]);
        IgmpPacket igmp = new IgmpPacket().wrap(buffer, 0, repr.bufferLength());

        repr.emit(igmp);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(igmp.verifyChecksum()).isTrue();
        assertThat(IgmpRepr.parse(igmp)).isEqualTo(repr);
    }

    @Property
    void checkLengthNeverThrowsAndAcceptedBytesParse(@ForAll @Size(max = 64) byte[] bytes) {
        // Make the type a v3 report or query half of the time, so the record and source walks are exercised.
        if (bytes.length > 0 && bytes[bytes.length - 1] % 2 == 0) {
            bytes[0] = (byte) (bytes[bytes.length - 1] % 4 == 0 ? IgmpPacket.V3_MEMBERSHIP_REPORT
                : IgmpPacket.MEMBERSHIP_QUERY);
        }
        MemorySegment segment = MemorySegment.ofArray(bytes);
        IgmpPacket igmp = new IgmpPacket().wrap(segment, 0, bytes.length);

        if (igmp.checkLength() == WireStatus.OK) {
            igmp.fillChecksum();
            IgmpRepr repr = IgmpRepr.parse(igmp);
            assertThat(repr.bufferLength()).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Provide
    Arbitrary<IgmpRepr> reprs() {
        Arbitrary<Integer> addresses = Arbitraries.integers();
        Arbitrary<Integer> bytes = Arbitraries.integers().between(0, 255);
        Arbitrary<IgmpRepr> query = Combinators.combine(bytes, addresses).as(IgmpRepr.Query::new);
        Arbitrary<IgmpRepr> v3Query = Combinators.combine(bytes, addresses, Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 7), bytes, addresses.list().ofMaxSize(4)).as(IgmpRepr.V3Query::new);
        Arbitrary<IgmpRepr.GroupRecord> record = Combinators.combine(bytes, addresses, addresses.list().ofMaxSize(3),
            addresses.list().ofMaxSize(2)).as(IgmpRepr.GroupRecord::new);
        Arbitrary<IgmpRepr> v3Report = record.list().ofMaxSize(4).map(IgmpRepr.V3Report::new);
        Arbitrary<IgmpRepr> shortOnes = Arbitraries.oneOf(addresses.map(IgmpRepr.V1Report::new),
            addresses.map(IgmpRepr.V2Report::new), addresses.map(IgmpRepr.Leave::new));
        Arbitrary<IgmpRepr> other = Combinators.combine(bytes.filter(t -> t != 0x11 && t != 0x12 && t != 0x16
            && t != 0x17 && t != 0x22), bytes, addresses).as(IgmpRepr.Other::new);
        return Arbitraries.oneOf(query, v3Query, v3Report, shortOnes, other);
    }
}
