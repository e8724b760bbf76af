package io.isthmus.agent.dataplane;

import java.util.List;
import java.util.Objects;

/**
 * A network's options as the agent received them (the API's {@code NetworkOptions}): what its emulated devices offer.
 *
 * @param mtu the tenant MTU given to node interfaces and offered by DHCP
 * @param dnsServers the DNS servers DHCP offers, in order
 * @param dhcpLeaseSeconds the lease time DHCP offers
 * @param snmpCommunity the SNMPv2c community the virtual routers answer to; null when SNMP is off
 * @param multicastAcrossSubnets whether multicast beyond 224.0.0.0/24 crosses the virtual routers
 */
public record NetworkSettings(int mtu, List<Integer> dnsServers, int dhcpLeaseSeconds, String snmpCommunity,
                              boolean multicastAcrossSubnets) {
    /** What a network whose settings have not arrived yet gets: the API's defaults. */
    public static final NetworkSettings DEFAULTS = new NetworkSettings(1480, List.of(), 86_400, null, false);

    /** Copies the DNS servers. */
    public NetworkSettings {
        dnsServers = List.copyOf(Objects.requireNonNull(dnsServers, "dnsServers"));
    }
}
