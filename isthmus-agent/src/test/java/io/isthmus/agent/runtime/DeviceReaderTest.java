package io.isthmus.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.Errno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader loop against a scripted source: what it reads, when it parks, and that it allocates nothing. */
class DeviceReaderTest {
    /**
     * A source that delivers bursts of {@code burst} packets (their length is their number in the burst plus 100,
     * the first byte the same number), each burst followed by {@code gap} empty reads; records the calls as
     * "r" (a packet), "e" (an empty read) and "p" (a park in poll).
     */
    private static final class Scripted implements DeviceReader.Source {
        final int burst;
        final int gap;
        final StringBuilder calls = new StringBuilder();
        final boolean record;
        int position;
        long packets;
        long polls;

        Scripted(int burst, int gap, boolean record) {
            this.burst = burst;
            this.gap = gap;
            this.record = record;
        }

        @Override
        public int read(MemorySegment buffer, long offset, int maxLength) {
            int at = position++ % (burst + gap);
            if (at < burst) {
                buffer.set(ValueLayout.JAVA_BYTE, offset, (byte) at);
                packets++;
                if (record) {
                    calls.append('r');
                }
                return 100 + at;
            }
            if (record) {
                calls.append('e');
            }
            return -Errno.EAGAIN;
        }

        @Override
        public int awaitReadable(int timeoutMillis) {
            polls++;
            if (record) {
                calls.append('p');
            }
            return 1;
        }
    }

    /** Stops the loop after a number of its turns. */
    private static final class Turns implements java.util.function.BooleanSupplier {
        long left;

        Turns(long turns) {
            left = turns;
        }

        @Override
        public boolean getAsBoolean() {
            return left-- > 0;
        }
    }

    @Test
    void handsOverEachPacketOfABurstThenSpinsThenParks() {
        Scripted source = new Scripted(3, 4, true);
        List<String> handled = new ArrayList<>();
        DeviceReader.run(source, new IdleStrategy(IdleStrategy.Kind.SPIN, 2), new Turns(14),
            DeviceReader.allocateBuffer(2048),
            (buffer, length) -> handled.add(buffer.get(ValueLayout.JAVA_BYTE, 0) + "/" + length));
        // Three packets, two empty reads spun over, the third parks; the fourth empty read after the park spins
        // again, then the next burst resets the count.
        assertThat(source.calls.toString()).isEqualTo("rrreeepe" + "rrreeepe");
        assertThat(handled).containsExactly("0/100", "1/101", "2/102", "0/100", "1/101", "2/102");
    }

    @Test
    void blockParksAtTheFirstEmptyRead() {
        Scripted source = new Scripted(2, 1, true);
        DeviceReader.run(source, IdleStrategy.BLOCK, new Turns(6), DeviceReader.allocateBuffer(2048),
            (buffer, length) -> { });
        assertThat(source.calls.toString()).isEqualTo("rrep" + "rrep");
    }

    @Test
    void stopsOnAClosedDevice() {
        DeviceReader.Source closed = new DeviceReader.Source() {
            @Override
            public int read(MemorySegment buffer, long offset, int maxLength) {
                return -Errno.EBADF;
            }

            @Override
            public int awaitReadable(int timeoutMillis) {
                throw new AssertionError("no poll on a closed device");
            }
        };
        DeviceReader.run(closed, IdleStrategy.BLOCK, () -> true, DeviceReader.allocateBuffer(64), (b, l) -> {
            throw new AssertionError("nothing to handle");
        });
    }

    @Test
    void theLoopAllocatesNothingPerPacket() {
        MemorySegment buffer = DeviceReader.allocateBuffer(2048);
        long[] bytes = new long[1];
        PacketHandler handler = (b, length) -> bytes[0] += length;
        IdleStrategy idle = new IdleStrategy(IdleStrategy.Kind.SPIN, 8);
        // Warm up (JIT), then measure 100,000 packets in bursts of 16 with spins and parks between them.
        DeviceReader.run(new Scripted(16, 10, false), idle, new Turns(200_000), buffer, handler);
        Scripted source = new Scripted(16, 10, false);
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadAllocatedBytes();
        DeviceReader.run(source, idle, new Turns(162_500), buffer, handler);
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        assertThat(source.packets).isEqualTo(100_000);
        assertThat(source.polls).isPositive();
        assertThat(allocated).as("bytes allocated reading %d packets", source.packets).isLessThan(64 * 1024);
    }
}
