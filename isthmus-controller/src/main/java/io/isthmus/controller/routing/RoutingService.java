package io.isthmus.controller.routing;

import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NodeId;
import java.util.List;
import java.util.Set;

/** The effective route tables of networks, as the agents apply them ({@link RouteComputation} says how). */
public interface RoutingService {

    /**
     * The effective route tables of a network and what they depend on.
     *
     * @param tables       one per subnet, in subnet id order
     * @param nextHopNodes the nodes its routes target and its routing participants with sessions: a change to one
     *                     of them (deleted, moved, health) changes the tables
     */
    record NetworkRoutes(List<RouteTableInfo> tables, Set<NodeId> nextHopNodes) {
        /** Copies. */
        public NetworkRoutes {
            tables = List.copyOf(tables);
            nextHopNodes = Set.copyOf(nextHopNodes);
        }
    }

    /** The network's route tables as they are now, labelled {@code version} (empty for an unknown network). */
    NetworkRoutes routes(NetworkId network, long version);

    /** The routing sessions of {@code network}'s virtual routers, as their hosts last reported them. */
    List<ReportedSession> sessions(NetworkId network);

    /** Every routing session reported, by network. */
    List<ReportedSession> sessions();

    /**
     * Registers a listener told of each network whose tables changed other than through the store (learned routes),
     * at most a few times a second per network.
     *
     * @return closing it stops the listener
     */
    default AutoCloseable listen(java.util.function.Consumer<NetworkId> changed) {
        return () -> { };
    }
}
