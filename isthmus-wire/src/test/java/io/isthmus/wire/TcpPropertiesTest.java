package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of {@link TcpRepr} and {@link TcpSegment}: round trips, checksums, MSS clamping. */
class TcpPropertiesTest {
    @Property
    void emitThenParseGivesTheSameRecord(@ForAll("segments") TcpRepr repr,
                                         @ForAll @IntRange(max = 0xffff) int pseudoHeaderSum,
                                         @ForAll @IntRange(max = 16) int at) {
        MemorySegment segment = MemorySegment.ofArray(new byte[at + repr.bufferLength() + 5]);
        TcpSegment view = new TcpSegment().wrap(segment, at, repr.bufferLength() + 5);
        repr.emit(view, pseudoHeaderSum);
        assertThat(view.length()).isEqualTo(repr.bufferLength());
        assertThat(view.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(view.verifyChecksum(pseudoHeaderSum)).isTrue();
        assertThat(TcpRepr.parse(view, pseudoHeaderSum)).isEqualTo(repr);
    }

    @Property
    void checksumVerifiesOverIpv6PseudoHeaders(@ForAll("segments") TcpRepr repr, @ForAll long sourceHigh,
                                               @ForAll long sourceLow, @ForAll long destinationHigh,
                                               @ForAll long destinationLow) {
        int pseudo = Checksum.ipv6PseudoHeader(sourceHigh, sourceLow, destinationHigh, destinationLow,
            IpProtocol.TCP, repr.bufferLength());
        TcpSegment view = new TcpSegment().wrap(MemorySegment.ofArray(new byte[repr.bufferLength()]), 0,
            repr.bufferLength());
        repr.emit(view, pseudo);
        assertThat(TcpRepr.parse(view, pseudo)).isEqualTo(repr);
    }

    /**
     * Clamping rewrites only the MSS and keeps the checksum equal to a full recomputation, wherever the option sits
     * (any number of NOPs before it, so both parities) and whatever the pseudo-header.
     */
    @Property
    void clampingTheMssKeepsTheChecksumValid(@ForAll @IntRange(max = 0xffff) int mss,
                                             @ForAll @IntRange(max = 0xffff) int maximum,
                                             @ForAll @IntRange(max = 7) int nopsBefore,
                                             @ForAll("otherOptions") List<byte[]> otherOptions,
                                             @ForAll @Size(max = 40) byte[] payload,
                                             @ForAll @IntRange(max = 0xffff) int pseudoHeaderSum,
                                             @ForAll @IntRange(max = 16) int at) {
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        for (int i = 0; i < nopsBefore; i++) {
            options.write(TcpSegment.OPTION_NOP);
        }
        options.writeBytes(new byte[] {TcpSegment.OPTION_MSS, 4, (byte) (mss >>> 8), (byte) mss});
        for (byte[] option : otherOptions) {
            options.writeBytes(option);
        }
        while (options.size() % 4 != 0) {
            options.write(TcpSegment.OPTION_END);
        }
        byte[] optionBytes = options.toByteArray();
        if (optionBytes.length > TcpRepr.MAX_OPTIONS_LENGTH) {
            optionBytes = java.util.Arrays.copyOf(optionBytes, TcpRepr.MAX_OPTIONS_LENGTH);
            // A cut option would stop the walk, but only after the MSS, which always fits (at most 7 + 4 bytes).
        }
        TcpRepr syn = new TcpRepr(40000, 443, 1, 0, TcpSegment.SYN, 65535, 0, optionBytes, payload);
        MemorySegment segment = MemorySegment.ofArray(new byte[at + syn.bufferLength()]);
        TcpSegment view = new TcpSegment().wrap(segment, at, syn.bufferLength());
        syn.emit(view, pseudoHeaderSum);
        assertThat(view.maximumSegmentSize()).isEqualTo(mss);

        boolean changed = view.clampMaximumSegmentSize(maximum);

        assertThat(changed).isEqualTo(mss > maximum);
        assertThat(view.maximumSegmentSize()).isEqualTo(Math.min(mss, maximum));
        assertThat(view.verifyChecksum(pseudoHeaderSum)).isTrue();
        int incremental = view.checksum();
        view.fillChecksum(pseudoHeaderSum);
        assertThat(incremental).isEqualTo(view.checksum());
    }

    @Property
    void anyBytesPassOrFailTheChecksWithoutThrowing(@ForAll @Size(max = 80) byte[] bytes,
                                                    @ForAll @IntRange(max = 0xffff) int maximum) {
        TcpSegment view = new TcpSegment().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        WireStatus status = view.checkLength();
        if (status != WireStatus.OK) {
            assertThat(status).isIn(WireStatus.TRUNCATED, WireStatus.BAD_HEADER_LENGTH);
            return;
        }
        view.fillChecksum(0);
        int mss = view.maximumSegmentSize();
        assertThat(mss).isBetween(-1, 0xffff);
        view.clampMaximumSegmentSize(maximum);
        assertThat(view.verifyChecksum(0)).isTrue();
        assertThat(TcpRepr.parse(view, 0).bufferLength()).isEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<TcpRepr> segments() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xff);
        Arbitrary<byte[]> options = Arbitraries.integers().between(0, 10)
            .flatMap(words -> Arbitraries.bytes().array(byte[].class).ofSize(words * 4));
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<int[]> header = Combinators.combine(u16, u16, Arbitraries.integers(), Arbitraries.integers(), u8,
            u16, u16).as((sp, dp, seq, ack, flags, window, urgent) -> new int[] {sp, dp, seq, ack, flags, window,
            urgent});
        return Combinators.combine(header, options, payload).as((h, o, p) ->
            new TcpRepr(h[0], h[1], h[2], h[3], h[4], h[5], h[6], o, p));
    }

    /** Options a SYN carries after the MSS: SACK permitted, timestamps, window scale, NOP. */
    @Provide
    Arbitrary<List<byte[]>> otherOptions() {
        Arbitrary<byte[]> option = Arbitraries.of(
            new byte[] {TcpSegment.OPTION_SACK_PERMITTED, 2},
            new byte[] {TcpSegment.OPTION_TIMESTAMPS, 10, 0, 0x5e, 0x3a, 0x6b, 0, 0, 0, 0},
            new byte[] {TcpSegment.OPTION_WINDOW_SCALE, 3, 7},
            new byte[] {TcpSegment.OPTION_NOP});
        return option.list().ofMaxSize(4);
    }
}
