package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One subnet's route table as the data plane reads it (DESIGN.md, "route table"; pushed by the controller as
 * {@code RouteTableInfo}): what the subnet's virtual router does with a packet from the subnet, by longest prefix
 * match on its IPv4 destination. Precedence between route kinds is the controller's business: a table holds at most one
 * route per prefix.
 *
 * <p>Immutable, built by the control thread. The lookup is allocation-free: per prefix length present (longest
 * first), a sorted array of the prefixes of that length, binary-searched; at most 33 searches.
 */
public final class RouteTableView {
    /** A table with no routes: everything is {@link Action#DELIVER_LOCAL}, as for a subnet without a pushed table. */
    public static final RouteTableView EMPTY = new RouteTableView(List.of());

    /** What a route does with a packet. */
    public enum Action {
        /** Inside the network, to the node holding the address: the virtual routers as without a table. */
        DELIVER_LOCAL,
        /** Dropped. */
        BLACKHOLE,
        /** To one of the route's next hops, appliance interfaces, chosen by a hash of the flow. */
        FORWARD,
        /** Through a peering router, to a range of the network's {@link NetworkView#peering} view. */
        PEERING
    }

    private final List<Route> routes;
    /** The prefix lengths present, longest first. */
    private final int[] lengths;
    /** The network masks of {@link #lengths}. */
    private final int[] masks;
    /** Per entry of {@link #lengths}: the prefixes of that length, sorted (signed order, any order would do). */
    private final int[][] prefixes;
    /** Per entry of {@link #lengths}: the route of the prefix at the same index. */
    private final Route[][] byPrefix;

    /**
     * A table of {@code routes}.
     *
     * @throws IllegalArgumentException if two routes have the same prefix
     */
    public RouteTableView(List<Route> routes) {
        this.routes = List.copyOf(routes);
        List<Integer> present = new ArrayList<>();
        for (int length = 32; length >= 0; length--) {
            for (Route route : this.routes) {
                if (route.length() == length) {
                    present.add(length);
                    break;
                }
            }
        }
        this.lengths = present.stream().mapToInt(Integer::intValue).toArray();
        this.masks = Arrays.stream(lengths).map(Ipv4Address::mask).toArray();
        this.prefixes = new int[lengths.length][];
        this.byPrefix = new Route[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            int length = lengths[i];
            Route[] ofLength = this.routes.stream().filter(r -> r.length() == length)
                .sorted((a, b) -> Integer.compare(a.prefix(), b.prefix())).toArray(Route[]::new);
            int[] keys = new int[ofLength.length];
            for (int j = 0; j < ofLength.length; j++) {
                keys[j] = ofLength[j].prefix();
                if (j > 0 && keys[j] == keys[j - 1]) {
                    throw new IllegalArgumentException("two routes for " + Ipv4Address.format(keys[j]) + "/" + length);
                }
            }
            prefixes[i] = keys;
            byPrefix[i] = ofLength;
        }
    }

    /** The route with the longest prefix containing {@code ipv4}, or null when none does. Allocation-free. */
    public Route lookup(int ipv4) {
        for (int i = 0; i < lengths.length; i++) {
            int j = Arrays.binarySearch(prefixes[i], ipv4 & masks[i]);
            if (j >= 0) {
                return byPrefix[i][j];
            }
        }
        return null;
    }

    /** Every route. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public String toString() {
        return "RouteTableView" + routes;
    }

    /**
     * One route.
     *
     * @param prefix the destination prefix (bits past the length are cleared)
     * @param length 0..32
     * @param action what the route does
     * @param nextHops for {@link Action#FORWARD}: the healthy next hops in the controller's stable order (the flow hash
     *     indexes it); none left means the packet is dropped; empty for the other actions
     * @param metric the metric the virtual router announces the route with to routing participants (1 for local
     *     and static routes, the learned metric for learned ones)
     * @param learnedFromNodeId for a learned route, the participant it was learned from; empty otherwise
     * @param learnedFromAddress for a learned route, that participant's interface address; 0 otherwise
     */
    public record Route(int prefix, int length, Action action, List<NextHop> nextHops, int metric,
                        String learnedFromNodeId, int learnedFromAddress) {
        /** The metric of a route configured or derived by the controller (local, static). */
        public static final int DEFAULT_METRIC = 1;

        public Route {
            Objects.requireNonNull(learnedFromNodeId, "learnedFromNodeId");
            if (length < 0 || length > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32, was " + length);
            }
            prefix &= Ipv4Address.mask(length);
            Objects.requireNonNull(action, "action");
            nextHops = List.copyOf(nextHops);
        }

        /** A route not learned from a participant, with the default metric. */
        public Route(int prefix, int length, Action action, List<NextHop> nextHops) {
            this(prefix, length, action, nextHops, DEFAULT_METRIC, "", 0);
        }

        /** Whether the route was learned from a routing participant. */
        public boolean learned() {
            return !learnedFromNodeId.isEmpty();
        }

        /** How many next hops. Allocation-free. */
        public int nextHopCount() {
            return nextHops.size();
        }

        /** The {@code i}th next hop. Allocation-free. */
        public NextHop nextHop(int i) {
            return nextHops.get(i);
        }

        /** Whether an interface with {@code ipv4} is one of the next hops. Allocation-free. */
        public boolean hasNextHop(int ipv4) {
            for (int i = 0; i < nextHops.size(); i++) {
                if (nextHops.get(i).address() == ipv4) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return Ipv4Address.format(prefix) + "/" + length + " " + action
                + (nextHops.isEmpty() ? "" : " " + nextHops);
        }
    }

    /**
     * An appliance interface a route forwards to.
     *
     * @param nodeId the appliance node's id
     * @param interfaceId the interface's id
     * @param address the interface's IPv4 address
     * @param mac the interface's MAC, the destination of the frames sent to it
     * @param hostPrefixHigh the high 64 bits of the substrate prefix of the appliance's host
     * @param hostPrefixLow the low 64 bits of the substrate prefix of the appliance's host
     */
    public record NextHop(String nodeId, String interfaceId, int address, long mac, long hostPrefixHigh,
                          long hostPrefixLow) {
        public NextHop {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(interfaceId, "interfaceId");
        }

        @Override
        public String toString() {
            return nodeId + "/" + interfaceId + "@" + Ipv4Address.format(address);
        }
    }
}
