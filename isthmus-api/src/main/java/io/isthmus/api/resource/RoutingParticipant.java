package io.isthmus.api.resource;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.RoutingProtocol;
import java.util.Objects;
import java.util.Set;

/**
 * A node allowed to speak routing protocols with its subnet's virtual router. It must be an appliance of the subnet's
 * network with an interface in the subnet: the routes it announces are forwarded to that interface.
 *
 * @param node      the node
 * @param protocols the protocols it may speak, a subset of the subnet's
 * @param asn       its AS number for BGP (differs from the virtual router's: the session is eBGP); 0 without BGP
 * @param policy    which prefixes it may announce, how many, and how fast
 */
public record RoutingParticipant(NodeId node, Set<RoutingProtocol> protocols, long asn, PeerPolicy policy) {
    /** Copies the protocols; rejects nulls. */
    public RoutingParticipant {
        Objects.requireNonNull(node, "node");
        protocols = Set.copyOf(Objects.requireNonNull(protocols, "protocols"));
        Objects.requireNonNull(policy, "policy");
    }

    /** A copy for node {@code node}. */
    public RoutingParticipant withNode(NodeId node) {
        return new RoutingParticipant(node, protocols, asn, policy);
    }
}
