package io.isthmus.controller.routing;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The routing sessions and learned routes the hosts' agents report, held in memory: learned routes are soft state the
 * agents re-send whole on every change and periodically, so a restarted controller learns them again instead of
 * persisting them. A host's report replaces its previous one; {@link #dropHost} forgets a host (its agent registered
 * again, or has been gone past a grace period), which withdraws every route it learned.
 *
 * <p>Changes are coalesced per network: listeners hear of a network whose sessions changed at most once per
 * {@code coalesce} interval (the first change of a quiet network is told at once), so a flood of reports costs a
 * few recomputations of the network's route tables a second, whatever its rate. {@link #generation} counts what
 * listeners were told, so that a cached computation knows when it is stale. Thread-safe.
 */
public final class LearnedRoutes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LearnedRoutes.class.getName());

    private final long coalesceNanos;
    private final Map<HostId, List<ReportedSession>> byHost = new HashMap<>();
    private final Map<NetworkId, Long> generations = new HashMap<>();
    /** Networks changed since they were last told, with the earliest time they may be told again. */
    private final Set<NetworkId> pending = new HashSet<>();
    private final Map<NetworkId, Long> lastToldNanos = new HashMap<>();
    private final List<Consumer<NetworkId>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "learned-routes");
        t.setDaemon(true);
        return t;
    });

    /** Held routes, telling listeners of each network at most once per {@code coalesce}. */
    public LearnedRoutes(Duration coalesce) {
        this.coalesceNanos = coalesce.toNanos();
    }

    /** Registers a listener told of each network whose sessions changed (on the timer's thread, no lock held). */
    public AutoCloseable listen(Consumer<NetworkId> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Replaces everything {@code host} reported with {@code sessions}.
     *
     * @return whether anything changed
     */
    public boolean report(HostId host, List<ReportedSession> sessions) {
        List<ReportedSession> copy = List.copyOf(sessions);
        Set<NetworkId> changed = new HashSet<>();
        synchronized (this) {
            List<ReportedSession> previous = copy.isEmpty() ? byHost.remove(host) : byHost.put(host, copy);
            if (copy.equals(previous == null ? List.of() : previous)) {
                return false;
            }
            networksOf(previous, changed);
            networksOf(copy, changed);
        }
        changed.forEach(this::changed);
        return true;
    }

    /** Forgets every session of {@code host}: the routes it learned are withdrawn. */
    public void dropHost(HostId host) {
        Set<NetworkId> changed = new HashSet<>();
        synchronized (this) {
            networksOf(byHost.remove(host), changed);
        }
        if (!changed.isEmpty()) {
            LOG.log(Level.INFO, () -> "event=routing-sessions-dropped host=" + host.value() + " networks="
                + changed.size());
        }
        changed.forEach(this::changed);
    }

    /** The sessions of {@code network}, by subnet, node and protocol. */
    public synchronized List<ReportedSession> sessions(NetworkId network) {
        List<ReportedSession> out = new ArrayList<>();
        byHost.values().forEach(list -> list.stream().filter(s -> s.network().equals(network)).forEach(out::add));
        out.sort(ORDER);
        return out;
    }

    /** Every session reported, by network, subnet, node and protocol. */
    public synchronized List<ReportedSession> sessions() {
        List<ReportedSession> out = new ArrayList<>();
        byHost.values().forEach(out::addAll);
        out.sort(Comparator.comparing((ReportedSession s) -> s.network().value()).thenComparing(ORDER));
        return out;
    }

    /** How many times listeners were told of {@code network} (a cached computation of an older one is stale). */
    public synchronized long generation(NetworkId network) {
        return generations.getOrDefault(network, 0L);
    }

    private static final Comparator<ReportedSession> ORDER = Comparator
        .comparing((ReportedSession s) -> s.subnet().value()).thenComparing(s -> s.node().value())
        .thenComparing(s -> s.status().protocol()).thenComparing(s -> s.host().value());

    private static void networksOf(List<ReportedSession> sessions, Set<NetworkId> into) {
        if (sessions != null) {
            sessions.forEach(s -> into.add(s.network()));
        }
    }

    /** Tells listeners of {@code network} now, or schedules it for the end of its coalescing interval. */
    private void changed(NetworkId network) {
        long delay;
        synchronized (this) {
            if (!pending.add(network)) {
                return;
            }
            Long last = lastToldNanos.get(network);
            delay = last == null ? 0 : Math.max(0, last + coalesceNanos - System.nanoTime());
        }
        try {
            timer.schedule(() -> tell(network), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void tell(NetworkId network) {
        synchronized (this) {
            pending.remove(network);
            lastToldNanos.put(network, System.nanoTime());
            generations.merge(network, 1L, Long::sum);
        }
        for (Consumer<NetworkId> listener : listeners) {
            try {
                listener.accept(network);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "learned-routes listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
