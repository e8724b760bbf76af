package io.isthmus.agent.router.multicast;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.MulticastGroups;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.router.RouterService;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IgmpPacket;
import io.isthmus.wire.IgmpRepr;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.MalformedPacketException;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The virtual routers' IGMP side (RFC 3376 section 6, the multicast router part; RFC 2236 and RFC 1112 hosts are
 * understood too): it learns which ports are members of which groups from the nodes' reports, and queries them so
 * that memberships stay fresh and a node that vanished without leaving expires.
 *
 * <p><b>One port is one node.</b> A router port on a shared link cannot drop a group on one host's leave, because
 * other hosts of the link may still listen: it asks first (RFC 3376 section 6.4.2, RFC 2236 section 3, last member
 * queries). A node's port here is a point-to-point link with exactly one listener, whose IGMP stack already merges
 * the interest of all its sockets into the report it sends; so a leave (a v2 leave, or a v3 record TO_IN {}) removes
 * the port's membership at once, and the sending agent stops sending copies right away. Per-source filtering is
 * not kept: a port listens to a group or not (see {@link IgmpRepr.GroupRecord#interest()}).
 *
 * <p>Queries: as a querier (RFC 3376 section 8), the subnet's router sends each port a general IGMPv3 query from
 * the gateway's address and MAC to 224.0.0.1, TTL 1, with the router alert option (RFC 3376 section 4): at once when
 * the port appears, {@code robustness - 1} more at the startup query interval (a quarter of the query interval,
 * RFC 3376 section 8.7), then every query interval. A membership not refreshed within the group membership interval
 * (robustness times query interval plus query response interval, RFC 3376 section 8.4: 260 s with the defaults)
 * expires. Reports of the 224.0.0.0/24 groups are ignored: that range is flooded within the subnet anyway (RFC 4541
 * section 2.1.2), so membership of it means nothing.
 *
 * <p>The result is published to {@link MulticastGroups} (for the data plane) on every change, and its
 * {@link #version()} grows, so the control thread knows to report the host's groups to the controller.
 *
 * <p>Runs on the router's slow-path thread ({@link #handle} and {@link #tick}); {@link #version()} and
 * {@link #memberships()} may be called from any thread. Bad input is a counted drop, never an exception.
 */
public final class MulticastMembership implements RouterService {
    /**
     * The querier's timers (RFC 3376 section 8).
     *
     * @param queryInterval between general queries (RFC 3376 section 8.2: 125 s)
     * @param robustness the robustness variable (section 8.1: 2), 1 to 7
     * @param queryResponseInterval the max response time of general queries (section 8.3: 10 s), at most 3174.4 s
     */
    public record Timers(Duration queryInterval, int robustness, Duration queryResponseInterval) {
        /** RFC 3376 defaults. */
        public static final Timers DEFAULTS = new Timers(Duration.ofSeconds(125), 2, Duration.ofSeconds(10));

        /** Checks the ranges. */
        public Timers {
            Objects.requireNonNull(queryInterval, "queryInterval");
            Objects.requireNonNull(queryResponseInterval, "queryResponseInterval");
            if (robustness < 1 || robustness > 7) {
                throw new IllegalArgumentException("robustness must be 1..7, was " + robustness);
            }
            if (queryResponseInterval.compareTo(queryInterval) >= 0 || queryResponseInterval.toMillis() < 100) {
                throw new IllegalArgumentException("query response interval must be at least 0.1 s and shorter "
                    + "than the query interval");
            }
        }

        /** Group membership interval (RFC 3376 section 8.4). */
        public Duration membershipTimeout() {
            return queryInterval.multipliedBy(robustness).plus(queryResponseInterval);
        }

        /** Startup query interval (RFC 3376 section 8.6): a quarter of the query interval. */
        public Duration startupQueryInterval() {
            return queryInterval.dividedBy(4);
        }
    }

    /**
     * One membership of a port of this host.
     *
     * @param port the member port
     * @param group the group
     */
    public record Membership(LocalPort port, int group) {
    }

    /** Length of the general query frame: Ethernet, IPv4 with the router alert option, IGMPv3 query. */
    static final int QUERY_FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + 4
        + IgmpPacket.V3_QUERY_LENGTH;
    /** Router alert (RFC 2113): copied flag, class 0, option 20, length 4, value 0 ("examine packet"). */
    private static final int ROUTER_ALERT = 0x9404_0000;
    /** Internetwork control precedence (RFC 791), as RFC 3376 section 4 sends IGMP. */
    private static final int INTERNETWORK_CONTROL = 0xc0;

    private final PortTable portTable;
    private final MulticastGroups groups;
    private final DataplaneCounters counters;
    private final LongSupplier clock;
    private final Timers timers;
    private final long timeoutNanos;
    private final EthernetFrame frame = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final IgmpPacket igmp = new IgmpPacket();
    private final MemorySegment queryBuffer = Arena.ofAuto().allocate(QUERY_FRAME_LENGTH, 8);
    private final int maxResponseCode;
    private final int queryIntervalCode;

    /** Per port index: the port as last seen, its groups with their expiry, its query schedule. */
    private final Map<Integer, PortState> ports = new HashMap<>();
    private volatile long version;
    private volatile List<Membership> published = List.of();

    private static final class PortState {
        LocalPort port;
        final Map<Integer, Long> groups = new TreeMap<>();
        long nextQuery;
        int startupQueriesLeft;

        PortState(LocalPort port, long nextQuery, int startupQueries) {
            this.port = port;
            this.nextQuery = nextQuery;
            this.startupQueriesLeft = startupQueries;
        }
    }

    /**
     * A membership service for the ports of {@code portTable}, publishing to {@code groups}, counting in
     * {@code counters} (owned by the router thread), on {@code clock} (nanoseconds, {@link System#nanoTime()} scale).
     */
    public MulticastMembership(PortTable portTable, MulticastGroups groups, DataplaneCounters counters, Timers timers,
                               LongSupplier clock) {
        this.portTable = Objects.requireNonNull(portTable, "portTable");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.timeoutNanos = timers.membershipTimeout().toNanos();
        this.maxResponseCode = timeCode(timers.queryResponseInterval().toMillis() / 100);
        this.queryIntervalCode = timeCode(timers.queryInterval().toSeconds());
    }

    /** Handles an IGMP frame {@code port} sent: a report or leave changes its memberships. */
    @Override
    public void handle(LocalPort port, NetworkView network, MemorySegment frameSegment, int length,
                       DataplaneSinks out) {
        handle(port, frameSegment, length, clock.getAsLong());
    }

    /**
     * Handles an IGMP frame {@code port} sent (Ethernet at offset 0 of {@code frameSegment}, {@code length} bytes,
     * valid during the call) at {@code now} (nanoseconds, {@link System#nanoTime()} scale).
     */
    public synchronized void handle(LocalPort port, MemorySegment frameSegment, int length, long now) {
        DataplaneCounter outcome = learn(port, frameSegment, length, now);
        counters.increment(outcome);
    }

    /** Expires memberships and sends the queries that are due to the ports attached now. */
    @Override
    public void tick(long nanoTime, DataplaneSinks out) {
        tick(nanoTime, portTable.snapshot(), out);
    }

    private DataplaneCounter learn(LocalPort port, MemorySegment frameSegment, int length, long now) {
        if (frame.wrap(frameSegment, 0, length).checkLength() != WireStatus.OK || frame.hasVlanTag()
            || frame.etherType() != EtherType.IPV4) {
            return DataplaneCounter.IGMP_MALFORMED;
        }
        int header = EthernetFrame.HEADER_LENGTH;
        if (ip.wrap(frameSegment, header, length - header).checkLength() != WireStatus.OK
            || !ip.verifyHeaderChecksum() || ip.protocol() != IpProtocol.IGMP || ip.isFragment()) {
            return DataplaneCounter.IGMP_MALFORMED;
        }
        // RFC 3376 section 4.2.13 allows 0.0.0.0 as the source of a report (a node without an address yet).
        if (port.sourceDestCheck() && (frame.source() != port.mac()
            || ip.source() != port.address() && ip.source() != 0)) {
            return DataplaneCounter.IGMP_SPOOFED_SOURCE;
        }
        int headerLength = ip.headerLength();
        igmp.wrap(frameSegment, header + headerLength, ip.length() - headerLength);
        IgmpRepr message;
        try {
            message = IgmpRepr.parse(igmp);
        } catch (MalformedPacketException e) {
            return e.status() == WireStatus.BAD_CHECKSUM ? DataplaneCounter.IGMP_BAD_CHECKSUM
                : DataplaneCounter.IGMP_MALFORMED;
        }
        PortState state = state(port, now);
        boolean changed = switch (message) {
            case IgmpRepr.V1Report r -> join(state, r.group(), now);
            case IgmpRepr.V2Report r -> join(state, r.group(), now);
            case IgmpRepr.Leave l -> leave(state, l.group());
            case IgmpRepr.V3Report r -> {
                boolean any = false;
                for (IgmpRepr.GroupRecord record : r.records()) {
                    any |= switch (record.interest()) {
                        case JOIN -> join(state, record.group(), now);
                        case LEAVE -> leave(state, record.group());
                        case UNCHANGED -> false;
                    };
                }
                yield any;
            }
            // Queries from nodes (another querier on a point-to-point port has nobody to ask) and other types.
            case IgmpRepr.Query q -> false;
            case IgmpRepr.V3Query q -> false;
            case IgmpRepr.Other o -> false;
        };
        if (message instanceof IgmpRepr.Query || message instanceof IgmpRepr.V3Query
            || message instanceof IgmpRepr.Other) {
            return DataplaneCounter.IGMP_IGNORED;
        }
        if (changed) {
            publish();
        }
        return DataplaneCounter.IGMP_REPORT_ACCEPTED;
    }

    private PortState state(LocalPort port, long now) {
        PortState state = ports.get(port.index());
        if (state == null || !state.port.equals(port)) {
            if (state != null && !state.groups.isEmpty()) {
                // The index now holds another interface: what the old one joined is gone.
                state.groups.clear();
                publish();
            }
            state = new PortState(port, now, timers.robustness());
            ports.put(port.index(), state);
        }
        return state;
    }

    private boolean join(PortState state, int group, long now) {
        if (!isTrackedGroup(group)) {
            return false;
        }
        Long previous = state.groups.put(group, now + timeoutNanos);
        if (previous == null) {
            counters.increment(DataplaneCounter.IGMP_JOINED);
            return true;
        }
        return false;
    }

    private boolean leave(PortState state, int group) {
        if (state.groups.remove(group) != null) {
            counters.increment(DataplaneCounter.IGMP_LEFT);
            return true;
        }
        return false;
    }

    /** Whether {@code group} is a multicast group whose membership is tracked: 224.0.1.0 to 239.255.255.255. */
    static boolean isTrackedGroup(int group) {
        return group >>> 28 == 0xe && group >>> 8 != 0xe0_0000;
    }

    /**
     * Expires memberships, forgets ports that are gone, and sends the general queries that are due to the ports of
     * {@code current} through {@code out}.
     */
    public synchronized void tick(long now, PortTable.Snapshot current, DataplaneSinks out) {
        boolean changed = false;
        for (var it = ports.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            LocalPort present = current.byIndex(entry.getKey());
            if (present == null || !present.equals(entry.getValue().port)) {
                changed |= !entry.getValue().groups.isEmpty();
                it.remove();
            }
        }
        for (LocalPort port : current.ports()) {
            PortState state = ports.computeIfAbsent(port.index(), i -> new PortState(port, now, timers.robustness()));
            for (var it = state.groups.entrySet().iterator(); it.hasNext();) {
                if (now - it.next().getValue() >= 0) {
                    it.remove();
                    counters.increment(DataplaneCounter.IGMP_MEMBERSHIP_EXPIRED);
                    changed = true;
                }
            }
            if (now - state.nextQuery >= 0) {
                sendGeneralQuery(port, out);
                boolean startup = state.startupQueriesLeft > 1;
                state.startupQueriesLeft = Math.max(0, state.startupQueriesLeft - 1);
                state.nextQuery = now + (startup ? timers.startupQueryInterval() : timers.queryInterval()).toNanos();
            }
        }
        if (changed) {
            publish();
        }
    }

    /** Writes a general IGMPv3 query from the port's router to the port. */
    private void sendGeneralQuery(LocalPort port, DataplaneSinks out) {
        frame.wrap(queryBuffer, 0, QUERY_FRAME_LENGTH);
        frame.setDestination(MacAddress.ofIpv4Multicast(IgmpPacket.ALL_SYSTEMS));
        frame.setSource(port.routerMac());
        frame.setOuterEtherType(EtherType.IPV4);
        int ipLength = QUERY_FRAME_LENGTH - EthernetFrame.HEADER_LENGTH;
        ip.wrap(queryBuffer, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH + 4);
        ip.setTos(INTERNETWORK_CONTROL);
        ip.setTotalLength(ipLength);
        ip.setIdentification(0);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        // RFC 3376 section 4: IGMP messages are sent with TTL 1, never beyond the link.
        ip.setTtl(1);
        ip.setProtocol(IpProtocol.IGMP);
        ip.setSource(port.gateway());
        ip.setDestination(IgmpPacket.ALL_SYSTEMS);
        queryBuffer.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
            EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH, ROUTER_ALERT);
        ip.fillHeaderChecksum();
        int igmpOffset = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + 4;
        IgmpRepr.V3Query.general(maxResponseCode, timers.robustness(), queryIntervalCode)
            .emit(igmp.wrap(queryBuffer, igmpOffset, IgmpPacket.V3_QUERY_LENGTH));
        counters.increment(DataplaneCounter.IGMP_QUERY_SENT);
        out.toPort(port.index(), queryBuffer, 0, QUERY_FRAME_LENGTH);
    }

    /**
     * The 8-bit code of a time (RFC 3376 sections 4.1.1 and 4.1.7): the value itself below 128, else a floating point
     * form {@code 1 exp(3) mant(4)} meaning {@code (mant | 0x10) << (exp + 3)}, rounded down.
     */
    static int timeCode(long value) {
        if (value < 128) {
            return (int) Math.max(0, value);
        }
        for (int exp = 0; exp < 8; exp++) {
            long mant = (value >> (exp + 3)) - 0x10;
            if (mant < 0x10) {
                return 0x80 | exp << 4 | (int) mant;
            }
        }
        return 0xff;
    }

    /** The value of an 8-bit time code (RFC 3376 section 4.1.1). */
    static long timeValue(int code) {
        if (code < 128) {
            return code;
        }
        int exp = code >> 4 & 0x07;
        int mant = code & 0x0f;
        return (long) (mant | 0x10) << (exp + 3);
    }

    private void publish() {
        List<Membership> all = new ArrayList<>();
        List<MulticastGroups.LocalMember> members = new ArrayList<>();
        for (PortState state : ports.values()) {
            for (int group : state.groups.keySet()) {
                all.add(new Membership(state.port, group));
                members.add(new MulticastGroups.LocalMember(state.port.overlayId(), group, state.port.index()));
            }
        }
        groups.replaceLocal(members);
        published = List.copyOf(all);
        version++;
    }

    /** {@return a number that grows on each change of the memberships} */
    public long version() {
        return version;
    }

    /** The current memberships of this host's ports. */
    public List<Membership> memberships() {
        return published;
    }

    /** The groups of {@code overlayId} with members here, and the subnets (network addresses) of those members. */
    public Map<Integer, Set<Integer>> groupsOf(int overlayId) {
        Map<Integer, Set<Integer>> out = new TreeMap<>(Integer::compareUnsigned);
        for (Membership m : published) {
            if (m.port().overlayId() == overlayId) {
                out.computeIfAbsent(m.group(), g -> new HashSet<>()).add(m.port().subnetAddress());
            }
        }
        return out;
    }

    /** The timers in use. */
    public Timers timers() {
        return timers;
    }
}
