package io.isthmus.controller.routing;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.routing.Route;
import io.isthmus.routing.SessionStatus;
import java.util.List;
import java.util.Objects;

/**
 * A routing session as the agent of {@code host} last reported it ({@code ReportRouting}): a subnet's virtual router
 * with one participant over one protocol, its status, and the routes it learned, already filtered again by the
 * participant's policy when the report was taken.
 *
 * @param host    the reporting host (the participant node's)
 * @param network the subnet's network
 * @param subnet  the subnet whose virtual router holds the session
 * @param node    the participant
 * @param status  the session's state and counters ({@link SessionStatus#peer()}: the participant's address)
 * @param learned the routes accepted from it, each with the participant's address as next hop
 */
public record ReportedSession(HostId host, NetworkId network, SubnetId subnet, NodeId node, SessionStatus status,
                              List<Route> learned) {
    /** Copies the routes; rejects nulls. */
    public ReportedSession {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        learned = List.copyOf(learned);
    }
}
