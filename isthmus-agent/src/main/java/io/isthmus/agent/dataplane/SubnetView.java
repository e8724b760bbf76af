package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv4Address;
import java.util.Objects;

/**
 * One subnet of a network as the agent knows it: its prefix and its virtual router.
 *
 * @param subnetId the subnet's id
 * @param address the network address (bits past the prefix are cleared)
 * @param prefixLength 0..32
 * @param gateway the virtual router's address in the subnet
 * @param routerMac the virtual router's MAC
 */
public record SubnetView(String subnetId, int address, int prefixLength, int gateway, long routerMac) {
    public SubnetView {
        Objects.requireNonNull(subnetId, "subnetId");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + prefixLength);
        }
        address &= Ipv4Address.mask(prefixLength);
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
