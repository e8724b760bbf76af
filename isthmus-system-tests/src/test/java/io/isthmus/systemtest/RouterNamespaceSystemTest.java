package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.routing.RouterNamespace;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.TcpSegment;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A network's private namespace takes the nodes' packets to its routers' addresses into a real TCP/IP stack and gives
 * back what the stack answers, and it is gone once closed.
 */
@RequiresRoot
class RouterNamespaceSystemTest {
    @Test
    void aSynToARouterAddressIsAnsweredByTheNamespacesStackAndDeliveredToTheNode() throws Exception {
        String name = NetnsFixture.PREFIX + "rns-" + Long.toHexString(System.nanoTime());
        LinkedBlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
        try (RouterNamespace namespace = RouterNamespace.create(name, 1480, (destination, buffer, length) -> {
            assertThat(destination).isEqualTo(Ipv4Address.parse("10.0.1.10"));
            delivered.add(buffer.asSlice(EthernetFrame.HEADER_LENGTH, length).toArray(ValueLayout.JAVA_BYTE));
        }, line -> System.out.println("router namespace: " + line))) {
            namespace.setRouters(Map.of(Ipv4Address.parse("10.0.1.1"), 24, Ipv4Address.parse("10.0.2.1"), 24));
            try (ServerSocketChannel server = namespace.namespace().runIn(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress("0.0.0.0", 1790)))) {
                byte[] syn = TestPackets.tcpSyn(TestPackets.socket("10.0.1.10", 40000),
                    TestPackets.socket("10.0.1.1", 1790), 1234);
                MemorySegment packet = Arena.ofAuto().allocate(syn.length);
                MemorySegment.copy(MemorySegment.ofArray(syn), 0, packet, 0, syn.length);
                assertThat(namespace.write(packet, 0, syn.length)).isTrue();

                byte[] answer = delivered.poll(5, TimeUnit.SECONDS);
                assertThat(answer).as("the namespace's SYN-ACK").isNotNull();
                MemorySegment reply = MemorySegment.ofArray(answer);
                assertThat(answer[9]).isEqualTo((byte) IpProtocol.TCP);
                assertThat(Ipv4Address.parse("10.0.1.1")).isEqualTo(
                    reply.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 12));
                TcpSegment tcp = new TcpSegment().wrap(reply, 20, answer.length - 20);
                assertThat(tcp.flags() & (TcpSegment.SYN | TcpSegment.ACK)).isEqualTo(TcpSegment.SYN | TcpSegment.ACK);
                assertThat(tcp.acknowledgmentNumber()).isEqualTo(1235);
            }
            // A router address taken away is no longer the stack's.
            namespace.setRouters(Map.of(Ipv4Address.parse("10.0.2.1"), 24));
            assertThat(NetnsFixture.tryRun(Duration.ofSeconds(5), "ip", "-n", name, "-4", "addr", "show", "dev",
                RouterNamespace.DEVICE).output()).doesNotContain("10.0.1.1").contains("10.0.2.1");
        }
        assertThat(NetnsFixture.tryRun(Duration.ofSeconds(5), "ip", "netns", "list").output()).doesNotContain(name);
    }
}
