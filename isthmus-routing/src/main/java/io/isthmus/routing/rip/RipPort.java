package io.isthmus.routing.rip;

import io.isthmus.routing.MessageBudget;
import io.isthmus.routing.PacketOutput;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionListener;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The virtual router's RIPv2 speaker on the link to one participant node (RFC 2453).
 *
 * <p>Input: {@link #receive} with each UDP payload the participant sent to port 520 (to 224.0.0.9 or to the router),
 * {@link #tick} with the clock. Output: messages through the {@link PacketOutput}, which the caller wraps in UDP 520
 * to 520 and IPv4 with TTL 1 from the router's address.
 *
 * <p>Learning: a response's entries become routes with metric min(metric + 1, 16) and as next hop the entry's next
 * hop when it is another address on the link, else the participant (RFC 2453 sections 3.9.2 and 4.4); metric 16
 * withdraws; a route not refreshed within the timeout is gone (section 3.8). Learned routes leave {@link #learned()}
 * at once when withdrawn or timed out; advertising their loss to other participants is their ports' job, through
 * {@link #announce}. The {@link io.isthmus.routing.PeerPolicy} filters and limits them and bounds the participant's
 * message rate.
 *
 * <p>Announcing: the routes given to {@link #announce} with metric max(1, metric) when below 16, in regular updates
 * every update interval (jittered) and in triggered updates of what changed, at most one per 1/30 to 1/6 of the
 * update interval (1 to 5 s at 30 s, section 3.10.1). A route no longer announced is advertised with metric 16 for
 * the garbage-collection time (section 3.8). Requests are answered: the whole table, or the entries asked
 * (section 3.9.1).
 *
 * <p>The status is {@code Up} while the participant has been heard (a message that passed every check) within the
 * timeout. Every dropped message or entry is counted by {@link RipError}.
 */
public final class RipPort implements RoutingSession {
    /** RIP's multicast group, 224.0.0.9. */
    public static final int RIP_GROUP = 0xe0000009;
    /** RIP's UDP port. */
    public static final int RIP_PORT = 520;

    private static final String UP = "Up";
    private static final String DOWN = "Down";

    private final RipPortConfig config;
    private final PacketOutput output;
    private final SessionListener listener;
    private final RipCodec codec;
    private final MessageBudget budget;
    private final SplittableRandom random;
    private final Ipv4Prefix link;
    private final long updateNanos;
    private final long timeoutNanos;
    private final long garbageNanos;
    private final TreeMap<Ipv4Prefix, Learned> table = new TreeMap<>();
    private final TreeMap<Ipv4Prefix, Advertised> advertised = new TreeMap<>();
    private final long[] dropped = new long[RipError.values().length];

    private long now;
    private boolean started;
    private boolean closed;
    private boolean up;
    private long upSinceMillis;
    private long lastHeard;
    private long lastSequence = -1;
    private long sentSequence;
    private long nextRegularUpdate;
    private long nextTriggeredAllowed;
    private boolean triggeredPending;
    private boolean changed;
    private long filtered;
    private long overLimit;
    private long rateLimited;
    private long messagesIn;
    private long messagesOut;
    private String lastError = "";

    /** A learned route, or one refused by the policy (kept to time out and be counted once). */
    private static final class Learned {
        int metric;
        int nextHop;
        boolean accepted;
        boolean refusedOverLimit;
        long timeoutAt;
    }

    /** An announced route; {@code garbageUntil} is set while it is advertised as unreachable. */
    private static final class Advertised {
        int metric;
        boolean poisoned;
        long garbageUntil;
        boolean changed;
    }

    /**
     * A port that starts at its first {@link #tick}: it asks for the participant's whole table and sends its own.
     *
     * @param nanoTime the caller's clock now
     */
    public RipPort(RipPortConfig config, PacketOutput output, SessionListener listener, long nanoTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.codec = new RipCodec(config.authentication());
        this.budget = new MessageBudget(config.policy().messagesPerSecond(), config.policy().burst(), nanoTime);
        this.random = new SplittableRandom(config.participant() * 0x9e3779b97f4a7c15L ^ nanoTime);
        this.link = config.link();
        this.updateNanos = config.updateInterval().toNanos();
        this.timeoutNanos = config.timeout().toNanos();
        this.garbageNanos = config.garbageCollection().toNanos();
        this.now = nanoTime;
    }

    @Override
    public RoutingProtocol protocol() {
        return RoutingProtocol.RIP;
    }

    @Override
    public int peer() {
        return config.participant();
    }

    /** How many messages or entries were dropped for {@code error}. */
    public long dropped(RipError error) {
        return dropped[error.ordinal()];
    }

    /**
     * Takes one RIP message from the participant: {@code ripMessage} is the UDP payload (position to limit, not
     * consumed), {@code source} and {@code destination} the IPv4 addresses, {@code sourcePort} the UDP source port.
     */
    public void receive(int source, int sourcePort, int destination, ByteBuffer ripMessage, long nanoTime) {
        if (closed) {
            return;
        }
        now = nanoTime;
        messagesIn++;
        // RFC 2453 section 3.9.2: only the participant's own address on the link is a valid source on this port.
        if (source != config.participant()) {
            drop(RipError.NOT_FROM_PARTICIPANT, source);
            return;
        }
        if (destination != RIP_GROUP && destination != config.routerAddress() && destination != -1
            && destination != link.lastAddress()) {
            drop(RipError.NOT_FOR_ROUTER, source);
            return;
        }
        if (!budget.tryAcquire(nanoTime)) {
            rateLimited++;
            drop(RipError.RATE_LIMITED, source);
            return;
        }
        RipMessage message;
        switch (codec.decode(ripMessage)) {
            case RipCodec.Rejected rejected -> {
                drop(rejected.error(), source);
                return;
            }
            case RipCodec.Accepted accepted -> message = accepted.message();
        }
        // Responses must come from port 520 (RFC 2453 section 3.9.2); requests from other ports are diagnostic
        // queries whose answer goes back to that port, which the caller's UDP 520-to-520 framing cannot do.
        if (sourcePort != RIP_PORT) {
            drop(RipError.BAD_SOURCE_PORT, source);
            return;
        }
        // RFC 4822 section 3.2.2: a sequence number below the last one accepted is a replay. The history is forgotten
        // when the participant times out, as a restarted daemon (FRR counts from 1) starts again.
        if (message.sequence() >= 0) {
            if (lastSequence >= 0 && message.sequence() < lastSequence) {
                drop(RipError.REPLAYED_SEQUENCE, source);
                return;
            }
            lastSequence = message.sequence();
        }
        heard();
        for (RipError skipped : message.skipped()) {
            drop(skipped, source);
        }
        if (message.isRequest()) {
            answer(message);
        } else {
            learn(message.entries());
        }
        notifyIfChanged();
    }

    private void heard() {
        lastHeard = now;
        if (!up) {
            up = true;
            upSinceMillis = config.wallClock().millis();
            changed = true;
        }
    }

    private void answer(RipMessage request) {
        if (request.wholeTableRequest()) {
            sendResponse(config.participant(), table(false));
            return;
        }
        List<RipEntry> answers = new ArrayList<>(request.entries().size());
        for (RipEntry asked : request.entries()) {
            Advertised route = advertised.get(asked.prefix());
            int metric = route == null ? RipPacket.INFINITY : route.metric;
            answers.add(new RipEntry(asked.routeTag(), asked.prefix(), 0, metric));
        }
        sendResponse(config.participant(), answers);
    }

    private void learn(List<RipEntry> entries) {
        for (RipEntry entry : entries) {
            int metric = Math.min(entry.metric() + 1, RipPacket.INFINITY);
            int nextHop = entry.nextHop() != 0 && link.contains(entry.nextHop())
                && entry.nextHop() != config.routerAddress() ? entry.nextHop() : config.participant();
            Learned known = table.get(entry.prefix());
            if (known == null) {
                if (metric < RipPacket.INFINITY) {
                    add(entry.prefix(), metric, nextHop);
                }
            } else if (metric == RipPacket.INFINITY) {
                table.remove(entry.prefix());
                changed |= known.accepted;
            } else {
                known.timeoutAt = now + timeoutNanos;
                if (known.accepted && (known.metric != metric || known.nextHop != nextHop)) {
                    changed = true;
                }
                known.metric = metric;
                known.nextHop = nextHop;
                if (known.refusedOverLimit && acceptedCount() < config.policy().maxPrefixes()) {
                    known.accepted = true;
                    known.refusedOverLimit = false;
                    changed = true;
                }
            }
        }
    }

    private void add(Ipv4Prefix prefix, int metric, int nextHop) {
        Learned learned = new Learned();
        learned.metric = metric;
        learned.nextHop = nextHop;
        learned.timeoutAt = now + timeoutNanos;
        if (!config.policy().allows(prefix)) {
            filtered++;
        } else if (acceptedCount() >= config.policy().maxPrefixes()) {
            overLimit++;
            learned.refusedOverLimit = true;
        } else {
            learned.accepted = true;
            changed = true;
        }
        table.put(prefix, learned);
    }

    private int acceptedCount() {
        int count = 0;
        for (Learned learned : table.values()) {
            if (learned.accepted) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void announce(List<Route> routes) {
        Objects.requireNonNull(routes, "routes");
        if (closed) {
            return;
        }
        Map<Ipv4Prefix, Integer> wanted = new HashMap<>();
        for (Route route : routes) {
            if (route.metric() < RipPacket.INFINITY) {
                wanted.merge(route.prefix(), Math.max(1, route.metric()), Math::min);
            }
        }
        for (Map.Entry<Ipv4Prefix, Advertised> entry : advertised.entrySet()) {
            Advertised route = entry.getValue();
            if (!route.poisoned && !wanted.containsKey(entry.getKey())) {
                poison(route);
            }
        }
        for (Map.Entry<Ipv4Prefix, Integer> entry : wanted.entrySet()) {
            Advertised route = advertised.computeIfAbsent(entry.getKey(), prefix -> new Advertised());
            if (route.poisoned || route.metric != entry.getValue()) {
                route.metric = entry.getValue();
                route.poisoned = false;
                route.changed = true;
                triggeredPending = true;
            }
        }
    }

    /** RFC 2453 section 3.8: a deleted route is advertised with metric 16 until the garbage-collection timer ends. */
    private void poison(Advertised route) {
        route.metric = RipPacket.INFINITY;
        route.poisoned = true;
        route.garbageUntil = now + garbageNanos;
        route.changed = true;
        triggeredPending = true;
    }

    @Override
    public List<Route> learned() {
        List<Route> routes = new ArrayList<>(table.size());
        for (Map.Entry<Ipv4Prefix, Learned> entry : table.entrySet()) {
            Learned learned = entry.getValue();
            if (learned.accepted) {
                routes.add(new Route(entry.getKey(), learned.metric, learned.nextHop));
            }
        }
        return routes;
    }

    @Override
    public void tick(long nanoTime) {
        if (closed) {
            return;
        }
        now = nanoTime;
        if (!started) {
            started = true;
            nextRegularUpdate = now;
            nextTriggeredAllowed = now;
            // RFC 2453 section 3.9.1: on start, ask the neighbour for its whole table.
            send(updateDestination(), RipMessage.request(List.of()));
        }
        expireLearned();
        if (up && now - lastHeard >= timeoutNanos) {
            up = false;
            upSinceMillis = 0;
            lastSequence = -1;
            changed = true;
        }
        advertised.values().removeIf(route -> route.poisoned && route.garbageUntil - now <= 0);
        if (now - nextRegularUpdate >= 0) {
            sendResponse(updateDestination(), table(false));
            triggeredPending = false;
            nextRegularUpdate = now + updateNanos + random.nextLong(-updateNanos / 6, updateNanos / 6 + 1);
        } else if (triggeredPending && now - nextTriggeredAllowed >= 0) {
            // RFC 2453 section 3.10.1: only the changed routes, then a random 1-5 s (of 30 s) before the next one.
            sendResponse(updateDestination(), table(true));
            triggeredPending = false;
            nextTriggeredAllowed = now + random.nextLong(updateNanos / 30, updateNanos / 6 + 1);
        }
        notifyIfChanged();
    }

    private void expireLearned() {
        Iterator<Learned> iterator = table.values().iterator();
        while (iterator.hasNext()) {
            Learned learned = iterator.next();
            if (learned.timeoutAt - now <= 0) {
                iterator.remove();
                changed |= learned.accepted;
            }
        }
    }

    /** The advertised routes (only the changed ones if {@code changedOnly}), clearing their change flags. */
    private List<RipEntry> table(boolean changedOnly) {
        List<RipEntry> entries = new ArrayList<>(advertised.size());
        for (Map.Entry<Ipv4Prefix, Advertised> entry : advertised.entrySet()) {
            Advertised route = entry.getValue();
            if (!changedOnly || route.changed) {
                entries.add(new RipEntry(0, entry.getKey(), 0, route.metric));
                route.changed = false;
            }
        }
        return entries;
    }

    private int updateDestination() {
        return config.multicast() ? RIP_GROUP : config.participant();
    }

    private void sendResponse(int destination, List<RipEntry> entries) {
        int perMessage = codec.maxRouteEntries();
        for (int from = 0; from < entries.size(); from += perMessage) {
            send(destination, RipMessage.response(entries.subList(from, Math.min(entries.size(), from + perMessage))));
        }
    }

    private void send(int destination, RipMessage message) {
        // RFC 4822 section 3.2.1: a non-decreasing sequence number; starting from the wall clock's seconds, as BIRD
        // does, keeps it above what the peer saw before this port was made.
        sentSequence = Math.max(sentSequence + 1, config.wallClock().millis() / 1000);
        output.send(destination, codec.encode(message, sentSequence & 0xffffffffL));
        messagesOut++;
    }

    @Override
    public SessionStatus status() {
        int live = 0;
        for (Advertised route : advertised.values()) {
            if (!route.poisoned) {
                live++;
            }
        }
        return new SessionStatus(RoutingProtocol.RIP, config.participant(), up ? UP : DOWN, up, upSinceMillis,
            table.size(), acceptedCount(), live, filtered, overLimit, rateLimited, messagesIn, messagesOut,
            lastError);
    }

    /** Advertises every announced route with metric 16 once (as a router shutting down) and forgets all routes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<RipEntry> poisoned = new ArrayList<>();
        for (Map.Entry<Ipv4Prefix, Advertised> entry : advertised.entrySet()) {
            if (!entry.getValue().poisoned) {
                poisoned.add(new RipEntry(0, entry.getKey(), 0, RipPacket.INFINITY));
            }
        }
        if (started) {
            sendResponse(updateDestination(), poisoned);
        }
        closed = true;
        advertised.clear();
        boolean hadRoutes = !learned().isEmpty();
        table.clear();
        if (hadRoutes || up) {
            up = false;
            upSinceMillis = 0;
            listener.changed(this);
        }
    }

    private void drop(RipError error, int source) {
        dropped[error.ordinal()]++;
        lastError = error.description() + " from " + Ipv4Address.format(source);
    }

    private void notifyIfChanged() {
        if (changed) {
            changed = false;
            listener.changed(this);
        }
    }
}
