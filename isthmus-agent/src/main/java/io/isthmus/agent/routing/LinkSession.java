package io.isthmus.agent.routing;

import io.isthmus.routing.RoutingSession;
import java.nio.ByteBuffer;

/**
 * A session of a protocol the virtual router speaks over the participant's link (OSPF, RIP), with how it takes the
 * participant's packets.
 *
 * @param session  the protocol's session
 * @param receiver where the participant's packets go
 */
public record LinkSession(RoutingSession session, Receiver receiver) {
    /** Takes one packet of the participant's. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * The payload of a packet from {@code source} (UDP port {@code sourcePort}, 0 for OSPF) to
         * {@code destination}: OSPF's IP payload, RIP's UDP payload. Valid only during the call.
         */
        void receive(int source, int sourcePort, int destination, ByteBuffer payload, long nanoTime);
    }
}
