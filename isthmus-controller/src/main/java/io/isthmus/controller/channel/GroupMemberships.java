package io.isthmus.controller.channel;

import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.GroupHost;
import io.isthmus.api.channel.v1.GroupMembers;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.wire.Ipv6Prefix;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which hosts have members of which IPv4 multicast groups, per network, as the hosts' agents last reported them
 * ({@code ReportMemberships}). In memory only: memberships are soft state the agents learn from their nodes' IGMP
 * reports and re-send whole, so a restarted controller learns them again within one report interval instead of
 * persisting them.
 *
 * <p>A host's report for a network replaces its previous one. A host's reports are dropped when its agent registers
 * (a restarted agent starts from nothing and reports again) and when it has had no open update stream for
 * {@code disconnectGrace} (the agent is gone; copies to it would be wasted). Listeners hear of every network whose
 * table changed, and read the table with {@link #table}. Thread-safe.
 */
final class GroupMemberships implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupMemberships.class.getName());

    /** One host's report for one network: group to the member subnets' ids, with the host's prefix. */
    private record HostReport(Ipv6Prefix prefix, SortedMap<Integer, SortedSet<String>> groups) {
    }

    private final Duration disconnectGrace;
    private final Map<NetworkId, Map<HostId, HostReport>> reports = new HashMap<>();
    private final Map<HostId, Integer> openStreams = new HashMap<>();
    private final Map<HostId, ScheduledFuture<?>> pendingDrops = new HashMap<>();
    private final List<Consumer<NetworkId>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<HostId>> hostGoneListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-memberships");
        t.setDaemon(true);
        return t;
    });

    GroupMemberships(Duration disconnectGrace) {
        this.disconnectGrace = disconnectGrace;
    }

    /** Registers a listener told of each network whose table changed (on the changing thread, no lock held). */
    AutoCloseable listen(Consumer<NetworkId> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Registers a listener told of each host whose agent has had no update stream for the grace period (its other
     * soft state, such as learned routes, goes with its memberships).
     */
    void onHostGone(Consumer<HostId> listener) {
        hostGoneListeners.add(listener);
    }

    /**
     * Replaces {@code host}'s report for {@code network} with {@code groups} (group address to the member subnets'
     * ids; empty: none).
     *
     * @return whether the network's table changed
     */
    boolean report(HostId host, Ipv6Prefix prefix, NetworkId network, Map<Integer, ? extends Set<String>> groups) {
        SortedMap<Integer, SortedSet<String>> copy = new TreeMap<>(Integer::compareUnsigned);
        groups.forEach((group, subnets) -> {
            if (!subnets.isEmpty()) {
                copy.put(group, new TreeSet<>(subnets));
            }
        });
        boolean changed;
        synchronized (this) {
            Map<HostId, HostReport> hosts = reports.computeIfAbsent(network, n -> new HashMap<>());
            HostReport next = new HostReport(prefix, copy);
            HostReport previous = copy.isEmpty() ? hosts.remove(host) : hosts.put(host, next);
            if (hosts.isEmpty()) {
                reports.remove(network);
            }
            changed = copy.isEmpty() ? previous != null : !next.equals(previous);
        }
        if (changed) {
            notifyChanged(network);
        }
        return changed;
    }

    /** Drops every report of {@code host} (its agent restarted, or left). */
    void dropHost(HostId host) {
        List<NetworkId> changed = new ArrayList<>();
        synchronized (this) {
            for (var it = reports.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (entry.getValue().remove(host) != null) {
                    changed.add(entry.getKey());
                }
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        if (!changed.isEmpty()) {
            LOG.log(Level.INFO, () -> "event=memberships-dropped host=" + host.value() + " networks=" + changed.size());
        }
        changed.forEach(this::notifyChanged);
    }

    /** How many hosts have an agent connected now: an update stream open. */
    synchronized int connectedHosts() {
        return openStreams.size();
    }

    /** An update stream of {@code host} opened: its reports are kept. */
    synchronized void streamOpened(HostId host) {
        openStreams.merge(host, 1, Integer::sum);
        ScheduledFuture<?> drop = pendingDrops.remove(host);
        if (drop != null) {
            drop.cancel(false);
        }
    }

    /** An update stream of {@code host} closed: without another within the grace period, its reports go. */
    synchronized void streamClosed(HostId host) {
        Integer left = openStreams.merge(host, -1, Integer::sum);
        if (left != null && left <= 0) {
            openStreams.remove(host);
            try {
                pendingDrops.put(host, timer.schedule(() -> {
                    synchronized (this) {
                        if (openStreams.containsKey(host)) {
                            return;
                        }
                        pendingDrops.remove(host);
                    }
                    dropHost(host);
                    hostGoneListeners.forEach(listener -> listener.accept(host));
                }, disconnectGrace.toMillis(), TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** The table of {@code network} as agents receive it: each group with members, its hosts and their subnets. */
    synchronized List<GroupMembers> table(NetworkId network) {
        Map<HostId, HostReport> hosts = reports.getOrDefault(network, Map.of());
        SortedMap<Integer, GroupMembers.Builder> groups = new TreeMap<>(Integer::compareUnsigned);
        hosts.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
            .forEach(entry -> entry.getValue().groups().forEach((group, subnets) ->
                groups.computeIfAbsent(group, g -> GroupMembers.newBuilder().setGroup(g))
                    .addHosts(GroupHost.newBuilder()
                        .setHostSubstratePrefix(ChannelCodec.prefix(entry.getValue().prefix()))
                        .addAllSubnetIds(subnets))));
        return groups.values().stream().map(GroupMembers.Builder::build).toList();
    }

    private void notifyChanged(NetworkId network) {
        for (Consumer<NetworkId> listener : listeners) {
            try {
                listener.accept(network);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "membership listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
