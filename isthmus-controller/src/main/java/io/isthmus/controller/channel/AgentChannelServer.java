package io.isthmus.controller.channel;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.isthmus.api.resource.HostId;
import io.isthmus.controller.metering.MeteringService;
import io.isthmus.controller.peering.PeeringManager;
import io.isthmus.controller.routing.LearnedRoutes;
import io.isthmus.controller.routing.RoutingManager;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.store.Store;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agent channel's gRPC server (HTTP/2, plaintext: run it on a trusted network or behind a TLS terminator until
 * the channel gets TLS of its own), with {@link AgentAuthInterceptor} in front of the {@code AgentChannel} service.
 * It listens on its own address, apart from the REST API.
 */
public final class AgentChannelServer implements AutoCloseable {
    /** How long agents may cache a resolution by default. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);

    /** How long a host's multicast memberships outlive its last update stream (an agent restarting or gone). */
    public static final Duration MEMBERSHIP_GRACE = Duration.ofSeconds(60);

    /**
     * How often at most a network's route tables are recomputed for learned routes (a flood of routing reports costs
     * five recomputations a second).
     */
    public static final Duration ROUTING_COALESCE = Duration.ofMillis(200);

    /** How often at most the peering views are recomputed (a burst of peering changes costs five a second). */
    public static final Duration PEERING_COALESCE = Duration.ofMillis(200);

    private final Server server;
    private final AgentChannelService service;
    private final GroupMemberships memberships;
    private final LearnedRoutes learned;
    private final RoutingService routing;
    private final PeeringManager peering;

    private AgentChannelServer(Server server, AgentChannelService service, GroupMemberships memberships,
                               LearnedRoutes learned, RoutingService routing, PeeringManager peering) {
        this.server = server;
        this.service = service;
        this.memberships = memberships;
        this.learned = learned;
        this.routing = routing;
        this.peering = peering;
    }

    /** The peering views the channel pushes (each network's, for the API). */
    public PeeringManager peering() {
        return peering;
    }

    /** The routing manager the channel pushes route tables from (its reported sessions, for the API). */
    public RoutingService routing() {
        return routing;
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one).
     *
     * @param store the controller's store
     * @param credentials verifies the agents' host tokens
     * @param addressing the overlay layout agents are told and resolutions use
     * @param expiry how long agents may cache a resolution
     * @throws IOException if the address cannot be bound
     */
    public static AgentChannelServer start(InetSocketAddress address, Store store, AgentCredentials credentials,
                                           OverlayAddressing addressing, Duration expiry) throws IOException {
        return start(address, store, credentials, addressing, expiry, new MeteringService(store, Clock.systemUTC()));
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one), taking the agents' usage reports into
     * {@code metering}, which is also told of the routing updates peering propagates.
     *
     * @throws IOException if the address cannot be bound
     */
    public static AgentChannelServer start(InetSocketAddress address, Store store, AgentCredentials credentials,
                                           OverlayAddressing addressing, Duration expiry, MeteringService metering)
        throws IOException {
        GroupMemberships memberships = new GroupMemberships(MEMBERSHIP_GRACE);
        LearnedRoutes learned = new LearnedRoutes(ROUTING_COALESCE);
        memberships.onHostGone(learned::dropHost);
        PeeringManager peering = new PeeringManager(store, Clock.systemUTC(), PEERING_COALESCE, metering.ledger());
        try {
            RoutingManager routing = new RoutingManager(store, learned, peering);
            AgentChannelService service = new AgentChannelService(store,
                new Resolver(store, addressing, expiry, peering), addressing, Clock.systemUTC(), memberships,
                routing, learned, peering, metering);
            Server server = NettyServerBuilder.forAddress(address)
                .addService(ServerInterceptors.intercept(service, new AgentAuthInterceptor(credentials)))
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
            return new AgentChannelServer(server, service, memberships, learned, routing, peering);
        } catch (IOException | RuntimeException e) {
            peering.close();
            memberships.close();
            learned.close();
            throw e;
        }
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().getFirst();
    }

    /** {@return the last counter report of {@code host}, if it reported since the controller started} */
    public Optional<HostCounters> counters(HostId host) {
        return service.counters(host);
    }

    /** {@return how many usage reports of the agents the controller took since it started} */
    public long usageReports() {
        return service.usageReports();
    }

    /** {@return how many pairs of the agents' usage reports the controller refused since it started} */
    public long refusedUsagePairs() {
        return service.refusedUsagePairs();
    }

    /** {@return how many hosts have their agent connected now (an update stream open)} */
    public int connectedAgents() {
        return memberships.connectedHosts();
    }

    /** {@return the last counter report of every host that reported since the controller started} */
    public Map<HostId, HostCounters> counters() {
        return service.counters();
    }

    /** Stops accepting calls, ends the open ones (update streams) and waits up to 5 s for them. */
    @Override
    public void close() {
        server.shutdownNow();
        memberships.close();
        learned.close();
        peering.close();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
