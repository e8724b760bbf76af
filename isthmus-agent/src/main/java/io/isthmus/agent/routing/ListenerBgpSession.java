package io.isthmus.agent.routing;

import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionStatus;
import io.isthmus.routing.bgp.BgpPeer;
import io.isthmus.routing.bgp.BgpPeerConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A BGP peer driven by its network's {@link BgpListener}, seen from the thread that manages sessions: calls are
 * carried to the listener's thread, and what the peer learned and its status are read from the copy it leaves at
 * each change (which it also {@linkplain RoutingReports#publish publishes}).
 */
final class ListenerBgpSession implements RoutingSession {
    private final BgpListener listener;
    private final SessionKey key;
    private final RoutingReports reports;
    private final int participant;
    private BgpPeer peer;
    private volatile SessionStatus status;
    private volatile List<Route> learned = List.of();

    /** Makes the peer of {@code config} on {@code listener}'s thread and adds it there; waits for that. */
    ListenerBgpSession(BgpListener listener, SessionKey key, BgpPeerConfig config, RoutingReports reports)
        throws Exception {
        this.listener = listener;
        this.key = key;
        this.reports = reports;
        this.participant = config.participantAddress();
        listener.submit(() -> {
            peer = new BgpPeer(config, session -> changed(), System.nanoTime());
            status = peer.status();
            return null;
        }).get(5, TimeUnit.SECONDS);
        listener.addPeer(peer);
    }

    /** Copies the peer's state for other threads and publishes it; on the listener's thread. */
    private void changed() {
        status = peer.status();
        learned = peer.learned();
        reports.publish(key, this);
    }

    /** Publishes the peer's counters as they are now. */
    void republish() {
        listener.submit(() -> {
            changed();
            return null;
        });
    }

    @Override
    public RoutingProtocol protocol() {
        return RoutingProtocol.BGP;
    }

    @Override
    public int peer() {
        return participant;
    }

    @Override
    public void announce(List<Route> routes) {
        listener.submit(() -> {
            peer.announce(routes);
            changed();
            return null;
        });
    }

    @Override
    public List<Route> learned() {
        return learned;
    }

    /** The listener runs the peer's timers. */
    @Override
    public void tick(long nanoTime) {
    }

    @Override
    public SessionStatus status() {
        return status;
    }

    @Override
    public void close() {
        listener.submit(() -> {
            peer.close();
            return null;
        });
        listener.removePeer(participant);
    }
}
