package io.isthmus.agent.dataplane;

import io.isthmus.api.channel.v1.SubnetInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.wire.Ipv4Address;
import java.util.Objects;

/**
 * One subnet of a network as the agent knows it: its prefix, its virtual router, and the routing protocols the
 * virtual router speaks with its participants.
 *
 * @param subnetId the subnet's id
 * @param address the network address (bits past the prefix are cleared)
 * @param prefixLength 0..32
 * @param gateway the virtual router's address in the subnet
 * @param routerMac the virtual router's MAC
 * @param routing the subnet's routing as the controller sent it (its default instance: no protocol)
 */
public record SubnetView(String subnetId, int address, int prefixLength, int gateway, long routerMac,
                         SubnetRoutingInfo routing) {
    public SubnetView {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(routing, "routing");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + prefixLength);
        }
        address &= Ipv4Address.mask(prefixLength);
    }

    /** A subnet whose virtual router speaks no routing protocol. */
    public SubnetView(String subnetId, int address, int prefixLength, int gateway, long routerMac) {
        this(subnetId, address, prefixLength, gateway, routerMac, SubnetRoutingInfo.getDefaultInstance());
    }

    /** The view of a subnet as the controller sends it, with its routing. */
    public static SubnetView of(SubnetInfo info) {
        return new SubnetView(info.getSubnetId(), info.getCidrAddress(), info.getCidrLength(), info.getGateway(),
            info.getRouterMac(), info.getRouting());
    }

    /** Whether the virtual router speaks any routing protocol with the subnet's participants. */
    public boolean routingEnabled() {
        return routing.getProtocolsCount() > 0;
    }

    /** The network mask. */
    public int mask() {
        return Ipv4Address.mask(prefixLength);
    }

    /** Whether {@code ipv4} lies in the subnet. Allocation-free. */
    public boolean contains(int ipv4) {
        return (ipv4 & mask()) == address;
    }

    /** The directed broadcast address. */
    public int broadcast() {
        return address | ~mask();
    }

    @Override
    public String toString() {
        return "SubnetView[" + subnetId + " " + Ipv4Address.format(address) + "/" + prefixLength + " via "
            + Ipv4Address.format(gateway) + "]";
    }
}
