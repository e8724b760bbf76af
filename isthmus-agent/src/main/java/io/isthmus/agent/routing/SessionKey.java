package io.isthmus.agent.routing;

import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import java.util.Objects;

/**
 * Names one routing session of this host's virtual routers: the protocol spoken between the router of subnet
 * {@code subnetId} (of the network on overlay {@code overlayId}) and participant {@code nodeId}'s interface at
 * {@code peer}.
 */
public record SessionKey(int overlayId, String subnetId, String nodeId, int peer, RoutingProtocol protocol) {
    /** Rejects nulls. */
    public SessionKey {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
        return protocol + " " + subnetId + " " + nodeId + " " + Ipv4Address.format(peer);
    }
}
