package io.isthmus.controller.channel;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.SubnetRoutingCodec;
import io.isthmus.api.channel.v1.AgentChannelGrpc;
import io.isthmus.api.channel.v1.CounterAck;
import io.isthmus.api.channel.v1.CounterReport;
import io.isthmus.api.channel.v1.GroupMembership;
import io.isthmus.api.channel.v1.LearnedRoute;
import io.isthmus.api.channel.v1.MembershipAck;
import io.isthmus.api.channel.v1.MembershipReport;
import io.isthmus.api.channel.v1.RegisterRequest;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.RoutingAck;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.RoutingSessionReport;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.channel.v1.AttachmentTraffic;
import io.isthmus.api.channel.v1.UsageAck;
import io.isthmus.api.channel.v1.UsageReport;
import io.isthmus.api.channel.v1.WatchRequest;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.controller.metering.MeteringService;
import io.isthmus.controller.metering.TrafficGrowth;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.routing.LearnedRoutes;
import io.isthmus.controller.routing.ParticipantFilter;
import io.isthmus.controller.routing.ReportedSession;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.StoreException;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code AgentChannel} service: every method acts for the host {@link AgentAuthInterceptor} authenticated.
 * Store failures answer {@code UNAVAILABLE} (the agent retries and keeps forwarding on its cache meanwhile).
 */
final class AgentChannelService extends AgentChannelGrpc.AgentChannelImplBase {
    private static final System.Logger LOG = System.getLogger(AgentChannelService.class.getName());
    /** The pairs a usage report has at most: as many as an agent meters ({@code TrafficMeters.CAPACITY}). */
    static final int MAX_USAGE_PAIRS = 4096;

    private final Store store;
    private final Resolver resolver;
    private final OverlayAddressing addressing;
    private final Clock clock;
    private final Map<HostId, HostCounters> counters = new ConcurrentHashMap<>();
    private final GroupMemberships memberships;
    private final RoutingService routing;
    private final LearnedRoutes learned;
    private final PeeringViews peering;
    private final MeteringService metering;
    private final AtomicLong usageReports = new AtomicLong();
    private final AtomicLong refusedUsagePairs = new AtomicLong();

    AgentChannelService(Store store, Resolver resolver, OverlayAddressing addressing, Clock clock,
                        GroupMemberships memberships, RoutingService routing, LearnedRoutes learned,
                        PeeringViews peering, MeteringService metering) {
        this.learned = learned;
        this.peering = peering;
        this.metering = metering;
        this.store = store;
        this.resolver = resolver;
        this.addressing = addressing;
        this.clock = clock;
        this.memberships = memberships;
        this.routing = routing;
    }

    Optional<HostCounters> counters(HostId host) {
        return Optional.ofNullable(counters.get(host));
    }

    Map<HostId, HostCounters> counters() {
        return Map.copyOf(counters);
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<Registration> out) {
        HostId caller = AgentAuthInterceptor.HOST.get();
        if (!caller.value().equals(request.getHostId())) {
            out.onError(Status.PERMISSION_DENIED.withDescription("the token is for host " + caller.value()
                + ", not " + request.getHostId()).asRuntimeException());
            return;
        }
        Ipv6Prefix prefix;
        try {
            prefix = ChannelCodec.prefix(request.getSubstratePrefix());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("substrate_prefix: " + e.getMessage())
                .asRuntimeException());
            return;
        }
        try {
            long version = store.revision();
            Optional<Host> host = store.get(Keys.host(caller))
                .map(kv -> ResourceCodec.decode(kv.value(), Host.class, kv.modRevision()));
            if (host.isEmpty()) {
                out.onError(Status.NOT_FOUND.withDescription("host " + caller.value()
                    + " is not registered; the operator registers it first").asRuntimeException());
                return;
            }
            if (!host.get().substratePrefix().equals(prefix)) {
                out.onError(Status.FAILED_PRECONDITION.withDescription("host " + caller.value() + " owns "
                    + host.get().substratePrefix() + ", not " + prefix).asRuntimeException());
                return;
            }
            // A registering agent starts from nothing: what it reported before is stale, it reports again.
            memberships.dropHost(caller);
            learned.dropHost(caller);
            LOG.log(Level.INFO, () -> "event=agent-registered host=" + caller.value() + " prefix=" + prefix
                + " agentVersion=" + request.getAgentVersion());
            out.onNext(Registration.newBuilder().setHostId(caller.value())
                .setOverlayPrefixLength(addressing.agentPrefixLength()).setNetworkIdBits(addressing.networkIdBits())
                .setVersion(version).build());
            out.onCompleted();
        } catch (StoreException e) {
            out.onError(unavailable(e));
        }
    }

    @Override
    public void resolve(ResolveRequest request, StreamObserver<Resolution> out) {
        Resolution answer;
        try {
            answer = resolver.resolve(AgentAuthInterceptor.HOST.get(), request);
        } catch (StoreException e) {
            out.onError(unavailable(e));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<Update> out) {
        try {
            UpdateStream.start(store, memberships, routing, peering, AgentAuthInterceptor.HOST.get(),
                request.getFromVersion(), (ServerCallStreamObserver<Update>) out);
        } catch (StoreException e) {
            out.onError(unavailable(e));
        }
    }

    @Override
    public void reportCounters(CounterReport request, StreamObserver<CounterAck> out) {
        HostId caller = AgentAuthInterceptor.HOST.get();
        var received = clock.instant();
        counters.put(caller, new HostCounters(caller, received, new HashMap<>(request.getCountersMap())));
        out.onNext(CounterAck.newBuilder().setReceivedAtMs(received.toEpochMilli()).build());
        out.onCompleted();
    }

    @Override
    public void reportMemberships(MembershipReport request, StreamObserver<MembershipAck> out) {
        HostId caller = AgentAuthInterceptor.HOST.get();
        NetworkId network;
        Map<Integer, Set<String>> groups = new HashMap<>();
        try {
            network = new NetworkId(request.getNetworkId());
            for (GroupMembership membership : request.getGroupsList()) {
                if (membership.getGroup() >>> 28 != 0xe) {
                    throw new IllegalArgumentException(Ipv4Address.format(membership.getGroup())
                        + " is not a multicast group");
                }
                groups.computeIfAbsent(membership.getGroup(), g -> new HashSet<>())
                    .addAll(membership.getSubnetIdsList());
            }
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        try {
            boolean hosted = hostsNodeOf(caller, network);
            Optional<Host> host = store.get(Keys.host(caller))
                .map(kv -> ResourceCodec.decode(kv.value(), Host.class, kv.modRevision()));
            if (!hosted || host.isEmpty()) {
                out.onError(Status.PERMISSION_DENIED.withDescription("network " + network.value()
                    + " has no node on host " + caller.value()).asRuntimeException());
                return;
            }
            if (memberships.report(caller, host.get().substratePrefix(), network, groups)) {
                LOG.log(Level.INFO, () -> "event=memberships-reported host=" + caller.value() + " network="
                    + network.value() + " groups=" + groups.size());
            }
        } catch (StoreException e) {
            out.onError(unavailable(e));
            return;
        }
        out.onNext(MembershipAck.getDefaultInstance());
        out.onCompleted();
    }

    /**
     * Takes the full state of the caller's routing sessions. Each session must name a subnet with routing, a
     * participant of it over an enabled protocol, and a node placed on the calling host (an agent speaks only for its
     * own nodes); other sessions are ignored. Learned routes are filtered again by the participant's policy; what is
     * refused (malformed, not allowed, beyond the maximum) is counted in the answer.
     */
    @Override
    public void reportRouting(RoutingReport request, StreamObserver<RoutingAck> out) {
        HostId caller = AgentAuthInterceptor.HOST.get();
        List<ReportedSession> sessions = new ArrayList<>(request.getSessionsCount());
        int refused = 0;
        int ignored = 0;
        try {
            Map<SubnetId, Optional<Subnet>> subnets = new HashMap<>();
            Map<NodeId, Optional<Node>> nodes = new HashMap<>();
            for (RoutingSessionReport report : request.getSessionsList()) {
                Optional<RoutingProtocol> protocol = SubnetRoutingCodec.protocol(report.getProtocol());
                SubnetId subnetId;
                NodeId nodeId;
                try {
                    subnetId = new SubnetId(report.getSubnetId());
                    nodeId = new NodeId(report.getNodeId());
                } catch (IllegalArgumentException e) {
                    out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                    return;
                }
                if (protocol.isEmpty()) {
                    out.onError(Status.INVALID_ARGUMENT.withDescription("session of node " + nodeId.value()
                        + " in subnet " + subnetId.value() + " names no protocol").asRuntimeException());
                    return;
                }
                Optional<Subnet> subnet = subnets.computeIfAbsent(subnetId, this::readSubnet);
                Optional<Node> node = subnet.flatMap(s -> nodes.computeIfAbsent(nodeId, id ->
                    store.get(Keys.node(s.networkId(), id))
                        .map(kv -> ResourceCodec.decode(kv.value(), Node.class, kv.modRevision()))));
                Optional<RoutingParticipant> participant = subnet.flatMap(s ->
                    ParticipantFilter.participant(s.routing(), nodeId, protocol.get()));
                if (node.isEmpty() || !node.get().hostId().equals(caller) || participant.isEmpty()) {
                    ignored++;
                    refused += report.getLearnedCount();
                    continue;
                }
                List<Route> routes = new ArrayList<>(report.getLearnedCount());
                for (LearnedRoute route : report.getLearnedList()) {
                    try {
                        routes.add(new Route(new Ipv4Prefix(route.getPrefix(), route.getLength()), route.getMetric(),
                            report.getInterfaceAddress()));
                    } catch (IllegalArgumentException e) {
                        refused++;
                    }
                }
                List<Route> accepted = ParticipantFilter.accept(participant.get(), routes);
                refused += routes.size() - accepted.size();
                sessions.add(new ReportedSession(caller, subnet.get().networkId(), subnetId, nodeId,
                    new SessionStatus(protocol.get(), report.getInterfaceAddress(), report.getState(), report.getUp(),
                        report.getUpSinceMillis(), report.getReceived(), report.getAccepted(), report.getAnnounced(),
                        report.getFiltered(), report.getOverLimit(), report.getRateLimited(), report.getMessagesIn(),
                        report.getMessagesOut(), report.getLastError()),
                    accepted));
            }
        } catch (StoreException e) {
            out.onError(unavailable(e));
            return;
        }
        if (learned.report(caller, sessions)) {
            int taken = sessions.size();
            int skipped = ignored;
            LOG.log(Level.INFO, () -> "event=routing-reported host=" + caller.value() + " sessions=" + taken
                + " ignored=" + skipped);
        }
        out.onNext(RoutingAck.newBuilder().setRefused(refused).build());
        out.onCompleted();
    }

    /**
     * Takes a usage report: each pair must name two known attachments (live, or detached since) and the
     * from-attachment's network must have a node on the calling host (an agent meters only what its nodes send);
     * other pairs are refused and counted in the answer. The growth of the taken pairs since the host's previous
     * report is added to the usage records ({@link io.isthmus.controller.metering.UsageLedger}) before the answer,
     * so an acknowledged report is never lost.
     */
    @Override
    public void reportUsage(UsageReport request, StreamObserver<UsageAck> out) {
        HostId caller = AgentAuthInterceptor.HOST.get();
        if (request.getBootId().isEmpty()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("boot_id is required").asRuntimeException());
            return;
        }
        if (request.getTrafficCount() > MAX_USAGE_PAIRS) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("a usage report has at most " + MAX_USAGE_PAIRS
                + " pairs, not " + request.getTrafficCount()).asRuntimeException());
            return;
        }
        Map<TrafficGrowth.Pair, TrafficGrowth.Counts> reported = new LinkedHashMap<>();
        Set<TrafficGrowth.Pair> refused = new HashSet<>();
        int malformed = 0;
        try {
            Map<String, Optional<PeeringAttachment>> attachments = new HashMap<>();
            Map<NetworkId, Boolean> hosted = new HashMap<>();
            for (AttachmentTraffic traffic : request.getTrafficList()) {
                TrafficGrowth.Pair pair = new TrafficGrowth.Pair(traffic.getFromAttachmentId(),
                    traffic.getToAttachmentId());
                // Counts beyond 2^63 (no agent counts that far) and repeated pairs are refused, not guessed at.
                if (traffic.getPackets() < 0 || traffic.getBytes() < 0 || reported.containsKey(pair)) {
                    malformed++;
                    continue;
                }
                reported.put(pair, new TrafficGrowth.Counts(traffic.getPackets(), traffic.getBytes()));
                Optional<PeeringAttachment> from = attachments.computeIfAbsent(pair.fromAttachmentId(),
                    this::knownAttachment);
                Optional<PeeringAttachment> to = attachments.computeIfAbsent(pair.toAttachmentId(),
                    this::knownAttachment);
                if (from.isEmpty() || to.isEmpty()
                    || !hosted.computeIfAbsent(from.get().networkId(), n -> hostsNodeOf(caller, n))) {
                    refused.add(pair);
                }
            }
            metering.ledger().report(caller, request.getBootId(), reported, refused);
        } catch (StoreException e) {
            out.onError(unavailable(e));
            return;
        }
        int refusedPairs = malformed + refused.size();
        usageReports.incrementAndGet();
        refusedUsagePairs.addAndGet(refusedPairs);
        if (refusedPairs > 0) {
            LOG.log(Level.INFO, () -> "event=usage-pairs-refused host=" + caller.value() + " pairs=" + refusedPairs);
        }
        out.onNext(UsageAck.newBuilder().setRefused(refusedPairs).build());
        out.onCompleted();
    }

    /** The attachment an agent names, if the id is well-formed and the attachment exists or existed. */
    private Optional<PeeringAttachment> knownAttachment(String id) {
        try {
            return metering.attachment(new PeeringAttachmentId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@return how many usage reports the agents made that the controller took} */
    long usageReports() {
        return usageReports.get();
    }

    /** {@return how many pairs of usage reports the controller refused} */
    long refusedUsagePairs() {
        return refusedUsagePairs.get();
    }

    private Optional<Subnet> readSubnet(SubnetId id) {
        return store.get(Keys.subnetIndex(id)).map(kv -> new NetworkId(kv.valueUtf8()))
            .flatMap(network -> store.get(Keys.subnet(network, id)))
            .map(kv -> ResourceCodec.decode(kv.value(), Subnet.class, kv.modRevision()));
    }

    /** Whether a node of {@code network} is placed on {@code host} (its {@code /host-nodes/} index). */
    private boolean hostsNodeOf(HostId host, NetworkId network) {
        String after = null;
        RangePage page;
        do {
            page = store.range(Keys.hostNodes(host), after, 500);
            if (page.kvs().stream().anyMatch(kv -> kv.valueUtf8().equals(network.value()))) {
                return true;
            }
            after = page.lastKey().orElse(null);
        } while (page.more());
        return false;
    }

    private static RuntimeException unavailable(StoreException e) {
        LOG.log(Level.WARNING, "store failure on the agent channel", e);
        return Status.UNAVAILABLE.withDescription("the controller's store failed: " + e.getMessage())
            .asRuntimeException();
    }
}
