package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.Rfc6052Mapper;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Packets the translator emits are accepted by the kernel's own IP stack: each test translates a packet, writes the
 * result into a TUN in a fresh network namespace, and checks that a socket there receives it (or that the kernel
 * answers it). A wrong checksum, length or header field makes the kernel drop the packet and the test fail.
 */
@RequiresRoot
@Timeout(30)
class TranslatedPacketsSystemTest {
    /** RFC 6052 /96 network-specific prefix of the test; IPv4 192.0.2.1 is 2001:db8:64::c000:201. */
    private static final String PREFIX = "2001:db8:64::";

    private final Translator translator = new Translator(TranslatorConfig.defaults(
        new Rfc6052Mapper(Ipv6Prefix.parse(PREFIX + "/96"), false)));
    private NetnsFixture fixture;
    private TunLab lab;

    @BeforeEach
    void createLab() throws Exception {
        fixture = NetnsFixture.create();
        lab = TunLab.create(fixture);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    private static InetSocketAddress v4(String address, int port) {
        return TestPackets.socket(address, port);
    }

    private static InetSocketAddress v6(String ipv4, int port) {
        return TestPackets.socket(PREFIX + ipv4, port);
    }

    private List<byte[]> translate(byte[] packet, TranslationResult expected) {
        List<byte[]> out = new ArrayList<>();
        PacketSink sink = (segment, offset, length, kind) -> {
            assertThat(kind).isEqualTo(PacketSink.Emission.TRANSLATED);
            out.add(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        };
        assertThat(translator.translate(MemorySegment.ofArray(packet), 0, packet.length, sink)).isEqualTo(expected);
        return out;
    }

    @Test
    void ipv4UdpTranslatedToIpv6ReachesASocketFromTheEmbeddedSource() throws Exception {
        byte[] payload = "translated 4 to 6".getBytes(StandardCharsets.US_ASCII);
        byte[] v4 = TestPackets.ipv4Udp(v4("198.51.100.7", 40_000), v4("192.0.2.1", 5006), payload);
        byte[] v6 = translate(v4, TranslationResult.TRANSLATED).getFirst();

        TunLab.Delivery.Datagram received = lab.deliverUdp(v6);
        assertThat(received.payload()).isEqualTo(payload);
        assertThat(received.source()).isEqualTo(v6("198.51.100.7", 40_000));
    }

    @Test
    void ipv6UdpTranslatedToIpv4ReachesASocket() throws Exception {
        byte[] payload = "translated 6 to 4".getBytes(StandardCharsets.US_ASCII);
        byte[] v6 = TestPackets.ipv6Udp(v6("198.51.100.9", 40_001), v6("192.0.2.1", 5007), payload);
        byte[] v4 = translate(v6, TranslationResult.TRANSLATED).getFirst();

        TunLab.Delivery.Datagram received = lab.deliverUdp(v4);
        assertThat(received.payload()).isEqualTo(payload);
        assertThat(received.source()).isEqualTo(v4("198.51.100.9", 40_001));
    }

    @Test
    void translatedTcpSynIsAnsweredWithSynAckInBothFamilies() throws Exception {
        byte[] v6 = translate(TestPackets.tcpSyn(v4("198.51.100.7", 40_002), v4("192.0.2.1", 8080), 1000),
            TranslationResult.TRANSLATED).getFirst();
        TunLab.Delivery.Reply reply6 = (TunLab.Delivery.Reply) lab.deliverToSocket(v6);
        assertThat(reply6.packet()[40 + 13] & 0x12).as("SYN and ACK flags").isEqualTo(0x12);

        byte[] v4 = translate(TestPackets.tcpSyn(v6("198.51.100.8", 40_003), v6("192.0.2.1", 8081), 2000),
            TranslationResult.TRANSLATED).getFirst();
        TunLab.Delivery.Reply reply4 = (TunLab.Delivery.Reply) lab.deliverToSocket(v4);
        assertThat(reply4.packet()[20 + 13] & 0x12).as("SYN and ACK flags").isEqualTo(0x12);
    }

    @Test
    void translatedEchoRequestsAreAnsweredInBothFamilies() throws Exception {
        byte[] data = "ping through the translator".getBytes(StandardCharsets.US_ASCII);
        byte[] v6 = translate(TestPackets.echoRequest(InetAddress.getByName("198.51.100.7"),
            InetAddress.getByName("192.0.2.1"), 77, 1, data), TranslationResult.TRANSLATED).getFirst();
        TunLab.Delivery.Reply reply6 = (TunLab.Delivery.Reply) lab.deliverToSocket(v6);
        assertThat(reply6.packet()[40] & 0xff).as("ICMPv6 echo reply").isEqualTo(129);

        byte[] v4 = translate(TestPackets.echoRequest(InetAddress.getByName(PREFIX + "198.51.100.8"),
            InetAddress.getByName(PREFIX + "192.0.2.1"), 78, 2, data), TranslationResult.TRANSLATED).getFirst();
        TunLab.Delivery.Reply reply4 = (TunLab.Delivery.Reply) lab.deliverToSocket(v4);
        assertThat(reply4.packet()[20] & 0xff).as("ICMP echo reply").isZero();
    }

    @Test
    void ipv6FragmentsOfALargeIpv4DatagramAreReassembledByTheKernel() throws Exception {
        byte[] payload = new byte[3000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        byte[] v4 = TestPackets.ipv4Udp(v4("198.51.100.7", 40_004), v4("192.0.2.1", 5008), payload);
        // Clear DF so the translator fragments to the lowest IPv6 MTU (RFC 7915 section 4.1).
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(v4), 0, v4.length);
        ip.setFlagsAndFragmentOffset(false, false, 0);
        ip.fillHeaderChecksum();
        List<byte[]> fragments = translate(v4, TranslationResult.FRAGMENTED);
        assertThat(fragments).hasSize(3).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(1280));

        InetSocketAddress destination = v6("192.0.2.1", 5008);
        lab.ensureLocal(destination.getAddress());
        try (DatagramChannel channel = lab.openUdp(destination)) {
            for (byte[] fragment : fragments) {
                lab.writeToTun(fragment);
            }
            ByteBuffer received = receive(channel);
            byte[] got = new byte[received.remaining()];
            received.get(got);
            assertThat(got).isEqualTo(payload);
        }
    }

    @Test
    void translatedPortUnreachableReachesTheSendingSocketAsAnError() throws Exception {
        // A socket in the namespace talks to an IPv6 peer behind the translator ...
        InetSocketAddress local = v6("192.0.2.1", 5009);
        InetSocketAddress peer = v6("198.51.100.7", 7);
        lab.ensureLocal(local.getAddress());
        try (DatagramChannel channel = lab.openUdp(local)) {
            channel.connect(peer);
            byte[] data = "anyone there?".getBytes(StandardCharsets.US_ASCII);
            channel.write(ByteBuffer.wrap(data));
            byte[] sent = lab.readFromTun(p -> p.length > 40 && (p[0] & 0xf0) == 0x60 && p[6] == IpProtocol.UDP,
                TunLab.RECEIVE_TIMEOUT);
            assertThat(sent).as("the socket's datagram in the TUN").isNotNull();
            // ... the translator carries it to IPv4, where the peer answers port unreachable ...
            byte[] outbound = translate(sent, TranslationResult.TRANSLATED).getFirst();
            byte[] quoted = Arrays.copyOf(outbound, Math.min(outbound.length, 28 + data.length));
            byte[] icmp = new byte[8 + quoted.length];
            icmp[0] = 3;
            icmp[1] = 3;
            System.arraycopy(quoted, 0, icmp, 8, quoted.length);
            byte[] error = ipv4Icmp(Ipv4Address.parse("198.51.100.7"), Ipv4Address.parse("192.0.2.1"), icmp);
            // ... and its translation is an ICMPv6 error the kernel matches to the socket.
            lab.writeToTun(translate(error, TranslationResult.TRANSLATED).getFirst());
            ByteBuffer buffer = ByteBuffer.allocate(100);
            assertThatThrownBy(() -> {
                for (int attempt = 0; attempt < 50; attempt++) {
                    channel.configureBlocking(false);
                    if (channel.read(buffer) > 0) {
                        return;
                    }
                    Thread.sleep(20);
                }
            }).isInstanceOf(PortUnreachableException.class);
        }
    }

    private static ByteBuffer receive(DatagramChannel channel) throws Exception {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long deadline = System.nanoTime() + TunLab.RECEIVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (channel.receive(buffer) != null) {
                return buffer.flip();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing received on " + channel.getLocalAddress());
    }

    private static byte[] ipv4Icmp(int source, int destination, byte[] icmp) {
        byte[] bytes = new byte[20 + icmp.length];
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, bytes.length);
        ip.setVersionAndHeaderLength(20);
        ip.setTotalLength(bytes.length);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.ICMP);
        ip.setSource(source);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        System.arraycopy(icmp, 0, bytes, 20, icmp.length);
        new io.isthmus.wire.Icmpv4Packet().wrap(s, 20, icmp.length).fillChecksum();
        return bytes;
    }
}
