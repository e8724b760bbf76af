package io.isthmus.agent.runtime;

import java.lang.foreign.MemorySegment;

/** What a device reader does with each packet or frame it read: one pipeline's {@code process}. */
@FunctionalInterface
interface PacketHandler {
    /** Handles {@code length} bytes at the start of {@code buffer}; must not keep the buffer. */
    void handle(MemorySegment buffer, int length);
}
