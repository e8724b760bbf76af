package io.isthmus.controller.peering;

import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.Subnet;
import io.isthmus.controller.metering.UsageRecorder;
import io.isthmus.controller.store.Event;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.Watch;
import io.isthmus.controller.store.WatchCancelledException;
import io.isthmus.controller.store.WatchListener;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.wire.Ipv4Prefix;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps every network's peering view ({@link PeeringComputation}) up to date with the store. It watches the store's
 * change log for what a view depends on: attachments and links (any change), and the networks and subnets of attached
 * networks (blocks, subnets created or deleted). A change recomputes every view from the whole peering state (the
 * attachments, the links, the attached networks and their subnets: a few range reads), coalesced so that a burst of
 * changes costs at most one computation per {@code coalesce} interval (the first change of a quiet period is
 * computed at once). Attachments expire by time, not by a write: a computation is also scheduled at the next expiry
 * time of an active attachment.
 *
 * <p>After each computation, listeners hear of each network whose view differs from the one before (including a
 * network whose last attachment went: its view is then empty), and the usage recorder is told, per attachment, how
 * many propagated routes (peer ranges as the network sees them, one route per range) appeared, changed (another path
 * or another attachment) or went in the attachment's network. Ranges left out for overlapping are logged when they
 * change and counted ({@link #leftOutCount()}).
 *
 * <p>Thread-safe: computations run on the manager's own thread, views are read from any thread.
 */
public final class PeeringManager implements PeeringViews, WatchListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeeringManager.class.getName());
    private static final int PAGE = 500;
    private static final String ATTACHMENTS = "/peering-attachments/";
    private static final String LINKS = "/peering-links/";
    private static final String NETWORKS = "/networks/";
    private static final String SUBNETS = "/subnets/";

    private final Store store;
    private final Clock clock;
    private final long coalesceNanos;
    private final UsageRecorder recorder;
    private final Map<NetworkId, PeeringComputation.Result> views = new ConcurrentHashMap<>();
    private final Map<NetworkId, Long> generations = new ConcurrentHashMap<>();
    private final List<Consumer<NetworkId>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong leftOutCount = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peering-views");
        t.setDaemon(true);
        return t;
    });
    /** The ids of the networks with an active attachment, as of the last computation. */
    private volatile Set<String> attached = Set.of();
    private volatile long version;
    private volatile Watch watch;
    private volatile boolean closed;
    private boolean pending;
    private long lastRunNanos;
    private boolean ran;
    private ScheduledFuture<?> expiry;

    /**
     * A manager on {@code store}; computes the views once before returning, then follows the store.
     *
     * @param clock judges expiry
     * @param coalesce the least time between two computations
     * @param recorder told of the routing updates of each computation ({@link UsageRecorder#NONE}: none)
     */
    public PeeringManager(Store store, Clock clock, Duration coalesce, UsageRecorder recorder) {
        this.store = store;
        this.clock = clock;
        this.coalesceNanos = coalesce.toNanos();
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.watch = store.watch("", store.revision() + 1, this);
        refresh();
    }

    @Override
    public NetworkPeeringInfo view(NetworkId network) {
        PeeringComputation.Result result = views.get(network);
        return result != null ? result.info()
            : NetworkPeeringInfo.newBuilder().setNetworkId(network.value()).setVersion(version).build();
    }

    @Override
    public List<Ipv4Prefix> leftOut(NetworkId network) {
        PeeringComputation.Result result = views.get(network);
        return result == null ? List.of() : result.leftOut();
    }

    @Override
    public long generation(NetworkId network) {
        return generations.getOrDefault(network, 0L);
    }

    @Override
    public AutoCloseable listen(Consumer<NetworkId> changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    /** How many offered ranges the networks cannot see now (overlapping and not translated), over all networks. */
    public long leftOutCount() {
        return leftOutCount.get();
    }

    @Override
    public void onEvent(Event event) {
        if (affectsViews(event.key())) {
            changed();
        }
    }

    /** Whether a change of {@code key} may change a view: an attachment, a link, an attached network or its subnets. */
    private boolean affectsViews(String key) {
        if (key.startsWith(ATTACHMENTS) || key.startsWith(LINKS)) {
            return true;
        }
        String network;
        if (key.startsWith(NETWORKS)) {
            network = key.substring(key.lastIndexOf('/') + 1);
        } else if (key.startsWith(SUBNETS) && key.indexOf('/', SUBNETS.length()) > 0) {
            network = key.substring(SUBNETS.length(), key.indexOf('/', SUBNETS.length()));
        } else {
            return false;
        }
        return attached.contains(network);
    }

    @Override
    public void onCancelled(WatchCancelledException reason) {
        if (closed || reason.reason() == WatchCancelledException.Reason.STORE_CLOSED) {
            return;
        }
        // Fell behind: watch again from now and recompute, which covers whatever was missed.
        try {
            watch = store.watch("", store.revision() + 1, this);
            changed();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "peering views cannot watch the store again", e);
        }
    }

    /** Computes now, or at the end of the coalescing interval. */
    private void changed() {
        long delay;
        synchronized (this) {
            if (pending || closed) {
                return;
            }
            pending = true;
            delay = ran ? Math.max(0, lastRunNanos + coalesceNanos - System.nanoTime()) : 0;
        }
        schedule(this::run, delay);
    }

    private void run() {
        synchronized (this) {
            pending = false;
            ran = true;
            lastRunNanos = System.nanoTime();
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "peering views computation failed; retried at the next change", e);
        }
    }

    /** Reads the state, computes every view, keeps those that changed and tells the listeners. */
    private void refresh() {
        List<NetworkId> changed = new ArrayList<>();
        synchronized (views) {
            PeeringState state = read();
            Map<NetworkId, PeeringComputation.Result> results = PeeringComputation.computeAll(state);
            Set<NetworkId> all = new HashSet<>(views.keySet());
            all.addAll(results.keySet());
            long leftOut = 0;
            for (NetworkId network : all) {
                PeeringComputation.Result before = views.get(network);
                PeeringComputation.Result after = results.get(network);
                if (after != null) {
                    leftOut += after.leftOut().size();
                }
                if (same(before, after)) {
                    continue;
                }
                meter(before, after);
                if (after != null && !after.leftOut().isEmpty()
                    && (before == null || !before.leftOut().equals(after.leftOut()))) {
                    LOG.log(Level.INFO, () -> "event=peering-ranges-left-out network=" + network.value()
                        + " ranges=" + after.leftOut() + " reason=overlap");
                }
                if (after == null) {
                    views.remove(network);
                } else {
                    views.put(network, after);
                }
                generations.merge(network, 1L, Long::sum);
                changed.add(network);
            }
            version = state.version();
            leftOutCount.set(leftOut);
            attached = state.networks().keySet().stream().map(NetworkId::value)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
            scheduleExpiry(state);
        }
        for (NetworkId network : changed) {
            for (Consumer<NetworkId> listener : listeners) {
                try {
                    listener.accept(network);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "peering views listener failed", e);
                }
            }
        }
    }

    /** Whether two results show the same view (the version aside: a new revision alone changes nothing). */
    private static boolean same(PeeringComputation.Result a, PeeringComputation.Result b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.leftOut().equals(b.leftOut()) && a.info().toBuilder().clearVersion().build()
            .equals(b.info().toBuilder().clearVersion().build());
    }

    /** Tells the recorder how many propagated routes appeared, changed or went, per attachment. */
    private void meter(PeeringComputation.Result before, PeeringComputation.Result after) {
        Map<String, PeerRangeInfo> old = routes(before);
        Map<String, PeerRangeInfo> now = routes(after);
        Map<String, Long> counts = new TreeMap<>();
        now.forEach((prefix, range) -> {
            PeerRangeInfo was = old.get(prefix);
            if (was == null || !was.getRouterIdsList().equals(range.getRouterIdsList())
                || !was.getLocalAttachmentId().equals(range.getLocalAttachmentId())
                || !was.getPeerAttachmentId().equals(range.getPeerAttachmentId())) {
                counts.merge(range.getLocalAttachmentId(), 1L, Long::sum);
            }
        });
        old.forEach((prefix, range) -> {
            if (!now.containsKey(prefix)) {
                counts.merge(range.getLocalAttachmentId(), 1L, Long::sum);
            }
        });
        counts.forEach((attachment, count) -> {
            try {
                recorder.routingUpdates(new PeeringAttachmentId(attachment), count);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "usage recorder failed", e);
            }
        });
    }

    private static Map<String, PeerRangeInfo> routes(PeeringComputation.Result result) {
        Map<String, PeerRangeInfo> out = new HashMap<>();
        if (result != null) {
            result.info().getPeersList().forEach(r -> out.put(r.getPrefix() + "/" + r.getLength(), r));
        }
        return out;
    }

    /** Schedules a computation just after the next expiry of an active attachment. */
    private void scheduleExpiry(PeeringState state) {
        Instant next = null;
        for (PeeringAttachment a : state.attachments()) {
            PeeringAttachment now = a.at(state.now());
            if (now.state() == PeeringAttachmentState.ACTIVE && now.expiresAt() != null
                && (next == null || now.expiresAt().isBefore(next))) {
                next = now.expiresAt();
            }
        }
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (next != null) {
            long delay = Math.max(0, Duration.between(clock.instant(), next).toNanos()) + 1_000_000;
            expiry = schedule(this::changed, delay);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // closing
        }
    }

    /** The peering state as it is now: attachments, links, and the networks and subnets of the active ones. */
    private PeeringState read() {
        long revision = store.revision();
        Instant now = clock.instant();
        List<PeeringAttachment> attachments = new ArrayList<>();
        forEach(ATTACHMENTS, kv -> attachments.add(ResourceCodec.decode(kv.value(), PeeringAttachment.class,
            kv.modRevision())));
        List<PeeringLink> links = new ArrayList<>();
        forEach(LINKS, kv -> links.add(ResourceCodec.decode(kv.value(), PeeringLink.class, kv.modRevision())));
        Map<NetworkId, Network> networks = new HashMap<>();
        Map<NetworkId, List<Subnet>> subnets = new HashMap<>();
        for (PeeringAttachment a : attachments) {
            if (a.at(now).state() != PeeringAttachmentState.ACTIVE || networks.containsKey(a.networkId())) {
                continue;
            }
            store.get(Keys.network(a.networkTenantId(), a.networkId())).ifPresent(kv -> {
                networks.put(a.networkId(), ResourceCodec.decode(kv.value(), Network.class, kv.modRevision()));
                List<Subnet> list = new ArrayList<>();
                forEach(Keys.subnets(a.networkId()), s -> list.add(ResourceCodec.decode(s.value(), Subnet.class,
                    s.modRevision())));
                subnets.put(a.networkId(), list);
            });
        }
        return new PeeringState(attachments, links, networks, subnets, now, revision);
    }

    private void forEach(String prefix, Consumer<KeyValue> action) {
        String after = null;
        RangePage page;
        do {
            page = store.range(prefix, after, PAGE);
            page.kvs().forEach(action);
            after = page.lastKey().orElse(null);
        } while (page.more());
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        timer.shutdownNow();
    }
}
