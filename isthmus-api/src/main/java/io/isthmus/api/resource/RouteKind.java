package io.isthmus.api.resource;

/** Where a route of a route table comes from. Only {@link #STATIC} routes are set by callers. */
public enum RouteKind {
    /** One per network CIDR block, target {@link RouteTarget.Local}: delivered inside the network. */
    LOCAL,
    /** Configured through the API. */
    STATIC,
    /** Learned from a routing protocol (BGP, OSPFv2, RIPv2) spoken with the subnet's virtual router. */
    LEARNED,
    /** Propagated from a peering router's attachment. */
    PROPAGATED
}
