package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Ipv6OptionsIteratorTest {
    /** A destination options header with padding and one unknown option per action. */
    static final String VECTOR = """
        2b          # next header 43 (routing)
        01          # hdr ext len 1: 16 bytes
        00          # Pad1
        1e 01 aa    # type 0x1e: action 00 (skip), may not change; 1 byte of data
        3e 00       # type 0x3e: action 00, may change; no data
        5e 00       # type 0x5e: action 01 (discard)
        9e 00       # type 0x9e: action 10 (discard, ICMP even if multicast)
        de 00       # type 0xde: action 11 (discard, ICMP unless multicast)
        01 00       # PadN, no data
        """;

    /** A hop-by-hop header with a router alert and a jumbo payload option (data read as integers). */
    static final String HOP_BY_HOP = """
        3a          # next header 58 (ICMPv6)
        01          # hdr ext len 1: 16 bytes
        05 02 00 01 # router alert, value 1 (RSVP)
        c2 04 00 01 00 00  # jumbo payload, length 65536
        01 02 00 00 # PadN, two bytes of data
        """;

    record Option(int offset, int type, int action, boolean mayChange, int dataLength) {
    }

    private static List<Option> walk(Ipv6OptionsIterator options) {
        List<Option> seen = new ArrayList<>();
        while (options.next()) {
            seen.add(new Option(options.optionOffset(), options.type(), options.action(), options.mayChange(),
                options.dataLength()));
        }
        return seen;
    }

    private static Ipv6ExtensionHeader header(MemorySegment segment, int type) {
        Ipv6ExtensionHeader h = new Ipv6ExtensionHeader().wrap(segment, 0, (int) segment.byteSize(), type);
        assertThat(h.checkLength()).isEqualTo(WireStatus.OK);
        return h;
    }

    @Test
    void walksEveryOptionWithItsActionBits() {
        var options = new Ipv6OptionsIterator().reset(header(Hex.segment(VECTOR),
            IpProtocol.IPV6_DESTINATION_OPTIONS));
        assertThat(walk(options)).containsExactly(
            new Option(2, 0x00, 0, false, 0),
            new Option(3, 0x1e, Ipv6OptionsIterator.ACTION_SKIP, false, 1),
            new Option(6, 0x3e, Ipv6OptionsIterator.ACTION_SKIP, true, 0),
            new Option(8, 0x5e, Ipv6OptionsIterator.ACTION_DISCARD, false, 0),
            new Option(10, 0x9e, Ipv6OptionsIterator.ACTION_DISCARD_ICMP, false, 0),
            new Option(12, 0xde, Ipv6OptionsIterator.ACTION_DISCARD_ICMP_UNLESS_MULTICAST, false, 0),
            new Option(14, 0x01, 0, false, 0));
        assertThat(options.status()).isEqualTo(WireStatus.OK);
        assertThat(options.next()).isFalse();
    }

    @Test
    void readsOptionDataAndPadding() {
        var options = new Ipv6OptionsIterator().reset(header(Hex.segment(HOP_BY_HOP), IpProtocol.HOP_BY_HOP));
        assertThat(options.next()).isTrue();
        assertThat(options.type()).isEqualTo(Ipv6OptionsIterator.ROUTER_ALERT);
        assertThat(options.isPadding()).isFalse();
        assertThat(options.optionLength()).isEqualTo(4);
        assertThat(options.dataOffset()).isEqualTo(4);
        assertThat(options.dataU16(0)).isEqualTo(1);
        assertThat(options.next()).isTrue();
        assertThat(options.type()).isEqualTo(Ipv6OptionsIterator.JUMBO_PAYLOAD);
        assertThat(options.action()).isEqualTo(Ipv6OptionsIterator.ACTION_DISCARD_ICMP_UNLESS_MULTICAST);
        assertThat(options.dataU32(0)).isEqualTo(65536);
        assertThat(options.dataU8(1)).isEqualTo(1);
        assertThatThrownBy(() -> options.dataU32(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> options.dataU8(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(options.next()).isTrue();
        assertThat(options.type()).isEqualTo(Ipv6OptionsIterator.PADN);
        assertThat(options.isPadding()).isTrue();
        assertThat(options.dataLength()).isEqualTo(2);
        assertThat(options.next()).isFalse();
        assertThat(options.status()).isEqualTo(WireStatus.OK);
    }

    @Test
    void pad1HasNoLengthOctet() {
        var options = new Ipv6OptionsIterator().reset(Hex.segment("00 00 00"), 0, 0, 3);
        assertThat(walk(options)).hasSize(3).allSatisfy(o -> assertThat(o.dataLength()).isZero());
        assertThat(options.status()).isEqualTo(WireStatus.OK);
    }

    @Test
    void rejectsOptionTypeWithoutLengthOctet() {
        var options = new Ipv6OptionsIterator().reset(Hex.segment("00 1e"), 0, 0, 2);
        assertThat(options.next()).isTrue();
        assertThat(options.next()).isFalse();
        assertThat(options.status()).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(options.optionOffset()).isEqualTo(1);
        assertThat(options.next()).isFalse();
    }

    @Test
    void rejectsOptionDataBeyondTheHeader() {
        byte[] bytes = Hex.bytes(VECTOR);
        bytes[15] = 1; // the final PadN claims one byte of data past the end of the header
        var options = new Ipv6OptionsIterator().reset(header(MemorySegment.ofArray(bytes),
            IpProtocol.IPV6_DESTINATION_OPTIONS));
        assertThat(walk(options)).hasSize(6);
        assertThat(options.status()).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(options.optionOffset()).isEqualTo(14);
    }

    @Test
    void truncationAtEveryLengthIsReportedNotThrown() {
        MemorySegment segment = Hex.segment(VECTOR);
        int[] optionEnds = {3, 6, 8, 10, 12, 14, 16};
        for (int cut = 2; cut < 16; cut++) {
            var options = new Ipv6OptionsIterator().reset(segment, 0, 2, cut);
            int walked = walk(options).size();
            int finalCut = cut;
            boolean onBoundary = java.util.Arrays.stream(optionEnds).anyMatch(end -> end == finalCut) || cut == 2;
            assertThat(options.status()).as("cut %d", cut)
                .isEqualTo(onBoundary ? WireStatus.OK : WireStatus.BAD_OPTION);
            assertThat(walked).isLessThan(7);
        }
    }

    @Property(tries = 500)
    void arbitraryOptionBytesNeverThrowAndTileTheArea(@ForAll byte[] bytes) {
        var options = new Ipv6OptionsIterator().reset(MemorySegment.ofArray(bytes), 0, 0, bytes.length);
        int covered = 0;
        while (options.next()) {
            assertThat(options.optionOffset()).isEqualTo(covered);
            covered += options.optionLength();
        }
        if (options.status() == WireStatus.OK) {
            assertThat(covered).isEqualTo(bytes.length);
        } else {
            assertThat(covered).isLessThan(bytes.length);
        }
    }
}
