package io.isthmus.agent.router.dhcp;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.MacAddress;

/**
 * What the DHCP server remembers of one port's client: the address it offered or acknowledged and until when. The
 * address is always the interface's configured one: the lease records the client's state for the operator and for
 * expiry, it does not allocate.
 *
 * @param portIndex the port the client is on
 * @param nodeId the node of the port
 * @param interfaceId the interface of the port
 * @param mac the client's MAC ({@code chaddr}, which is the port's)
 * @param address the address offered or leased
 * @param state whether the address is only offered or bound
 * @param grantedNanos when the offer or acknowledgement was sent (the server's clock, {@link System#nanoTime()})
 * @param expiresNanos when the offer lapses or the lease ends
 */
public record DhcpLease(int portIndex, String nodeId, String interfaceId, long mac, int address, State state,
                        long grantedNanos, long expiresNanos) {

    /** The client's state as the server sees it. */
    public enum State {
        /** A DHCPOFFER was sent; the client has not requested it yet. */
        OFFERED,
        /** A DHCPACK was sent; the client uses the address until the lease ends or it renews. */
        BOUND
    }

    /** Whether the offer or lease has lapsed at {@code nowNanos}. */
    public boolean expired(long nowNanos) {
        return nowNanos - expiresNanos >= 0;
    }

    @Override
    public String toString() {
        return "DhcpLease[port " + portIndex + " " + nodeId + "/" + interfaceId + " " + MacAddress.format(mac) + " "
            + Ipv4Address.format(address) + " " + state + "]";
    }
}
