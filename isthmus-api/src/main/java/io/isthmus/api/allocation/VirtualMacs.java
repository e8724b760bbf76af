package io.isthmus.api.allocation;

/**
 * The virtual MACs the controller gives interfaces and virtual routers: locally administered unicast MAC-48s
 * derived from the IPv4 address, {@code 02:RR:a:b:c:d} where {@code RR} is the role ({@code 00} a node interface,
 * {@code 01} a virtual router) and {@code a.b.c.d} the address.
 *
 * <p>Why derived and not random: a network's addresses are unique (its blocks and subnets do not overlap, an
 * address has one interface), so the MACs are unique within a network without a collision check or any stored
 * state, and the same address always has the same MAC (a re-created node keeps its neighbours' ARP caches right).
 * The network id is not part of it (48 bits cannot hold 24 + 32 + the U/L bits): two networks may hold equal MACs,
 * which no node can observe, since an agent connects each interface to its own TAP and rewrites MACs per hop.
 */
public final class VirtualMacs {
    /** First two octets of a node interface's MAC. */
    public static final long INTERFACE_PREFIX = 0x0200_0000_0000L;
    /** First two octets of a virtual router's MAC. */
    public static final long ROUTER_PREFIX = 0x0201_0000_0000L;

    private VirtualMacs() {
    }

    /** The MAC of the node interface with {@code address}: {@code 02:00:a:b:c:d}. */
    public static long forInterface(int address) {
        return INTERFACE_PREFIX | (address & 0xffff_ffffL);
    }

    /** The MAC of the virtual router at {@code gateway}: {@code 02:01:a:b:c:d}. */
    public static long router(int gateway) {
        return ROUTER_PREFIX | (gateway & 0xffff_ffffL);
    }
}
