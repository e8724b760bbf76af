package io.isthmus.api.allocation;

import io.isthmus.wire.Ipv4Prefix;

/**
 * The addressing of a subnet, as a cloud reserves it (AWS VPC does the same): of every subnet the controller keeps
 * five addresses that no interface may take,
 * <ul>
 * <li>the network address ({@code .0} of a /24),</li>
 * <li>{@code +1}, the gateway: the subnet's virtual router,</li>
 * <li>{@code +2}, the DNS resolver the virtual router answers on,</li>
 * <li>{@code +3}, reserved for future use (a second router address, metadata),</li>
 * <li>the broadcast address ({@code .255} of a /24), which has no meaning in an overlay without broadcast domains
 * of arbitrary size but which tenants' software treats as broadcast.</li>
 * </ul>
 * Subnets are /16 to /28: a /28 leaves 11 usable addresses, a /16 65,531.
 */
public final class SubnetAddresses {
    /** The shortest subnet prefix (the most addresses): /16, as AWS. */
    public static final int MIN_SUBNET_LENGTH = 16;
    /** The longest subnet prefix (the fewest addresses): /28, as AWS. */
    public static final int MAX_SUBNET_LENGTH = 28;
    /** Addresses reserved at the start of every subnet: network, gateway, DNS, future use. */
    public static final int RESERVED_AT_START = 4;

    private SubnetAddresses() {
    }

    /** The gateway (virtual router) address: the network address + 1. */
    public static int gateway(Ipv4Prefix subnet) {
        return subnet.address() + 1;
    }

    /** The DNS resolver address: the network address + 2. */
    public static int dns(Ipv4Prefix subnet) {
        return subnet.address() + 2;
    }

    /** The five reserved addresses in ascending order: network, gateway, DNS, future use, broadcast. */
    public static int[] reserved(Ipv4Prefix subnet) {
        int base = subnet.address();
        return new int[] {base, base + 1, base + 2, base + 3, subnet.lastAddress()};
    }

    /** Whether {@code address} is one of the subnet's reserved addresses (false for addresses outside it). */
    public static boolean isReserved(Ipv4Prefix subnet, int address) {
        if (!subnet.contains(address)) {
            return false;
        }
        int offset = address - subnet.address();
        return offset < RESERVED_AT_START || address == subnet.lastAddress();
    }

    /** How many addresses of the subnet interfaces may take. */
    public static int usableCount(Ipv4Prefix subnet) {
        return (1 << subnet.suffixLength()) - RESERVED_AT_START - 1;
    }
}
