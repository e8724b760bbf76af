package io.isthmus.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.RouterPunt;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv4Address;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouterServiceThreadTest {
    private static final DataplaneSinks NOWHERE = new DataplaneSinks() {
        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
        }
    };

    private final PortTable ports = new PortTable();
    private final List<String> log = new CopyOnWriteArrayList<>();

    RouterServiceThreadTest() {
        int address = Ipv4Address.parse("10.0.0.5");
        int gateway = Ipv4Address.parse("10.0.0.1");
        ports.put(new LocalPort(3, "node-1", "if-1", 7, address, VirtualMacs.forInterface(address),
            Ipv4Address.parse("10.0.0.0"), 24, gateway, VirtualMacs.router(gateway), true));
    }

    @Test
    void aServiceGetsACopyOfTheFrameOnItsOwnThreadAndTicks() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        CountDownLatch ticked = new CountDownLatch(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        RouterService service = new RouterService() {
            @Override
            public void handle(LocalPort port, NetworkView network, MemorySegment frame, int length,
                               DataplaneSinks out) {
                seen.add(port.nodeId() + " " + length + " " + frame.get(ValueLayout.JAVA_BYTE, 1) + " "
                    + Thread.currentThread().getName());
                handled.countDown();
            }

            @Override
            public void tick(long nanoTime, DataplaneSinks out) {
                ticked.countDown();
            }
        };
        try (RouterServiceThread thread = new RouterServiceThread(ports, NOWHERE, 4, log::add)) {
            thread.register(RouterPunt.Kind.DHCP, service).start();
            MemorySegment frame = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5});
            assertThat(thread.offer(RouterPunt.Kind.DHCP, 3, frame, 1, 3)).isTrue();
            // The data plane reuses its buffer at once: the service still sees the bytes of the offer.
            frame.set(ValueLayout.JAVA_BYTE, 1, (byte) 99);
            assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ticked.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly("node-1 3 3 isthmus-router-services");
            assertThat(thread.handled()).isEqualTo(1);
        }
    }

    @Test
    void unregisteredKindsOversizedFramesAndAFullPoolAreRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RouterService blocking = (port, network, frame, length, out) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (RouterServiceThread thread = new RouterServiceThread(ports, NOWHERE, 2, log::add)) {
            thread.register(RouterPunt.Kind.SNMP, blocking).start();
            MemorySegment frame = MemorySegment.ofArray(new byte[64]);
            assertThat(thread.offer(RouterPunt.Kind.IGMP, 3, frame, 0, 64)).isFalse();
            assertThat(thread.offer(RouterPunt.Kind.SNMP, 3, MemorySegment.ofArray(
                new byte[RouterServiceThread.MAX_FRAME + 1]), 0, RouterServiceThread.MAX_FRAME + 1)).isFalse();
            assertThat(thread.offer(RouterPunt.Kind.SNMP, 3, frame, 0, 64)).isTrue();
            assertThat(thread.offer(RouterPunt.Kind.SNMP, 3, frame, 0, 64)).isTrue();
            assertThat(thread.offer(RouterPunt.Kind.SNMP, 3, frame, 0, 64)).isFalse();
            release.countDown();
        }
    }

    @Test
    void aServiceThatThrowsIsLoggedCountedAndKept() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        RouterService failing = (port, network, frame, length, out) -> {
            second.countDown();
            throw new IllegalStateException("bug");
        };
        try (RouterServiceThread thread = new RouterServiceThread(ports, NOWHERE, 4, log::add)) {
            thread.register(RouterPunt.Kind.IGMP, failing).start();
            MemorySegment frame = MemorySegment.ofArray(new byte[64]);
            thread.offer(RouterPunt.Kind.IGMP, 3, frame, 0, 64);
            thread.offer(RouterPunt.Kind.IGMP, 3, frame, 0, 64);
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (thread.failed() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(thread.failed()).isEqualTo(2);
            assertThat(log).anyMatch(line -> line.contains("event=router-service-failed service=IGMP"));
        }
    }
}
