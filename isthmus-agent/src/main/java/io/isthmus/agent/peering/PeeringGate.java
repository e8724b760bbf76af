package io.isthmus.agent.peering;

/**
 * Whether a peered packet passes, decided by the agent of the local node (the sender's for packets out, the
 * receiver's for packets in) with its {@link ConnectionTable}:
 *
 * <ul>
 *   <li>an answer (a packet of a connection the other side initiated going back to it) always passes, and so does an
 *       ICMP error about a packet of a tracked connection ({@link #tracked}, which the pipelines ask first);</li>
 *   <li>otherwise the side receiving must not be responses-only (a responses-only attachment lets into its network
 *       only the answers to connections its network initiated), and the traffic rules must let it out of the sending
 *       network and into the receiving one. The local attachment's rules apply both ways; the peer's rules apply to
 *       packets out (its rules for traffic in, on its own addresses), and its agent applies the rest;</li>
 *   <li>what passes is tracked (refreshed when tracked), so that its answers pass back.</li>
 * </ul>
 *
 * <p>Ports are those of TCP and UDP, the identifier of ICMP echoes, and -1 when the packet has none (another protocol,
 * or a fragment): rules with ports never match such a packet, and its connection is tracked with ports 0. A packet
 * that {@code opens} a flow (an echo request) is never an answer, even with the identifier of a tracked echo.
 * Allocation-free.
 */
public final class PeeringGate {
    /** The packet passes. */
    public static final int PASS = 0;
    /** Not an answer, and the receiving side's attachment is responses-only. */
    public static final int RESPONSES_ONLY = 1;
    /** Not an answer, and no rule lets it through. */
    public static final int RULE_DENIED = 2;

    private static final int TCP = 6;
    private static final int UDP = 17;

    private PeeringGate() {
    }

    /**
     * A packet from local node {@code local} of network {@code overlayId} to {@code remote} (as the network sees it)
     * in range {@code range} of {@code view}.
     */
    public static int out(PeeringView view, int range, int overlayId, int local, int remote, int protocol,
                          int localPort, int remotePort, boolean opens, long now) {
        ConnectionTable connections = view.connections();
        long addresses = ConnectionTable.addresses(local, remote);
        long flow = ConnectionTable.flow(overlayId, protocol, Math.max(0, localPort), Math.max(0, remotePort));
        int tracked = connections.find(addresses, flow, now);
        if (opens || tracked != ConnectionTable.INITIATED_REMOTELY) {
            if (view.peerResponsesOnly(range)) {
                return RESPONSES_ONLY;
            }
            int port = ruleablePort(protocol, remotePort);
            if (!view.localRules(range).passes(TrafficRules.OUT, protocol, port, remote)
                || !view.peerRules(range).passes(TrafficRules.IN, protocol, port, view.toPeer(range, remote))) {
                return RULE_DENIED;
            }
        }
        connections.touch(addresses, flow, ConnectionTable.INITIATED_LOCALLY, now);
        return PASS;
    }

    /**
     * A packet to local node {@code local} of network {@code overlayId} from {@code remote} (as the network sees it)
     * in range {@code range} of {@code view}.
     */
    public static int in(PeeringView view, int range, int overlayId, int local, int remote, int protocol,
                         int localPort, int remotePort, boolean opens, long now) {
        ConnectionTable connections = view.connections();
        long addresses = ConnectionTable.addresses(local, remote);
        long flow = ConnectionTable.flow(overlayId, protocol, Math.max(0, localPort), Math.max(0, remotePort));
        int tracked = connections.find(addresses, flow, now);
        if (opens || tracked != ConnectionTable.INITIATED_LOCALLY) {
            if (view.localResponsesOnly(range)) {
                return RESPONSES_ONLY;
            }
            if (!view.localRules(range).passes(TrafficRules.IN, protocol, ruleablePort(protocol, localPort), local)) {
                return RULE_DENIED;
            }
        }
        connections.touch(addresses, flow, ConnectionTable.INITIATED_REMOTELY, now);
        return PASS;
    }

    /**
     * Whether a connection of local node {@code local} with {@code remote} is tracked, whoever initiated it: an ICMP
     * error about one of its packets is an answer, and passes without being tracked itself.
     */
    public static boolean tracked(PeeringView view, int overlayId, int local, int remote, int protocol,
                                  int localPort, int remotePort, long now) {
        return view.connections().find(ConnectionTable.addresses(local, remote),
            ConnectionTable.flow(overlayId, protocol, Math.max(0, localPort), Math.max(0, remotePort)), now)
            != ConnectionTable.NONE;
    }

    private static int ruleablePort(int protocol, int port) {
        return protocol == TCP || protocol == UDP ? port : -1;
    }
}
