package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChecksumPropertiesTest {

    @Property
    void sumAgreesWithTheWordByWordDefinition(@ForAll @Size(max = 80) byte[] data,
                                              @ForAll @IntRange(max = 80) int a,
                                              @ForAll @IntRange(max = 80) int b,
                                              @ForAll @IntRange(max = 0xffff) int initial) {
        // Any window, odd offsets and odd lengths included.
        int from = a % (data.length + 1);
        int to = from + b % (data.length - from + 1);

        assertThat(Checksum.sum(MemorySegment.ofArray(data), from, to - from, initial))
            .isEqualTo(ChecksumTest.naiveSum(data, from, to, initial));
    }

    @Property
    void sumsOfEvenPiecesChain(@ForAll @Size(max = 80) byte[] data, @ForAll @IntRange(max = 40) int half) {
        int split = 2 * (half % (data.length / 2 + 1));
        MemorySegment segment = MemorySegment.ofArray(data);

        int chained = Checksum.sum(segment, split, data.length - split, Checksum.sum(segment, 0, split, 0));
        int added = Checksum.add(Checksum.sum(segment, 0, split, 0),
            Checksum.sum(segment, split, data.length - split, 0));

        assertThat(chained).isEqualTo(ChecksumTest.sum(data));
        assertThat(added).isEqualTo(ChecksumTest.sum(data));
    }

    @Property
    void ofIntAndOfLongSumTheirWords(@ForAll int i, @ForAll long l) {
        MemorySegment segment = MemorySegment.ofArray(new byte[12]);
        segment.set(PacketView.U32, 0, i);
        segment.set(PacketView.U64, 4, l);

        assertThat(Checksum.ofInt(i)).isEqualTo(Checksum.sum(segment, 0, 4, 0));
        assertThat(Checksum.ofLong(l)).isEqualTo(Checksum.sum(segment, 4, 8, 0));
    }

    @Property
    void pseudoHeaderSumsAgreeWithTheirBytes(@ForAll int source, @ForAll int destination,
                                             @ForAll @IntRange(max = 255) int protocol,
                                             @ForAll @IntRange(max = 0xffff) int length,
                                             @ForAll long sh, @ForAll long sl, @ForAll long dh, @ForAll long dl,
                                             @ForAll int jumboLength) {
        MemorySegment v4 = MemorySegment.ofArray(new byte[12]);
        v4.set(PacketView.U32, 0, source);
        v4.set(PacketView.U32, 4, destination);
        v4.set(PacketView.U16, 8, (short) protocol);
        v4.set(PacketView.U16, 10, (short) length);
        assertThat(Checksum.ipv4PseudoHeader(source, destination, protocol, length))
            .isEqualTo(Checksum.sum(v4, 0, 12, 0));

        MemorySegment v6 = MemorySegment.ofArray(new byte[40]);
        v6.set(PacketView.U64, 0, sh);
        v6.set(PacketView.U64, 8, sl);
        v6.set(PacketView.U64, 16, dh);
        v6.set(PacketView.U64, 24, dl);
        v6.set(PacketView.U32, 32, jumboLength);
        v6.set(PacketView.U32, 36, protocol);
        assertThat(Checksum.ipv6PseudoHeader(sh, sl, dh, dl, protocol, jumboLength))
            .isEqualTo(Checksum.sum(v6, 0, 40, 0));
    }

    @Property
    void aFilledChecksumVerifies(@ForAll @Size(min = 2, max = 80) byte[] data, @ForAll @IntRange(max = 39) int index) {
        int word = index % (data.length / 2);
        MemorySegment segment = MemorySegment.ofArray(data);
        segment.set(PacketView.U16, 2L * word, (short) 0);

        segment.set(PacketView.U16, 2L * word, (short) Checksum.finish(ChecksumTest.sum(data)));

        assertThat(ChecksumTest.sum(data)).isEqualTo(0xffff);
    }

    /**
     * RFC 1624: for random data and a random change of one 16-bit word, the adjusted checksum equals the recomputed
     * one, as long as the new data is not all zero (the case {@link ChecksumTest#cannotTellThatAllTheNewDataIsZero}
     * shows).
     */
    @Property
    void adjustAgreesWithRecomputing(@ForAll @Size(min = 2, max = 64) byte[] data,
                                     @ForAll @IntRange(max = 31) int index,
                                     @ForAll @IntRange(max = 0xffff) int newWord) {
        int word = index % (data.length / 2);
        MemorySegment segment = MemorySegment.ofArray(data);
        int checksum = Checksum.finish(ChecksumTest.sum(data));
        int oldWord = segment.get(PacketView.U16, 2L * word) & 0xffff;

        segment.set(PacketView.U16, 2L * word, (short) newWord);
        Assume.that(ChecksumTest.sum(data) != 0);

        assertThat(Checksum.adjust(checksum, oldWord, newWord)).isEqualTo(Checksum.finish(ChecksumTest.sum(data)));
    }

    /**
     * The corner case of RFC 1624 section 4, forced: the new word is chosen so the new data sums to -0 (0xffff), where
     * the checksum must come out +0 (0x0000), not the -0 that equation 2 of RFC 1141 gives.
     */
    @Property
    void adjustGivesPositiveZeroWhenTheNewDataSumsToNegativeZero(@ForAll @Size(min = 2, max = 64) byte[] data,
                                                                 @ForAll @IntRange(max = 31) int index) {
        int word = index % (data.length / 2);
        MemorySegment segment = MemorySegment.ofArray(data);
        int checksum = Checksum.finish(ChecksumTest.sum(data));
        int oldWord = segment.get(PacketView.U16, 2L * word) & 0xffff;
        segment.set(PacketView.U16, 2L * word, (short) 0);
        int newWord = ~ChecksumTest.sum(data) & 0xffff;

        segment.set(PacketView.U16, 2L * word, (short) newWord);

        assertThat(ChecksumTest.sum(data)).isEqualTo(0xffff);
        assertThat(Checksum.finish(ChecksumTest.sum(data))).isEqualTo(0x0000);
        assertThat(Checksum.adjust(checksum, oldWord, newWord)).isEqualTo(0x0000);
    }

    /**
     * The way the data plane uses it: a header holding its own checksum, a field rewritten, the checksum adjusted;
     * the header still verifies unless every other word is zero (never so in a real header: version, protocol).
     */
    @Property
    void anAdjustedHeaderStillVerifies(@ForAll @Size(min = 4, max = 60) byte[] data,
                                       @ForAll @IntRange(max = 29) int index,
                                       @ForAll @IntRange(max = 0xffff) int newValue) {
        int end = data.length & ~1;
        int checksumAt = end - 2;
        int field = index % (checksumAt / 2);
        MemorySegment segment = MemorySegment.ofArray(data);
        segment.set(PacketView.U16, checksumAt, (short) 0);
        segment.set(PacketView.U16, checksumAt, (short) Checksum.finish(Checksum.sum(segment, 0, end, 0)));
        int checksum = segment.get(PacketView.U16, checksumAt) & 0xffff;
        int oldValue = segment.get(PacketView.U16, 2L * field) & 0xffff;

        segment.set(PacketView.U16, 2L * field, (short) newValue);
        segment.set(PacketView.U16, checksumAt, (short) 0);
        Assume.that(Checksum.sum(segment, 0, end, 0) != 0);
        segment.set(PacketView.U16, checksumAt, (short) Checksum.adjust(checksum, oldValue, newValue));

        assertThat(Checksum.sum(segment, 0, end, 0)).isEqualTo(0xffff);
    }
}
