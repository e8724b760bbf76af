package io.isthmus.agent.routing;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.agent.router.RouterService;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.bgp.BgpPeerConfig;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The virtual routers' BGP on this host (DESIGN.md, "Routing with the emulated routers"): for each network with a
 * BGP participant attached here, a {@link RouterNamespace} holding the routers' addresses on a real TCP/IP stack,
 * and a {@link BgpListener} in it with one peer per participant. The participants' TCP segments to their router's
 * port 179 are punted here and written into the namespace; what its kernel answers goes back to the participant's
 * port. Runs on the routers' slow path thread; the peers run on their listener's thread.
 */
public final class BgpRoutingService implements RouterService {
    /** Drops the service counts, by name. */
    public enum Drop { MALFORMED, NO_NAMESPACE, NAMESPACE_REFUSED, NO_PORT }

    private static final long REPUBLISH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String hostId;
    private final PortTable ports;
    private final DataplaneSinks out;
    private final Consumer<String> log;
    private final SessionTable<ListenerBgpSession> table;
    private final Map<Integer, Network> networks = new ConcurrentHashMap<>();
    private final Map<Drop, AtomicLong> drops = new ConcurrentHashMap<>();
    private final Ipv4Packet ip = new Ipv4Packet();
    private long nextRepublish;

    /** A network's namespace and listener. */
    private record Network(RouterNamespace namespace, BgpListener listener) {
    }

    /** The BGP of host {@code hostId}'s virtual routers, over the ports of {@code ports}. */
    public BgpRoutingService(String hostId, PortTable ports, DataplaneSinks out, RoutingReports reports,
                             Consumer<String> log) {
        this.hostId = hostId;
        this.ports = ports;
        this.out = out;
        this.log = log;
        this.table = new SessionTable<>(Set.of(RoutingProtocol.BGP), participant -> {
            try {
                Network network = network(participant.key().overlayId());
                return new ListenerBgpSession(network.listener(), participant.key(), config(participant), reports);
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the BGP session " + participant.key() + ": " + e, e);
            }
        }, reports, log);
        for (Drop drop : Drop.values()) {
            drops.put(drop, new AtomicLong());
        }
    }

    /** The peer's settings: the subnet's AS, router id and hold time, the participant's AS and policy. */
    static BgpPeerConfig config(Participant participant) {
        SubnetRoutingInfo routing = participant.routing();
        int holdTime = routing.getBgpHoldTimeSeconds();
        return new BgpPeerConfig(Integer.toUnsignedLong(routing.getBgpAsn()), participant.routerId(),
            participant.routerAddress(),
            participant.key().peer(), Integer.toUnsignedLong(participant.info().getAsn()), holdTime,
            participant.policy(),
            System::currentTimeMillis);
    }

    @Override
    public void handle(LocalPort port, NetworkView view, MemorySegment frame, int length, DataplaneSinks sinks) {
        refresh(System.nanoTime());
        Network network = networks.get(port.overlayId());
        if (network == null) {
            drops.get(Drop.NO_NAMESPACE).incrementAndGet();
            return;
        }
        if (ip.wrap(frame, EthernetFrame.HEADER_LENGTH, length - EthernetFrame.HEADER_LENGTH).checkLength()
            != WireStatus.OK) {
            drops.get(Drop.MALFORMED).incrementAndGet();
            return;
        }
        if (!network.namespace().write(frame, EthernetFrame.HEADER_LENGTH, ip.length())) {
            drops.get(Drop.NAMESPACE_REFUSED).incrementAndGet();
        }
    }

    @Override
    public void tick(long nanoTime, DataplaneSinks sinks) {
        refresh(nanoTime);
        if (nanoTime - nextRepublish >= 0) {
            nextRepublish = nanoTime + REPUBLISH_NANOS;
            table.sessions().forEach(ListenerBgpSession::republish);
        }
    }

    @Override
    public boolean wants(int portIndex) {
        return table.hasParticipant(portIndex);
    }

    /** The segments the service dropped, by reason. */
    public long drops(Drop drop) {
        return drops.get(drop).get();
    }

    /**
     * What the networks' listeners refused, summed: connections from an address that is no participant's, and
     * connections closed because their participant did not read what was sent.
     */
    public Map<String, Long> listenerDrops() {
        long unknown = 0;
        long overflows = 0;
        for (Network network : networks.values()) {
            unknown += network.listener().unknownSources();
            overflows += network.listener().outboundOverflows();
        }
        return Map.of("unknown_source", unknown, "outbound_overflow", overflows);
    }

    /** Closes every session, listener and namespace. */
    public void closeAll() {
        table.closeAll("agent-stopping");
        for (Integer overlay : Map.copyOf(networks).keySet()) {
            closeNetwork(overlay);
        }
    }

    /** Follows the port table: sessions, namespaces and their router addresses, the ports the data plane punts. */
    private void refresh(long now) {
        PortTable.Snapshot snapshot = ports.snapshot();
        if (!table.due(snapshot, now)) {
            return;
        }
        table.reconcile(snapshot, now);
        Map<Integer, Map<Integer, Integer>> routers = new HashMap<>();
        for (Participant participant : table.participants()) {
            SubnetView subnet = participant.subnet();
            routers.computeIfAbsent(participant.key().overlayId(), o -> new HashMap<>())
                .put(subnet.gateway(), subnet.prefixLength());
        }
        for (Integer overlay : Map.copyOf(networks).keySet()) {
            if (!routers.containsKey(overlay)) {
                closeNetwork(overlay);
            }
        }
        routers.forEach((overlay, addresses) -> {
            try {
                network(overlay).namespace().setRouters(addresses);
            } catch (Exception e) {
                log.accept("event=bgp-router-addresses-failed overlay=" + Integer.toUnsignedString(overlay)
                    + " error=\"" + e + "\"");
            }
        });
        table.announce(snapshot);
    }

    /** The namespace and listener of the network on {@code overlay}, made on first use. */
    private Network network(int overlay) throws Exception {
        Network existing = networks.get(overlay);
        if (existing != null) {
            return existing;
        }
        NetworkView view = ports.snapshot().network(overlay);
        int mtu = view == null ? 1500 : view.settings().mtu();
        EthernetFrame header = new EthernetFrame();
        RouterNamespace namespace = RouterNamespace.create(namespaceName(overlay), mtu,
            (destination, buffer, length) -> deliver(overlay, header, destination, buffer, length), log);
        try {
            BgpListener listener = BgpListener.start(namespace.namespace(),
                new InetSocketAddress("0.0.0.0", BgpListener.DEFAULT_PORT));
            Network network = new Network(namespace, listener);
            networks.put(overlay, network);
            log.accept("event=bgp-namespace-made overlay=" + Integer.toUnsignedString(overlay) + " namespace="
                + namespace.namespace().name());
            return network;
        } catch (Exception e) {
            namespace.close();
            throw e;
        }
    }

    /** The name of the namespace of the network on {@code overlay}: unique per host and network. */
    String namespaceName(int overlay) {
        return "isthmus-bgp-" + hostId + "-" + Integer.toHexString(overlay);
    }

    /** What the routers' kernel sends to {@code destination}: framed from its router to the node's port. */
    private void deliver(int overlay, EthernetFrame header, int destination, MemorySegment buffer, int length) {
        LocalPort port = ports.snapshot().find(overlay, destination);
        if (port == null) {
            drops.get(Drop.NO_PORT).incrementAndGet();
            return;
        }
        header.wrap(buffer, 0, EthernetFrame.HEADER_LENGTH + length);
        header.setDestination(port.mac());
        header.setSource(port.routerMac());
        header.setOuterEtherType(EtherType.IPV4);
        out.toPort(port.index(), buffer, 0, EthernetFrame.HEADER_LENGTH + length);
    }

    /**
     * Stops the listener of the network on {@code overlay} and deletes its namespace. An interrupt pending on the
     * calling thread (an agent being stopped) is set aside until both are done, so that the namespace is never left
     * behind.
     */
    private void closeNetwork(int overlay) {
        Network network = networks.remove(overlay);
        if (network == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            network.listener().close();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            network.namespace().close();
        } catch (Exception e) {
            log.accept("event=bgp-namespace-close-failed namespace=" + network.namespace().namespace().name()
                + " error=\"" + e + "\"");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
