package io.isthmus.agent.dataplane;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** Records every emitted packet (copies; allocates, so not for the allocation test). */
final class RecordingSinks implements DataplaneSinks {
    /** Port index of a packet for the substrate. */
    static final int SUBSTRATE = -1;

    record Emitted(int port, byte[] bytes) {
        MemorySegment segment() {
            return Frames.of(bytes);
        }
    }

    final List<Emitted> emitted = new ArrayList<>();

    @Override
    public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
        emitted.add(new Emitted(portIndex, segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
    }

    @Override
    public void toSubstrate(MemorySegment segment, long offset, int length) {
        emitted.add(new Emitted(SUBSTRATE, segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
    }

    Emitted only() {
        if (emitted.size() != 1) {
            throw new AssertionError("expected one emitted packet, got " + emitted.size());
        }
        return emitted.get(0);
    }

    void clear() {
        emitted.clear();
    }
}
