package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Checking, walking and answering a DHCP message through the views allocates nothing. */
class DhcpAllocationTest {
    private static final int ROUNDS = 20_000;

    private final DhcpMessage request = new DhcpMessage();
    private final DhcpMessage reply = new DhcpMessage();
    private final DhcpOptionsIterator options = new DhcpOptionsIterator();
    private final DhcpOptionsWriter writer = new DhcpOptionsWriter();
    private long sink;

    private void oneMessage(MemorySegment in, MemorySegment out) {
        request.wrap(in, 0, (int) in.byteSize());
        if (request.checkLength() != WireStatus.OK) {
            return;
        }
        sink += request.messageType() + request.transactionId() + request.clientMac();
        options.reset(request);
        while (options.next()) {
            sink += options.code() + options.dataLength() + options.dataU8(0);
        }
        reply.wrap(out, 0, (int) out.byteSize());
        reply.setOp(DhcpMessage.BOOT_REPLY);
        reply.setTransactionId(request.transactionId());
        reply.setClientMac(request.clientMac());
        reply.clearServerNameAndBootFile();
        reply.setMagicCookie();
        writer.reset(reply, DhcpMessage.DEFAULT_MAX_LENGTH);
        writer.putU8(DhcpOptionsIterator.MESSAGE_TYPE, DhcpMessage.OFFER);
        writer.putU32(DhcpOptionsIterator.LEASE_TIME, 20);
        if (writer.begin(DhcpOptionsIterator.DOMAIN_NAME_SERVER, 8)) {
            writer.u32(1);
            writer.u32(2);
        }
        sink += writer.finish();
    }

    @Test
    void viewsIteratorAndWriterDoNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = Hex.bytes(DhcpMessageTest.OVERLOADED);
            MemorySegment in = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
            MemorySegment out = arena.allocate(DhcpMessage.DEFAULT_MAX_LENGTH);
            for (int i = 0; i < ROUNDS; i++) {
                oneMessage(in, out);
            }
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ROUNDS; i++) {
                oneMessage(in, out);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // A few hundred bytes of slack for the measuring itself; one allocation per message would be > 300 kB.
            assertThat(allocated).as("bytes allocated over %d messages", ROUNDS).isLessThan(4096);
            assertThat(sink).isNotZero();
        }
    }
}
