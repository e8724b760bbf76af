package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.MacAddress;

/**
 * One node interface attached on this host: the TAP the agent reads the node's frames from, and what the node is
 * allowed to claim on it. Built by the control thread from the controller's updates; read by the data plane.
 *
 * @param index the port's index (the runtime's handle of its TAP), 0 or more; unique on the host
 * @param nodeId the node's id (node-...)
 * @param interfaceId the interface's id
 * @param overlayId the network id carried in substrate addresses (unsigned, as wide as the overlay layout says)
 * @param address the interface's IPv4 address
 * @param mac the interface's MAC (usually {@code VirtualMacs.forInterface(address)})
 * @param subnetAddress the subnet's network address
 * @param subnetPrefixLength the subnet's prefix length, 0..32
 * @param gateway the address of the subnet's virtual router
 * @param routerMac the MAC of the subnet's virtual router (usually {@code VirtualMacs.router(gateway)})
 * @param sourceDestCheck whether the node may send only from its own address and MAC; off for an appliance, which
 *     forwards others' packets
 */
public record LocalPort(
    int index,
    String nodeId,
    String interfaceId,
    int overlayId,
    int address,
    long mac,
    int subnetAddress,
    int subnetPrefixLength,
    int gateway,
    long routerMac,
    boolean sourceDestCheck) {

    public LocalPort {
        if (index < 0) {
            throw new IllegalArgumentException("port index must not be negative, was " + index);
        }
        if (subnetPrefixLength < 0 || subnetPrefixLength > 32) {
            throw new IllegalArgumentException("subnet prefix length must be 0..32, was " + subnetPrefixLength);
        }
        if (!MacAddress.isValid(mac) || !MacAddress.isUnicast(mac) || !MacAddress.isValid(routerMac)
            || !MacAddress.isUnicast(routerMac)) {
            throw new IllegalArgumentException("port and router MACs must be unicast MAC-48s");
        }
        int mask = Ipv4Address.mask(subnetPrefixLength);
        subnetAddress &= mask;
        if ((address & mask) != subnetAddress || (gateway & mask) != subnetAddress) {
            throw new IllegalArgumentException("address " + Ipv4Address.format(address) + " and gateway "
                + Ipv4Address.format(gateway) + " must lie in " + Ipv4Address.format(subnetAddress) + "/"
                + subnetPrefixLength);
        }
    }

    /** The subnet's network mask. */
    public int subnetMask() {
        return subnetPrefixLength == 0 ? 0 : -1 << (32 - subnetPrefixLength);
    }

    /** Whether {@code ipv4} lies in this port's subnet. Allocation-free. */
    public boolean inSubnet(int ipv4) {
        int mask = subnetMask();
        return (ipv4 & mask) == subnetAddress;
    }

    /** The subnet's directed broadcast address. */
    public int subnetBroadcast() {
        return subnetAddress | ~subnetMask();
    }

    @Override
    public String toString() {
        return "LocalPort[" + index + " " + nodeId + "/" + interfaceId + " overlay "
            + Integer.toUnsignedString(overlayId) + " " + Ipv4Address.format(address) + " "
            + MacAddress.format(mac) + " in " + Ipv4Address.format(subnetAddress) + "/" + subnetPrefixLength
            + " via " + Ipv4Address.format(gateway) + (sourceDestCheck ? "" : " appliance") + "]";
    }
}
