package io.isthmus.agent.dataplane;

import java.lang.foreign.MemorySegment;

/**
 * Where the pipelines write what they forward; the runtime implements it over the TAP and TUN devices (or queues to
 * the threads that own them). The bytes are valid only during the call: the pipelines reuse their buffers and may
 * rewrite the input frame in place. Implementations must not allocate or throw per packet; a device that cannot take
 * the packet counts the loss itself.
 */
public interface DataplaneSinks {
    /** An Ethernet frame for the TAP of the local port {@code portIndex}. */
    void toPort(int portIndex, MemorySegment segment, long offset, int length);

    /** An IPv6 packet for the substrate TUN. */
    void toSubstrate(MemorySegment segment, long offset, int length);
}
