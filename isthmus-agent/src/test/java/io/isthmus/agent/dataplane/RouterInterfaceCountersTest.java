package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.B5;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY2;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.SUBNET1;
import static io.isthmus.agent.dataplane.Fixture.SUBNET2;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.IN_DISCARDS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.IN_ERRORS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.IN_OCTETS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.IN_PACKETS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.IN_UNKNOWN_PROTOCOLS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.OUT_OCTETS;
import static io.isthmus.agent.dataplane.RouterInterfaceCounters.Counter.OUT_PACKETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound pipeline counts what reaches the virtual routers on their interfaces: a packet between subnets enters
 * the sender's router on its subnet interface and leaves by its uplink, enters the destination's router by its uplink
 * and leaves on its subnet interface; the counters survive a new view of the network.
 */
class RouterInterfaceCountersTest {
    private static final byte[] PAYLOAD = new byte[100];
    /** 14 of Ethernet, 20 of IPv4, 8 of UDP, 100 of data. */
    private static final int FRAME = 142;

    private final Fixture fixture = new Fixture();
    private final Fixture.Host host = fixture.a;
    private final RecordingSinks sinks = new RecordingSinks();

    @BeforeEach
    void installTheNetwork() {
        host.publishNetwork(1480);
    }

    private static NetworkView view(SubnetView... extra) {
        List<SubnetView> subnets = new ArrayList<>(List.of(
            new SubnetView("sub-1", SUBNET1, 24, GATEWAY1, VirtualMacs.router(GATEWAY1)),
            new SubnetView("sub-2", SUBNET2, 24, GATEWAY2, VirtualMacs.router(GATEWAY2))));
        subnets.addAll(List.of(extra));
        return new NetworkView(OVERLAY, "net-1", NetworkSettings.DEFAULTS, subnets, List.of());
    }

    /** The interface in its subnet of the router of {@code gateway}. */
    private RouterInterfaceCounters subnet(int gateway) {
        return host.ports.snapshot().network(OVERLAY).routerCounters(gateway).subnet();
    }

    /** The uplink of the router of {@code gateway}. */
    private RouterInterfaceCounters uplink(int gateway) {
        return host.ports.snapshot().network(OVERLAY).routerCounters(gateway).uplink();
    }

    private DataplaneCounter send(LocalPort from, MemorySegment frame) {
        return host.outbound.process(from.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    @Test
    void aPacketToAnotherSubnetCrossesBothRoutersInterfaces() {
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isEqualTo(1);
        assertThat(subnet(GATEWAY1).get(IN_OCTETS)).isEqualTo(FRAME);
        assertThat(subnet(GATEWAY1).get(OUT_PACKETS)).isZero();
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isEqualTo(1);
        assertThat(uplink(GATEWAY1).get(OUT_OCTETS)).isEqualTo(FRAME);
        assertThat(uplink(GATEWAY1).get(IN_PACKETS)).isZero();
        assertThat(uplink(GATEWAY2).get(IN_PACKETS)).isEqualTo(1);
        assertThat(uplink(GATEWAY2).get(IN_OCTETS)).isEqualTo(FRAME);
        assertThat(subnet(GATEWAY2).get(OUT_PACKETS)).isEqualTo(1);
        assertThat(subnet(GATEWAY2).get(OUT_OCTETS)).isEqualTo(FRAME);
        assertThat(subnet(GATEWAY2).get(IN_PACKETS)).isZero();
        assertThat(uplink(GATEWAY2).get(OUT_PACKETS)).isZero();
    }

    @Test
    void aPacketToAnotherSubnetOnAnotherHostIsCountedWhenItLeavesForTheSubstrate() {
        host.allow(B6.address(), PREFIX_B);
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), B6.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isEqualTo(1);
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isEqualTo(1);
        assertThat(uplink(GATEWAY2).get(IN_PACKETS)).isEqualTo(1);
        assertThat(subnet(GATEWAY2).get(OUT_PACKETS)).isEqualTo(1);
        // A packet the routers drop (no interface holds the address, B answers host unreachable) was received by A
        // and goes no further.
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), ip("10.0.2.99"), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.NO_SUCH_HOST);
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isEqualTo(2);
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isEqualTo(1);
        assertThat(subnet(GATEWAY2).get(OUT_PACKETS)).isEqualTo(1);
    }

    @Test
    void trafficWithinASubnetDoesNotTouchTheRouter() {
        send(A0, Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD));
        host.allow(B5.address(), PREFIX_B);
        send(A0, Frames.udp(A0.mac(), B5.mac(), A0.address(), B5.address(), 64, PAYLOAD));
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isZero();
        assertThat(subnet(GATEWAY1).get(OUT_PACKETS)).isZero();
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isZero();
    }

    @Test
    void packetsToTheRouterAreCountedWithWhatBecameOfThem() {
        assertThat(send(A0, Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.ROUTER_ECHO_REPLIED);
        RouterInterfaceCounters gateway = subnet(GATEWAY1);
        assertThat(gateway.get(IN_PACKETS)).isEqualTo(1);
        assertThat(gateway.get(OUT_PACKETS)).isEqualTo(1);
        assertThat(gateway.get(OUT_OCTETS)).isEqualTo(gateway.get(IN_OCTETS));
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.ADDRESSED_TO_ROUTER);
        assertThat(gateway.get(IN_UNKNOWN_PROTOCOLS)).isEqualTo(1);
        MemorySegment corrupt = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        corrupt.set(java.lang.foreign.ValueLayout.JAVA_BYTE, corrupt.byteSize() - 1, (byte) 1);
        assertThat(send(A0, corrupt)).isEqualTo(DataplaneCounter.BAD_ICMP_CHECKSUM);
        assertThat(gateway.get(IN_ERRORS)).isEqualTo(1);
        host.full = true;
        assertThat(send(A0, snmp())).isEqualTo(DataplaneCounter.PUNT_REFUSED);
        assertThat(gateway.get(IN_DISCARDS)).isEqualTo(1);
        host.full = false;
        assertThat(send(A0, snmp())).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(gateway.get(IN_PACKETS)).isEqualTo(5);
        assertThat(gateway.get(OUT_PACKETS)).as("the slow path counts its own answers").isEqualTo(1);
    }

    @Test
    void snmpToAnotherSubnetsRouterCrossesTheSendersAndGoesToTheSlowPath() {
        MemorySegment frame = snmp();
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, Frames.ETH, (int) frame.byteSize() - Frames.ETH);
        ip.setDestination(GATEWAY2);
        ip.fillHeaderChecksum();
        assertThat(send(A0, frame)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(host.punted).containsExactly(RouterPunt.Kind.SNMP);
        assertThat(ip.ttl()).as("the sender's router decremented it").isEqualTo(63);
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isEqualTo(1);
        // The slow path counts the rest of the way, when it answers.
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isZero();
    }

    @Test
    void aNewViewOfTheNetworkKeepsTheCountersOfTheSubnetsThatStay() {
        send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD));
        VirtualRouterCounters before = host.ports.snapshot().network(OVERLAY).routerCounters(GATEWAY1);
        int gateway3 = ip("10.0.3.1");
        host.ports.replaceNetworks(List.of(view(new SubnetView("sub-3", ip("10.0.3.0"), 24, gateway3,
            VirtualMacs.router(gateway3)))));
        assertThat(host.ports.snapshot().network(OVERLAY).routerCounters(GATEWAY1)).isSameAs(before);
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isEqualTo(1);
        assertThat(subnet(GATEWAY2).get(OUT_PACKETS)).isEqualTo(1);
        assertThat(subnet(gateway3).get(IN_PACKETS)).isZero();
        // A subnet whose prefix changed is another interface: its counters start again.
        host.ports.replaceNetworks(List.of(new NetworkView(OVERLAY, "net-1", NetworkSettings.DEFAULTS, List.of(
            new SubnetView("sub-1", SUBNET1, 25, GATEWAY1, VirtualMacs.router(GATEWAY1))), List.of())));
        assertThat(subnet(GATEWAY1).get(IN_PACKETS)).isZero();
    }

    @Test
    void withoutAViewOfTheNetworkNothingIsCountedAndPacketsStillFlow() {
        host.ports.replaceNetworks(List.of());
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(send(A0, Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.ROUTER_ECHO_REPLIED);
    }

    @Test
    void threadsCountIntoTheirOwnStripesAndTheSumIsExact() throws InterruptedException {
        RouterInterfaceCounters counters = new RouterInterfaceCounters();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50_000; i++) {
                    counters.received(100);
                    counters.sent(10);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(counters.get(IN_PACKETS)).isEqualTo(300_000);
        assertThat(counters.get(IN_OCTETS)).isEqualTo(30_000_000);
        assertThat(counters.get(OUT_OCTETS)).isEqualTo(3_000_000);
    }

    // --- STYLE.md rule 2: the counting allocates nothing ---

    @Test
    void countingRoutedPacketsAllocatesNothing() {
        assertAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD),
            DataplaneCounter.DELIVERED_LOCAL);
        host.allow(B6.address(), PREFIX_B);
        assertAllocationFree(Frames.udp(A0.mac(), A0.routerMac(), A0.address(), B6.address(), 64, PAYLOAD),
            DataplaneCounter.SENT_TO_SUBSTRATE);
        assertAllocationFree(Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD),
            DataplaneCounter.ROUTER_ECHO_REPLIED);
        assertAllocationFree(snmp(), DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(subnet(GATEWAY2).get(OUT_PACKETS)).isEqualTo(2 * 120_000);
        assertThat(uplink(GATEWAY1).get(OUT_PACKETS)).isEqualTo(2 * 120_000);
    }

    private MemorySegment snmp() {
        MemorySegment frame = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        UdpDatagram udp = new UdpDatagram().wrap(frame, Frames.ETH + Ipv4Packet.HEADER_LENGTH, 108);
        udp.setDestinationPort(161);
        return frame;
    }

    private void assertAllocationFree(MemorySegment template, DataplaneCounter expected) {
        int length = (int) template.byteSize();
        MemorySegment buffer = Arena.ofAuto().allocate(2048);
        DataplaneSinks discard = new DataplaneSinks() {
            @Override
            public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            }

            @Override
            public void toSubstrate(MemorySegment segment, long offset, int length) {
            }
        };
        host.punted.clear();
        Runnable one = () -> {
            MemorySegment.copy(template, 0, buffer, 0, length);
            host.outbound.process(A0.index(), buffer, 0, length, discard);
            if (!host.punted.isEmpty()) {
                host.punted.clear();
            }
        };
        for (int i = 0; i < 20_000; i++) {
            one.run();
        }
        long before = host.counters.get(expected);
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            one.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        assertThat(host.counters.get(expected) - before).isEqualTo(100_000);
        assertThat(allocated).as("bytes allocated by 100,000 packets ending in %s", expected).isLessThan(64 * 1024);
    }
}
