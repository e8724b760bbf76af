package io.isthmus.agent.routing;

import io.isthmus.agent.linux.IpCommand;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.WireStatus;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The private network namespace of one tenant network on this host, where its virtual routers' addresses live on a
 * real TCP/IP stack (DESIGN.md, "Routing with the emulated routers"): the BGP speaker's sockets are opened in it, and
 * the data plane hands it the nodes' packets for the routers (BGP's TCP segments) and takes back what the kernel
 * answers.
 *
 * <p>The namespace holds one TUN, {@value #DEVICE}, carrying raw IPv4 both ways (no ARP: the agent knows every
 * node's MAC). Each router address is a /32 on it, with a route to its subnet through it, from that address; reverse
 * path filtering is off, as the nodes' addresses are only reached through the TUN. What the kernel sends is read on a
 * thread of its own and given to the {@link Delivery} with 14 bytes of room in front for the Ethernet header.
 */
public final class RouterNamespace implements AutoCloseable {
    /** The TUN inside the namespace. */
    public static final String DEVICE = "rt0";

    /** Takes an IPv4 packet the routers' kernel sends toward a node. */
    @FunctionalInterface
    public interface Delivery {
        /**
         * The IPv4 packet at {@link EthernetFrame#HEADER_LENGTH} in {@code buffer}, {@code length} bytes long, to
         * {@code destination}; the first 14 bytes are free for the frame's header. Valid only during the call.
         */
        void deliver(int destination, MemorySegment buffer, int length);
    }

    private final NetworkNamespace namespace;
    private final TunDevice tun;
    private final Delivery delivery;
    private final Consumer<String> log;
    private final Map<Integer, Integer> addresses = new HashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    private RouterNamespace(NetworkNamespace namespace, TunDevice tun, Delivery delivery, Consumer<String> log) {
        this.namespace = namespace;
        this.tun = tun;
        this.delivery = delivery;
        this.log = log;
        this.reader = Thread.ofPlatform().name("isthmus-router-ns-" + namespace.name()).daemon().start(this::read);
    }

    /**
     * Creates namespace {@code name} (deleting a stale one of that name first, left by an agent that did not stop
     * cleanly) with its TUN at {@code mtu}, up, and starts reading it.
     */
    public static RouterNamespace create(String name, int mtu, Delivery delivery, Consumer<String> log)
        throws Exception {
        NetworkNamespace namespace = NetworkNamespace.named(name);
        if (namespace.exists()) {
            IpCommand.run(null, "netns", "del", name);
        }
        IpCommand.run(null, "netns", "add", name);
        try {
            IpCommand.run(namespace, "link", "set", "dev", "lo", "up");
            TunDevice tun = namespace.runIn(() -> TunDevice.open(DEVICE, TunDevice.Mode.TUN));
            try {
                tun.setNonBlocking(true);
                IpCommand.run(namespace, "link", "set", "dev", DEVICE, "mtu", Integer.toString(mtu), "up");
                namespace.runIn(() -> {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/sys/net/ipv4/conf/all/rp_filter"),
                        "0");
                    java.nio.file.Files.writeString(
                        java.nio.file.Path.of("/proc/sys/net/ipv4/conf/" + DEVICE + "/rp_filter"), "0");
                    return null;
                });
                return new RouterNamespace(namespace, tun, delivery, log);
            } catch (Exception e) {
                tun.close();
                throw e;
            }
        } catch (Exception e) {
            IpCommand.run(null, "netns", "del", name);
            throw e;
        }
    }

    /** The namespace, to open sockets in ({@link NetworkNamespace#runIn}). */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /**
     * Makes the router addresses exactly {@code routers}: router address to its subnet's prefix length (a router at
     * 10.0.0.1 of 10.0.0.0/24 is {@code 10.0.0.1 -> 24}). Called from one thread.
     */
    public synchronized void setRouters(Map<Integer, Integer> routers) throws IOException, InterruptedException {
        Objects.requireNonNull(routers, "routers");
        for (var it = addresses.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().equals(routers.get(entry.getKey()))) {
                IpCommand.run(namespace, "addr", "del", Ipv4Address.format(entry.getKey()) + "/32", "dev", DEVICE);
                it.remove();
            }
        }
        for (var entry : routers.entrySet()) {
            if (addresses.containsKey(entry.getKey())) {
                continue;
            }
            int router = entry.getKey();
            int length = entry.getValue();
            int subnet = length == 0 ? 0 : router & (-1 << (32 - length));
            IpCommand.run(namespace, "addr", "add", Ipv4Address.format(router) + "/32", "dev", DEVICE);
            IpCommand.run(namespace, "route", "replace", Ipv4Address.format(subnet) + "/" + length, "dev", DEVICE,
                "src", Ipv4Address.format(router));
            addresses.put(router, length);
        }
    }

    /**
     * Hands the routers' kernel the IPv4 packet of {@code length} bytes at {@code offset}; thread-safe.
     *
     * @return whether the TUN took it
     */
    public boolean write(MemorySegment segment, long offset, int length) {
        return tun.write(segment, offset, length) == length;
    }

    private void read() {
        MemorySegment buffer = Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + 65_535, 8);
        Ipv4Packet ip = new Ipv4Packet();
        int room = (int) buffer.byteSize() - EthernetFrame.HEADER_LENGTH;
        while (running) {
            if (tun.awaitReadable(200) <= 0) {
                continue;
            }
            int length = tun.read(buffer, EthernetFrame.HEADER_LENGTH, room);
            if (length <= 0 || ip.wrap(buffer, EthernetFrame.HEADER_LENGTH, length).checkLength() != WireStatus.OK) {
                continue;
            }
            try {
                delivery.deliver(ip.destination(), buffer, ip.length());
            } catch (RuntimeException e) {
                log.accept("event=router-namespace-delivery-failed namespace=" + namespace.name() + " error=\""
                    + e + "\"");
            }
        }
    }

    /** Stops reading, closes the TUN and deletes the namespace (and so every socket left in it). */
    @Override
    public void close() throws Exception {
        running = false;
        // The reader must be out of the TUN's memory before it is freed; an interrupt waits until after.
        boolean interrupted = false;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (reader.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            tun.close();
        } finally {
            try {
                IpCommand.run(null, "netns", "del", namespace.name());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
