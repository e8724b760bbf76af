package io.isthmus.bench;

import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.SamplePackets;
import io.isthmus.xlat.SamplePackets.Sample;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stateless translation (RFC 7915) of one packet per operation, for the packets of {@link SamplePackets}: small UDP
 * both ways, a full-size TCP segment both ways, an ICMP echo, and the small UDP case through the overlay mapper. Input
 * sits in native memory, as it does when read from a TUN device; the sink reads the emitted packet's length and last
 * byte into a field the benchmark returns, so the translation is not dead code and the sink allocates nothing; the
 * sink is not inlined, as a real sink is not.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TranslatorBenchmark {
    private Arena arena;
    private Translator nat64;
    private Translator overlay;
    private final ConsumingSink sink = new ConsumingSink();

    private MemorySegment udp4;
    private MemorySegment udp6;
    private MemorySegment tcp4;
    private MemorySegment tcp6;
    private MemorySegment icmpEcho4;
    private MemorySegment overlayUdp4;
    private int udp4Length;
    private int udp6Length;
    private int tcp4Length;
    private int tcp6Length;
    private int icmpEcho4Length;
    private int overlayUdp4Length;

    /**
     * Adds each emitted packet's length and last byte to {@link #consumed}. Not inlined, like a real sink (a TUN
     * write, a queue): otherwise escape analysis would hide an allocation that escapes into the sink, such as a
     * per-packet {@code asSlice}, and {@code -prof gc} would report 0 B/op for it.
     */
    static final class ConsumingSink implements PacketSink {
        long consumed;

        @Override
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        public void emit(MemorySegment segment, long offset, int length, Emission kind) {
            consumed += length + segment.get(ValueLayout.JAVA_BYTE, offset + length - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        nat64 = SamplePackets.UDP_4TO6.newTranslator();
        overlay = SamplePackets.OVERLAY_UDP_4TO6.newTranslator();
        udp4 = prepare(SamplePackets.UDP_4TO6, nat64);
        udp6 = prepare(SamplePackets.UDP_6TO4, nat64);
        tcp4 = prepare(SamplePackets.TCP_4TO6, nat64);
        tcp6 = prepare(SamplePackets.TCP_6TO4, nat64);
        icmpEcho4 = prepare(SamplePackets.ICMP_ECHO_4TO6, nat64);
        overlayUdp4 = prepare(SamplePackets.OVERLAY_UDP_4TO6, overlay);
        udp4Length = (int) udp4.byteSize();
        udp6Length = (int) udp6.byteSize();
        tcp4Length = (int) tcp4.byteSize();
        tcp6Length = (int) tcp6.byteSize();
        icmpEcho4Length = (int) icmpEcho4.byteSize();
        overlayUdp4Length = (int) overlayUdp4.byteSize();
    }

    /** Copies the sample off-heap and fails the trial unless it translates to one packet of the expected size. */
    private MemorySegment prepare(Sample sample, Translator translator) {
        MemorySegment input = sample.copyTo(arena);
        if (input.byteSize() != sample.packet().length) {
            throw new IllegalStateException(sample.name() + ": native copy is " + input.byteSize() + " bytes");
        }
        SamplePackets.check(sample, translator, input);
        return input;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private long consume(TranslationResult result) {
        return sink.consumed + result.ordinal();
    }

    /** 64-byte IPv4 UDP to 84-byte IPv6 (RFC 6052 mapping). */
    @Benchmark
    public long udp64_4to6() {
        return consume(nat64.translate4to6(udp4, 0, udp4Length, sink));
    }

    /** 84-byte IPv6 UDP to 64-byte IPv4. */
    @Benchmark
    public long udp84_6to4() {
        return consume(nat64.translate6to4(udp6, 0, udp6Length, sink));
    }

    /** 1400-byte IPv4 TCP (DF) to 1420-byte IPv6. */
    @Benchmark
    public long tcp1400_4to6() {
        return consume(nat64.translate4to6(tcp4, 0, tcp4Length, sink));
    }

    /** 1420-byte IPv6 TCP to 1400-byte IPv4. */
    @Benchmark
    public long tcp1420_6to4() {
        return consume(nat64.translate6to4(tcp6, 0, tcp6Length, sink));
    }

    /** 84-byte ICMPv4 echo request to 104-byte ICMPv6 echo request. */
    @Benchmark
    public long icmpEcho84_4to6() {
        return consume(nat64.translate4to6(icmpEcho4, 0, icmpEcho4Length, sink));
    }

    /** 64-byte IPv4 UDP between two overlay nodes to 84-byte IPv6 (OverlayAddressMapper, DESIGN.md). */
    @Benchmark
    public long overlayUdp64_4to6() {
        return consume(overlay.translate4to6(overlayUdp4, 0, overlayUdp4Length, sink));
    }
}
