package io.isthmus.agent.routing;

import io.isthmus.api.channel.v1.LearnedRoute;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionStatus;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of every routing session on this host, as the controller is told it: each session's owner thread
 * {@link #publish}es a session when it changes (its status and learned routes are read there, on the thread that may
 * read them), and the control thread sends {@link #report()} when {@link #version()} moved: when a session came or
 * went, or changed other than in its message counts.
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
        if (before == null || !withoutMessageCounts(built).equals(withoutMessageCounts(before))) {
            version.incrementAndGet();
        }
    }

    /**
     * A report without its message counts, which move with every keepalive and hello: they alone do not make a
     * report worth sending before the periodic one.
     */
    private static RoutingSessionReport withoutMessageCounts(RoutingSessionReport report) {
        return report.toBuilder().clearMessagesIn().clearMessagesOut().build();
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

    /** The sessions by {@code protocol/up} and {@code protocol/down} (lower case), every pair present. */
    public Map<String, Long> countsByState() {
        Map<String, Long> counts = new TreeMap<>();
        for (RoutingProtocol protocol : RoutingProtocol.values()) {
            String name = protocol.name().toLowerCase(Locale.ROOT);
            counts.put(name + "/up", 0L);
            counts.put(name + "/down", 0L);
        }
        sessions.forEach((key, report) -> counts.merge(key.protocol().name().toLowerCase(Locale.ROOT)
            + (report.getUp() ? "/up" : "/down"), 1L, Long::sum));
        return counts;
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
