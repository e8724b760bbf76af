package io.isthmus.routing;

/** The routing protocols a virtual router speaks with the nodes of its subnet. */
public enum RoutingProtocol {
    /** BGP-4 (RFC 4271) over TCP port 179 to the virtual router's address. */
    BGP,
    /** OSPFv2 (RFC 2328), IP protocol 89, on the subnet's link. */
    OSPF,
    /** RIPv2 (RFC 2453), UDP port 520, on the subnet's link. */
    RIP
}
