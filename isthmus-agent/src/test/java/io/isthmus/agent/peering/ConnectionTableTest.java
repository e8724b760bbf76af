package io.isthmus.agent.peering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    private static final long NOW = 5_000_000_000L;
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final ConnectionTable table = new ConnectionTable(64);

    private static long flow(int protocol, int localPort) {
        return ConnectionTable.flow(0x123456, protocol, localPort, 80);
    }

    @Test
    void aConnectionIsFoundWithItsInitiatorUntilItHasBeenIdleForItsTimeout() {
        long addresses = ConnectionTable.addresses(0x0a000001, 0x0a000002);
        table.touch(addresses, flow(UDP, 1000), ConnectionTable.INITIATED_REMOTELY, NOW);
        assertThat(table.find(addresses, flow(UDP, 1000), NOW)).isEqualTo(ConnectionTable.INITIATED_REMOTELY);
        assertThat(table.find(addresses, flow(UDP, 1001), NOW)).as("another port").isEqualTo(ConnectionTable.NONE);
        assertThat(table.find(addresses, flow(TCP, 1000), NOW)).as("another protocol")
            .isEqualTo(ConnectionTable.NONE);
        long later = NOW + ConnectionTable.OTHER_TIMEOUT_NANOS - 1;
        assertThat(table.find(addresses, flow(UDP, 1000), later)).isEqualTo(ConnectionTable.INITIATED_REMOTELY);
        assertThat(table.find(addresses, flow(UDP, 1000), NOW + ConnectionTable.OTHER_TIMEOUT_NANOS + 1))
            .isEqualTo(ConnectionTable.NONE);
    }

    @Test
    void tcpLivesLongerAndATouchRefreshesKeepingTheInitiator() {
        long addresses = ConnectionTable.addresses(0x0a000001, 0x0a000002);
        table.touch(addresses, flow(TCP, 1000), ConnectionTable.INITIATED_LOCALLY, NOW);
        long later = NOW + ConnectionTable.TCP_TIMEOUT_NANOS - 10;
        table.touch(addresses, flow(TCP, 1000), ConnectionTable.INITIATED_REMOTELY, later);
        assertThat(table.find(addresses, flow(TCP, 1000), later + ConnectionTable.TCP_TIMEOUT_NANOS - 10))
            .isEqualTo(ConnectionTable.INITIATED_LOCALLY);
    }

    @Test
    void anExpiredEntryIsTakenAgainByItsInitiatorOfNow() {
        long addresses = ConnectionTable.addresses(0x0a000001, 0x0a000002);
        table.touch(addresses, flow(UDP, 1000), ConnectionTable.INITIATED_LOCALLY, NOW);
        long later = NOW + ConnectionTable.OTHER_TIMEOUT_NANOS + 1;
        table.touch(addresses, flow(UDP, 1000), ConnectionTable.INITIATED_REMOTELY, later);
        assertThat(table.find(addresses, flow(UDP, 1000), later)).isEqualTo(ConnectionTable.INITIATED_REMOTELY);
    }

    @Test
    void aFullTableEvictsAndCountsButNeverGrows() {
        for (int port = 0; port < 1000; port++) {
            table.touch(ConnectionTable.addresses(0x0a000001, 0x0a000002), flow(TCP, port),
                ConnectionTable.INITIATED_LOCALLY, NOW + port);
        }
        assertThat(table.evictions()).isEqualTo(1000 - 64);
        int found = 0;
        for (int port = 0; port < 1000; port++) {
            if (table.find(ConnectionTable.addresses(0x0a000001, 0x0a000002), flow(TCP, port), NOW + 1000)
                != ConnectionTable.NONE) {
                found++;
            }
        }
        assertThat(found).isEqualTo(64);
    }

    @Test
    void concurrentWritersNeverMakeAnEntryNobodyWrote() throws InterruptedException {
        // Two writers hammer the same bucket with different keys while a reader checks that whatever it finds for
        // a key nobody wrote is nothing.
        ConnectionTable small = new ConnectionTable(64);
        long a = ConnectionTable.addresses(1, 2);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong forged = new AtomicLong();
        Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++) {
            int base = w * 10_000;
            writers[w] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200_000; i++) {
                    small.touch(a, flow(UDP, base + i % 500), ConnectionTable.INITIATED_LOCALLY, NOW);
                }
            });
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 200_000; i++) {
                if (small.find(a, flow(UDP, 30_000 + i % 500), NOW) != ConnectionTable.NONE
                    || small.find(a, flow(UDP, i % 500), NOW) == ConnectionTable.INITIATED_REMOTELY) {
                    forged.incrementAndGet();
                }
            }
        });
        start.countDown();
        for (Thread t : writers) {
            t.join();
        }
        reader.join();
        assertThat(forged.get()).isZero();
    }
}
