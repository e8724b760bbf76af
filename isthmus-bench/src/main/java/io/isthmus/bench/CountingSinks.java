package io.isthmus.bench;

import io.isthmus.agent.dataplane.DataplaneSinks;
import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The benchmarks' device writes: they count what they are given, allocating nothing, and are not inlined (as a
 * device write is not); {@link #capture}, when set, keeps a copy of the last packet for the substrate.
 */
final class CountingSinks implements DataplaneSinks {
    long bytes;
    int toSubstrate;
    MemorySegment capture;
    int captured;

    @Override
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
        bytes += length;
    }

    @Override
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public void toSubstrate(MemorySegment segment, long offset, int length) {
        bytes += length;
        toSubstrate++;
        if (capture != null) {
            MemorySegment.copy(segment, offset, capture, 0, length);
            captured = length;
        }
    }
}
