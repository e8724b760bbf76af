package io.isthmus.systemtest;

import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.wire.IpProtocol;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A fresh network namespace holding one TUN, {@value #DEVICE}, opened through {@link TunDevice} on a thread inside
 * the namespace, where raw IP packets are written and what the kernel does with them is observed.
 *
 * <p>Set-up: loopback up; {@code rp_filter} off; the TUN up with {@value #TUN_V4}/24 and {@value #TUN_V6}/64
 * ({@code nodad}, so the address is usable at once instead of tentative for a second or more); default IPv4 and
 * IPv6 routes through the TUN, so every answer to any source leaves through it and reverse-path checks pass.
 * Destinations that are not local yet are added to {@code lo} on demand ({@code /32}, or {@code /128 nodad}).
 *
 * <p>The entry point for tests of translated packets is {@link #deliverToSocket(byte[])}: hand it the raw bytes of
 * an IPv4 or IPv6 packet (for example a translator's output) and it returns what the kernel made of it. Failures
 * are {@link AssertionError}s whose message carries the packet, what came back through the TUN, and the
 * namespace's interface, address, route and SNMP counters (where a checksum error shows as {@code InCsumErrors}).
 *
 * <p>Not thread-safe: one test thread drives a lab.
 */
public final class TunLab implements AutoCloseable {
    /** Name of the TUN inside the namespace. */
    public static final String DEVICE = "isxt0";
    /** IPv4 address of the TUN (prefix length 24). */
    public static final String TUN_V4 = "10.77.0.1";
    /** An IPv4 address on the TUN's subnet, beyond the TUN: a natural source for packets written into it. */
    public static final String PEER_V4 = "10.77.0.2";
    /** IPv6 address of the TUN (prefix length 64). */
    public static final String TUN_V6 = "fd00:77::1";
    /** An IPv6 address on the TUN's subnet, beyond the TUN. */
    public static final String PEER_V6 = "fd00:77::2";
    /** How long a delivery waits for the socket or for the kernel's answer. */
    public static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(3);
    /** Largest packet read back from the TUN. */
    public static final int MAX_PACKET = 65_536;

    private final NetnsFixture fixture;
    private final NetworkNamespace namespace;
    private final TunDevice tun;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(MAX_PACKET, 8);
    private final Set<InetAddress> local = new HashSet<>();

    private TunLab(NetnsFixture fixture, NetworkNamespace namespace, TunDevice tun) {
        this.fixture = fixture;
        this.namespace = namespace;
        this.tun = tun;
    }

    /**
     * Makes the namespace and the TUN, tracked by {@code fixture}: both go when the fixture closes.
     *
     * @throws Exception when the TUN cannot be opened in the namespace
     */
    public static TunLab create(NetnsFixture fixture) throws Exception {
        NetworkNamespace namespace = fixture.createNamespace();
        // IPv4 devconf is inherited from the initial namespace, where rp_filter may be strict; the effective
        // value is max(all, device), so both "all" and "default" (copied to the TUN at creation) go to 0.
        fixture.exec(namespace, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0",
            "net.ipv4.conf.default.rp_filter=0");
        TunDevice tun = fixture.track(namespace.runIn(() -> TunDevice.open(DEVICE, TunDevice.Mode.TUN)));
        tun.setNonBlocking(true);
        TunLab lab = fixture.track(new TunLab(fixture, namespace, tun));
        String ns = namespace.name();
        fixture.run("ip", "-n", ns, "address", "add", TUN_V4 + "/24", "dev", DEVICE);
        fixture.run("ip", "-n", ns, "address", "add", TUN_V6 + "/64", "dev", DEVICE, "nodad");
        fixture.run("ip", "-n", ns, "link", "set", "dev", DEVICE, "up");
        fixture.run("ip", "-n", ns, "route", "add", "default", "dev", DEVICE);
        fixture.run("ip", "-n", ns, "-6", "route", "add", "default", "dev", DEVICE);
        lab.local.add(TestPackets.address(TUN_V4));
        lab.local.add(TestPackets.address(TUN_V6));
        return lab;
    }

    /** The namespace. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The TUN, non-blocking. */
    public TunDevice tun() {
        return tun;
    }

    /** What the kernel made of a packet written into the TUN. */
    public sealed interface Delivery {
        /**
         * A UDP socket bound to the packet's destination received a datagram.
         *
         * @param source the datagram's source as the socket saw it
         * @param payload the bytes the socket received
         */
        record Datagram(InetSocketAddress source, byte[] payload) implements Delivery {
        }

        /**
         * The kernel answered through the TUN: for a TCP segment to a listening socket a SYN-ACK (or RST), for an
         * ICMP or ICMPv6 echo request the echo reply.
         *
         * @param packet the answer, from its IP header
         * @param summary the answer's addressing
         */
        record Reply(byte[] packet, IpSummary summary) implements Delivery {
        }
    }

    /**
     * Writes a raw IP packet into the TUN and returns what the kernel did with it, which tells whether the kernel
     * accepted it (lengths, addresses, checksums):
     *
     * <ul>
     *   <li>UDP: a socket bound to the destination address and port receives a datagram; returns
     *       {@link Delivery.Datagram};</li>
     *   <li>TCP: a socket listens on the destination address and port, and the kernel's answer (SYN-ACK to a SYN,
     *       otherwise RST) is read back from the TUN; returns {@link Delivery.Reply};</li>
     *   <li>ICMP / ICMPv6 (an echo request): the echo reply is read back from the TUN; returns
     *       {@link Delivery.Reply}.</li>
     * </ul>
     *
     * <p>The destination is made local first if it is not. The source should not be local (the kernel drops
     * packets claiming to come from its own addresses).
     *
     * @throws AssertionError with diagnostics when nothing arrives within {@link #RECEIVE_TIMEOUT}, or the TUN
     *     refuses the write
     * @throws IllegalArgumentException when the wire views reject the packet, or its protocol is not one of these
     */
    public Delivery deliverToSocket(byte[] packet) throws Exception {
        return deliverToSocket(packet, RECEIVE_TIMEOUT);
    }

    /** {@link #deliverToSocket(byte[])} waiting {@code timeout} instead of {@link #RECEIVE_TIMEOUT}. */
    public Delivery deliverToSocket(byte[] packet, Duration timeout) throws Exception {
        IpSummary sent = IpSummary.of(packet);
        return switch (sent.protocol()) {
            case IpProtocol.UDP -> deliverUdp(packet, sent, timeout);
            case IpProtocol.TCP -> deliverTcp(packet, sent, timeout);
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                ensureLocal(sent.destination());
                yield writeAndAwaitReply(packet, sent, sent.protocol(), timeout);
            }
            default -> throw new IllegalArgumentException("no socket for " + sent);
        };
    }

    /**
     * {@link #deliverToSocket} for a UDP packet: returns the datagram a socket bound to the destination received.
     */
    public Delivery.Datagram deliverUdp(byte[] packet) throws Exception {
        return deliverUdp(packet, RECEIVE_TIMEOUT);
    }

    /** {@link #deliverUdp(byte[])} waiting {@code timeout} instead of {@link #RECEIVE_TIMEOUT}. */
    public Delivery.Datagram deliverUdp(byte[] packet, Duration timeout) throws Exception {
        IpSummary sent = IpSummary.of(packet);
        if (sent.protocol() != IpProtocol.UDP) {
            throw new IllegalArgumentException("not UDP: " + sent);
        }
        return deliverUdp(packet, sent, timeout);
    }

    private Delivery.Datagram deliverUdp(byte[] packet, IpSummary sent, Duration timeout) throws Exception {
        ensureLocal(sent.destination());
        try (DatagramChannel channel = openUdp(sent.destinationSocket());
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            drainTun();
            writeToTun(packet);
            ByteBuffer received = ByteBuffer.allocate(MAX_PACKET);
            if (selector.select(timeout.toMillis()) > 0) {
                InetSocketAddress source = (InetSocketAddress) channel.receive(received);
                if (source != null) {
                    received.flip();
                    byte[] payload = new byte[received.remaining()];
                    received.get(payload);
                    return new Delivery.Datagram(source, payload);
                }
            }
            throw new AssertionError("no datagram on a socket bound to " + sent.destinationSocket() + " within "
                + timeout + "\n" + diagnostics(packet, drainTun()));
        }
    }

    private Delivery.Reply deliverTcp(byte[] packet, IpSummary sent, Duration timeout) throws Exception {
        ensureLocal(sent.destination());
        ServerSocketChannel listener = namespace.runIn(() -> {
            ServerSocketChannel server = ServerSocketChannel.open(family(sent.destination()));
            server.bind(sent.destinationSocket());
            return server;
        });
        try {
            return writeAndAwaitReply(packet, sent, IpProtocol.TCP, timeout);
        } finally {
            listener.close();
        }
    }

    private Delivery.Reply writeAndAwaitReply(byte[] packet, IpSummary sent, int protocol, Duration timeout) {
        drainTun();
        writeToTun(packet);
        List<byte[]> others = new ArrayList<>();
        byte[] reply = readFromTun(candidate -> {
            IpSummary summary;
            try {
                summary = IpSummary.of(candidate);
            } catch (IllegalArgumentException e) {
                return false;
            }
            // ICMP has no ports: the reversed addresses identify the answer.
            boolean matches = summary.protocol() == protocol && summary.isReverseOf(sent);
            if (!matches) {
                others.add(candidate);
            }
            return matches;
        }, timeout);
        if (reply == null) {
            throw new AssertionError("no answer to " + sent + " through the TUN within " + timeout + "\n"
                + diagnostics(packet, others));
        }
        return new Delivery.Reply(reply, IpSummary.of(reply));
    }

    /**
     * Opens a UDP socket inside the namespace bound to {@code local} (its family decides IPv4 or IPv6). The
     * caller closes it.
     */
    public DatagramChannel openUdp(InetSocketAddress local) throws Exception {
        return namespace.runIn(() -> {
            DatagramChannel channel = DatagramChannel.open(family(local.getAddress()));
            try {
                channel.bind(local);
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
    }

    private static StandardProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** Makes {@code address} local to the namespace (on {@code lo}) unless it already is. */
    public void ensureLocal(InetAddress address) {
        if (local.contains(address)) {
            return;
        }
        if (address instanceof Inet4Address) {
            fixture.run("ip", "-n", namespace.name(), "address", "add", address.getHostAddress() + "/32", "dev",
                "lo");
        } else {
            fixture.run("ip", "-n", namespace.name(), "address", "add", address.getHostAddress() + "/128", "dev",
                "lo", "nodad");
        }
        local.add(address);
    }

    /**
     * Writes {@code packet} into the TUN as one packet.
     *
     * @return the byte count written
     * @throws AssertionError when the write fails, with the errno
     */
    public int writeToTun(byte[] packet) {
        MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, packet.length);
        int written = tun.write(buffer, 0, packet.length);
        if (written != packet.length) {
            throw new AssertionError("TUN write of " + packet.length + " bytes returned "
                + (written < 0 ? "-" + Errno.name(-written) : written) + ": " + IpSummary.hex(packet));
        }
        return written;
    }

    /**
     * Reads packets the kernel sends into the TUN until one satisfies {@code wanted}, skipping others (IPv6 router
     * solicitations, MLD reports) until {@code timeout} has passed.
     *
     * @return the wanted packet, or {@code null} on timeout
     */
    public byte[] readFromTun(Predicate<byte[]> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            int ready = tun.awaitReadable((int) Math.max(1, remaining / 1_000_000));
            if (ready <= 0) {
                if (ready == -Errno.EINTR || ready == 0) {
                    continue;
                }
                throw new AssertionError("poll on the TUN failed: -" + Errno.name(-ready));
            }
            int n = tun.read(buffer, 0, MAX_PACKET);
            if (n == -Errno.EAGAIN) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("TUN read failed: -" + Errno.name(-n));
            }
            byte[] packet = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            if (wanted.test(packet)) {
                return packet;
            }
        }
    }

    /** Reads and returns everything queued on the TUN now, without waiting. */
    public List<byte[]> drainTun() {
        List<byte[]> drained = new ArrayList<>();
        int n;
        while ((n = tun.read(buffer, 0, MAX_PACKET)) > 0) {
            drained.add(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
        return drained;
    }

    /**
     * The namespace's state for a failure message: the packet written, what came back, the TUN's statistics,
     * addresses, routes and the non-zero SNMP counters.
     */
    public String diagnostics(byte[] packet, List<byte[]> fromTun) {
        StringBuilder b = new StringBuilder();
        b.append("packet written: ").append(describe(packet)).append('\n').append(IpSummary.hex(packet)).append('\n');
        b.append("read back from the TUN: ").append(fromTun.size()).append(" packet(s)\n");
        for (byte[] other : fromTun) {
            b.append("  ").append(describe(other)).append('\n');
        }
        String ns = namespace.name();
        for (String[] command : List.of(
            new String[] {"ip", "-n", ns, "-s", "link", "show", "dev", DEVICE},
            new String[] {"ip", "-n", ns, "address"},
            new String[] {"ip", "-n", ns, "route"},
            new String[] {"ip", "-n", ns, "-6", "route"},
            new String[] {"ip", "netns", "exec", ns, "nstat", "-as"})) {
            b.append(NetnsFixture.tryRun(NetnsFixture.COMMAND_TIMEOUT, command).describe()).append('\n');
        }
        return b.toString();
    }

    private static String describe(byte[] packet) {
        try {
            return IpSummary.of(packet).toString();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Closes the TUN and frees the buffer; the namespace is the fixture's to delete. */
    @Override
    public void close() throws IOException {
        try {
            tun.close();
        } finally {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "TunLab[" + namespace.name() + ", " + tun + "]";
    }
}
