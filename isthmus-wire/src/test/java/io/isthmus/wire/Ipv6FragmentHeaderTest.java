package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Ipv6FragmentHeaderTest {
    static final String VECTOR = """
        11          # next header 17 (UDP)
        00          # reserved
        05 c9       # fragment offset 185 (1480 bytes), reserved bits 00, M 1
        de ad be ef # identification
        """;

    private static Ipv6FragmentHeader view(MemorySegment segment) {
        return new Ipv6FragmentHeader().wrap(segment, 0, (int) segment.byteSize());
    }

    @Test
    void readsEveryField() {
        Ipv6FragmentHeader h = view(Hex.segment(VECTOR));
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.nextHeader()).isEqualTo(IpProtocol.UDP);
        assertThat(h.reserved()).isZero();
        assertThat(h.fragmentOffset()).isEqualTo(185);
        assertThat(h.reservedBits()).isZero();
        assertThat(h.moreFragments()).isTrue();
        assertThat(h.isFirstFragment()).isFalse();
        assertThat(h.identification()).isEqualTo(0xdeadbeef);
        Ipv6FragmentRepr repr = Ipv6FragmentRepr.parse(h);
        assertThat(repr).isEqualTo(new Ipv6FragmentRepr(IpProtocol.UDP, 185, true, 0xdeadbeef));
        assertThat(repr.fragmentOffsetBytes()).isEqualTo(1480);
        assertThat(repr.bufferLength()).isEqualTo(8);
    }

    @Test
    void buildsEveryField() {
        MemorySegment out = MemorySegment.ofArray(new byte[8]);
        out.fill((byte) 0xff);
        Ipv6FragmentHeader h = view(out);
        h.fill(0, 0, false, 0);
        h.setNextHeader(IpProtocol.UDP);
        h.setFragmentOffsetAndMore(185, true);
        h.setIdentification(0xdeadbeef);
        assertThat(Hex.of(out, 0, 8)).isEqualTo(Hex.of(Hex.bytes(VECTOR)));
        out.fill((byte) 0xff);
        h.fill(IpProtocol.UDP, 185, true, 0xdeadbeef);
        assertThat(Hex.of(out, 0, 8)).isEqualTo(Hex.of(Hex.bytes(VECTOR)));
    }

    @Test
    void reprEmitsTheVector() {
        MemorySegment out = MemorySegment.ofArray(new byte[8]);
        Ipv6FragmentRepr.parse(view(Hex.segment(VECTOR))).emit(view(out));
        assertThat(Hex.of(out, 0, 8)).isEqualTo(Hex.of(Hex.bytes(VECTOR)));
    }

    @Test
    void reservedFieldsAreIgnoredOnReception() {
        // RFC 8200 section 4.5: reserved fields are ignored on reception, and written zero on emit.
        MemorySegment in = Hex.segment("11 ff 05 cf deadbeef");
        Ipv6FragmentHeader h = view(in);
        assertThat(h.reserved()).isEqualTo(0xff);
        assertThat(h.reservedBits()).isEqualTo(3);
        assertThat(h.fragmentOffset()).isEqualTo(185);
        assertThat(h.moreFragments()).isTrue();
        MemorySegment out = MemorySegment.ofArray(new byte[8]);
        Ipv6FragmentRepr.parse(h).emit(view(out));
        assertThat(Hex.of(out, 0, 8)).isEqualTo(Hex.of(Hex.bytes(VECTOR)));
    }

    @Test
    void truncationAtEveryLengthIsReportedNotThrown() {
        byte[] bytes = Hex.bytes(VECTOR);
        for (int cut = 0; cut < bytes.length; cut++) {
            MemorySegment prefix = MemorySegment.ofArray(Arrays.copyOf(bytes, cut));
            assertThat(view(prefix).checkLength()).isEqualTo(WireStatus.TRUNCATED);
            assertThatThrownBy(() -> Ipv6FragmentRepr.parse(view(prefix)))
                .isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void checkLengthLeavesTheWindowOverTheData() {
        Ipv6FragmentHeader h = view(MemorySegment.ofArray(Arrays.copyOf(Hex.bytes(VECTOR), 24)));
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(h.length()).isEqualTo(24);
    }

    @Test
    void reprRejectsInvalidValues() {
        assertThatThrownBy(() -> new Ipv6FragmentRepr(256, 0, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6FragmentRepr(0, 8192, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6FragmentRepr(0, -1, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv6FragmentRepr(0, 0, false, 0).emit(view(MemorySegment.ofArray(new byte[7]))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void emitThenParseGivesTheSameRepr(@ForAll @IntRange(max = 255) int nextHeader,
                                      @ForAll @IntRange(max = 8191) int offset, @ForAll boolean more,
                                      @ForAll int identification) {
        Ipv6FragmentRepr repr = new Ipv6FragmentRepr(nextHeader, offset, more, identification);
        MemorySegment buffer = MemorySegment.ofArray(new byte[8]);
        repr.emit(view(buffer));
        assertThat(Ipv6FragmentRepr.parse(view(buffer))).isEqualTo(repr);
    }
}
