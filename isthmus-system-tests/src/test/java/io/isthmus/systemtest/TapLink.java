package io.isthmus.systemtest;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.agent.router.RouterFrames;
import io.isthmus.wire.ArpPacket;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Ethernet link between a node's kernel (a TAP inside a test namespace, where a routing daemon runs) and a
 * virtual router played by the test: the test reads the node's IPv4 packets with {@link #poll} and sends the router's
 * with {@link #sendIpv4} and {@link #sendUdp}, as the agent's routers do (frames built by {@link RouterFrames}). The
 * link answers the node's ARP for the router's address itself. Tracked by the fixture: closing stops the reader
 * and closes the TAP.
 */
public final class TapLink implements AutoCloseable {
    /** The router's MAC on the link. */
    public static final long ROUTER_MAC = MacAddress.parse("02:00:5e:10:00:01");

    private final TunDevice tap;
    private final int router;
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final RouterFrames frames = new RouterFrames();
    private final Thread reader;
    private volatile long nodeMac = MacAddress.BROADCAST;
    private volatile boolean running = true;

    private TapLink(TunDevice tap, int router) {
        this.tap = tap;
        this.router = router;
        this.reader = Thread.ofPlatform().name("tap-link-" + tap.name()).daemon().start(this::read);
    }

    /**
     * Opens a TAP named {@code name} in {@code namespace}, gives the node's side {@code nodeCidr} (e.g.
     * {@code 10.0.0.10/24}) and brings it up, with the router at {@code router} (e.g. {@code 10.0.0.1}).
     */
    public static TapLink open(NetnsFixture fixture, NetworkNamespace namespace, String name, String nodeCidr,
                               String router) throws Exception {
        TunDevice tap = namespace.runIn(() -> TunDevice.open(name, TunDevice.Mode.TAP));
        TapLink link = fixture.track(new TapLink(tap, Ipv4Address.parse(router)));
        fixture.exec(namespace, "ip", "addr", "add", nodeCidr, "dev", name).assertSuccess();
        fixture.exec(namespace, "ip", "link", "set", "dev", name, "up").assertSuccess();
        return link;
    }

    /** The next IPv4 packet the node sent (from its IP header), or null after {@code timeout}. */
    public ByteBuffer poll(Duration timeout) throws InterruptedException {
        byte[] packet = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return packet == null ? null : ByteBuffer.wrap(packet);
    }

    /** Sends {@code payload} in an IPv4 packet of {@code protocol} from the router to {@code destination}. */
    public void sendIpv4(int destination, int protocol, ByteBuffer payload) {
        write(frames.ipv4(ROUTER_MAC, nodeMac, router, destination, protocol, payload.duplicate()));
    }

    /** Sends {@code payload} in a UDP datagram from the router's port {@code port} to the same port. */
    public void sendUdp(int destination, int port, ByteBuffer payload) {
        write(frames.udp(ROUTER_MAC, nodeMac, router, destination, port, payload.duplicate()));
    }

    /** The router's address. */
    public int router() {
        return router;
    }

    private synchronized void write(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("the payload does not fit a frame");
        }
        tap.write(frames.buffer(), 0, length);
    }

    private void read() {
        MemorySegment buffer = Arena.ofAuto().allocate(9018, 8);
        EthernetFrame frame = new EthernetFrame();
        ArpPacket arp = new ArpPacket();
        Ipv4Packet ip = new Ipv4Packet();
        while (running) {
            if (tap.awaitReadable(100) <= 0) {
                continue;
            }
            int length = tap.read(buffer, 0, (int) buffer.byteSize());
            if (length <= EthernetFrame.HEADER_LENGTH
                || frame.wrap(buffer, 0, length).checkLength() != WireStatus.OK) {
                continue;
            }
            int payload = length - EthernetFrame.HEADER_LENGTH;
            if (frame.outerEtherType() == EtherType.ARP
                && arp.wrap(buffer, EthernetFrame.HEADER_LENGTH, payload).checkLength() == WireStatus.OK
                && arp.operation() == ArpPacket.REQUEST && arp.targetProtocolAddress() == router) {
                arp.turnIntoReply(ROUTER_MAC);
                frame.turnAround(ROUTER_MAC);
                synchronized (this) {
                    tap.write(buffer, 0, EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH);
                }
            } else if (frame.outerEtherType() == EtherType.IPV4
                && ip.wrap(buffer, EthernetFrame.HEADER_LENGTH, payload).checkLength() == WireStatus.OK) {
                nodeMac = frame.source();
                received.add(buffer.asSlice(EthernetFrame.HEADER_LENGTH, ip.length()).toArray(
                    java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        reader.join(2000);
        tap.close();
    }
}
