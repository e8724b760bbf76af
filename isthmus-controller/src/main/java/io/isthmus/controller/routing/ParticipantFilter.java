package io.isthmus.controller.routing;

import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The controller's own filter of what a participant announces, applied again whatever its agent already did (a
 * compromised agent must not inject routes): only a participant of the subnet, over a protocol it may speak, within
 * its allowed prefixes, and at most its maximum number of prefixes (the lowest prefixes in address order, so the
 * choice does not depend on the order of reports). Pure.
 */
public final class ParticipantFilter {
    private static final Comparator<Ipv4Prefix> PREFIX_ORDER =
        Comparator.comparingLong((Ipv4Prefix p) -> Integer.toUnsignedLong(p.address())).thenComparingInt(Ipv4Prefix::length);

    private ParticipantFilter() {
    }

    /** The participant {@code node} of {@code routing} if it may speak {@code protocol} there. */
    public static Optional<RoutingParticipant> participant(SubnetRouting routing, NodeId node,
                                                           RoutingProtocol protocol) {
        if (!routing.protocols().contains(protocol)) {
            return Optional.empty();
        }
        return routing.participant(node).filter(p -> p.protocols().contains(protocol));
    }

    /**
     * The routes of {@code learned} that {@code participant}'s policy accepts: one per prefix (the lowest metric),
     * allowed, and no more than its maximum.
     */
    public static List<Route> accept(RoutingParticipant participant, Collection<Route> learned) {
        Map<Ipv4Prefix, Route> byPrefix = new TreeMap<>(PREFIX_ORDER);
        for (Route route : learned) {
            if (participant.policy().allows(route.prefix())) {
                byPrefix.merge(route.prefix(), route, (a, b) -> b.metric() < a.metric() ? b : a);
            }
        }
        List<Route> accepted = new ArrayList<>(byPrefix.values());
        int max = participant.policy().maxPrefixes();
        return accepted.size() <= max ? accepted : List.copyOf(accepted.subList(0, max));
    }
}
