package io.isthmus.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.xlat.SamplePackets.Sample;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The forwarding path allocates nothing (STYLE.md rule 2): for every {@link SamplePackets} case, translations after
 * a warm-up allocate less than one byte per packet on the calling thread. A plain-Java guard that runs with the unit
 * tests; {@code scripts/bench-xlat} (JMH {@code -prof gc}) is the measurement.
 */
class TranslatorAllocationTest {
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 100_000;
    /** Under one byte per measured packet; slack for the MXBean's own bookkeeping, not for the translator. */
    private static final long LIMIT_BYTES = 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Consumes what the translator emits without allocating, so the work is not dead. */
    private static final class CountingSink implements PacketSink {
        long consumed;

        @Override
        public void emit(MemorySegment segment, long offset, int length, Emission kind) {
            consumed += length + segment.get(ValueLayout.JAVA_BYTE, offset + length - 1);
        }
    }

    @Test
    void translatingTheBenchmarkPacketsAllocatesNothing() {
        try (Arena arena = Arena.ofConfined()) {
            var samples = SamplePackets.all();
            Translator[] translators = new Translator[samples.size()];
            MemorySegment[] inputs = new MemorySegment[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                translators[i] = samples.get(i).newTranslator();
                inputs[i] = samples.get(i).copyTo(arena);
                SamplePackets.check(samples.get(i), translators[i], inputs[i]);
            }
            CountingSink sink = new CountingSink();
            for (int i = 0; i < samples.size(); i++) {
                run(samples.get(i), translators[i], inputs[i], sink, WARM_UP);
            }
            THREADS.getCurrentThreadAllocatedBytes(); // the first call may set up the MXBean's own state
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                long before = THREADS.getCurrentThreadAllocatedBytes();
                run(sample, translators[i], inputs[i], sink, MEASURED);
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                assertThat(allocated)
                    .as("%s: bytes allocated by %d translations", sample.name(), MEASURED)
                    .isLessThan(LIMIT_BYTES);
            }
            assertThat(sink.consumed).isNotZero();
        }
    }

    private static void run(Sample sample, Translator translator, MemorySegment input, CountingSink sink, int count) {
        for (int n = 0; n < count; n++) {
            if (sample.translate(translator, input, sink) != TranslationResult.TRANSLATED) {
                throw new AssertionError(sample.name() + " stopped translating");
            }
        }
    }
}
