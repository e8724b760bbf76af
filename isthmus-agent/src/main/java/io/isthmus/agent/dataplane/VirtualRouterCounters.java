package io.isthmus.agent.dataplane;

/**
 * The traffic counters of one subnet's virtual router, as the data plane of this host saw it: its interface in the
 * subnet, and its uplink to the other subnets' routers of the network (packets between subnets cross the sender's
 * router, then the destination's: in on the first's subnet interface, out of its uplink, into the second's uplink,
 * out of its subnet interface). See {@link RouterInterfaceCounters} for what is counted and where.
 */
public final class VirtualRouterCounters {
    private final RouterInterfaceCounters subnet = new RouterInterfaceCounters();
    private final RouterInterfaceCounters uplink = new RouterInterfaceCounters();

    /** The router's interface in its subnet. */
    public RouterInterfaceCounters subnet() {
        return subnet;
    }

    /** The router's uplink to the other routers of the network. */
    public RouterInterfaceCounters uplink() {
        return uplink;
    }

    @Override
    public String toString() {
        return "VirtualRouterCounters[subnet " + subnet + ", uplink " + uplink + "]";
    }
}
