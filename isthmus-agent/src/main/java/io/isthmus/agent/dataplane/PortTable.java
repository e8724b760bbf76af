package io.isthmus.agent.dataplane;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ports attached on this host, and the networks they belong to ({@link NetworkView}). The data plane reads an
 * immutable {@link Snapshot} (one volatile read per packet); the control thread replaces it as a whole when the
 * controller's updates arrive (copy-on-write: ports change at human rates, packets at line rate).
 */
public final class PortTable {
    private volatile Snapshot current = Snapshot.of(List.of());

    /** The current snapshot; the data plane reads it once per packet. */
    public Snapshot snapshot() {
        return current;
    }

    /**
     * Replaces every port.
     *
     * @throws IllegalArgumentException if two ports share an index, or an (overlay id, address)
     */
    public synchronized void replaceAll(Collection<LocalPort> ports) {
        current = new Snapshot(new ArrayList<>(ports), current.networks());
    }

    /**
     * Replaces every network view, keeping the ports. A view that replaces one of the same overlay id takes over its
     * router counters ({@link NetworkView#routerCounters}) for the subnets that stay.
     *
     * @throws IllegalArgumentException if two views share an overlay id
     */
    public synchronized void replaceNetworks(Collection<NetworkView> networks) {
        Snapshot previous = current;
        for (NetworkView network : networks) {
            NetworkView replaced = previous.network(network.overlayId());
            if (replaced != null && replaced != network) {
                network.takeCountersFrom(replaced);
            }
        }
        current = new Snapshot(previous.ports(), List.copyOf(networks));
    }

    /** Adds {@code port}, or replaces the port with its index. */
    public void put(LocalPort port) {
        update(ports -> {
            ports.removeIf(p -> p.index() == port.index());
            ports.add(port);
            return ports;
        });
    }

    /** Removes the port with {@code index}, if any. */
    public void remove(int index) {
        update(ports -> {
            ports.removeIf(p -> p.index() == index);
            return ports;
        });
    }

    private synchronized void update(UnaryOperator<List<LocalPort>> change) {
        current = new Snapshot(change.apply(new ArrayList<>(current.ports())), current.networks());
    }

    /**
     * An immutable set of ports and network views, with allocation-free lookups of ports by index and by (overlay id,
     * IPv4), and of networks by overlay id (open addressing over primitive arrays, load at most one half).
     */
    public static final class Snapshot {
        private static final int EMPTY = -1;

        private final List<LocalPort> ports;
        private final LocalPort[] byIndex;
        private final long[] keys;
        private final int[] slots;
        private final int mask;
        private final List<NetworkView> networks;
        private final NetworkView[] networkSlots;
        private final int networkMask;

        private Snapshot(List<LocalPort> ports, List<NetworkView> networks) {
            this.ports = List.copyOf(ports);
            this.networks = List.copyOf(networks);
            int networkCapacity = Integer.highestOneBit(Math.max(4, this.networks.size() * 2) - 1) << 1;
            this.networkSlots = new NetworkView[networkCapacity];
            this.networkMask = networkCapacity - 1;
            for (NetworkView network : this.networks) {
                int i = Hashing.slot(network.overlayId(), networkMask);
                while (networkSlots[i] != null) {
                    if (networkSlots[i].overlayId() == network.overlayId()) {
                        throw new IllegalArgumentException("two networks with overlay id " + network.overlayId());
                    }
                    i = (i + 1) & networkMask;
                }
                networkSlots[i] = network;
            }
            int maxIndex = -1;
            for (LocalPort port : this.ports) {
                maxIndex = Math.max(maxIndex, port.index());
            }
            this.byIndex = new LocalPort[maxIndex + 1];
            int capacity = Integer.highestOneBit(Math.max(4, this.ports.size() * 2) - 1) << 1;
            this.keys = new long[capacity];
            this.slots = new int[capacity];
            Arrays.fill(slots, EMPTY);
            this.mask = capacity - 1;
            for (LocalPort port : this.ports) {
                if (byIndex[port.index()] != null) {
                    throw new IllegalArgumentException("two ports with index " + port.index());
                }
                byIndex[port.index()] = port;
                long key = Hashing.key(port.overlayId(), port.address());
                int i = Hashing.slot(key, mask);
                while (slots[i] != EMPTY) {
                    if (keys[i] == key) {
                        throw new IllegalArgumentException("two ports hold " + port + " and " + byIndex[slots[i]]);
                    }
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                slots[i] = port.index();
            }
        }

        static Snapshot of(Collection<LocalPort> ports) {
            return new Snapshot(new ArrayList<>(ports), List.of());
        }

        /** The view of the network with {@code overlayId}, or null when none is known. Allocation-free. */
        public NetworkView network(int overlayId) {
            int i = Hashing.slot(overlayId, networkMask);
            NetworkView network;
            while ((network = networkSlots[i]) != null) {
                if (network.overlayId() == overlayId) {
                    return network;
                }
                i = (i + 1) & networkMask;
            }
            return null;
        }

        /** Every network view. */
        public List<NetworkView> networks() {
            return networks;
        }

        /** The port with {@code index}, or null. Allocation-free. */
        public LocalPort byIndex(int index) {
            return index >= 0 && index < byIndex.length ? byIndex[index] : null;
        }

        /** The port holding {@code ipv4} in network {@code overlayId}, or null. Allocation-free. */
        public LocalPort find(int overlayId, int ipv4) {
            long key = Hashing.key(overlayId, ipv4);
            int i = Hashing.slot(key, mask);
            int slot;
            while ((slot = slots[i]) != EMPTY) {
                if (keys[i] == key) {
                    return byIndex[slot];
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        /** Every port. */
        public List<LocalPort> ports() {
            return ports;
        }

        /** Number of ports. */
        public int size() {
            return ports.size();
        }
    }
}
