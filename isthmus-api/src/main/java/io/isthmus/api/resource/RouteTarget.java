package io.isthmus.api.resource;

import java.util.Objects;

/**
 * Where a route sends matching packets. Callers may set {@link ApplianceInterface} and {@link Blackhole};
 * {@link Local} is the target of the controller's local routes; {@link PeeringRouter} is the target of the routes
 * the controller propagates from peering attachments (validation rejects it in callers' routes).
 */
public sealed interface RouteTarget {

    /** Delivered inside the network, to the node that owns the destination address (local routes only). */
    record Local() implements RouteTarget {
    }

    /** Forwarded to an appliance node's interface (its source/destination check must be off). */
    record ApplianceInterface(NodeId nodeId, InterfaceId interfaceId) implements RouteTarget {
        /** Rejects nulls. */
        public ApplianceInterface {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(interfaceId, "interfaceId");
        }
    }

    /** Dropped silently (the virtual router answers nothing). */
    record Blackhole() implements RouteTarget {
    }

    /**
     * Forwarded through a peering router the network is attached to, the first of the path to the peer range
     * ({@link RouteKind#PROPAGATED} routes only).
     */
    record PeeringRouter(PeeringRouterId id) implements RouteTarget {
        /** Rejects null. */
        public PeeringRouter {
            Objects.requireNonNull(id, "id");
        }
    }
}
