package io.isthmus.routing.bgp;

import io.isthmus.routing.MessageBudget;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.RoutingSession;
import io.isthmus.routing.SessionListener;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The virtual router's BGP speaker for one participant: passive, external only, IPv4 unicast. It outlives the TCP
 * connections the participant opens ({@link #connected}, {@link #received}, {@link #disconnected}), which lets it keep
 * a gracefully restarting participant's routes (RFC 4724, receiver side).
 *
 * <p>What it learns is filtered by the {@link io.isthmus.routing.PeerPolicy}: prefixes outside the allowed ranges and
 * paths through our own AS (a loop, RFC 4271 section 9.1.2) are dropped and counted as filtered; a participant that
 * announces more than the policy's maximum gets a NOTIFICATION Cease/Maximum Number of Prefixes Reached (RFC 4486)
 * and loses its session; UPDATEs beyond the policy's message budget stay unread in the caller's buffer, so TCP's flow
 * control slows the participant down.
 *
 * <p>What it announces ({@link #announce}) goes out as ORIGIN IGP, AS_PATH [local AS], NEXT_HOP the router address
 * and MED the route's metric: the whole table and an End-of-RIB when the session comes up or the participant asks for
 * a route refresh (RFC 2918), differences otherwise. Single-threaded; never throws on the participant's bytes.
 */
public final class BgpPeer implements RoutingSession {
    /** The hold time while waiting for the participant's OPEN (RFC 4271 section 8.2.2 suggests 4 minutes). */
    static final long OPEN_HOLD_NANOS = 240_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    // Room left in an UPDATE for the attributes of an announcement (about 50 octets) when packing NLRI.
    private static final int NLRI_ROOM = BgpMessage.MAX_LENGTH - BgpMessage.HEADER_LENGTH - 4 - 96;

    private final BgpPeerConfig config;
    private final SessionListener listener;
    private final MessageBudget budget;
    private final Map<Ipv4Prefix, Integer> wanted = new LinkedHashMap<>();
    private final Map<Ipv4Prefix, Integer> advertised = new LinkedHashMap<>();
    private final Map<Ipv4Prefix, Integer> accepted = new LinkedHashMap<>();
    private final Set<Ipv4Prefix> refused = new HashSet<>();
    private final Set<Ipv4Prefix> stale = new HashSet<>();

    private BgpState state = BgpState.ACTIVE;
    private BgpOutput output;
    private boolean fourOctetAs;
    private Capability.GracefulRestart peerGracefulRestart;
    private long holdNanos;
    private long holdDeadline;
    private long keepaliveDue;
    private long staleDeadline;
    private boolean staleTimerRunning;
    private boolean awaitingBudget;
    private boolean headHeldBack;
    private long upSinceMillis;
    private String lastError = "";
    private long filtered;
    private long overLimit;
    private long rateLimited;
    private long messagesIn;
    private long messagesOut;
    private long refreshesAnswered;

    /**
     * A speaker waiting for its participant ({@link BgpState#ACTIVE}).
     *
     * @param nanoTime now, on the clock every later call uses
     */
    public BgpPeer(BgpPeerConfig config, SessionListener listener, long nanoTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.budget = new MessageBudget(config.policy().messagesPerSecond(), config.policy().burst(), nanoTime);
    }

    /** The configuration. */
    public BgpPeerConfig config() {
        return config;
    }

    /** The state of the finite state machine. */
    public BgpState state() {
        return state;
    }

    /**
     * Whether the last {@link #received} call left a whole UPDATE unread because the message budget was spent: the
     * caller stops reading the connection and calls again on a later tick.
     */
    public boolean awaitingBudget() {
        return awaitingBudget;
    }

    /** How many ROUTE-REFRESH requests for IPv4 unicast were answered with the whole table. */
    public long refreshesAnswered() {
        return refreshesAnswered;
    }

    @Override
    public RoutingProtocol protocol() {
        return RoutingProtocol.BGP;
    }

    @Override
    public int peer() {
        return config.participantAddress();
    }

    /** The participant opened a TCP connection; {@code output} is its sending side. */
    public void connected(BgpOutput output, long nanoTime) {
        Objects.requireNonNull(output, "output");
        transition(state.onConnection(this, output, nanoTime));
    }

    /**
     * Bytes arrived on the session's connection. Consumes whole messages from {@code in}'s position, advancing it,
     * and stops before an incomplete message or an UPDATE the message budget does not allow yet.
     *
     * @return how many bytes were consumed
     */
    public int received(ByteBuffer in, long nanoTime) {
        int start = in.position();
        awaitingBudget = false;
        while (in.hasRemaining()) {
            if (output == null) {
                // No session (it was just reset): what follows on the old connection is meaningless.
                in.position(in.limit());
                break;
            }
            int length = BgpDecoder.bufferedMessageLength(in);
            if (BgpDecoder.bufferedMessageType(in) == BgpMessage.UPDATE && length >= BgpMessage.HEADER_LENGTH
                && length <= in.remaining()) {
                if (!budget.tryAcquire(nanoTime)) {
                    awaitingBudget = true;
                    // Counted once per message held back, however often the caller offers it again.
                    if (!headHeldBack) {
                        headHeldBack = true;
                        rateLimited++;
                    }
                    break;
                }
                headHeldBack = false;
            }
            BgpDecoder.Result result = BgpDecoder.decode(in, fourOctetAs);
            switch (result) {
                case BgpDecoder.NeedMore needMore -> {
                    return in.position() - start;
                }
                case BgpDecoder.Failed failed -> {
                    messagesIn++;
                    transition(resetSession(failed.error(), nanoTime));
                }
                case BgpDecoder.Decoded decoded -> {
                    messagesIn++;
                    if (holdNanos > 0) {
                        holdDeadline = nanoTime + holdNanos;
                    }
                    if (decoded.message() instanceof BgpMessage.Notification notification) {
                        transition(drop("received NOTIFICATION " + notification.error().describe(), false,
                            nanoTime));
                    } else {
                        transition(state.onMessage(this, decoded.message(), decoded, nanoTime));
                    }
                }
            }
        }
        return in.position() - start;
    }

    /** The session's connection ended without a NOTIFICATION (EOF or an error). */
    public void disconnected(long nanoTime) {
        if (output == null) {
            return;
        }
        output = null;
        // RFC 4724 section 4.2: a lost connection, not a NOTIFICATION, lets a graceful restarter keep its routes.
        transition(drop("connection lost", state == BgpState.ESTABLISHED && peerGracefulRestart != null, nanoTime));
    }

    @Override
    public void announce(List<Route> routes) {
        wanted.clear();
        for (Route route : routes) {
            wanted.put(route.prefix(), route.metric());
        }
        if (state == BgpState.ESTABLISHED) {
            sendDifferences();
        }
    }

    @Override
    public List<Route> learned() {
        List<Route> routes = new ArrayList<>(accepted.size());
        accepted.forEach((prefix, med) -> routes.add(new Route(prefix, med, config.participantAddress())));
        return routes;
    }

    @Override
    public void tick(long nanoTime) {
        if (staleTimerRunning && nanoTime - staleDeadline >= 0) {
            // RFC 4724 section 4.2: the restart time passed without a new session's End-of-RIB. It counts from the
            // loss and also bounds the wait for the End-of-RIB of a session that came back (the "stale timer").
            removeStale();
        }
        if (output == null) {
            return;
        }
        if (holdDeadline != 0 && nanoTime - holdDeadline >= 0) {
            send(new BgpMessage.Notification(BgpError.reset(BgpError.HOLD_TIMER_EXPIRED, 0)));
            transition(drop("hold timer expired", false, nanoTime));
            return;
        }
        if ((state == BgpState.OPEN_CONFIRM || state == BgpState.ESTABLISHED) && holdNanos > 0
            && nanoTime - keepaliveDue >= 0) {
            send(new BgpMessage.Keepalive());
            keepaliveDue = nanoTime + holdNanos / 3;
        }
    }

    /**
     * {@inheritDoc} Received counts the prefixes the participant announces now, accepted or not; accepted those in
     * {@link #learned()}; announced those it was sent; rate limited the UPDATEs held back.
     */
    @Override
    public SessionStatus status() {
        return new SessionStatus(RoutingProtocol.BGP, config.participantAddress(), state.displayName(),
            state == BgpState.ESTABLISHED, state == BgpState.ESTABLISHED ? upSinceMillis : 0,
            accepted.size() + refused.size(), accepted.size(), advertised.size(), filtered, overLimit, rateLimited,
            messagesIn, messagesOut, lastError);
    }

    /** Ends the session with Cease/Administrative Shutdown, forgets what was learned and refuses connections. */
    @Override
    public void close() {
        if (output != null) {
            BgpError shutdown = BgpError.reset(BgpError.CEASE, BgpError.ADMINISTRATIVE_SHUTDOWN);
            send(new BgpMessage.Notification(shutdown));
            drop("sent NOTIFICATION " + shutdown.describe(), false, 0);
        }
        removeStale();
        transition(BgpState.IDLE);
    }

    // ---- what the states do

    void refuse(BgpOutput connection, BgpError error) {
        connection.write(BgpEncoder.encode(new BgpMessage.Notification(error), false));
        connection.close();
    }

    void startSession(BgpOutput connection, long nanoTime) {
        output = connection;
        fourOctetAs = false;
        peerGracefulRestart = null;
        holdNanos = OPEN_HOLD_NANOS;
        holdDeadline = nanoTime + OPEN_HOLD_NANOS;
        long localAs = config.localAs();
        // RFC 4724 section 3: a capability without address families says we receive graceful restarts.
        send(new BgpMessage.Open(4, localAs > 0xffff ? BgpMessage.AS_TRANS : (int) localAs, config.holdTimeSeconds(),
            config.routerId(), List.of(Capability.Multiprotocol.ipv4Unicast(), new Capability.RouteRefresh(),
                new Capability.FourOctetAs(localAs), new Capability.GracefulRestart(0, 0, List.of()))));
    }

    boolean acceptOpen(BgpMessage.Open open, long nanoTime) {
        long peerAs = open.asNumber();
        if (peerAs == config.localAs() || (config.expectedPeerAs() != 0 && peerAs != config.expectedPeerAs())) {
            resetSession(BgpError.reset(BgpError.OPEN_MESSAGE, BgpError.BAD_PEER_AS,
                new OpaqueBytes(new byte[] {(byte) (open.myAs() >>> 8), (byte) open.myAs()})), nanoTime);
            return false;
        }
        fourOctetAs = open.supportsFourOctetAs();
        peerGracefulRestart = open.gracefulRestart();
        if (peerGracefulRestart == null) {
            // RFC 4724 section 4.2: without the capability in the new session, stale routes go at once.
            removeStale();
        }
        int holdSeconds = Math.min(config.holdTimeSeconds(), open.holdTime());
        holdNanos = holdSeconds * NANOS_PER_SECOND;
        holdDeadline = holdNanos == 0 ? 0 : nanoTime + holdNanos;
        send(new BgpMessage.Keepalive());
        keepaliveDue = nanoTime + holdNanos / 3;
        return true;
    }

    void establish(long nanoTime) {
        upSinceMillis = config.wallClockMillis().getAsLong();
        sendFullTable();
    }

    BgpState refresh(BgpMessage.RouteRefresh refresh) {
        if (refresh.afi() == Capability.AFI_IPV4 && refresh.safi() == Capability.SAFI_UNICAST) {
            refreshesAnswered++;
            sendFullTable();
        }
        return state;
    }

    BgpState unexpected(BgpMessage message, int fsmSubcode, long nanoTime) {
        return resetSession(BgpError.reset(BgpError.FSM, fsmSubcode,
            new OpaqueBytes(new byte[] {(byte) message.type()})), nanoTime);
    }

    BgpState learn(BgpMessage.Update update, boolean treatAsWithdraw, long nanoTime) {
        if (update.isEndOfRib()) {
            // RFC 4724 section 4.2: what the restarted peer did not announce again is gone.
            if (!stale.isEmpty() || staleTimerRunning) {
                removeStale();
            }
            return state;
        }
        boolean changed = false;
        for (Ipv4Prefix prefix : update.withdrawnAll()) {
            changed |= forget(prefix);
        }
        PathAttributes attributes = update.attributes();
        // RFC 7606 section 2: treat-as-withdraw handles the UPDATE's prefixes as withdrawn; a loop likewise.
        boolean usable = !treatAsWithdraw && !attributes.pathContains(config.localAs());
        int med = (int) Math.min(Math.max(attributes.med(), 0), Route.MAX_METRIC);
        for (Ipv4Prefix prefix : update.announced()) {
            if (!usable || !config.policy().allows(prefix)) {
                changed |= forget(prefix);
                if (usable || !treatAsWithdraw) {
                    filtered++;
                    refused.add(prefix);
                }
                continue;
            }
            refused.remove(prefix);
            stale.remove(prefix);
            if (!accepted.containsKey(prefix) && accepted.size() >= config.policy().maxPrefixes()) {
                overLimit++;
                if (changed) {
                    listener.changed(this);
                }
                return resetSession(maximumPrefixes(), nanoTime);
            }
            Integer previous = accepted.put(prefix, med);
            changed |= previous == null || previous != med;
        }
        if (changed) {
            listener.changed(this);
        }
        return state;
    }

    // ---- internals

    private BgpError maximumPrefixes() {
        // RFC 4486 section 4: AFI, SAFI and the upper bound in the data.
        int bound = config.policy().maxPrefixes();
        return BgpError.reset(BgpError.CEASE, BgpError.MAXIMUM_PREFIXES, new OpaqueBytes(new byte[] {0,
            Capability.AFI_IPV4, Capability.SAFI_UNICAST, (byte) (bound >>> 24), (byte) (bound >>> 16),
            (byte) (bound >>> 8), (byte) bound}));
    }

    private boolean forget(Ipv4Prefix prefix) {
        refused.remove(prefix);
        stale.remove(prefix);
        return accepted.remove(prefix) != null;
    }

    private BgpState resetSession(BgpError error, long nanoTime) {
        send(new BgpMessage.Notification(error));
        return drop("sent NOTIFICATION " + error.describe(), false, nanoTime);
    }

    private BgpState drop(String reason, boolean keepAsStale, long nanoTime) {
        lastError = reason;
        if (output != null) {
            BgpOutput closing = output;
            output = null;
            closing.close();
        }
        holdNanos = 0;
        holdDeadline = 0;
        advertised.clear();
        refused.clear();
        awaitingBudget = false;
        headHeldBack = false;
        if (keepAsStale && !accepted.isEmpty()) {
            stale.addAll(accepted.keySet());
            staleDeadline = nanoTime + peerGracefulRestart.restartTime() * NANOS_PER_SECOND;
            staleTimerRunning = true;
        } else if (!accepted.isEmpty()) {
            accepted.clear();
            stale.clear();
            staleTimerRunning = false;
            listener.changed(this);
        }
        BgpState next = state == BgpState.IDLE ? BgpState.IDLE : BgpState.ACTIVE;
        transition(next);
        return next;
    }

    private void removeStale() {
        staleTimerRunning = false;
        if (stale.isEmpty()) {
            return;
        }
        accepted.keySet().removeAll(stale);
        stale.clear();
        listener.changed(this);
    }

    private void transition(BgpState next) {
        if (next != state) {
            state = next;
            listener.changed(this);
        }
    }

    private void send(BgpMessage message) {
        if (output != null) {
            output.write(BgpEncoder.encode(message, fourOctetAs));
            messagesOut++;
        }
    }

    private void sendFullTable() {
        advertised.clear();
        sendDifferences();
        send(BgpMessage.Update.endOfRib());
    }

    private void sendDifferences() {
        List<Ipv4Prefix> withdrawn = new ArrayList<>();
        for (Ipv4Prefix prefix : advertised.keySet()) {
            if (!wanted.containsKey(prefix)) {
                withdrawn.add(prefix);
            }
        }
        advertised.keySet().removeAll(withdrawn);
        for (List<Ipv4Prefix> batch : batches(withdrawn)) {
            send(new BgpMessage.Update(batch, PathAttributes.NONE, List.of()));
        }
        Map<Integer, List<Ipv4Prefix>> byMetric = new TreeMap<>();
        wanted.forEach((prefix, metric) -> {
            if (!metric.equals(advertised.get(prefix))) {
                byMetric.computeIfAbsent(metric, m -> new ArrayList<>()).add(prefix);
                advertised.put(prefix, metric);
            }
        });
        byMetric.forEach((metric, prefixes) -> {
            PathAttributes attributes = PathAttributes.announcement(config.localAs(), config.routerAddress(), metric);
            for (List<Ipv4Prefix> batch : batches(prefixes)) {
                send(new BgpMessage.Update(List.of(), attributes, batch));
            }
        });
    }

    private static List<List<Ipv4Prefix>> batches(List<Ipv4Prefix> prefixes) {
        List<List<Ipv4Prefix>> batches = new ArrayList<>();
        List<Ipv4Prefix> batch = new ArrayList<>();
        int size = 0;
        for (Ipv4Prefix prefix : prefixes) {
            int length = BgpEncoder.prefixLength(prefix);
            if (size + length > NLRI_ROOM) {
                batches.add(batch);
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(prefix);
            size += length;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
