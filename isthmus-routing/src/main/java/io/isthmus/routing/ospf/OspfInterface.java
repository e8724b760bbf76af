package io.isthmus.routing.ospf;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The virtual router's OSPFv2 interface on one participant's link (RFC 2328): the interface state machine with the DR
 * election on broadcast links (section 9), the state machine of its one neighbour, the participant (section 10),
 * the database exchange, flooding and acknowledgment (sections 10.6 to 10.8, 13), aging (section 14), and the routes
 * of the shortest-path tree (section 16), filtered and limited by the participant's {@link io.isthmus.routing.PeerPolicy}.
 *
 * <p>The virtual router originates its router-LSA, a network-LSA when it is the DR, and one type-2 AS-external-LSA
 * per announced route; it is an AS boundary router. Its database holds only what this neighbour told it: when the
 * neighbour goes down, its LSAs go with it.
 *
 * <p>Input: {@link #receive} with each OSPF packet the participant sends (the IP payload); {@link #tick} at least
 * every 100 ms. Output: through the {@link PacketOutput}, to 224.0.0.5, 224.0.0.6 or the participant. Not
 * thread-safe.
 */
public final class OspfInterface implements RoutingSession {
    /** AllSPFRouters. */
    public static final int ALL_SPF_ROUTERS = Ipv4Address.parse("224.0.0.5");
    /** AllDRouters. */
    public static final int ALL_D_ROUTERS = Ipv4Address.parse("224.0.0.6");
    /** LSRefreshTime: own LSAs are originated again at this age (RFC 2328 appendix B). */
    public static final int LS_REFRESH_TIME = 1800;
    /** MinLSInterval: an own LSA is originated at most this often. */
    public static final int MIN_LS_INTERVAL = 5;
    /** MinLSArrival: an LSA is accepted from flooding at most this often. */
    public static final int MIN_LS_ARRIVAL = 1;
    /** InfTransDelay: the seconds added to an LSA's age when it is sent. */
    public static final int INF_TRANS_DELAY = 1;
    private static final long SECOND = 1_000_000_000L;
    private static final int IP_HEADER = 20;

    /** The states of the interface (RFC 2328 section 9.1). */
    public enum InterfaceState {
        /** Not running. */
        DOWN("Down"),
        /** Broadcast: learning the DR and BDR before electing. */
        WAITING("Waiting"),
        /** Point-to-point: adjacent with the one neighbour. */
        POINT_TO_POINT("PointToPoint"),
        /** Broadcast: neither DR nor BDR. */
        DR_OTHER("DROther"),
        /** Broadcast: the backup designated router. */
        BACKUP("Backup"),
        /** Broadcast: the designated router. */
        DR("DR");

        private final String label;

        InterfaceState(String label) {
            this.label = label;
        }

        /** The state's name as RFC 2328 writes it. */
        public String label() {
            return label;
        }
    }

    /** The states of the neighbour (RFC 2328 section 10.1). */
    public enum NeighborState {
        /** Nothing heard within the dead interval. */
        DOWN("Down"),
        /** Its Hello heard, without this router in it. */
        INIT("Init"),
        /** Two-way communication; no adjacency (broadcast, neither is DR nor BDR). */
        TWO_WAY("2-Way"),
        /** Deciding master and slave for the database exchange. */
        EX_START("ExStart"),
        /** Exchanging Database Description packets. */
        EXCHANGE("Exchange"),
        /** Requesting the LSAs it has newer. */
        LOADING("Loading"),
        /** Fully adjacent: the databases are synchronised. */
        FULL("Full");

        private final String label;

        NeighborState(String label) {
            this.label = label;
        }

        /** The state's name as RFC 2328 writes it. */
        public String label() {
            return label;
        }
    }

    /** Why a well-formed packet was dropped; each is a counter. */
    public enum DropReason {
        /** Not from the participant's address. */
        FOREIGN_SOURCE,
        /** Not to 224.0.0.5, to this interface's address, or (as DR or BDR) to 224.0.0.6 (section 8.2). */
        WRONG_DESTINATION,
        /** Another area id. */
        AREA_MISMATCH,
        /** Carrying this router's own router id. */
        OWN_ROUTER_ID,
        /** A Hello whose mask, intervals or E option differ from this interface's (section 10.5). */
        HELLO_MISMATCH,
        /** A Database Description with a larger interface MTU than this one (section 10.6). */
        MTU_MISMATCH,
        /** A packet the neighbour's state does not take (sections 10.6, 10.7, 13, 13.7). */
        UNEXPECTED_STATE,
        /** A Link State Update beyond the participant's message budget (the neighbour sends it again). */
        RATE_LIMITED
    }

    private final OspfConfig config;
    private final int peer;
    private final PacketOutput output;
    private final SessionListener listener;
    private final MessageBudget budget;
    private final LinkStateDatabase database = new LinkStateDatabase();
    private final EnumMap<OspfRejection, Long> rejections = new EnumMap<>(OspfRejection.class);
    private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    private InterfaceState interfaceState = InterfaceState.DOWN;
    private int designatedRouter;
    private int backupDesignatedRouter;
    private long helloDue;
    private long waitTimerDue;

    private NeighborState neighborState = NeighborState.DOWN;
    private int neighborId;
    private int neighborPriority;
    private int neighborDesignatedRouter;
    private int neighborBackupDesignatedRouter;
    private long inactivityDue;

    private boolean master;
    private int ddSequence;
    private final ArrayDeque<LsaHeader> summaryList = new ArrayDeque<>();
    private ByteBuffer lastSentDd;
    private boolean lastSentMore;
    private int lastReceivedFlags = -1;
    private int lastReceivedOptions = -1;
    private int lastReceivedSequence;
    private long ddRetransmitDue;
    private final Map<LsaKey, LsaHeader> requestList = new LinkedHashMap<>();
    private long requestRetransmitDue;
    private final Map<LsaKey, LsaHeader> retransmissionList = new LinkedHashMap<>();
    private long updateRetransmitDue;

    private final Map<LsaKey, Long> originatedAt = new LinkedHashMap<>();
    private final Map<LsaKey, Integer> lastSequence = new HashMap<>();
    private List<Route> announced = List.of();
    private boolean routesDirty = true;
    private List<Route> learned = List.of();
    private final Set<Ipv4Prefix> refusedByFilter = new HashSet<>();
    private final Set<Ipv4Prefix> refusedOverLimit = new HashSet<>();
    private int received;
    private long filtered;
    private long overLimit;
    private long messagesIn;
    private long messagesOut;
    private long upSinceMillis;
    private String lastError = "";
    private boolean changed;
    private boolean closed;

    /**
     * An interface that comes up at {@code nanoTime} (RFC 2328 9.3, InterfaceUp) towards the participant at
     * {@code peer}.
     */
    public OspfInterface(OspfConfig config, int peer, PacketOutput output, SessionListener listener, long nanoTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.peer = peer;
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.budget = new MessageBudget(config.policy().messagesPerSecond(), config.policy().burst(), nanoTime);
        if (config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT) {
            interfaceState = InterfaceState.POINT_TO_POINT;
        } else if (config.priority() == 0) {
            interfaceState = InterfaceState.DR_OTHER;
        } else {
            interfaceState = InterfaceState.WAITING;
            waitTimerDue = nanoTime + config.deadIntervalSeconds() * SECOND;
        }
        helloDue = nanoTime;
        reconcileOwnLsas(nanoTime);
    }

    @Override
    public RoutingProtocol protocol() {
        return RoutingProtocol.OSPF;
    }

    @Override
    public int peer() {
        return peer;
    }

    /** The interface's state. */
    public InterfaceState interfaceState() {
        return interfaceState;
    }

    /** The neighbour's state. */
    public NeighborState neighborState() {
        return neighborState;
    }

    /** The DR's interface address as this interface sees it, or 0. */
    public int designatedRouter() {
        return designatedRouter;
    }

    /** The BDR's interface address, or 0. */
    public int backupDesignatedRouter() {
        return backupDesignatedRouter;
    }

    /** The database (read it on the driving thread only). */
    public LinkStateDatabase database() {
        return database;
    }

    /** Packets rejected by the codec for {@code reason}. */
    public long rejected(OspfRejection reason) {
        return rejections.getOrDefault(reason, 0L);
    }

    /** Well-formed packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    @Override
    public void announce(List<Route> routes) {
        List<Route> copy = List.copyOf(routes);
        if (!copy.equals(announced)) {
            announced = copy;
            routesDirty = true;
        }
    }

    @Override
    public List<Route> learned() {
        return learned;
    }

    @Override
    public SessionStatus status() {
        return new SessionStatus(RoutingProtocol.OSPF, peer, neighborState.label(),
            neighborState == NeighborState.FULL, upSinceMillis, received, learned.size(), announced.size(), filtered,
            overLimit, dropped(DropReason.RATE_LIMITED), messagesIn, messagesOut, lastError);
    }

    /**
     * Takes one OSPF packet the participant sent: {@code ospfPacket} from its position to its limit is the IP payload,
     * {@code source} and {@code destination} the IP header's addresses. The buffer is only read during the call.
     */
    public void receive(int source, int destination, ByteBuffer ospfPacket, long nanoTime) {
        if (closed) {
            return;
        }
        OspfPacket packet;
        switch (OspfPacket.parse(ospfPacket)) {
            case OspfPacket.Rejected(OspfRejection reason) -> {
                rejections.merge(reason, 1L, Long::sum);
                lastError = "packet from " + Ipv4Address.format(source) + " rejected: " + reason;
                return;
            }
            case OspfPacket.Accepted(OspfPacket accepted) -> packet = accepted;
        }
        if (source != peer) {
            drop(DropReason.FOREIGN_SOURCE, "a packet from " + Ipv4Address.format(source) + ", not the participant");
            return;
        }
        boolean designated = interfaceState == InterfaceState.DR || interfaceState == InterfaceState.BACKUP;
        if (destination != ALL_SPF_ROUTERS && destination != config.address()
            && !(destination == ALL_D_ROUTERS && designated)) {
            drop(DropReason.WRONG_DESTINATION, "a packet to " + Ipv4Address.format(destination));
            return;
        }
        if (packet.areaId() != config.areaId()) {
            drop(DropReason.AREA_MISMATCH, "area " + Ipv4Address.format(packet.areaId()) + " instead of "
                + Ipv4Address.format(config.areaId()));
            return;
        }
        if (packet.routerId() == config.routerId()) {
            drop(DropReason.OWN_ROUTER_ID, "a packet with this router's own router id");
            return;
        }
        if (packet.message() instanceof LinkStateUpdate && !budget.tryAcquire(nanoTime)) {
            drop(DropReason.RATE_LIMITED, "");
            return;
        }
        messagesIn++;
        switch (packet.message()) {
            case Hello hello -> onHello(packet.routerId(), hello, nanoTime);
            case DatabaseDescription description -> onDatabaseDescription(packet.routerId(), description, nanoTime);
            case LinkStateRequest request -> onLinkStateRequest(request, nanoTime);
            case LinkStateUpdate update -> onLinkStateUpdate(update, nanoTime);
            case LinkStateAck ack -> onLinkStateAck(ack);
        }
        afterEvent(nanoTime);
    }

    @Override
    public void tick(long nanoTime) {
        if (closed) {
            return;
        }
        if (neighborState != NeighborState.DOWN && nanoTime - inactivityDue >= 0) {
            lastError = "neighbour " + Ipv4Address.format(neighborId) + " silent for the dead interval";
            neighborDown(nanoTime);
        }
        if (interfaceState == InterfaceState.WAITING && nanoTime - waitTimerDue >= 0) {
            electDesignatedRouters(nanoTime);
        }
        if (nanoTime - helloDue >= 0) {
            sendHello();
            helloDue = nanoTime + config.helloIntervalSeconds() * SECOND;
        }
        long retransmit = config.retransmitIntervalSeconds() * SECOND;
        if (lastSentDd != null && nanoTime - ddRetransmitDue >= 0 && (neighborState == NeighborState.EX_START
            || neighborState == NeighborState.EXCHANGE && master)) {
            send(unicastOrAllSpf(), lastSentDd);
            ddRetransmitDue = nanoTime + retransmit;
        }
        if (!requestList.isEmpty() && nanoTime - requestRetransmitDue >= 0 && neighborState == NeighborState.LOADING) {
            sendRequests(nanoTime);
        }
        if (!retransmissionList.isEmpty() && nanoTime - updateRetransmitDue >= 0
            && neighborState.compareTo(NeighborState.EXCHANGE) >= 0) {
            List<Lsa> again = new ArrayList<>();
            for (LsaKey key : retransmissionList.keySet()) {
                LinkStateDatabase.Entry entry = database.get(key);
                if (entry != null) {
                    again.add(entry.lsaAt(nanoTime));
                }
            }
            sendUpdates(unicastOrAllSpf(), again);
            updateRetransmitDue = nanoTime + retransmit;
        }
        age(nanoTime);
        afterEvent(nanoTime);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        // Flush this router's LSAs and leave the neighbour's Hello list, so the participant drops the adjacency and
        // the virtual router's routes at once rather than after its dead interval.
        List<Lsa> flushed = new ArrayList<>();
        for (LinkStateDatabase.Entry entry : database.entries()) {
            if (entry.lsa().header().advertisingRouter() == config.routerId()) {
                flushed.add(entry.lsa().withAge(LsaHeader.MAX_AGE));
            }
        }
        if (neighborState.compareTo(NeighborState.EXCHANGE) >= 0) {
            sendUpdates(floodDestination(), flushed);
        }
        neighborState = NeighborState.DOWN;
        sendHello();
        closed = true;
        interfaceState = InterfaceState.DOWN;
        upSinceMillis = 0;
        if (!learned.isEmpty()) {
            learned = List.of();
            received = 0;
        }
        listener.changed(this);
    }

    // ---- Hello protocol (section 10.5) and the interface state machine (section 9) ----

    private void onHello(int routerId, Hello hello, long nanoTime) {
        boolean pointToPoint = config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT;
        if (!pointToPoint && hello.networkMask() != config.mask()) {
            drop(DropReason.HELLO_MISMATCH, "Hello network mask " + Ipv4Address.format(hello.networkMask())
                + " instead of " + Ipv4Address.format(config.mask()));
            return;
        }
        if (hello.helloInterval() != config.helloIntervalSeconds()
            || hello.deadInterval() != config.deadIntervalSeconds()) {
            drop(DropReason.HELLO_MISMATCH, "Hello/dead interval " + hello.helloInterval() + "/"
                + hello.deadInterval() + " s instead of " + config.helloIntervalSeconds() + "/"
                + config.deadIntervalSeconds() + " s");
            return;
        }
        if ((hello.options() & LsaHeader.OPTION_E) == 0) {
            drop(DropReason.HELLO_MISMATCH, "Hello without the E option (a stub area)");
            return;
        }
        if (neighborState != NeighborState.DOWN && routerId != neighborId) {
            lastError = "the participant's router id changed to " + Ipv4Address.format(routerId);
            neighborDown(nanoTime);
        }
        boolean wasDown = neighborState == NeighborState.DOWN;
        neighborId = routerId;
        inactivityDue = nanoTime + config.deadIntervalSeconds() * SECOND;
        if (wasDown) {
            setNeighborState(NeighborState.INIT, nanoTime);
        }
        boolean twoWayBefore = neighborState.compareTo(NeighborState.TWO_WAY) >= 0;
        if (hello.neighbors().contains(config.routerId())) {
            if (neighborState == NeighborState.INIT) {
                twoWayReceived(nanoTime);
            }
        } else if (neighborState.compareTo(NeighborState.TWO_WAY) >= 0) {
            // 1-WayReceived: the neighbour no longer hears this router.
            clearAdjacency();
            setNeighborState(NeighborState.INIT, nanoTime);
        }
        if (pointToPoint) {
            if (wasDown) {
                sendHello();
            }
            return;
        }
        boolean neighborChange = twoWayBefore != neighborState.compareTo(NeighborState.TWO_WAY) >= 0
            || hello.priority() != neighborPriority
            || (hello.designatedRouter() == peer) != (neighborDesignatedRouter == peer)
            || (hello.backupDesignatedRouter() == peer) != (neighborBackupDesignatedRouter == peer);
        boolean backupSeen = interfaceState == InterfaceState.WAITING
            && (hello.backupDesignatedRouter() == peer
                || hello.designatedRouter() == peer && hello.backupDesignatedRouter() == 0);
        neighborPriority = hello.priority();
        neighborDesignatedRouter = hello.designatedRouter();
        neighborBackupDesignatedRouter = hello.backupDesignatedRouter();
        if (backupSeen || neighborChange && interfaceState != InterfaceState.WAITING) {
            electDesignatedRouters(nanoTime);
        }
        if (wasDown) {
            sendHello();
        }
    }

    private record Candidate(int address, int routerId, int priority, boolean declaresDr, boolean declaresBdr) {
    }

    /** The DR election (RFC 2328 section 9.4) among this router and the neighbour, if two-way and eligible. */
    private void electDesignatedRouters(long nanoTime) {
        int address = config.address();
        boolean selfDr = designatedRouter == address;
        boolean selfBdr = backupDesignatedRouter == address;
        int[] result = electionPass(selfDr, selfBdr);
        if ((result[0] == address) != selfDr || (result[1] == address) != selfBdr) {
            result = electionPass(result[0] == address, result[1] == address);
        }
        designatedRouter = result[0];
        backupDesignatedRouter = result[1];
        interfaceState = designatedRouter == address ? InterfaceState.DR
            : backupDesignatedRouter == address ? InterfaceState.BACKUP : InterfaceState.DR_OTHER;
        adjacencyOk(nanoTime);
        changed = true;
    }

    private int[] electionPass(boolean selfDr, boolean selfBdr) {
        List<Candidate> candidates = new ArrayList<>(2);
        if (config.priority() > 0) {
            candidates.add(new Candidate(config.address(), config.routerId(), config.priority(), selfDr, selfBdr));
        }
        if (neighborState.compareTo(NeighborState.TWO_WAY) >= 0 && neighborPriority > 0) {
            candidates.add(new Candidate(peer, neighborId, neighborPriority, neighborDesignatedRouter == peer,
                neighborBackupDesignatedRouter == peer));
        }
        Comparator<Candidate> rank = Comparator.comparingInt(Candidate::priority)
            .thenComparing(Candidate::routerId, Integer::compareUnsigned);
        Candidate backup = candidates.stream().filter(c -> !c.declaresDr() && c.declaresBdr()).max(rank)
            .orElse(candidates.stream().filter(c -> !c.declaresDr()).max(rank).orElse(null));
        Candidate designated = candidates.stream().filter(Candidate::declaresDr).max(rank).orElse(backup);
        return new int[] {designated == null ? 0 : designated.address(), backup == null ? 0 : backup.address()};
    }

    private boolean shouldBeAdjacent() {
        return config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT
            || interfaceState == InterfaceState.DR || interfaceState == InterfaceState.BACKUP
            || designatedRouter == peer || backupDesignatedRouter == peer;
    }

    /** AdjOK? (section 10.3): start an adjacency that should exist, end one that should not. */
    private void adjacencyOk(long nanoTime) {
        if (neighborState == NeighborState.TWO_WAY && shouldBeAdjacent()) {
            startExchange(nanoTime);
        } else if (neighborState.compareTo(NeighborState.EX_START) >= 0 && !shouldBeAdjacent()) {
            clearAdjacency();
            setNeighborState(NeighborState.TWO_WAY, nanoTime);
        }
    }

    private void twoWayReceived(long nanoTime) {
        if (interfaceState != InterfaceState.WAITING && shouldBeAdjacent()) {
            startExchange(nanoTime);
        } else {
            setNeighborState(NeighborState.TWO_WAY, nanoTime);
        }
    }

    private void sendHello() {
        List<Integer> heard = neighborState == NeighborState.DOWN ? List.of() : List.of(neighborId);
        Hello hello = new Hello(config.mask(), config.helloIntervalSeconds(), LsaHeader.OPTION_E, config.priority(),
            config.deadIntervalSeconds(), designatedRouter, backupDesignatedRouter, heard);
        send(ALL_SPF_ROUTERS, packet(hello));
    }

    private void neighborDown(long nanoTime) {
        clearAdjacency();
        for (LsaKey key : database.keys()) {
            if (key.advertisingRouter() != config.routerId()) {
                database.remove(key);
            }
        }
        neighborPriority = 0;
        neighborDesignatedRouter = 0;
        neighborBackupDesignatedRouter = 0;
        setNeighborState(NeighborState.DOWN, nanoTime);
        if (interfaceState == InterfaceState.DR || interfaceState == InterfaceState.BACKUP
            || interfaceState == InterfaceState.DR_OTHER) {
            electDesignatedRouters(nanoTime);
        }
        routesDirty = true;
    }

    private void clearAdjacency() {
        summaryList.clear();
        requestList.clear();
        retransmissionList.clear();
        lastSentDd = null;
        lastReceivedFlags = -1;
        lastReceivedOptions = -1;
    }

    private void setNeighborState(NeighborState state, long nanoTime) {
        if (state == neighborState) {
            return;
        }
        boolean wasFull = neighborState == NeighborState.FULL;
        neighborState = state;
        if (state == NeighborState.FULL) {
            upSinceMillis = config.wallClock().millis();
        } else if (wasFull) {
            upSinceMillis = 0;
        }
        if (wasFull || state == NeighborState.FULL) {
            reconcileOwnLsas(nanoTime);
        }
        routesDirty = true;
        changed = true;
    }

    // ---- Database exchange (sections 10.6 to 10.8) ----

    private void startExchange(long nanoTime) {
        clearAdjacency();
        setNeighborState(NeighborState.EX_START, nanoTime);
        master = true;
        ddSequence = (int) (nanoTime / 1_000_000L) ^ config.routerId();
        lastSentMore = true;
        sendDatabaseDescription(DatabaseDescription.FLAG_INIT | DatabaseDescription.FLAG_MORE
            | DatabaseDescription.FLAG_MASTER, List.of(), nanoTime);
    }

    private void sequenceNumberMismatch(String why, long nanoTime) {
        lastError = "database exchange restarted: " + why;
        startExchange(nanoTime);
    }

    private void onDatabaseDescription(int routerId, DatabaseDescription dd, long nanoTime) {
        if (dd.interfaceMtu() > config.mtu()) {
            drop(DropReason.MTU_MISMATCH, "Database Description with interface MTU " + dd.interfaceMtu()
                + " above this interface's " + config.mtu());
            return;
        }
        if (neighborState == NeighborState.INIT) {
            twoWayReceived(nanoTime);
        }
        boolean duplicate = dd.flags() == lastReceivedFlags && dd.options() == lastReceivedOptions
            && dd.sequence() == lastReceivedSequence;
        switch (neighborState) {
            case DOWN, INIT, TWO_WAY -> drop(DropReason.UNEXPECTED_STATE, "");
            case EX_START -> negotiate(routerId, dd, nanoTime);
            case EXCHANGE -> {
                if (duplicate) {
                    if (!master) {
                        send(unicastOrAllSpf(), lastSentDd);
                    }
                    return;
                }
                if (dd.has(DatabaseDescription.FLAG_MASTER) == master) {
                    sequenceNumberMismatch("the master/slave bit is wrong", nanoTime);
                } else if (dd.has(DatabaseDescription.FLAG_INIT)) {
                    sequenceNumberMismatch("the init bit is set during the exchange", nanoTime);
                } else if (lastReceivedOptions >= 0 && dd.options() != lastReceivedOptions) {
                    sequenceNumberMismatch("the options changed", nanoTime);
                } else if (dd.sequence() != (master ? ddSequence : ddSequence + 1)) {
                    sequenceNumberMismatch("DD sequence number " + Integer.toUnsignedString(dd.sequence()),
                        nanoTime);
                } else {
                    acceptDatabaseDescription(dd, nanoTime);
                }
            }
            case LOADING, FULL -> {
                if (duplicate) {
                    if (!master) {
                        send(unicastOrAllSpf(), lastSentDd);
                    }
                } else {
                    sequenceNumberMismatch("a new Database Description after the exchange", nanoTime);
                }
            }
        }
    }

    private void negotiate(int routerId, DatabaseDescription dd, long nanoTime) {
        int initial = DatabaseDescription.FLAG_INIT | DatabaseDescription.FLAG_MORE | DatabaseDescription.FLAG_MASTER;
        if ((dd.flags() & initial) == initial && dd.lsaHeaders().isEmpty()
            && Integer.compareUnsigned(routerId, config.routerId()) > 0) {
            master = false;
            ddSequence = dd.sequence();
            remember(dd);
            negotiationDone(nanoTime);
            sendSlaveDescription(nanoTime);
        } else if (!dd.has(DatabaseDescription.FLAG_INIT) && !dd.has(DatabaseDescription.FLAG_MASTER)
            && dd.sequence() == ddSequence && Integer.compareUnsigned(routerId, config.routerId()) < 0) {
            master = true;
            negotiationDone(nanoTime);
            acceptDatabaseDescription(dd, nanoTime);
        }
    }

    private void negotiationDone(long nanoTime) {
        summaryList.clear();
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.headerAt(nanoTime);
            if (header.isMaxAge()) {
                retransmissionList.put(header.key(), header);
            } else {
                summaryList.add(header);
            }
        }
        setNeighborState(NeighborState.EXCHANGE, nanoTime);
    }

    private void remember(DatabaseDescription dd) {
        lastReceivedFlags = dd.flags();
        lastReceivedOptions = dd.options();
        lastReceivedSequence = dd.sequence();
    }

    private void acceptDatabaseDescription(DatabaseDescription dd, long nanoTime) {
        remember(dd);
        for (LsaHeader header : dd.lsaHeaders()) {
            if (!Lsa.isKnownType(header.type())) {
                sequenceNumberMismatch("an LSA of unknown type " + header.type() + " in the summary", nanoTime);
                return;
            }
            LinkStateDatabase.Entry mine = database.get(header.key());
            if (mine == null || header.compareRecency(mine.headerAt(nanoTime)) > 0) {
                requestList.put(header.key(), header);
            }
        }
        boolean neighborHasMore = dd.has(DatabaseDescription.FLAG_MORE);
        if (master) {
            ddSequence++;
            if (!lastSentMore && !neighborHasMore) {
                exchangeDone(nanoTime);
            } else {
                sendDatabaseDescription(DatabaseDescription.FLAG_MASTER, takeSummaryChunk(), nanoTime);
            }
        } else {
            ddSequence = dd.sequence();
            sendSlaveDescription(nanoTime);
            if (!neighborHasMore && !lastSentMore) {
                exchangeDone(nanoTime);
            }
        }
    }

    private void sendSlaveDescription(long nanoTime) {
        sendDatabaseDescription(0, takeSummaryChunk(), nanoTime);
    }

    private List<LsaHeader> takeSummaryChunk() {
        int room = (config.mtu() - IP_HEADER - OspfPacket.HEADER_LENGTH - DatabaseDescription.FIXED_LENGTH)
            / LsaHeader.LENGTH;
        List<LsaHeader> chunk = new ArrayList<>();
        while (!summaryList.isEmpty() && chunk.size() < room) {
            chunk.add(summaryList.poll());
        }
        return chunk;
    }

    private void sendDatabaseDescription(int flags, List<LsaHeader> headers, long nanoTime) {
        boolean more = flags == (DatabaseDescription.FLAG_INIT | DatabaseDescription.FLAG_MORE
            | DatabaseDescription.FLAG_MASTER) || !summaryList.isEmpty();
        int allFlags = flags | (more ? DatabaseDescription.FLAG_MORE : 0);
        lastSentMore = more;
        lastSentDd = packet(new DatabaseDescription(config.mtu(), LsaHeader.OPTION_E, allFlags, ddSequence,
            headers));
        send(unicastOrAllSpf(), lastSentDd);
        ddRetransmitDue = nanoTime + config.retransmitIntervalSeconds() * SECOND;
    }

    private void exchangeDone(long nanoTime) {
        if (requestList.isEmpty()) {
            setNeighborState(NeighborState.FULL, nanoTime);
        } else {
            setNeighborState(NeighborState.LOADING, nanoTime);
            sendRequests(nanoTime);
        }
    }

    private void sendRequests(long nanoTime) {
        int room = (config.mtu() - IP_HEADER - OspfPacket.HEADER_LENGTH) / LinkStateRequest.ENTRY_LENGTH;
        List<LsaKey> keys = new ArrayList<>();
        for (LsaKey key : requestList.keySet()) {
            if (keys.size() == room) {
                break;
            }
            keys.add(key);
        }
        send(unicastOrAllSpf(), packet(new LinkStateRequest(keys)));
        requestRetransmitDue = nanoTime + config.retransmitIntervalSeconds() * SECOND;
    }

    private void onLinkStateRequest(LinkStateRequest request, long nanoTime) {
        if (neighborState.compareTo(NeighborState.EXCHANGE) < 0) {
            drop(DropReason.UNEXPECTED_STATE, "");
            return;
        }
        List<Lsa> answer = new ArrayList<>();
        for (LsaKey key : request.requests()) {
            LinkStateDatabase.Entry entry = database.get(key);
            if (entry == null) {
                sequenceNumberMismatch("BadLSReq: the neighbour requested an LSA not in the database", nanoTime);
                return;
            }
            answer.add(entry.lsaAt(nanoTime));
        }
        sendUpdates(unicastOrAllSpf(), answer);
    }

    // ---- Flooding (section 13) ----

    private void onLinkStateUpdate(LinkStateUpdate update, long nanoTime) {
        if (update.badChecksums() > 0) {
            lastError = update.badChecksums() + " LSAs with a bad checksum dropped";
        }
        if (neighborState.compareTo(NeighborState.EXCHANGE) < 0) {
            drop(DropReason.UNEXPECTED_STATE, "");
            return;
        }
        List<LsaHeader> acks = new ArrayList<>();
        List<Lsa> newerHere = new ArrayList<>();
        for (Lsa lsa : update.lsas()) {
            LsaHeader header = lsa.header();
            if (!Lsa.isKnownType(header.type())) {
                continue;
            }
            LinkStateDatabase.Entry current = database.get(header.key());
            if (header.isMaxAge() && current == null && neighborState != NeighborState.EXCHANGE
                && neighborState != NeighborState.LOADING) {
                acks.add(header);
                continue;
            }
            int recency = current == null ? 1 : header.compareRecency(current.headerAt(nanoTime));
            if (recency > 0 && current != null && !isSelfOriginated(header)
                && nanoTime - current.installedNanos() < MIN_LS_ARRIVAL * SECOND) {
                // Step 5(a): an instance newer than one installed less than MinLSArrival ago is dropped unacknowledged;
                // the neighbour sends it again after its retransmission interval.
                continue;
            }
            if (recency > 0) {
                retransmissionList.remove(header.key());
                LsaHeader requested = requestList.get(header.key());
                if (requested != null && header.compareRecency(requested) >= 0) {
                    requestList.remove(header.key());
                }
                acks.add(header);
                if (isSelfOriginated(header)) {
                    selfOriginatedArrived(lsa, nanoTime);
                } else {
                    database.install(lsa, nanoTime);
                    routesDirty = true;
                }
            } else if (requestList.containsKey(header.key())) {
                sequenceNumberMismatch("BadLSReq: an update no newer than the instance requested", nanoTime);
                return;
            } else if (recency == 0) {
                if (retransmissionList.remove(header.key()) == null) {
                    acks.add(header);
                }
            } else if (!(current.lsa().header().isMaxAge()
                && current.lsa().header().sequence() == LsaHeader.MAX_SEQUENCE)) {
                newerHere.add(current.lsaAt(nanoTime));
            }
        }
        if (!acks.isEmpty()) {
            send(unicastOrAllSpf(), packet(new LinkStateAck(acks)));
        }
        if (!newerHere.isEmpty()) {
            sendUpdates(unicastOrAllSpf(), newerHere);
        }
        if (neighborState == NeighborState.LOADING && requestList.isEmpty()) {
            setNeighborState(NeighborState.FULL, nanoTime);
        }
    }

    private boolean isSelfOriginated(LsaHeader header) {
        return header.advertisingRouter() == config.routerId()
            || header.type() == NetworkLsa.TYPE && header.linkStateId() == config.address();
    }

    /**
     * Section 13.4: a newer instance of an own LSA (from before a restart) is either superseded by a new instance
     * with a higher sequence number, or flushed when this router no longer originates it.
     */
    private void selfOriginatedArrived(Lsa lsa, long nanoTime) {
        Map<LsaKey, LsaBody> wanted = desiredOwnLsas();
        LsaBody body = wanted.get(lsa.key());
        if (body != null && lsa.header().advertisingRouter() == config.routerId()) {
            originate(lsa.key(), body, lsa.header().sequence() + 1, nanoTime);
        } else {
            Lsa flushed = lsa.withAge(LsaHeader.MAX_AGE);
            database.install(flushed, nanoTime);
            flood(flushed, nanoTime);
        }
    }

    private void onLinkStateAck(LinkStateAck ack) {
        if (neighborState.compareTo(NeighborState.EXCHANGE) < 0) {
            drop(DropReason.UNEXPECTED_STATE, "");
            return;
        }
        for (LsaHeader header : ack.lsaHeaders()) {
            LsaHeader sent = retransmissionList.get(header.key());
            if (sent != null && header.compareRecency(sent) == 0) {
                retransmissionList.remove(header.key());
            }
        }
    }

    private void flood(Lsa lsa, long nanoTime) {
        if (neighborState.compareTo(NeighborState.EXCHANGE) < 0) {
            return;
        }
        retransmissionList.put(lsa.key(), lsa.header());
        updateRetransmitDue = nanoTime + config.retransmitIntervalSeconds() * SECOND;
        sendUpdates(floodDestination(), List.of(lsa));
    }

    private void sendUpdates(int destination, List<Lsa> lsas) {
        int room = config.mtu() - IP_HEADER - OspfPacket.HEADER_LENGTH - 4;
        List<Lsa> chunk = new ArrayList<>();
        int used = 0;
        for (Lsa lsa : lsas) {
            if (!chunk.isEmpty() && used + lsa.length() > room) {
                send(destination, packet(new LinkStateUpdate(chunk)));
                chunk = new ArrayList<>();
                used = 0;
            }
            chunk.add(lsa.withAge(Math.min(LsaHeader.MAX_AGE, lsa.header().age() + INF_TRANS_DELAY)));
            used += lsa.length();
        }
        if (!chunk.isEmpty()) {
            send(destination, packet(new LinkStateUpdate(chunk)));
        }
    }

    // ---- Own LSAs (section 12.4) and aging (section 14) ----

    private Map<LsaKey, LsaBody> desiredOwnLsas() {
        Map<LsaKey, LsaBody> wanted = new LinkedHashMap<>();
        int routerId = config.routerId();
        wanted.put(new LsaKey(RouterLsa.TYPE, routerId, routerId), new RouterLsa(RouterLsa.FLAG_E, ownLinks()));
        if (interfaceState == InterfaceState.DR && neighborState == NeighborState.FULL) {
            wanted.put(new LsaKey(NetworkLsa.TYPE, config.address(), routerId),
                new NetworkLsa(config.mask(), List.of(routerId, neighborId)));
        }
        // Appendix E: a prefix keeps the Link State ID it was given; a new prefix whose network address is taken
        // gets its host bits set.
        Map<Ipv4Prefix, Integer> currentIds = new HashMap<>();
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.lsa().header();
            if (header.type() == ExternalLsa.TYPE && header.advertisingRouter() == routerId && !header.isMaxAge()
                && entry.lsa().body() instanceof ExternalLsa external) {
                Ipv4Prefix prefix = ShortestPathTree.prefix(header.linkStateId(), external.mask());
                if (prefix != null) {
                    currentIds.put(prefix, header.linkStateId());
                }
            }
        }
        List<Route> routes = new ArrayList<>(announced);
        routes.sort(Comparator.comparing(Route::prefix));
        Map<Integer, Route> byId = new TreeMap<>(Integer::compareUnsigned);
        List<Route> unplaced = new ArrayList<>();
        for (Route route : routes) {
            Integer id = currentIds.get(route.prefix());
            if (id != null && !byId.containsKey(id)) {
                byId.put(id, route);
            } else {
                unplaced.add(route);
            }
        }
        for (Route route : unplaced) {
            int id = route.prefix().address();
            if (byId.containsKey(id)) {
                id = route.prefix().lastAddress();
            }
            if (!byId.containsKey(id)) {
                byId.put(id, route);
            }
        }
        for (Map.Entry<Integer, Route> placed : byId.entrySet()) {
            Route route = placed.getValue();
            wanted.put(new LsaKey(ExternalLsa.TYPE, placed.getKey(), routerId),
                ExternalLsa.type2(route.prefix().mask(), Math.min(route.metric(), ExternalLsa.LS_INFINITY)));
        }
        return wanted;
    }

    private List<RouterLsa.Link> ownLinks() {
        int network = config.address() & config.mask();
        RouterLsa.Link stub = new RouterLsa.Link(network, config.mask(), RouterLsa.LINK_STUB, config.cost());
        if (interfaceState == InterfaceState.DOWN) {
            return List.of();
        }
        if (config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT) {
            // Section 12.4.1.1, option 2 for the subnet.
            return neighborState == NeighborState.FULL
                ? List.of(new RouterLsa.Link(neighborId, config.address(), RouterLsa.LINK_POINT_TO_POINT,
                    config.cost()), stub)
                : List.of(stub);
        }
        boolean fullWithDr = neighborState == NeighborState.FULL
            && (interfaceState == InterfaceState.DR || designatedRouter == peer);
        return interfaceState != InterfaceState.WAITING && fullWithDr
            ? List.of(new RouterLsa.Link(designatedRouter, config.address(), RouterLsa.LINK_TRANSIT, config.cost()))
            : List.of(stub);
    }

    /** Originates what changed, flushes what is no longer wanted, refreshes what reached LSRefreshTime. */
    private void reconcileOwnLsas(long nanoTime) {
        Map<LsaKey, LsaBody> wanted = desiredOwnLsas();
        for (Map.Entry<LsaKey, LsaBody> own : wanted.entrySet()) {
            LinkStateDatabase.Entry current = database.get(own.getKey());
            if (current == null) {
                // A key flushed and removed before starts after its last sequence number: the neighbour may still
                // hold the flushed instance.
                Integer last = lastSequence.get(own.getKey());
                originate(own.getKey(), own.getValue(), last == null ? LsaHeader.INITIAL_SEQUENCE : last + 1,
                    nanoTime);
                continue;
            }
            boolean stale = current.lsa().header().isMaxAge() || !current.lsa().body().equals(own.getValue())
                || current.age(nanoTime) >= LS_REFRESH_TIME;
            Long last = originatedAt.get(own.getKey());
            boolean allowed = last == null || nanoTime - last >= MIN_LS_INTERVAL * SECOND;
            if (stale && allowed) {
                originate(own.getKey(), own.getValue(), current.lsa().header().sequence() + 1, nanoTime);
            }
        }
        for (LsaKey key : database.keys()) {
            LinkStateDatabase.Entry entry = database.get(key);
            if (isSelfOriginated(entry.lsa().header()) && !wanted.containsKey(key)
                && !entry.lsa().header().isMaxAge()) {
                Lsa flushed = entry.lsa().withAge(LsaHeader.MAX_AGE);
                database.install(flushed, nanoTime);
                flood(flushed, nanoTime);
            }
        }
    }

    private void originate(LsaKey key, LsaBody body, int sequence, long nanoTime) {
        Lsa lsa = Lsa.originate(0, LsaHeader.OPTION_E, key.type(), key.linkStateId(), key.advertisingRouter(),
            sequence, body);
        database.install(lsa, nanoTime);
        originatedAt.put(key, nanoTime);
        lastSequence.put(key, sequence);
        routesDirty = true;
        flood(lsa, nanoTime);
    }

    private void age(long nanoTime) {
        boolean exchanging = neighborState == NeighborState.EXCHANGE || neighborState == NeighborState.LOADING;
        for (LsaKey key : database.keys()) {
            LinkStateDatabase.Entry entry = database.get(key);
            if (entry.age(nanoTime) >= LsaHeader.MAX_AGE && !retransmissionList.containsKey(key) && !exchanging) {
                database.remove(key);
                routesDirty = true;
            } else if (entry.age(nanoTime) >= LsaHeader.MAX_AGE && !entry.lsa().header().isMaxAge()) {
                routesDirty = true;
            }
        }
    }

    // ---- Routes ----

    private void afterEvent(long nanoTime) {
        reconcileOwnLsas(nanoTime);
        if (routesDirty) {
            routesDirty = false;
            computeRoutes(nanoTime);
        }
        if (changed) {
            changed = false;
            listener.changed(this);
        }
    }

    private void computeRoutes(long nanoTime) {
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> paths = ShortestPathTree.compute(database, config.routerId(),
            nanoTime);
        List<Route> accepted = new ArrayList<>();
        Set<Ipv4Prefix> filteredNow = new HashSet<>();
        Set<Ipv4Prefix> overNow = new HashSet<>();
        for (ShortestPathTree.PathRoute path : paths.values()) {
            if (!config.policy().allows(path.prefix())) {
                filteredNow.add(path.prefix());
            } else if (accepted.size() >= config.policy().maxPrefixes()) {
                overNow.add(path.prefix());
            } else {
                accepted.add(new Route(path.prefix(), path.cost(), peer));
            }
        }
        for (Ipv4Prefix prefix : filteredNow) {
            if (!refusedByFilter.contains(prefix)) {
                filtered++;
                lastError = "route " + prefix + " refused: outside the allowed prefixes";
            }
        }
        for (Ipv4Prefix prefix : overNow) {
            if (!refusedOverLimit.contains(prefix)) {
                overLimit++;
                lastError = "route " + prefix + " refused: beyond " + config.policy().maxPrefixes() + " prefixes";
            }
        }
        refusedByFilter.clear();
        refusedByFilter.addAll(filteredNow);
        refusedOverLimit.clear();
        refusedOverLimit.addAll(overNow);
        received = paths.size();
        List<Route> now = List.copyOf(accepted);
        if (!now.equals(learned)) {
            learned = now;
            changed = true;
        }
    }

    // ---- Output ----

    /** Section 8.1: on point-to-point links every packet goes to AllSPFRouters; on broadcast, DD/LSR/LSU unicast. */
    private int unicastOrAllSpf() {
        return config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT ? ALL_SPF_ROUTERS : peer;
    }

    /** Section 13.3: the DR and BDR flood to AllSPFRouters, the others to AllDRouters. */
    private int floodDestination() {
        return config.networkType() == OspfConfig.NetworkType.POINT_TO_POINT
            || interfaceState == InterfaceState.DR || interfaceState == InterfaceState.BACKUP
            ? ALL_SPF_ROUTERS : ALL_D_ROUTERS;
    }

    private ByteBuffer packet(OspfMessage message) {
        return new OspfPacket(config.routerId(), config.areaId(), message).encode();
    }

    private void send(int destination, ByteBuffer packet) {
        if (packet == null) {
            return;
        }
        messagesOut++;
        output.send(destination, packet.duplicate());
    }

    private void drop(DropReason reason, String why) {
        drops.merge(reason, 1L, Long::sum);
        if (!why.isEmpty()) {
            lastError = why;
        }
    }
}
