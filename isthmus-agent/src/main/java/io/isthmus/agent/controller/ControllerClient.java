package io.isthmus.agent.controller;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.AgentChannelGrpc;
import io.isthmus.api.channel.v1.CounterReport;
import io.isthmus.api.channel.v1.MembershipReport;
import io.isthmus.api.channel.v1.RegisterRequest;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.RoutingReport;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.channel.v1.UsageReport;
import io.isthmus.api.channel.v1.WatchRequest;
import io.isthmus.wire.Ipv6Prefix;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's connection to the controller's agent channel (gRPC over HTTP/2, one connection multiplexing every
 * call). Unary calls are blocking with a deadline and throw {@link StatusRuntimeException} on failure (the caller
 * keeps forwarding on its cache and asks again later). The update stream reconnects by itself: after any failure it
 * waits (100 ms doubling to 5 s) and watches again from the last version it delivered, so the listener sees every
 * update once, in version order, across reconnects (a snapshot comes only when the controller no longer has the
 * missed updates). Each of those retries also cuts the connection's own reconnect backoff short, so after an outage
 * of any length every call works again within 5 s of the controller's return. Thread-safe.
 */
public final class ControllerClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControllerClient.class.getName());
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ManagedChannel channel;
    private final AgentChannelGrpc.AgentChannelBlockingStub blocking;
    private final AgentChannelGrpc.AgentChannelStub async;
    private final Duration deadline;
    private final ScheduledExecutorService retries;

    private ControllerClient(ManagedChannel channel, Duration deadline) {
        this.channel = channel;
        this.blocking = AgentChannelGrpc.newBlockingStub(channel);
        this.async = AgentChannelGrpc.newStub(channel);
        this.deadline = deadline;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-client-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects (lazily: the first call opens the connection, and it is re-opened after a failure) to the agent
     * channel at {@code endpoint} with the host's {@code token}, with a 5 s deadline on unary calls.
     */
    public static ControllerClient connect(InetSocketAddress endpoint, String token) {
        return connect(endpoint, token, Duration.ofSeconds(5));
    }

    /**
     * Connects to the agent channel at {@code endpoint} with the host's {@code token}.
     *
     * @param deadline the deadline of each unary call
     */
    public static ControllerClient connect(InetSocketAddress endpoint, String token, Duration deadline) {
        Objects.requireNonNull(token, "token");
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint)
            .usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
            .keepAliveTime(30, TimeUnit.SECONDS)
            .build();
        return new ControllerClient(channel, deadline);
    }

    /**
     * Registers the agent of {@code hostId}, which owns {@code substratePrefix}.
     *
     * @return the overlay layout the controller uses
     * @throws StatusRuntimeException {@code FAILED_PRECONDITION} when the prefix is not the host's,
     *     {@code PERMISSION_DENIED} when the token is another host's, {@code UNAUTHENTICATED} for a bad token
     */
    public Registration register(String hostId, Ipv6Prefix substratePrefix, String agentVersion) {
        return stub().register(RegisterRequest.newBuilder().setHostId(hostId)
            .setSubstratePrefix(ChannelCodec.prefix(substratePrefix)).setAgentVersion(agentVersion).build());
    }

    /**
     * Resolves {@code destinationIpv4} in the source node's network.
     *
     * @return the answer, allowed or refused with its reason
     */
    public Resolution resolve(String sourceNodeId, String sourceInterfaceId, int destinationIpv4) {
        return resolve(ResolveRequest.newBuilder().setSourceNodeId(sourceNodeId)
            .setSourceInterfaceId(sourceInterfaceId).setDestinationIpv4(destinationIpv4).build());
    }

    /** Resolves a request as built by the caller (e.g. with a destination overlay id). */
    public Resolution resolve(ResolveRequest request) {
        return stub().resolve(request);
    }

    /**
     * Reports the agent's counters; the controller keeps the last report.
     *
     * @return when the controller received it
     */
    public Instant reportCounters(Map<String, Long> counters) {
        return Instant.ofEpochMilli(stub().reportCounters(CounterReport.newBuilder().putAllCounters(counters).build())
            .getReceivedAtMs());
    }

    /**
     * Tells the controller the full set of multicast groups with members on this host in one network (it replaces the
     * previous report for that network).
     *
     * @throws StatusRuntimeException {@code PERMISSION_DENIED} when the network has no node on this host
     */
    public void reportMemberships(MembershipReport report) {
        stub().reportMemberships(report);
    }

    /**
     * Tells the controller the full state of this host's routing sessions and the routes they learned (it replaces the
     * previous report): sent on every change.
     *
     * @return how many learned routes the controller refused (outside a participant's policy, beyond its maximum)
     * @throws StatusRuntimeException {@code INVALID_ARGUMENT} for a malformed report
     */
    public int reportRouting(RoutingReport report) {
        return stub().reportRouting(report).getRefused();
    }

    /**
     * Tells the controller the traffic this host's nodes sent between peered networks, cumulative since the agent
     * started (the report's boot id): the controller adds the growth since its previous report to the usage records.
     *
     * @return how many pairs the controller refused (an attachment unknown, or not of a network with a node here)
     */
    public int reportUsage(UsageReport report) {
        return stub().reportUsage(report).getRefused();
    }

    /**
     * Follows the update stream from {@code fromVersion} (0: a snapshot first), reconnecting until the subscription
     * or the client is closed.
     *
     * @param listener receives the updates, one at a time, in version order, on a gRPC thread
     * @return the subscription
     */
    public Subscription watch(long fromVersion, Consumer<Update> listener) {
        Subscription subscription = new Subscription(fromVersion, listener);
        subscription.open();
        return subscription;
    }

    /** Cancels the streams and closes the connection. */
    @Override
    public void close() {
        retries.shutdownNow();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AgentChannelGrpc.AgentChannelBlockingStub stub() {
        return blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A followed update stream; {@link #close()} stops it. */
    public final class Subscription implements AutoCloseable {
        private final Consumer<Update> listener;
        private volatile long lastVersion;
        private volatile boolean closed;
        private volatile ClientCallStreamObserver<WatchRequest> call;
        private volatile int reconnects;
        private long backoffMs = MIN_BACKOFF_MS;

        private Subscription(long fromVersion, Consumer<Update> listener) {
            this.lastVersion = fromVersion;
            this.listener = listener;
        }

        /** {@return the version of the last update delivered (the resume point)} */
        public long lastVersion() {
            return lastVersion;
        }

        /** {@return how many times the stream was re-opened after a failure} */
        public int reconnects() {
            return reconnects;
        }

        private void open() {
            if (closed) {
                return;
            }
            async.watch(WatchRequest.newBuilder().setFromVersion(lastVersion).build(),
                new ClientResponseObserver<WatchRequest, Update>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(Update update) {
                        backoffMs = MIN_BACKOFF_MS;
                        lastVersion = Math.max(lastVersion, update.getVersion());
                        try {
                            listener.accept(update);
                        } catch (RuntimeException e) {
                            LOG.log(Level.ERROR, "update listener failed on version " + update.getVersion(), e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        retry(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        retry(Status.UNAVAILABLE.withDescription("the controller ended the stream"));
                    }
                });
        }

        private void retry(Status status) {
            if (closed) {
                return;
            }
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.log(Level.INFO, () -> "event=watch-reconnect status=" + status.getCode() + " fromVersion="
                + lastVersion + " delayMs=" + delay);
            try {
                retries.schedule(() -> {
                    reconnects++;
                    // The connection's own reconnect backoff grows to minutes during a long outage and would keep
                    // failing calls fast after the controller is back: this retry's backoff governs instead.
                    channel.resetConnectBackoff();
                    open();
                }, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the client is closing
            }
        }

        /** Stops following the stream. */
        @Override
        public void close() {
            closed = true;
            ClientCallStreamObserver<WatchRequest> c = call;
            if (c != null) {
                c.cancel("subscription closed", null);
            }
        }
    }
}
