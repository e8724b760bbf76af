package io.isthmus.agent.routing;

import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.RouteTableView;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.channel.v1.RoutingParticipantInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sessions of some protocols on this host, kept in line with the controller's view: {@link #reconcile} makes a
 * session for every participant attached here (through the {@link Maker}), makes it again when its settings change,
 * and closes the sessions of participants that left; {@link #announce} gives each session the routes its virtual
 * router announces: the subnet's route table without the routes learned from that participant. Used by the one
 * thread that drives the sessions.
 *
 * @param <S> the sessions' type
 */
public final class SessionTable<S extends RoutingSession> {
    /** Makes the session with a participant. */
    @FunctionalInterface
    public interface Maker<S> {
        /** A new session with {@code participant}; it reports its changes to {@link RoutingReports}. */
        S make(Participant participant);
    }

    private final Set<RoutingProtocol> protocols;
    private final Maker<S> maker;
    private final RoutingReports reports;
    private final Consumer<String> log;
    private final Map<SessionKey, Entry<S>> sessions = new LinkedHashMap<>();
    private boolean incomplete;
    private PortTable.Snapshot reconciled;
    private long retryAt;
    private volatile boolean[] participantPorts = new boolean[0];

    private static final class Entry<S> {
        final Participant participant;
        final S session;
        List<Route> announced;

        Entry(Participant participant, S session) {
            this.participant = participant;
            this.session = session;
        }
    }

    /** A table of the sessions of {@code protocols}, made by {@code maker}. */
    public SessionTable(Set<RoutingProtocol> protocols, Maker<S> maker, RoutingReports reports,
                        Consumer<String> log) {
        this.protocols = Set.copyOf(protocols);
        this.maker = maker;
        this.reports = reports;
        this.log = log;
    }

    /** How long after a session could not be made it is tried again. */
    static final long RETRY_NANOS = 5_000_000_000L;

    /**
     * Whether {@link #reconcile} is due at {@code now}: the port table changed since the last one, or a session that
     * could not be made is to be tried again.
     */
    public boolean due(PortTable.Snapshot snapshot, long now) {
        return snapshot != reconciled || incomplete && now - retryAt >= 0;
    }

    /**
     * Whether the port {@code portIndex} is a participant's with a session here (the routers' slow path wants its
     * packets). Safe from any thread, allocation-free.
     */
    public boolean hasParticipant(int portIndex) {
        boolean[] wanted = participantPorts;
        return portIndex >= 0 && portIndex < wanted.length && wanted[portIndex];
    }

    /**
     * Makes the sessions those of the participants in {@code snapshot}: new participants get a session, changed ones
     * a new session, gone ones none. A session that cannot be made is tried again {@link #RETRY_NANOS} after
     * {@code now}.
     *
     * @return whether any session was made or closed
     */
    public boolean reconcile(PortTable.Snapshot snapshot, long now) {
        reconciled = snapshot;
        retryAt = now + RETRY_NANOS;
        Map<SessionKey, Participant> wanted = participants(snapshot);
        boolean changed = false;
        for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Participant current = wanted.get(entry.getKey());
            if (!entry.getValue().participant.equals(current)) {
                close(entry.getValue(), current == null ? "participant-left" : "settings-changed");
                it.remove();
                changed = true;
            }
        }
        incomplete = false;
        for (Participant participant : wanted.values()) {
            if (!sessions.containsKey(participant.key())) {
                S session;
                try {
                    session = maker.make(participant);
                } catch (RuntimeException e) {
                    incomplete = true;
                    log.accept("event=routing-session-failed session=\"" + participant.key() + "\" error=\"" + e
                        + "\"");
                    continue;
                }
                sessions.put(participant.key(), new Entry<>(participant, session));
                reports.publish(participant.key(), session);
                log.accept("event=routing-session-made session=\"" + participant.key() + "\"");
                changed = true;
            }
        }
        int size = 0;
        for (Entry<S> entry : sessions.values()) {
            size = Math.max(size, entry.participant.port().index() + 1);
        }
        boolean[] ports = new boolean[size];
        for (Entry<S> entry : sessions.values()) {
            ports[entry.participant.port().index()] = true;
        }
        participantPorts = ports;
        return changed;
    }

    /** Gives each session the routes its router announces now, where they changed. */
    public void announce(PortTable.Snapshot snapshot) {
        for (Entry<S> entry : sessions.values()) {
            NetworkView network = snapshot.network(entry.participant.key().overlayId());
            if (network == null) {
                continue;
            }
            List<Route> routes = announcements(network.routeTable(entry.participant.key().subnetId()),
                entry.participant.key().peer());
            if (!routes.equals(entry.announced)) {
                entry.announced = routes;
                entry.session.announce(routes);
                reports.publish(entry.participant.key(), entry.session);
            }
        }
    }

    /**
     * What a virtual router announces to the participant at {@code peer}: every route of its subnet's table with its
     * metric, except those through that participant (split horizon): the routes learned from it, and any route with
     * it among the next hops (one it announced together with others at the same metric, or a static route through
     * it), which would send its own traffic back to it.
     */
    static List<Route> announcements(RouteTableView table, int peer) {
        List<Route> routes = new ArrayList<>();
        for (RouteTableView.Route route : table.routes()) {
            if (route.learned() && route.learnedFromAddress() == peer || route.hasNextHop(peer)) {
                continue;
            }
            routes.add(Route.announced(Ipv4Prefix.normalized(route.prefix(), route.length()),
                Math.max(0, Math.min(Route.MAX_METRIC, route.metric()))));
        }
        return List.copyOf(routes);
    }

    /** The session with the participant on port {@code portIndex} speaking {@code protocol}, or null. */
    public S byPort(int portIndex, RoutingProtocol protocol) {
        for (Entry<S> entry : sessions.values()) {
            if (entry.participant.port().index() == portIndex && entry.participant.key().protocol() == protocol) {
                return entry.session;
            }
        }
        return null;
    }

    /** The session named {@code key}, or null. */
    public S bySessionKey(SessionKey key) {
        Entry<S> entry = sessions.get(key);
        return entry == null ? null : entry.session;
    }

    /** The sessions. */
    public Collection<S> sessions() {
        List<S> all = new ArrayList<>(sessions.size());
        sessions.values().forEach(e -> all.add(e.session));
        return all;
    }

    /** The participants with a session. */
    public List<Participant> participants() {
        List<Participant> all = new ArrayList<>(sessions.size());
        sessions.values().forEach(e -> all.add(e.participant));
        return all;
    }

    /** Closes every session. */
    public void closeAll(String reason) {
        sessions.values().forEach(e -> close(e, reason));
        sessions.clear();
        participantPorts = new boolean[0];
    }

    private void close(Entry<S> entry, String reason) {
        try {
            entry.session.close();
        } catch (RuntimeException e) {
            log.accept("event=routing-session-close-failed session=\"" + entry.participant.key() + "\" error=\"" + e
                + "\"");
        }
        reports.remove(entry.participant.key());
        log.accept("event=routing-session-closed session=\"" + entry.participant.key() + "\" reason=" + reason);
    }

    private Map<SessionKey, Participant> participants(PortTable.Snapshot snapshot) {
        Map<SessionKey, Participant> wanted = new HashMap<>();
        for (NetworkView network : snapshot.networks()) {
            for (SubnetView subnet : network.routingSubnets()) {
                SubnetRoutingInfo routing = subnet.routing();
                SubnetRoutingInfo settings = routing.toBuilder().clearParticipants().build();
                for (RoutingParticipantInfo info : routing.getParticipantsList()) {
                    LocalPort port = snapshot.find(network.overlayId(), info.getInterfaceAddress());
                    if (port == null || !port.nodeId().equals(info.getNodeId())) {
                        continue;
                    }
                    for (SubnetRoutingInfo.Protocol p : info.getProtocolsList()) {
                        RoutingProtocol protocol = protocol(p);
                        if (protocol == null || !protocols.contains(protocol)
                            || !routing.getProtocolsList().contains(p)) {
                            continue;
                        }
                        SessionKey key = new SessionKey(network.overlayId(), subnet.subnetId(), info.getNodeId(),
                            info.getInterfaceAddress(), protocol);
                        wanted.put(key, new Participant(key, subnet, settings, info, port, network.settings().mtu()));
                    }
                }
            }
        }
        return wanted;
    }

    /** The protocol of the channel's enum, or null for one this agent does not know. */
    static RoutingProtocol protocol(SubnetRoutingInfo.Protocol protocol) {
        return switch (protocol) {
            case BGP -> RoutingProtocol.BGP;
            case OSPF -> RoutingProtocol.OSPF;
            case RIP -> RoutingProtocol.RIP;
            default -> null;
        };
    }
}
