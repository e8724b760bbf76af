package io.isthmus.controller.peering;

import io.isthmus.api.resource.PeeringRouterId;
import java.nio.charset.StandardCharsets;

/**
 * The address a peering router shows as a hop (the source of its ICMP time-exceeded messages): one fixed address in
 * the RFC 6598 shared space {@code 100.64.0.0/10}, derived from the router's id alone, so that every network sees the
 * same router at the same address and it never changes while the router exists.
 *
 * <p>The 32-bit FNV-1a hash of the id's UTF-8 bytes gives the address: its bits 8..21 choose one of the 16384
 * {@code /24}s of the space, and the host byte is {@code 1 + (hash mod 254)}, so that the address is never the
 * {@code .0} or {@code .255} of its {@code /24} (some stacks treat those as network or broadcast addresses). Two
 * routers may share an address (about one pair in 2^21.8 does); a hop address names a router for a human reading a
 * traceroute, nothing routes to it.
 */
public final class RouterHops {
    /** {@code 100.64.0.0}, the first address of the shared space. */
    public static final int SHARED_SPACE = 100 << 24 | 64 << 16;

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private RouterHops() {
    }

    /** The hop address of {@code router}: IPv4 in network byte order, in {@code 100.64.0.0/10}. */
    public static int address(PeeringRouterId router) {
        int hash = FNV_OFFSET;
        for (byte b : router.value().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        int block = (hash >>> 8) & 0x3fff;
        int host = 1 + Integer.remainderUnsigned(hash, 254);
        return SHARED_SPACE | block << 8 | host;
    }
}
