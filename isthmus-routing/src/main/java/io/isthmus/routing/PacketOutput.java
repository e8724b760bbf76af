package io.isthmus.routing;

import java.nio.ByteBuffer;

/**
 * Where a packet-driven session (OSPF, RIP) sends: the caller wraps {@code payload} in the IPv4 header (and for RIP
 * the UDP header, port 520 to 520) from the virtual router's address, with TTL 1 (RFC 2328 appendix A.1, RFC 2453
 * section 3.9.2), and writes it to the participant's port.
 */
@FunctionalInterface
public interface PacketOutput {
    /**
     * Sends {@code payload}, from its position to its limit, to {@code destination} (an IPv4 address as an int: the
     * participant, or a multicast group of the protocol). The buffer is only read during the call.
     */
    void send(int destination, ByteBuffer payload);
}
