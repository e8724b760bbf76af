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

class ArpPacketPropertiesTest {

    @Property
    void emitThenParseGivesTheSameRepr(@ForAll("reprs") ArpRepr repr) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[repr.bufferLength()]);
        ArpPacket arp = new ArpPacket().wrap(buffer, 0, repr.bufferLength());

        repr.emit(arp);

        assertThat(ArpRepr.parse(arp)).isEqualTo(repr);
    }

    @Property
    void turningARequestIntoAReplySwapsTheAddresses(@ForAll("reprs") ArpRepr request,
                                                    @ForAll("macs") long answer) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        ArpPacket arp = new ArpPacket().wrap(buffer, 0, ArpPacket.LENGTH);
        request.emit(arp);

        arp.turnIntoReply(answer);

        assertThat(ArpRepr.parse(arp)).isEqualTo(ArpRepr.reply(answer, request.targetProtocolAddress(),
            request.senderHardwareAddress(), request.senderProtocolAddress()));
    }

    @Property
    void checkLengthNeverThrowsAndAcceptedBytesSurviveParseAndEmit(@ForAll @Size(max = 40) byte[] bytes) {
        // Make the type and length fields valid half of the time, so accepted packets are common.
        if (bytes.length >= 6 && bytes[7 % bytes.length] % 2 == 0) {
            System.arraycopy(new byte[] {0, 1, 8, 0, 6, 4}, 0, bytes, 0, 6);
        }
        MemorySegment segment = MemorySegment.ofArray(bytes);
        ArpPacket arp = new ArpPacket().wrap(segment, 0, bytes.length);

        if (arp.checkLength() == WireStatus.OK) {
            assertThat(ArpPacketTest.emitted(ArpRepr.parse(arp))).isEqualTo(Hex.of(segment, 0, ArpPacket.LENGTH));
        }
    }

    @Provide
    Arbitrary<Long> macs() {
        return Arbitraries.longs().between(0, MacAddress.MASK);
    }

    @Provide
    Arbitrary<ArpRepr> reprs() {
        Arbitrary<Integer> operations = Arbitraries.oneOf(Arbitraries.of(ArpPacket.REQUEST, ArpPacket.REPLY),
            Arbitraries.integers().between(0, 0xffff));
        Arbitrary<Integer> addresses = Arbitraries.integers();
        return Combinators.combine(operations, macs(), addresses, macs(), addresses).as(ArpRepr::new);
    }
}
