package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.LinuxException;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.PacketSocket;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PacketSocket} against the real kernel: a veth pair whose end {@code vh} (namespace "host") the socket is
 * opened on and whose peer {@code vp} (namespace "peer", 10.9.0.2) is an ordinary stack.
 */
@RequiresRoot
@Timeout(30)
class PacketSocketSystemTest {
    private static final String HOST_MAC = "02:00:00:00:09:01";
    private static final String PEER_MAC = "02:00:00:00:09:02";
    private static final String PEER_IP = "10.9.0.2";
    private static final String SOCKET_IP = "10.9.0.1";

    private NetnsFixture fixture;
    private NetworkNamespace host;
    private NetworkNamespace peer;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(65_536, 64);

    @BeforeEach
    void veth() {
        fixture = NetnsFixture.create();
        host = fixture.createNamespace();
        peer = fixture.createNamespace();
        fixture.createVeth(host, "vh", peer, "vp");
        fixture.run("ip", "-n", host.name(), "link", "set", "vh", "address", HOST_MAC, "up");
        fixture.run("ip", "-n", peer.name(), "link", "set", "vp", "address", PEER_MAC, "up");
        fixture.run("ip", "-n", peer.name(), "addr", "add", PEER_IP + "/24", "dev", "vp");
        // The socket plays 10.9.0.1 at the host end's MAC; the peer needs no ARP for it.
        fixture.run("ip", "-n", peer.name(), "neigh", "replace", SOCKET_IP, "lladdr", HOST_MAC, "dev", "vp");
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
        arena.close();
    }

    private PacketSocket open(PacketSocket.Option... options) throws Exception {
        PacketSocket socket = fixture.track(host.runIn(() -> PacketSocket.open("vh", options)));
        socket.setNonBlocking(true);
        return socket;
    }

    @Test
    void anEchoRequestWrittenReachesThePeerWhoseReplyIsReadAndTheWriteIsNotReadBack() throws Exception {
        PacketSocket socket = open();
        assertThat(socket.filtersOutgoingByPacketType()).as("kernel has PACKET_IGNORE_OUTGOING").isFalse();
        echoRoundTrip(socket);
    }

    @Test
    void outgoingFramesAreAlsoSkippedByPacketTypeWhereTheKernelCannotIgnoreThem() throws Exception {
        PacketSocket socket = open(PacketSocket.Option.FILTER_OUTGOING_BY_PACKET_TYPE);
        assertThat(socket.filtersOutgoingByPacketType()).isTrue();
        echoRoundTrip(socket);
    }

    private void echoRoundTrip(PacketSocket socket) throws Exception {
        byte[] request = TestPackets.ethernet(TestPackets.mac(PEER_MAC), TestPackets.mac(HOST_MAC),
            TestPackets.ETHERTYPE_IPV4, TestPackets.echoRequest(TestPackets.address(SOCKET_IP),
                TestPackets.address(PEER_IP), 0x1234, 1, "over a packet socket".getBytes(StandardCharsets.US_ASCII)));
        MemorySegment out = arena.allocate(request.length);
        MemorySegment.copy(request, 0, out, ValueLayout.JAVA_BYTE, 0, request.length);
        assertThat(socket.write(out, 0, request.length)).isEqualTo(request.length);

        // The first IPv4 frame read is the peer's answer: the request written is not read back.
        int length = readUntil(socket, frame -> isIpv4(frame));
        EthernetFrame eth = new EthernetFrame().wrap(buffer, 0, length);
        assertThat(MacAddress.format(eth.source())).isEqualTo(PEER_MAC);
        assertThat(MacAddress.format(eth.destination())).isEqualTo(HOST_MAC);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, EthernetFrame.HEADER_LENGTH,
            length - EthernetFrame.HEADER_LENGTH);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.ICMP);
        assertThat(buffer.get(ValueLayout.JAVA_BYTE, EthernetFrame.HEADER_LENGTH + ip.headerLength()))
            .as("ICMP type: echo reply").isEqualTo((byte) 0);
    }

    @Test
    void framesToAnotherMacAreReadInPromiscuousModeWhichEndsWithTheSocket() throws Exception {
        PacketSocket socket = open(PacketSocket.Option.PROMISCUOUS);
        // The membership counts in the interface's promiscuity, not in its PROMISC flag.
        assertThat(fixture.run("ip", "-d", "-n", host.name(), "link", "show", "vh").output())
            .contains("promiscuity 1");
        fixture.run("ip", "-n", peer.name(), "neigh", "replace", "10.9.0.9", "lladdr", "02:00:00:00:09:99", "dev",
            "vp");
        fixture.tryExec(peer, "ping", "-c", "1", "-W", "1", "10.9.0.9");

        int length = readUntil(socket, PacketSocketSystemTest::isIpv4);
        assertThat(MacAddress.format(new EthernetFrame().wrap(buffer, 0, length).destination()))
            .isEqualTo("02:00:00:00:09:99");
        socket.close();
        assertThat(fixture.run("ip", "-d", "-n", host.name(), "link", "show", "vh").output())
            .contains("promiscuity 0");
    }

    @Test
    void aUdpChecksumLeftToTheVethIsCompletedBeforeTheFrameIsRead() throws Exception {
        PacketSocket socket = open();
        // veth offloads transmit checksums: the peer's stack leaves the UDP checksum to the device.
        assertThat(fixture.run("ip", "netns", "exec", peer.name(), "ethtool", "-k", "vp").output())
            .contains("tx-checksum-ip-generic: on");
        byte[] payload = "checksum me".getBytes(StandardCharsets.US_ASCII);
        peer.runIn(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.bind(TestPackets.socket(PEER_IP, 0));
                channel.send(ByteBuffer.wrap(payload), new InetSocketAddress(TestPackets.address(SOCKET_IP), 9999));
            }
            return null;
        });

        int length = readUntil(socket, PacketSocketSystemTest::isIpv4);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, EthernetFrame.HEADER_LENGTH,
            length - EthernetFrame.HEADER_LENGTH);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
        UdpDatagram udp = new UdpDatagram().wrap(buffer, EthernetFrame.HEADER_LENGTH + ip.headerLength(),
            ip.payloadLength());
        assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(ip.payloadLength()))).isTrue();
        assertThat(buffer.asSlice(EthernetFrame.HEADER_LENGTH + ip.headerLength() + UdpDatagram.HEADER_LENGTH,
            payload.length).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(payload);
    }

    @Test
    void anUnknownInterfaceIsEnodevAndAClosedSocketEbadf() throws Exception {
        assertThatThrownBy(() -> host.runIn(() -> PacketSocket.open("nosuch0")))
            .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODEV));
        PacketSocket socket = open();
        socket.close();
        assertThat(socket.isClosed()).isTrue();
        assertThat(socket.read(buffer, 0, 100)).isEqualTo(-Errno.EBADF);
        assertThat(socket.write(buffer, 0, 60)).isEqualTo(-Errno.EBADF);
        assertThat(socket.awaitReadable(0)).isEqualTo(-Errno.EBADF);
    }

    /** Reads frames until one matches (IPv6 noise from the peer's stack is skipped); returns its length. */
    private int readUntil(PacketSocket socket, Predicate<MemorySegment> wanted) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            int length = socket.read(buffer, 0, (int) buffer.byteSize());
            if (length == -Errno.EAGAIN) {
                socket.awaitReadable(100);
                continue;
            }
            assertThat(length).as("read result").isPositive();
            if (wanted.test(buffer.asSlice(0, length))) {
                return length;
            }
        }
        throw new AssertionError("no matching frame within 5 s");
    }

    private static boolean isIpv4(MemorySegment frame) {
        return frame.byteSize() >= EthernetFrame.HEADER_LENGTH
            && new EthernetFrame().wrap(frame, 0, (int) frame.byteSize()).outerEtherType() == EtherType.IPV4;
    }
}
