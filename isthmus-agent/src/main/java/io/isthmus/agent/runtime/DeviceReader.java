package io.isthmus.agent.runtime;

import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.FrameDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * The loop of one reader thread on one device queue: reads packets one after the other while there are any (a
 * burst is handled in one wake-up, each packet translated and written out in place, in the one buffer of this
 * thread), and when a read finds nothing asks its {@link IdleStrategy} whether to read again or to park in
 * {@code poll(2)}. Hot path: allocates nothing and throws nothing per packet.
 */
final class DeviceReader {
    /** How long one park lasts at most before the loop looks at its stop condition again. */
    static final int POLL_MILLIS = 200;

    private DeviceReader() {
    }

    /** What the loop reads from: one queue of a device, as {@link FrameDevice}'s hot-path calls. */
    interface Source {
        /** {@link FrameDevice#read}. */
        int read(MemorySegment buffer, long offset, int maxLength);

        /** {@link FrameDevice#awaitReadable}. */
        int awaitReadable(int timeoutMillis);
    }

    /** The device queue as a source. */
    static Source of(FrameDevice device) {
        return new Source() {
            @Override
            public int read(MemorySegment buffer, long offset, int maxLength) {
                return device.read(buffer, offset, maxLength);
            }

            @Override
            public int awaitReadable(int timeoutMillis) {
                return device.awaitReadable(timeoutMillis);
            }
        };
    }

    /** A reader thread's one buffer: native, 64-byte aligned, freed with the thread's last reference to it. */
    static MemorySegment allocateBuffer(int size) {
        return Arena.ofAuto().allocate(size, 64);
    }

    /**
     * Reads until {@code keepReading} turns false or the device is closed.
     *
     * @param buffer the thread's buffer; its size bounds a packet (longer ones are truncated, the pipelines drop them)
     */
    static void run(Source device, IdleStrategy idle, BooleanSupplier keepReading, MemorySegment buffer,
                    PacketHandler handler) {
        int bufferSize = (int) Math.min(buffer.byteSize(), Integer.MAX_VALUE);
        int misses = 0;
        while (keepReading.getAsBoolean()) {
            int length = device.read(buffer, 0, bufferSize);
            if (length > 0) {
                misses = 0;
                handler.handle(buffer, length);
                continue;
            }
            if (length == -Errno.EAGAIN) {
                if (idle.idle(++misses)) {
                    misses = 0;
                    device.awaitReadable(POLL_MILLIS);
                }
                continue;
            }
            if (length == -Errno.EBADF) {
                return;
            }
            if (length != -Errno.EINTR) {
                // -EIO while the link is down, or another transient error: not a busy loop.
                sleepQuietly(10);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
