package io.isthmus.agent.routing;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.router.RouterFrames;
import io.isthmus.agent.router.RouterService;
import io.isthmus.routing.PacketOutput;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A virtual router protocol spoken over the participants' links, OSPF or RIP, on the routers' slow path: the
 * participants' packets (punted by the data plane) go to their port's session, and what the sessions send leaves
 * through the port as the router's frames ({@link RouterFrames}). The sessions follow the controller's view of the
 * participants ({@link SessionTable}) and the subnets' route tables; they report through {@link RoutingReports}.
 * Runs on the slow path's one thread.
 */
public final class LinkRoutingService implements RouterService {
    /** Makes a protocol's session for a participant, sending through {@code output}. */
    @FunctionalInterface
    public interface Maker {
        /** A new session with {@code participant}; it calls {@code changed} when its routes or state change. */
        LinkSession make(Participant participant, PacketOutput output, Runnable changed);
    }

    /** Drops the service counts, by name. */
    public enum Drop { MALFORMED, NO_SESSION }

    private static final long REPUBLISH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final RoutingProtocol protocol;
    private final PortTable ports;
    private final DataplaneSinks out;
    private final RoutingReports reports;
    private final SessionTable<Wrapped> table;
    private final RouterFrames frames = new RouterFrames();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final UdpDatagram udp = new UdpDatagram();
    private final Map<Drop, AtomicLong> drops = new ConcurrentHashMap<>();
    private long nextRepublish;

    /** A session and its receiver, as the table holds it. */
    private record Wrapped(LinkSession link) implements RoutingSession {
        @Override
        public RoutingProtocol protocol() {
            return link.session().protocol();
        }

        @Override
        public int peer() {
            return link.session().peer();
        }

        @Override
        public void announce(java.util.List<io.isthmus.routing.Route> routes) {
            link.session().announce(routes);
        }

        @Override
        public java.util.List<io.isthmus.routing.Route> learned() {
            return link.session().learned();
        }

        @Override
        public void tick(long nanoTime) {
            link.session().tick(nanoTime);
        }

        @Override
        public io.isthmus.routing.SessionStatus status() {
            return link.session().status();
        }

        @Override
        public void close() {
            link.session().close();
        }
    }

    /**
     * The service of {@code protocol} (OSPF or RIP) over the ports of {@code ports}, writing through {@code out}.
     */
    public LinkRoutingService(RoutingProtocol protocol, PortTable ports, DataplaneSinks out, RoutingReports reports,
                              Maker maker, Consumer<String> log) {
        if (protocol == RoutingProtocol.BGP) {
            throw new IllegalArgumentException("BGP runs over TCP, not on the link");
        }
        this.protocol = protocol;
        this.ports = ports;
        this.out = out;
        this.reports = reports;
        this.table = new SessionTable<>(Set.of(protocol), participant -> {
            var holder = new Object() {
                Wrapped wrapped;
            };
            LinkSession link = maker.make(participant, output(participant.port(), participant.routerAddress()),
                () -> reports.publish(participant.key(), holder.wrapped));
            holder.wrapped = new Wrapped(link);
            return holder.wrapped;
        }, reports, log);
        for (Drop drop : Drop.values()) {
            drops.put(drop, new AtomicLong());
        }
    }

    @Override
    public void handle(LocalPort port, NetworkView network, MemorySegment frame, int length, DataplaneSinks sinks) {
        long now = System.nanoTime();
        refresh(now);
        Wrapped session = table.byPort(port.index(), protocol);
        if (session == null) {
            drops.get(Drop.NO_SESSION).incrementAndGet();
            return;
        }
        if (ip.wrap(frame, EthernetFrame.HEADER_LENGTH, length - EthernetFrame.HEADER_LENGTH).checkLength()
            != WireStatus.OK || ip.isFragment()) {
            drops.get(Drop.MALFORMED).incrementAndGet();
            return;
        }
        int headerLength = ip.headerLength();
        long payloadOffset = EthernetFrame.HEADER_LENGTH + headerLength;
        int payloadLength = ip.length() - headerLength;
        int sourcePort = 0;
        if (protocol == RoutingProtocol.RIP) {
            if (ip.protocol() != IpProtocol.UDP
                || udp.wrap(frame, payloadOffset, payloadLength).checkLength() != WireStatus.OK) {
                drops.get(Drop.MALFORMED).incrementAndGet();
                return;
            }
            sourcePort = udp.sourcePort();
            payloadOffset += UdpDatagram.HEADER_LENGTH;
            payloadLength = udp.datagramLength() - UdpDatagram.HEADER_LENGTH;
        }
        ByteBuffer payload = frame.asSlice(payloadOffset, payloadLength).asByteBuffer();
        session.link().receiver().receive(ip.source(), sourcePort, ip.destination(), payload, now);
    }

    @Override
    public void tick(long nanoTime, DataplaneSinks sinks) {
        refresh(nanoTime);
        boolean republish = nanoTime - nextRepublish >= 0;
        if (republish) {
            nextRepublish = nanoTime + REPUBLISH_NANOS;
        }
        for (Participant participant : table.participants()) {
            Wrapped session = table.bySessionKey(participant.key());
            session.tick(nanoTime);
            if (republish) {
                reports.publish(participant.key(), session);
            }
        }
    }

    @Override
    public boolean wants(int portIndex) {
        return table.hasParticipant(portIndex);
    }

    /** The packets the service dropped, by reason. */
    public long drops(Drop drop) {
        return drops.get(drop).get();
    }

    /** Closes every session. */
    public void closeAll() {
        table.closeAll("agent-stopping");
    }

    /** Follows the port table: the participants' sessions, the ports the data plane punts, the announcements. */
    private void refresh(long now) {
        PortTable.Snapshot snapshot = ports.snapshot();
        if (!table.due(snapshot, now)) {
            return;
        }
        table.reconcile(snapshot, now);
        table.announce(snapshot);
    }

    /** Where a session with the participant on {@code port} sends: the router's frames to that port. */
    private PacketOutput output(LocalPort port, int router) {
        return (destination, payload) -> {
            int length = protocol == RoutingProtocol.RIP
                ? frames.udp(port.routerMac(), port.mac(), router, destination, RIP_PORT, payload)
                : frames.ipv4(port.routerMac(), port.mac(), router, destination, IpProtocol.OSPF, payload);
            if (length > 0) {
                out.toPort(port.index(), frames.buffer(), 0, length);
            }
        };
    }

    private static final int RIP_PORT = 520;
}
