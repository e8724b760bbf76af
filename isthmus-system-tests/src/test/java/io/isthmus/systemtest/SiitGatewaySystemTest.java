package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.agent.siit.SiitGateway;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.ExplicitAddressMappingTable;
import io.isthmus.xlat.mapping.Rfc6052Mapper;
import io.isthmus.xlat.mapping.Rfc7757Mapper;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A SIIT gateway between an IPv4-only and an IPv6-only namespace, with the kernel's own tools as peers:
 *
 * <pre>
 *  v4 node 10.0.1.2 --veth-- gateway [TUN siit0: translator] --veth-- v6 node 2001:db8:6::2
 *  v6 node seen from IPv4 as 198.51.100.2 (explicit mapping); v4 node seen from IPv6 as 2001:db8:46::10.0.1.2
 * </pre>
 */
@RequiresRoot
@Timeout(60)
class SiitGatewaySystemTest {
    /** The IPv4 dummy address (RFC 7600) the translator sends its own ICMPv4 errors from. */
    static final String ERROR_SOURCE_V4 = "192.0.0.8";

    private NetnsFixture fixture;
    private NetworkNamespace v4;
    private NetworkNamespace gateway;
    private NetworkNamespace v6;
    private SiitGateway siit;
    private Thread loop;

    @BeforeEach
    void buildTopology() throws Exception {
        fixture = NetnsFixture.create();
        v4 = fixture.createNamespace();
        gateway = fixture.createNamespace();
        v6 = fixture.createNamespace();
        fixture.createVeth(v4, "eth0", gateway, "eth0");
        fixture.createVeth(gateway, "eth1", v6, "eth0");
        fixture.exec(gateway, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
            "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
        ip(v4, "address add 10.0.1.2/24 dev eth0", "link set eth0 up", "route add default via 10.0.1.1");
        ip(gateway, "address add 10.0.1.1/24 dev eth0", "link set eth0 up",
            "-6 address add 2001:db8:6::1/64 dev eth1 nodad", "link set eth1 up");
        ip(v6, "-6 address add 2001:db8:6::2/64 dev eth0 nodad", "link set eth0 up",
            "-6 route add 2001:db8:46::/96 via 2001:db8:6::1");

        ExplicitAddressMappingTable eamt = ExplicitAddressMappingTable.builder()
            .add("198.51.100.2/32", "2001:db8:6::2/128").build();
        Translator translator = new Translator(TranslatorConfig.defaults(new Rfc7757Mapper(eamt,
                new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:46::/96"), false)))
            .withErrorSources(Ipv4Address.parse(ERROR_SOURCE_V4), Ipv6Address.parse("2001:db8:46::c000:8")));
        TunDevice tun = fixture.track(gateway.runIn(() -> TunDevice.open("siit0", TunDevice.Mode.TUN)));
        ip(gateway, "link set siit0 up mtu 1500", "route add 198.51.100.0/24 dev siit0",
            "-6 route add 2001:db8:46::/96 dev siit0");
        siit = new SiitGateway(tun, translator);
        loop = Thread.ofPlatform().name("siit-gateway").start(siit);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (siit != null) {
            siit.stop();
            loop.join(2_000);
        }
        fixture.close();
    }

    private void ip(NetworkNamespace namespace, String... commands) {
        for (String command : commands) {
            String[] args = ("ip " + command).split(" ");
            fixture.exec(namespace, args);
        }
    }

    @Test
    void ipv4NodePingsTheIpv6NodeThroughTheGateway() throws InterruptedException {
        CommandResult ping = fixture.exec(v4, "ping", "-c", "3", "-i", "0.2", "-W", "2", "198.51.100.2");
        assertThat(ping.output()).contains("3 received");
        // The gateway counts a reply once it has written it: the last count may trail ping's last answer.
        assertThat(awaitCount(TranslationResult.TRANSLATED, 6)).isGreaterThanOrEqualTo(6);
    }

    /** The gateway's count of {@code result} once it reaches {@code expected}, or after 2 s. */
    private long awaitCount(TranslationResult result, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (siit.count(result) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return siit.count(result);
    }

    @Test
    void ipv6NodePingsTheIpv4NodeThroughTheGateway() {
        CommandResult ping = fixture.exec(v6, "ping", "-6", "-c", "3", "-i", "0.2", "-W", "2",
            "2001:db8:46::10.0.1.2");
        assertThat(ping.output()).contains("3 received");
    }

    @Test
    void theGatewayIsARouterHopThatAnswersTimeExceeded() throws InterruptedException {
        // TTL 2: the gateway's kernel forwards with TTL 1 into the TUN, where the translator is the next hop.
        CommandResult ping = fixture.tryExec(v4, "ping", "-c", "1", "-t", "2", "-W", "2", "198.51.100.2");
        assertThat(ping.output()).contains("From " + ERROR_SOURCE_V4).containsIgnoringCase("Time to live exceeded");
        assertThat(awaitCount(TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED, 1)).isEqualTo(1);
    }

    @Test
    void largeUdpDatagramIsCarriedAsFragmentsAndReassembled() throws Exception {
        byte[] payload = new byte[4000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        InetSocketAddress receiverAddress = new InetSocketAddress("2001:db8:6::2", 5300);
        try (DatagramChannel receiver = v6.runIn(() -> DatagramChannel.open().bind(receiverAddress));
             DatagramChannel sender = v4.runIn(DatagramChannel::open)) {
            sender.send(ByteBuffer.wrap(payload), new InetSocketAddress("198.51.100.2", 5300));
            receiver.configureBlocking(false);
            ByteBuffer got = ByteBuffer.allocate(65536);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (receiver.receive(got) == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            got.flip();
            byte[] bytes = new byte[got.remaining()];
            got.get(bytes);
            assertThat(bytes).as("datagram reassembled on the IPv6 node; gateway %s", siit.countersLine())
                .isEqualTo(payload);
        }
    }
}
