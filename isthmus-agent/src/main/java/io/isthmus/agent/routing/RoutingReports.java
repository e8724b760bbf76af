package io.isthmus.agent.routing;

import io.isthmus.api.channel.v1.LearnedRoute;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of every routing session on this host, as the controller is told it: each session's owner thread
 * {@link #publish}es a session when it changes (its status and learned routes are read there, on the thread that may
 * read them), and the control thread sends {@link #report()} when {@link #version()} moved.
 */
public final class RoutingReports {
    private final ConcurrentHashMap<SessionKey, RoutingSessionReport> sessions = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Records {@code session}'s state now; called on the thread that drives it. */
    public void publish(SessionKey key, RoutingSession session) {
        SessionStatus status = session.status();
        RoutingSessionReport.Builder report = RoutingSessionReport.newBuilder().setSubnetId(key.subnetId())
            .setNodeId(key.nodeId()).setInterfaceAddress(key.peer()).setProtocol(protocol(key))
            .setState(status.state()).setUp(status.up()).setUpSinceMillis(status.upSinceMillis())
            .setReceived(status.received()).setAccepted(status.accepted()).setAnnounced(status.announced())
            .setFiltered(status.filtered()).setOverLimit(status.overLimit()).setRateLimited(status.rateLimited())
            .setMessagesIn(status.messagesIn()).setMessagesOut(status.messagesOut())
            .setLastError(status.lastError());
        for (Route route : session.learned()) {
            report.addLearned(LearnedRoute.newBuilder().setPrefix(route.prefix().address())
                .setLength(route.prefix().length()).setMetric(route.metric()));
        }
        RoutingSessionReport built = report.build();
        RoutingSessionReport before = sessions.put(key, built);
        if (!built.equals(before)) {
            version.incrementAndGet();
        }
    }

    /** Forgets a closed session. */
    public void remove(SessionKey key) {
        if (sessions.remove(key) != null) {
            version.incrementAndGet();
        }
    }

    /** Moves whenever a session's report changes. */
    public long version() {
        return version.get();
    }

    /** How many sessions there are, and how many are up. */
    public long[] counts() {
        long up = sessions.values().stream().filter(RoutingSessionReport::getUp).count();
        return new long[] {sessions.size(), up};
    }

    /** Every session's report. */
    public RoutingReport report() {
        return RoutingReport.newBuilder().addAllSessions(sessions.values()).build();
    }

    private static SubnetRoutingInfo.Protocol protocol(SessionKey key) {
        return switch (key.protocol()) {
            case BGP -> SubnetRoutingInfo.Protocol.BGP;
            case OSPF -> SubnetRoutingInfo.Protocol.OSPF;
            case RIP -> SubnetRoutingInfo.Protocol.RIP;
        };
    }
}
