package io.isthmus.routing;

import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * A route as the routing protocols carry it: a destination prefix, a metric and a next hop.
 *
 * <p>A route a session <em>learned</em> has the participant's own interface address as {@code nextHop} and the
 * metric the participant gave it: BGP's MULTI_EXIT_DISC (0 when absent), OSPF's path cost from the virtual router
 * (for a type-2 external route, its external metric), RIP's metric. A route a session <em>announces</em> has
 * {@code nextHop} 0 (the virtual router itself) and the metric every protocol announces it with: BGP's
 * MULTI_EXIT_DISC, OSPF's type-2 external metric, RIP's metric (never announced at 16 or more).
 *
 * @param prefix  the destination
 * @param metric  from 0 to {@link #MAX_METRIC}
 * @param nextHop an IPv4 address as an int, or 0
 */
public record Route(Ipv4Prefix prefix, int metric, int nextHop) {
    /** The largest metric (OSPF's LSInfinity, 2^24 - 1). */
    public static final int MAX_METRIC = 0xffffff;

    /** Rejects a null prefix and a metric out of range. */
    public Route {
        Objects.requireNonNull(prefix, "prefix");
        if (metric < 0 || metric > MAX_METRIC) {
            throw new IllegalArgumentException("a metric is from 0 to " + MAX_METRIC + ", was " + metric);
        }
    }

    /** A route the virtual router announces: next hop itself. */
    public static Route announced(Ipv4Prefix prefix, int metric) {
        return new Route(prefix, metric, 0);
    }
}
