package io.isthmus.controller.peering;

import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.function.Consumer;

/** What each network reaches through peering routers, as the agents apply it ({@link PeeringComputation} says how). */
public interface PeeringViews {

    /**
     * The network's view as last computed: its active attachments and the peer ranges it sees. A network with no
     * active attachment has a view with neither.
     */
    NetworkPeeringInfo view(NetworkId network);

    /** The ranges offered to the network that it cannot see (they overlap its own and are not translated). */
    List<Ipv4Prefix> leftOut(NetworkId network);

    /** How many times the network's view changed: a computation cached at an older generation is stale. */
    long generation(NetworkId network);

    /**
     * Registers a listener told of each network whose view changed (on the manager's thread, after the new view is
     * in place), at most a few times a second.
     *
     * @return closing it stops the listener
     */
    AutoCloseable listen(Consumer<NetworkId> changed);
}
