package io.isthmus.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.bgp.BgpDecoder;
import io.isthmus.routing.bgp.BgpEncoder;
import io.isthmus.routing.bgp.BgpMessage;
import io.isthmus.routing.bgp.BgpPeer;
import io.isthmus.routing.bgp.BgpPeerConfig;
import io.isthmus.routing.bgp.Capability;
import io.isthmus.routing.bgp.PathAttributes;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener's socket loop over loopback in the test's own namespace, with a scripted participant. */
class BgpListenerTest {
    private static final int LOOPBACK = Ipv4Address.parse("127.0.0.1");
    private static final PeerPolicy OPEN_POLICY = new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 100, 100,
        200);
    private BgpListener listener;

    @AfterEach
    void stop() throws InterruptedException {
        if (listener != null) {
            listener.close();
        }
    }

    private BgpPeer startWithPeer(int participant, PeerPolicy policy) throws IOException {
        listener = BgpListener.start(null, new InetSocketAddress("127.0.0.1", 0));
        BgpPeer peer = new BgpPeer(BgpPeerConfig.of(65000, LOOPBACK, LOOPBACK, participant, 65001, policy), s -> { },
            System.nanoTime());
        listener.addPeer(peer);
        return peer;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return listener.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static BgpMessage read(InputStream in) throws IOException {
        byte[] header = new DataInputStream(in).readNBytes(19);
        int length = ByteBuffer.wrap(header).getShort(16) & 0xffff;
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, 19);
        new DataInputStream(in).readFully(whole, 19, length - 19);
        return ((BgpDecoder.Decoded) BgpDecoder.decode(ByteBuffer.wrap(whole), true)).message();
    }

    private static void write(OutputStream out, BgpMessage message) throws IOException {
        ByteBuffer bytes = BgpEncoder.encode(message, true);
        out.write(bytes.array(), 0, bytes.limit());
    }

    private static BgpMessage.Update announce(String prefix) {
        return new BgpMessage.Update(List.of(), new PathAttributes(0, List.of(PathAttributes.AsPathSegment.sequence(
            65001L)), LOOPBACK, true, 4, -1, false, null, null, null, null, null, List.of()),
            List.of(Ipv4Prefix.parse(prefix)));
    }

    private static void establish(Socket socket) throws IOException {
        write(socket.getOutputStream(), new BgpMessage.Open(4, 65001, 90, Ipv4Address.parse("192.0.2.1"),
            List.of(Capability.Multiprotocol.ipv4Unicast(), new Capability.FourOctetAs(65001))));
        write(socket.getOutputStream(), new BgpMessage.Keepalive());
        assertThat(read(socket.getInputStream())).isInstanceOf(BgpMessage.Open.class);
        assertThat(read(socket.getInputStream())).isInstanceOf(BgpMessage.Keepalive.class);
        assertThat(((BgpMessage.Update) read(socket.getInputStream())).isEndOfRib()).isTrue();
    }

    @Test
    void closesConnectionsFromUnknownAddressesAndCountsThem() throws Exception {
        startWithPeer(Ipv4Address.parse("127.0.0.2"), OPEN_POLICY);
        try (Socket socket = new Socket("127.0.0.1", listener.localPort())) {
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(listener.unknownSources()).isEqualTo(1);
        assertThat(listener.acceptedConnections()).isZero();
    }

    @Test
    void carriesASessionAndReportsTheConnectionsEnd() throws Exception {
        BgpPeer peer = startWithPeer(LOOPBACK, OPEN_POLICY);
        try (Socket socket = new Socket("127.0.0.1", listener.localPort())) {
            socket.setSoTimeout(5000);
            establish(socket);
            write(socket.getOutputStream(), announce("10.9.0.0/16"));
            awaitTrue(() -> call(() -> peer.learned().size() == 1));
        }
        awaitTrue(() -> call(() -> peer.status().state().equals("Active")));
        assertThat(onLoop(() -> peer.status().lastError())).isEqualTo("connection lost");
        assertThat(onLoop(peer::learned)).isEmpty();
        assertThat(listener.errors()).isZero();
    }

    @Test
    void stopsReadingWhileTheBudgetHoldsUpdatesBack() throws Exception {
        BgpPeer peer = startWithPeer(LOOPBACK, new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 100, 2, 1));
        try (Socket socket = new Socket("127.0.0.1", listener.localPort())) {
            socket.setSoTimeout(5000);
            establish(socket);
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                write(socket.getOutputStream(), announce("10." + i + ".0.0/16"));
            }
            awaitTrue(() -> call(() -> peer.learned().size() == 4));
            // One at once, then one per half second.
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1400));
            assertThat(onLoop(() -> peer.status().rateLimited())).isPositive();
        }
    }

    @Test
    void closeStopsTheLoopAndClosesTheSockets() throws Exception {
        startWithPeer(LOOPBACK, OPEN_POLICY);
        try (Socket socket = new Socket("127.0.0.1", listener.localPort())) {
            socket.setSoTimeout(5000);
            establish(socket);
            listener.close();
            listener = null;
            InputStream in = socket.getInputStream();
            int next = in.read();
            while (next >= 0) {
                next = in.read();
            }
            assertThat(next).isEqualTo(-1);
        }
    }

    private boolean call(Callable<Boolean> task) {
        try {
            return onLoop(task);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
