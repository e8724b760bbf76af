package io.isthmus.agent.peering;

import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.Ipv4Address;
import java.util.List;

/**
 * An attachment's traffic rules, compiled for the data plane: per direction, a packet passes when the direction has no
 * rule, or when one of its rules matches the packet's protocol, destination port and destination address (in the
 * attachment's own network's addresses). Immutable; allocation-free.
 */
public final class TrafficRules {
    /** Into the attachment's network. */
    public static final int IN = 0;
    /** Out of it. */
    public static final int OUT = 1;

    private final int[][] protocols = new int[2][];
    private final int[][] fromPorts = new int[2][];
    private final int[][] toPorts = new int[2][];
    private final int[][] destinations = new int[2][];
    private final int[][] masks = new int[2][];

    /** Compiles {@code rules}; a rule with an unknown direction matches nothing. */
    public TrafficRules(List<TrafficRuleInfo> rules) {
        for (int direction = IN; direction <= OUT; direction++) {
            TrafficRuleInfo.Direction wanted = direction == IN ? TrafficRuleInfo.Direction.IN
                : TrafficRuleInfo.Direction.OUT;
            List<TrafficRuleInfo> of = rules.stream().filter(r -> r.getDirection() == wanted).toList();
            int n = of.size();
            protocols[direction] = new int[n];
            fromPorts[direction] = new int[n];
            toPorts[direction] = new int[n];
            destinations[direction] = new int[n];
            masks[direction] = new int[n];
            for (int i = 0; i < n; i++) {
                TrafficRuleInfo rule = of.get(i);
                int mask = mask(rule.getDestinationLength());
                protocols[direction][i] = rule.getProtocol();
                fromPorts[direction][i] = rule.getFromPort();
                toPorts[direction][i] = rule.getToPort();
                masks[direction][i] = mask;
                destinations[direction][i] = rule.getDestination() & mask;
            }
        }
    }

    /** {@return the netmask of a prefix length as the controller sent it (anything longer than 32 is a host)} */
    static int mask(int length) {
        return Ipv4Address.mask(Math.clamp(length, 0, 32));
    }

    /**
     * Whether a packet of IP protocol {@code protocol} to {@code destination}, destination port
     * {@code destinationPort} (-1 when it has none: not TCP or UDP, or a fragment), passes in {@code direction}.
     */
    public boolean passes(int direction, int protocol, int destinationPort, int destination) {
        int[] protocolsOf = protocols[direction];
        if (protocolsOf.length == 0) {
            return true;
        }
        for (int i = 0; i < protocolsOf.length; i++) {
            int p = protocolsOf[i];
            if ((p == 0 || p == protocol) && (destination & masks[direction][i]) == destinations[direction][i]
                && (p == 0 || !hasPorts(p) || destinationPort >= fromPorts[direction][i]
                    && destinationPort <= toPorts[direction][i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPorts(int protocol) {
        return protocol == 6 || protocol == 17;
    }
}
