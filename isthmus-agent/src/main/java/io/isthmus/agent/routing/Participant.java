package io.isthmus.agent.routing;

import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.channel.v1.RoutingParticipantInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A participant of a subnet's routing, attached to this host, for one protocol: what a session with it is made from.
 * Two participants are equal when a session made from one would be made the same from the other; a session whose
 * participant changed is made again.
 *
 * @param key         the session's name
 * @param subnet      the subnet, whose gateway is the virtual router's address on the link
 * @param routing     the subnet's routing settings, without its participants
 * @param info        the participant's settings and policy
 * @param port        the participant's port on this host
 * @param mtu         the link's MTU (the network's)
 */
public record Participant(SessionKey key, SubnetView subnet, SubnetRoutingInfo routing, RoutingParticipantInfo info,
                          LocalPort port, int mtu) {
    /** Rejects nulls. */
    public Participant {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(port, "port");
    }

    /** The virtual router's address on the participant's link: the subnet's gateway. */
    public int routerAddress() {
        return subnet.gateway();
    }

    /** The virtual router's router id: configured, else its address. */
    public int routerId() {
        return routing.getRouterId() != 0 ? routing.getRouterId() : subnet.gateway();
    }

    /**
     * The participant's policy: its allowed prefix ranges (one the controller let through but this agent cannot read
     * is left out, which refuses its routes rather than accepting more) and its limits, the defaults where unset.
     */
    public PeerPolicy policy() {
        List<PrefixRange> allowed = new ArrayList<>();
        for (String range : info.getAllowedPrefixesList()) {
            try {
                allowed.add(PrefixRange.parse(range));
            } catch (IllegalArgumentException e) {
                // Validated by the controller; a range this agent cannot read allows nothing.
            }
        }
        return new PeerPolicy(allowed,
            info.getMaxPrefixes() > 0 ? info.getMaxPrefixes() : PeerPolicy.DEFAULT_MAX_PREFIXES,
            info.getMessagesPerSecond() > 0 ? info.getMessagesPerSecond() : PeerPolicy.DEFAULT_MESSAGES_PER_SECOND,
            info.getBurst() > 0 ? info.getBurst() : PeerPolicy.DEFAULT_BURST);
    }
}
