package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test link of the routing tests carries the node's packets to the test and the router's to the node. */
@RequiresRoot
class TapLinkSystemTest {
    @Test
    void packetsCrossTheLinkBothWaysAndTheRouterAnswersArp() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            fixture.exec(ns, "sh", "-c", "echo hello | socat - UDP4-SENDTO:10.0.0.1:5521").assertSuccess();
            ByteBuffer packet = awaitUdp(link);
            assertThat(packet.getInt(12)).isEqualTo(Ipv4Address.parse("10.0.0.10"));
            assertThat(packet.getInt(16)).isEqualTo(Ipv4Address.parse("10.0.0.1"));
            assertThat(packet.getShort(22) & 0xffff).isEqualTo(5521);

            Process receiver = new ProcessBuilder("ip", "netns", "exec", ns.name(), "socat", "-u",
                "UDP4-RECV:5520", "STDOUT").redirectErrorStream(true).start();
            try {
                Thread.sleep(300);
                link.sendUdp(Ipv4Address.parse("10.0.0.10"), 5520,
                    ByteBuffer.wrap("from the router\n".getBytes(StandardCharsets.US_ASCII)));
                byte[] line = new byte[16];
                int read = receiver.getInputStream().readNBytes(line, 0, line.length);
                assertThat(new String(line, 0, read, StandardCharsets.US_ASCII)).isEqualTo("from the router\n");
            } finally {
                receiver.destroy();
                receiver.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static ByteBuffer awaitUdp(TapLink link) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            ByteBuffer packet = link.poll(Duration.ofMillis(200));
            if (packet != null && packet.get(9) == IpProtocol.UDP) {
                return packet;
            }
        }
        throw new AssertionError("the node's datagram did not reach the link");
    }
}
