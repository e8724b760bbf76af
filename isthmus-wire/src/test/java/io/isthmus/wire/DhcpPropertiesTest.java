package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link DhcpMessage}, {@link DhcpOptionsIterator} and {@link DhcpRepr}. */
class DhcpPropertiesTest {
    @Property
    void emitThenParseGivesTheSameRecord(@ForAll("messages") DhcpRepr repr, @ForAll @IntRange(max = 16) int at,
                                         @ForAll @IntRange(max = 8) int padding) {
        MemorySegment segment = MemorySegment.ofArray(new byte[at + repr.bufferLength() + padding]);
        DhcpMessage view = new DhcpMessage().wrap(segment, at, repr.bufferLength() + padding);
        repr.emit(view);
        assertThat(view.length()).isEqualTo(repr.bufferLength());
        assertThat(view.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(DhcpRepr.parse(view)).isEqualTo(repr);
        assertThat(view.messageType()).isEqualTo(repr.messageType());
    }

    @Property
    void anyBytesPassOrFailTheCheckWithoutThrowing(@ForAll("noise") byte[] bytes) {
        DhcpMessage view = new DhcpMessage().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        WireStatus status = view.checkLength();
        assertThat(status).isIn(WireStatus.OK, WireStatus.TRUNCATED, WireStatus.BAD_FIELD, WireStatus.BAD_OPTION);
        if (status == WireStatus.OK) {
            DhcpOptionsIterator options = new DhcpOptionsIterator().reset(view);
            while (options.next()) {
                assertThat(options.dataOffset() + options.dataLength()).isLessThanOrEqualTo(bytes.length);
            }
            assertThat(options.status()).isEqualTo(WireStatus.OK);
            assertThat(DhcpRepr.parse(view)).isNotNull();
        }
    }

    /** Random bytes behind a valid header and cookie, so the option walk sees every kind of garbage. */
    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(400).map(tail -> {
            byte[] bytes = new byte[DhcpMessage.MIN_LENGTH + tail.length];
            bytes[0] = 1;
            bytes[1] = 1;
            bytes[2] = 6;
            bytes[236] = 0x63;
            bytes[237] = (byte) 0x82;
            bytes[238] = 0x53;
            bytes[239] = 0x63;
            System.arraycopy(tail, 0, bytes, DhcpMessage.MIN_LENGTH, tail.length);
            return bytes;
        }).injectDuplicates(0.01).edgeCases(config -> config.add(new byte[DhcpMessage.MIN_LENGTH]));
    }

    @Provide
    Arbitrary<DhcpRepr> messages() {
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xff);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Integer> any = Arbitraries.integers();
        Arbitrary<DhcpOption> option = Combinators.combine(
                Arbitraries.integers().between(1, 254).filter(c -> c != DhcpOptionsIterator.OVERLOAD),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
            .as(DhcpOption::new);
        Arbitrary<List<DhcpOption>> options = option.list().ofMaxSize(12);
        Arbitrary<String> name = Arbitraries.strings().withCharRange((char) 1, (char) 0xff).ofMaxLength(64);
        Arbitrary<byte[]> chaddr = Arbitraries.bytes().array(byte[].class).ofSize(16);
        return Combinators.combine(Arbitraries.of(1, 2), u8, Arbitraries.integers().between(0, 16), u8, any, u16,
                u16, any)
            .flatAs((op, htype, hlen, hops, xid, secs, flags, ciaddr) -> Combinators.combine(any, any, any, chaddr,
                    name, name, options)
                .as((yiaddr, siaddr, giaddr, ch, sname, file, list) -> new DhcpRepr(op, htype, hlen, hops, xid,
                    secs, flags, ciaddr, yiaddr, siaddr, giaddr, ch, sname, file, list)));
    }
}
