package io.isthmus.api.resource;

import java.util.List;
import java.util.Objects;

/**
 * What a network's emulated devices offer its nodes, set by the tenant. Ranges are judged by
 * {@code io.isthmus.api.validation.NetworkRules}; this record only refuses nulls where a value is required.
 *
 * @param mtu the tenant MTU: the largest IPv4 packet a node may send through the network (the substrate carries it
 *     plus 20 bytes, DESIGN.md "Addressing"); the agent gives node interfaces this MTU, DHCP offers it, and a virtual
 *     router answers a larger packet with "fragmentation needed" when it may not fragment it
 * @param dnsServers the DNS servers DHCP offers, in order of preference (none: the option is left out)
 * @param dhcpLeaseSeconds the lease time DHCP offers; clients renew at half of it (RFC 2131 section 4.4.5)
 * @param snmpCommunity the SNMPv2c community the virtual routers answer to; null turns SNMP off
 * @param multicastAcrossSubnets whether IPv4 multicast (beyond 224.0.0.0/24) crosses the virtual routers to members
 *     in the network's other subnets; otherwise it stays within the sender's subnet, like broadcast
 */
public record NetworkOptions(int mtu, List<Integer> dnsServers, int dhcpLeaseSeconds, String snmpCommunity,
                             boolean multicastAcrossSubnets) {
    /** The tenant MTU by default: a substrate of Ethernet's 1500 bytes minus the 20 bytes IPv6 adds to IPv4. */
    public static final int DEFAULT_MTU = 1480;
    /** A day, as home and cloud DHCP servers commonly offer. */
    public static final int DEFAULT_DHCP_LEASE_SECONDS = 86_400;
    /** The options of a network that sets none. */
    public static final NetworkOptions DEFAULTS =
        new NetworkOptions(DEFAULT_MTU, List.of(), DEFAULT_DHCP_LEASE_SECONDS, null, false);

    /** Copies the DNS servers; rejects a null list or element. */
    public NetworkOptions {
        dnsServers = List.copyOf(Objects.requireNonNull(dnsServers, "dnsServers"));
    }
}
