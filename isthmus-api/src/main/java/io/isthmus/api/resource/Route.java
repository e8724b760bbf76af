package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a route table: a destination prefix (longest prefix match), one or more targets (several
 * appliance interfaces form an ECMP group; a blackhole or local target stands alone) and its kind. A table has at
 * most one route per destination and kind.
 */
public record Route(Ipv4Prefix destination, List<RouteTarget> targets, RouteKind kind) {

    /** Copies the targets; rejects nulls and no target. */
    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(kind, "kind");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a route has at least one target");
        }
    }
}
