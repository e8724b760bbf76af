package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.LinuxException;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The FFM layer ({@link TunDevice}, {@link NetworkNamespace}) against the real kernel. */
@RequiresRoot
@Timeout(20)
class TunDeviceSystemTest {
    private NetnsFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = NetnsFixture.create();
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    @Test
    void ipv6UdpWrittenIntoTheTunReachesABoundSocket() throws Exception {
        TunLab lab = TunLab.create(fixture);
        InetSocketAddress source = TestPackets.socket(TunLab.PEER_V6, 40_000);
        InetSocketAddress destination = TestPackets.socket(TunLab.TUN_V6, 5006);
        byte[] payload = "hello over IPv6".getBytes(StandardCharsets.US_ASCII);

        TunLab.Delivery.Datagram received = lab.deliverUdp(TestPackets.ipv6Udp(source, destination, payload));

        assertThat(received.payload()).isEqualTo(payload);
        assertThat(received.source()).isEqualTo(source);
    }

    @Test
    void ipv4UdpWrittenIntoTheTunReachesABoundSocket() throws Exception {
        TunLab lab = TunLab.create(fixture);
        InetSocketAddress source = TestPackets.socket(TunLab.PEER_V4, 40_001);
        InetSocketAddress destination = TestPackets.socket(TunLab.TUN_V4, 5004);
        byte[] payload = "hello over IPv4".getBytes(StandardCharsets.US_ASCII);

        TunLab.Delivery.Datagram received = lab.deliverUdp(TestPackets.ipv4Udp(source, destination, payload));

        assertThat(received.payload()).isEqualTo(payload);
        assertThat(received.source()).isEqualTo(source);
    }

    @Test
    void deliveryToAnyDestinationAddressMakesItLocalFirst() throws Exception {
        TunLab lab = TunLab.create(fixture);
        // As a translator's output would be: addresses outside the TUN's subnets.
        InetSocketAddress source = TestPackets.socket("2001:db8:1::a00:5", 1234);
        InetSocketAddress destination = TestPackets.socket("2001:db8:2::c633:6407", 53);
        byte[] payload = new byte[1200];
        Arrays.fill(payload, (byte) 0x5a);

        TunLab.Delivery delivery = lab.deliverToSocket(TestPackets.udp(source, destination, payload));

        assertThat(delivery).isInstanceOfSatisfying(TunLab.Delivery.Datagram.class, datagram -> {
            assertThat(datagram.payload()).isEqualTo(payload);
            assertThat(datagram.source()).isEqualTo(source);
        });
    }

    @Test
    void aUdpPacketWithABadChecksumIsNotDeliveredAndTheFailureSaysWhy() throws Exception {
        TunLab lab = TunLab.create(fixture);
        byte[] packet = TestPackets.ipv4Udp(TestPackets.socket(TunLab.PEER_V4, 40_002),
            TestPackets.socket(TunLab.TUN_V4, 5008), new byte[] {1, 2, 3});
        packet[Ipv4Packet.HEADER_LENGTH + UdpDatagram.CHECKSUM] ^= 0x01;

        assertThatThrownBy(() -> lab.deliverUdp(packet, Duration.ofMillis(500)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("no datagram")
            .hasMessageContaining("InCsumErrors");
    }

    @Test
    void aTcpSynIsAnsweredWithASynAck() throws Exception {
        TunLab lab = TunLab.create(fixture);
        InetSocketAddress source = TestPackets.socket(TunLab.PEER_V6, 40_003);
        InetSocketAddress destination = TestPackets.socket(TunLab.TUN_V6, 8080);

        TunLab.Delivery delivery = lab.deliverToSocket(TestPackets.tcpSyn(source, destination, 1000));

        assertThat(delivery).isInstanceOfSatisfying(TunLab.Delivery.Reply.class, reply -> {
            TcpSegment tcp = new TcpSegment().wrap(MemorySegment.ofArray(reply.packet()),
                reply.summary().transportOffset(), reply.summary().transportLength());
            assertThat(tcp.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(tcp.flags() & (TcpSegment.SYN | TcpSegment.ACK)).isEqualTo(TcpSegment.SYN | TcpSegment.ACK);
            assertThat(tcp.acknowledgmentNumber()).isEqualTo(1001);
        });
    }

    @Test
    void anIcmpEchoRequestIsAnsweredInBothFamilies() throws Exception {
        TunLab lab = TunLab.create(fixture);
        byte[] data = "ping".getBytes(StandardCharsets.US_ASCII);

        TunLab.Delivery v4 = lab.deliverToSocket(TestPackets.echoRequest(TestPackets.address(TunLab.PEER_V4),
            TestPackets.address(TunLab.TUN_V4), 7, 1, data));
        TunLab.Delivery v6 = lab.deliverToSocket(TestPackets.echoRequest(TestPackets.address(TunLab.PEER_V6),
            TestPackets.address(TunLab.TUN_V6), 7, 2, data));

        assertThat(v4).isInstanceOfSatisfying(TunLab.Delivery.Reply.class,
            reply -> assertThat(reply.summary().protocol()).isEqualTo(IpProtocol.ICMP));
        assertThat(v6).isInstanceOfSatisfying(TunLab.Delivery.Reply.class,
            reply -> assertThat(reply.summary().protocol()).isEqualTo(IpProtocol.ICMPV6));
    }

    @Test
    void ipv4UdpSentInTheNamespaceIsReadFromTheTun() throws Exception {
        TunLab lab = TunLab.create(fixture);
        byte[] payload = "out through the TUN".getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress destination = TestPackets.socket("198.51.100.7", 4000);

        byte[] packet;
        try (DatagramChannel socket = lab.openUdp(TestPackets.socket(TunLab.TUN_V4, 0))) {
            int sourcePort = ((InetSocketAddress) socket.getLocalAddress()).getPort();
            socket.send(ByteBuffer.wrap(payload), destination);
            packet = lab.readFromTun(p -> (p[0] & 0xf0) == 0x40, TunLab.RECEIVE_TIMEOUT);
            assertThat(packet).as("IPv4 packet read from the TUN").isNotNull();

            MemorySegment segment = MemorySegment.ofArray(packet);
            Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, packet.length);
            assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(ip.verifyHeaderChecksum()).isTrue();
            assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
            assertThat(Ipv4Address.format(ip.source())).isEqualTo(TunLab.TUN_V4);
            assertThat(Ipv4Address.format(ip.destination())).isEqualTo("198.51.100.7");
            UdpDatagram udp = new UdpDatagram().wrap(segment, ip.payloadOffset(), ip.payloadLength());
            assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(udp.sourcePort()).isEqualTo(sourcePort);
            assertThat(udp.destinationPort()).isEqualTo(4000);
            assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()))).isTrue();
            assertThat(Arrays.copyOfRange(packet, ip.payloadOffset() + UdpDatagram.HEADER_LENGTH, packet.length))
                .isEqualTo(payload);
        }
    }

    @Test
    void ipv6UdpSentInTheNamespaceIsReadFromTheTun() throws Exception {
        TunLab lab = TunLab.create(fixture);
        byte[] payload = "out through the TUN, v6".getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress destination = TestPackets.socket("2001:db8::7", 4001);

        try (DatagramChannel socket = lab.openUdp(TestPackets.socket(TunLab.TUN_V6, 0))) {
            int sourcePort = ((InetSocketAddress) socket.getLocalAddress()).getPort();
            socket.send(ByteBuffer.wrap(payload), destination);
            // Skip what the kernel sends on its own (router solicitations, MLD reports): wait for our UDP.
            byte[] packet = lab.readFromTun(p -> (p[0] & 0xf0) == 0x60
                && (p[Ipv6Packet.NEXT_HEADER] & 0xff) == IpProtocol.UDP, TunLab.RECEIVE_TIMEOUT);
            assertThat(packet).as("IPv6 UDP packet read from the TUN").isNotNull();

            MemorySegment segment = MemorySegment.ofArray(packet);
            Ipv6Packet ip = new Ipv6Packet().wrap(segment, 0, packet.length);
            assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(ip.source()).isEqualTo(Ipv6Address.parse(TunLab.TUN_V6));
            assertThat(ip.destination()).isEqualTo(Ipv6Address.parse("2001:db8::7"));
            UdpDatagram udp = new UdpDatagram().wrap(segment, Ipv6Packet.HEADER_LENGTH, ip.payloadLength());
            assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(udp.sourcePort()).isEqualTo(sourcePort);
            assertThat(udp.destinationPort()).isEqualTo(4001);
            assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(IpProtocol.UDP, udp.length()))).isTrue();
            assertThat(Arrays.copyOfRange(packet, Ipv6Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH,
                packet.length)).isEqualTo(payload);
        }
    }

    @Test
    void anEthernetFrameWrittenIntoATapIsDelivered() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        TunDevice tap = fixture.track(namespace.runIn(() -> TunDevice.open("isxtap0", TunDevice.Mode.TAP)));
        assertThat(tap.name()).isEqualTo("isxtap0");
        assertThat(tap.mode()).isEqualTo(TunDevice.Mode.TAP);
        String ns = namespace.name();
        fixture.run("ip", "-n", ns, "link", "set", "dev", "isxtap0", "address", "02:00:00:00:00:01");
        fixture.run("ip", "-n", ns, "address", "add", "10.78.0.1/24", "dev", "isxtap0");
        fixture.run("ip", "-n", ns, "link", "set", "dev", "isxtap0", "up");
        InetSocketAddress source = TestPackets.socket("10.78.0.2", 40_004);
        InetSocketAddress destination = TestPackets.socket("10.78.0.1", 5007);
        byte[] payload = "through a TAP".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = TestPackets.ethernet(TestPackets.mac("02:00:00:00:00:01"), TestPackets.mac("02:00:00:00:00:02"),
            TestPackets.ETHERTYPE_IPV4, TestPackets.ipv4Udp(source, destination, payload));

        try (DatagramChannel socket = namespace.runIn(() -> DatagramChannel.open().bind(destination));
             Selector selector = Selector.open();
             Arena arena = Arena.ofConfined()) {
            socket.configureBlocking(false);
            socket.register(selector, SelectionKey.OP_READ);
            MemorySegment buffer = arena.allocate(frame.length);
            MemorySegment.copy(MemorySegment.ofArray(frame), 0, buffer, 0, frame.length);

            assertThat(tap.write(buffer, 0, frame.length)).isEqualTo(frame.length);

            assertThat(selector.select(TunLab.RECEIVE_TIMEOUT.toMillis()))
                .as("datagram from the TAP within %s\n%s", TunLab.RECEIVE_TIMEOUT,
                    fixture.tryExec(namespace, "nstat", "-as").describe())
                .isEqualTo(1);
            ByteBuffer received = ByteBuffer.allocate(2048);
            assertThat(socket.receive(received)).isEqualTo(source);
            assertThat(Arrays.copyOf(received.array(), received.position())).isEqualTo(payload);
        }
    }

    @Test
    void anInvalidNameIsRefusedByTheKernelWithAClearMessage() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();

        assertThatThrownBy(() -> namespace.runIn(() -> TunDevice.open("bad/name", TunDevice.Mode.TUN)))
            .isInstanceOfSatisfying(LinuxException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                assertThat(e.errnoName()).isEqualTo("EINVAL");
                assertThat(e.operation()).contains("TUNSETIFF").contains("bad/name");
            })
            .hasMessage("ioctl(TUNSETIFF for 'bad/name', flags IFF_TUN|IFF_NO_PI): EINVAL (Invalid argument)");
    }

    @Test
    void aNameTooLongForIfreqIsRefusedBeforeTheKernel() {
        assertThatThrownBy(() -> TunDevice.open("a-name-of-16-byt", TunDevice.Mode.TUN))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("longer than 15 bytes");
    }

    @Test
    void aNameInUseIsBusyUnlessMultiQueue() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        fixture.track(namespace.runIn(() -> TunDevice.open("isxt1", TunDevice.Mode.TUN)));

        assertThatThrownBy(() -> namespace.runIn(() -> TunDevice.open("isxt1", TunDevice.Mode.TUN)))
            .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));

        TunDevice first = fixture.track(namespace.runIn(
            () -> TunDevice.open("isxtmq", TunDevice.Mode.TAP, TunDevice.Option.MULTI_QUEUE)));
        TunDevice second = fixture.track(namespace.runIn(
            () -> TunDevice.open("isxtmq", TunDevice.Mode.TAP, TunDevice.Option.MULTI_QUEUE)));
        assertThat(second.name()).isEqualTo(first.name()).isEqualTo("isxtmq");
        assertThat(second.fd()).isNotEqualTo(first.fd());
    }

    @Test
    void theKernelAssignsANameWhenNoneOrAPatternIsGiven() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();

        TunDevice unnamed = fixture.track(namespace.runIn(() -> TunDevice.open(null, TunDevice.Mode.TUN)));
        TunDevice pattern = fixture.track(namespace.runIn(() -> TunDevice.open("isxt%d", TunDevice.Mode.TAP)));

        assertThat(unnamed.name()).matches("tun\\d+");
        assertThat(pattern.name()).isEqualTo("isxt0");
    }

    @Test
    void theDeviceIsCreatedInTheNamespaceOfTheOpeningThreadOnly() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        fixture.track(namespace.runIn(() -> TunDevice.open("isxtonly", TunDevice.Mode.TUN)));

        fixture.exec(namespace, "ip", "link", "show", "dev", "isxtonly");
        CommandResult inHost = NetnsFixture.tryRun(NetnsFixture.COMMAND_TIMEOUT, "ip", "link", "show", "dev",
            "isxtonly");
        assertThat(inHost.succeeded()).as(inHost.describe()).isFalse();
    }

    @Test
    void runInUsesAnotherThreadAndNeverMovesTheCallingOne() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        Path self = Path.of("/proc/thread-self/ns/net");
        Path before = Files.readSymbolicLink(self);

        Path inside = namespace.runIn(() -> Files.readSymbolicLink(self));

        assertThat(inside).isNotEqualTo(before);
        assertThat(inside).hasToString("net:[" + Files.getAttribute(namespace.path(), "unix:ino") + "]");
        assertThat(Files.readSymbolicLink(self)).isEqualTo(before);
    }

    @Test
    void runInReportsAMissingNamespaceAndRethrowsTheTaskException() throws Exception {
        NetworkNamespace missing = NetworkNamespace.named(NetnsFixture.PREFIX + "missing-" + ProcessHandle.current().pid());
        NetworkNamespace namespace = fixture.createNamespace();

        assertThatThrownBy(() -> missing.runIn(() -> "never"))
            .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        IllegalStateException thrown = new IllegalStateException("from the task");
        assertThatThrownBy(() -> namespace.runIn(() -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    void theHotPathReturnsNegativeErrnoAndAllocatesNothing() throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        // Down and unaddressed: the kernel sends nothing into it, so its queue stays empty.
        TunDevice tun = fixture.track(namespace.runIn(() -> TunDevice.open("isxtq", TunDevice.Mode.TUN)));
        tun.setNonBlocking(true);
        assertThat(tun.isNonBlocking()).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(2048);
            // Version nibble 0: a TUN without packet information refuses it (tun_get_user).
            assertThat(tun.read(buffer, 0, 2048)).isEqualTo(-Errno.EAGAIN);
            int refused = tun.write(buffer, 0, 40);
            assertThat(refused).isNegative();
            assertThat(tun.awaitReadable(0)).isZero();

            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            // Steady state: rounds of 10,000 calls each until one allocates nothing, as the compiler may take a while
            // on a loaded machine; a hot path that allocates never gets there.
            long allocated = Long.MAX_VALUE;
            int failures = 0;
            for (int round = 0; round < 30 && allocated >= 1024; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    failures += tun.read(buffer, 0, 2048) == -Errno.EAGAIN ? 0 : 1;
                    failures += tun.write(buffer, 0, 40) == refused ? 0 : 1;
                    failures += tun.awaitReadable(0) == 0 ? 0 : 1;
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertThat(failures).isZero();
            assertThat(allocated).as("bytes allocated by 30,000 hot-path calls").isLessThan(1024);
        }
        tun.close();
        assertThat(tun.read(MemorySegment.NULL, 0, 0)).isEqualTo(-Errno.EBADF);
    }

    @Test
    void vethPairsJoinTwoNamespaces() throws Exception {
        NetworkNamespace a = fixture.createNamespace();
        NetworkNamespace b = fixture.createNamespace();
        fixture.createVeth(a, "isxva", b, "isxvb");
        fixture.run("ip", "-n", a.name(), "address", "add", "10.79.0.1/24", "dev", "isxva");
        fixture.run("ip", "-n", b.name(), "address", "add", "10.79.0.2/24", "dev", "isxvb");
        fixture.run("ip", "-n", a.name(), "link", "set", "dev", "isxva", "up");
        fixture.run("ip", "-n", b.name(), "link", "set", "dev", "isxvb", "up");

        try (DatagramChannel receiver = b.runIn(() -> DatagramChannel.open().bind(TestPackets.socket("10.79.0.2", 6000)));
             DatagramChannel sender = a.runIn(() -> DatagramChannel.open().bind(TestPackets.socket("10.79.0.1", 0)));
             Selector selector = Selector.open()) {
            receiver.configureBlocking(false);
            receiver.register(selector, SelectionKey.OP_READ);
            sender.send(ByteBuffer.wrap(new byte[] {42}), TestPackets.socket("10.79.0.2", 6000));
            assertThat(selector.select(Duration.ofSeconds(3).toMillis())).isEqualTo(1);
            ByteBuffer received = ByteBuffer.allocate(16);
            assertThat(receiver.receive(received)).isNotNull();
            assertThat(received.position()).isEqualTo(1);
        }
    }

    @Test
    void theFixtureDeletesItsNamespacesOnClose() {
        NetnsFixture own = NetnsFixture.create();
        NetworkNamespace namespace = own.createNamespace();
        assertThat(namespace.name()).startsWith(NetnsFixture.PREFIX);
        assertThat(namespace.exists()).isTrue();

        own.close();

        assertThat(namespace.exists()).isFalse();
    }
}
