package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    /** RFC 1071 section 3, "Numerical Examples". */
    static final String RFC1071_EXAMPLE = """
        00 01    # word 0x0001
        f2 03    # word 0xf203
        f4 f5    # word 0xf4f5
        f6 f7    # word 0xf6f7: the sum is 0x2ddf0, folded 0xddf2
        """;

    /** Reference: 16-bit words summed one at a time with end-around carry, an odd byte padded with zero. */
    static int naiveSum(byte[] data, int from, int to, int initial) {
        int sum = initial & 0xffff;
        for (int i = from; i < to; i += 2) {
            int word = (data[i] & 0xff) << 8 | (i + 1 < to ? data[i + 1] & 0xff : 0);
            sum += word;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    static int sum(byte[] data) {
        return Checksum.sum(MemorySegment.ofArray(data), 0, data.length, 0);
    }

    @Test
    void sumsTheRfc1071Example() {
        MemorySegment example = Hex.segment(RFC1071_EXAMPLE);

        assertThat(Checksum.sum(example, 0, 8, 0)).isEqualTo(0xddf2);
        assertThat(Checksum.finish(0xddf2)).isEqualTo(0x220d);
    }

    @Test
    void sumsTheRfc1071ExampleAtAnyAlignment() {
        byte[] example = Hex.bytes(RFC1071_EXAMPLE);
        for (int at = 0; at < 8; at++) {
            MemorySegment buffer = MemorySegment.ofArray(new byte[32]);
            MemorySegment.copy(MemorySegment.ofArray(example), 0, buffer, at, 8);
            assertThat(Checksum.sum(buffer, at, 8, 0)).as("at offset %d", at).isEqualTo(0xddf2);
        }
    }

    @Test
    void sumsTheRfc1071ExampleInEitherByteOrder() {
        // RFC 1071 section 2 (B): swapping the bytes of every word swaps the bytes of the sum.
        assertThat(sum(Hex.bytes("01 00 03 f2 f5 f4 f7 f6"))).isEqualTo(0xf2dd);
    }

    @Test
    void padsAnOddLastByteWithZero() {
        assertThat(sum(Hex.bytes("01"))).isEqualTo(0x0100);
        assertThat(sum(Hex.bytes("00 01 f2"))).isEqualTo(0xf201);
        assertThat(sum(Hex.bytes("00 01 f2 03 f4"))).isEqualTo(0xe605);
        assertThat(sum(Hex.bytes("00 01 f2 03 f4 f5 f6"))).isEqualTo(Checksum.fold(0x0001 + 0xf203 + 0xf4f5 + 0xf600));
    }

    @Test
    void anEmptyRangeAddsNothing() {
        assertThat(Checksum.sum(MemorySegment.ofArray(new byte[0]), 0, 0, 0)).isZero();
        assertThat(Checksum.sum(MemorySegment.ofArray(new byte[4]), 2, 0, 0x1234)).isEqualTo(0x1234);
    }

    @Test
    void keepsPositiveAndNegativeZeroApart() {
        // Ones' complement has two zeros: all-zero data sums to +0, non-zero data that cancels sums to -0.
        assertThat(sum(new byte[8])).isEqualTo(0x0000);
        assertThat(Checksum.finish(0x0000)).isEqualTo(0xffff);
        assertThat(sum(Hex.bytes("ff ff"))).isEqualTo(0xffff);
        assertThat(sum(Hex.bytes("80 00 7f ff"))).isEqualTo(0xffff);
        assertThat(Checksum.finish(0xffff)).isEqualTo(0x0000);
    }

    @Test
    void foldsWideAccumulators() {
        assertThat(Checksum.fold(0x2ddf0)).isEqualTo(0xddf2);
        assertThat(Checksum.fold(0xffff_ffff_ffffL)).isEqualTo(0xffff);
        assertThat(Checksum.fold(0x1_0000)).isEqualTo(0x0001);
        assertThat(Checksum.add(0xffff, 0x0001)).isEqualTo(0x0001);
        assertThat(Checksum.add(0xddf2, 0)).isEqualTo(0xddf2);
    }

    @Test
    void sumsTheIpv4PseudoHeader() {
        // RFC 768: source, destination, zero, protocol, UDP length.
        byte[] pseudo = Hex.bytes("c0 00 02 01  c6 33 64 07  00 11  00 1c");
        int expected = sum(pseudo);

        assertThat(Checksum.ipv4PseudoHeader(0xc000_0201, 0xc633_6407, IpProtocol.UDP, 28)).isEqualTo(expected);
    }

    @Test
    void sumsTheIpv6PseudoHeader() {
        // RFC 8200 section 8.1: source, destination, 32-bit length, three zero bytes, next header.
        byte[] pseudo = Hex.bytes("""
            20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01
            20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02
            00 01 00 20   00 00 00 3a
            """);
        Ipv6Address source = Ipv6Address.parse("2001:db8::1");
        Ipv6Address destination = Ipv6Address.parse("2001:db8::2");

        assertThat(Checksum.ipv6PseudoHeader(source.high(), source.low(), destination.high(), destination.low(),
            IpProtocol.ICMPV6, 0x1_0020)).isEqualTo(sum(pseudo));
    }

    @Test
    void adjustsTheRfc1624Example() {
        // RFC 1624 section 4: the other header words sum to 0xcd7a, a field changes from 0x5555 to 0x3285.
        int checksum = Checksum.finish(Checksum.add(0xcd7a, 0x5555));
        assertThat(checksum).isEqualTo(0xdd2f);

        int recomputed = Checksum.finish(Checksum.add(0xcd7a, 0x3285));
        int adjusted = Checksum.adjust(checksum, 0x5555, 0x3285);

        // Equation 2 of RFC 1141 would give -0 (0xffff) here; equation 3 gives +0 as recomputing does.
        assertThat(recomputed).isEqualTo(0x0000);
        assertThat(adjusted).isEqualTo(0x0000);
    }

    @Test
    void anUnchangedFieldLeavesANegativeZeroSumAlone() {
        // RFC 1624 erratum 4782 fears HC 0x0000 and m == m' give 0xffff; with end-around carry it stays 0x0000.
        assertThat(Checksum.adjust(0x0000, 0x5555, 0x5555)).isEqualTo(0x0000);
        assertThat(Checksum.adjust(0xdd2f, 0x5555, 0x5555)).isEqualTo(0xdd2f);
    }

    @Test
    void cannotTellThatAllTheNewDataIsZero() {
        // The one case RFC 1624 equation 3 cannot get right: it never yields 0xffff, which only all-zero data has.
        byte[] data = Hex.bytes("00 00 12 34");
        int checksum = Checksum.finish(sum(data));

        int adjusted = Checksum.adjust(checksum, 0x1234, 0x0000);

        assertThat(Checksum.finish(sum(new byte[4]))).isEqualTo(0xffff);
        assertThat(adjusted).isEqualTo(0x0000);
    }

    @Test
    void sumsOnlyTheGivenWindow() {
        byte[] data = Hex.bytes("ff ff 00 01 f2 03 f4 f5 f6 f7 ff ff");
        assertThat(Checksum.sum(MemorySegment.ofArray(data), 2, 8, 0)).isEqualTo(0xddf2);
    }
}
