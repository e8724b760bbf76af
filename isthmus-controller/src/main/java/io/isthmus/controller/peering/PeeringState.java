package io.isthmus.controller.peering;

import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.Subnet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The inputs of {@link PeeringComputation}, as read from the store at one revision.
 *
 * @param attachments every stored attachment, in any state (the computation applies {@link PeeringAttachment#at})
 * @param links every stored link between routers, in any state
 * @param networks the attached networks by id (a network missing here is left out of every view)
 * @param subnets the subnets of the attached networks, by network
 * @param now the time at which expiry is judged
 * @param version the store revision the state was read at
 */
public record PeeringState(List<PeeringAttachment> attachments, List<PeeringLink> links,
                           Map<NetworkId, Network> networks, Map<NetworkId, List<Subnet>> subnets, Instant now,
                           long version) {
    /** Copies; rejects nulls. */
    public PeeringState {
        attachments = List.copyOf(attachments);
        links = List.copyOf(links);
        networks = Map.copyOf(networks);
        subnets = Map.copyOf(subnets);
        Objects.requireNonNull(now, "now");
    }
}
