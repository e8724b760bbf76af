package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rules for a subnet's routing ({@link SubnetRouting}): the ranges of each protocol's settings, and who may
 * participate. A participant must be an appliance of the subnet's network with an interface in the subnet: the routes
 * it announces are forwarded to that interface, which only an appliance accepts. Its protocols are among the
 * subnet's; for BGP it names its own AS number, different from the virtual router's (the sessions are eBGP).
 */
public final class RoutingRules {
    /** AS_TRANS, the placeholder of a 4-octet AS number in a 2-octet field (RFC 6793 section 9): never a real AS. */
    public static final long AS_TRANS = 23_456;
    /** The largest 4-octet AS number. */
    public static final long MAX_ASN = 0xffff_ffffL;
    /** The shortest non-zero BGP hold time (RFC 4271 section 4.2). */
    public static final int MIN_HOLD_TIME = 3;
    /** The largest value of a 16-bit timer or cost. */
    public static final int MAX_16_BIT = 65_535;
    /** The longest RIP password or MD5 key (the 16-byte field of RFC 2453 section 4.1 and RFC 4822). */
    public static final int MAX_RIP_KEY_LENGTH = 16;
    /** The largest RIP MD5 key id (one octet, RFC 4822 section 2). */
    public static final int MAX_RIP_KEY_ID = 255;
    /** The most participants of one subnet. */
    public static final int MAX_PARTICIPANTS = 64;
    /** The most prefix ranges one participant may be allowed. */
    public static final int MAX_ALLOWED_PREFIXES = 256;

    private RoutingRules() {
    }

    /**
     * Adds to {@code violations} what is wrong with {@code routing} for subnet {@code subnet}, whose network's nodes
     * are {@code nodes}.
     */
    static void check(Violations violations, SubnetRouting routing, SubnetId subnet, Collection<Node> nodes) {
        String base = "/routing";
        Set<RoutingProtocol> enabled = routing.protocols();
        int routerId = routing.routerId();
        if (routerId != 0 && NetworkRules.NON_UNICAST.stream().anyMatch(r -> r.contains(routerId))) {
            violations.add(base + "/routerId", ProblemType.INVALID_FIELD,
                "a router id of " + Ipv4Address.format(routerId) + " is not a unicast address");
        }
        if (enabled.contains(RoutingProtocol.BGP)) {
            checkAsn(violations, base + "/bgp/asn", routing.bgp().asn());
            int hold = routing.bgp().holdTimeSeconds();
            if (hold != 0 && (hold < MIN_HOLD_TIME || hold > MAX_16_BIT)) {
                violations.add(base + "/bgp/holdTimeSeconds", ProblemType.INVALID_FIELD, "a hold time of " + hold
                    + " s is neither 0 nor " + MIN_HOLD_TIME + ".." + MAX_16_BIT + " (RFC 4271 section 4.2)");
            }
        }
        if (enabled.contains(RoutingProtocol.OSPF)) {
            SubnetRouting.Ospf ospf = routing.ospf();
            if (ospf.helloSeconds() < 1 || ospf.helloSeconds() > MAX_16_BIT) {
                violations.add(base + "/ospf/helloSeconds", ProblemType.INVALID_FIELD,
                    "a hello interval of " + ospf.helloSeconds() + " s is outside 1.." + MAX_16_BIT);
            } else if (ospf.deadSeconds() <= ospf.helloSeconds() || ospf.deadSeconds() > MAX_16_BIT) {
                violations.add(base + "/ospf/deadSeconds", ProblemType.INVALID_FIELD, "a dead interval of "
                    + ospf.deadSeconds() + " s must be longer than the hello interval (" + ospf.helloSeconds()
                    + " s) and at most " + MAX_16_BIT);
            }
            if (ospf.cost() < 1 || ospf.cost() > MAX_16_BIT) {
                violations.add(base + "/ospf/cost", ProblemType.INVALID_FIELD,
                    "an OSPF cost of " + ospf.cost() + " is outside 1.." + MAX_16_BIT);
            }
        }
        if (enabled.contains(RoutingProtocol.RIP)) {
            checkRip(violations, base + "/rip", routing.rip());
        }
        List<RoutingParticipant> participants = routing.participants();
        if (participants.size() > MAX_PARTICIPANTS) {
            violations.add(base + "/participants", ProblemType.LIMIT_EXCEEDED,
                "a subnet has at most " + MAX_PARTICIPANTS + " routing participants, not " + participants.size());
            return;
        }
        Map<NodeId, Node> byId = nodes.stream().collect(Collectors.toMap(Node::id, Function.identity(), (a, b) -> a));
        Set<NodeId> seen = new HashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            checkParticipant(violations, base + "/participants/" + i, participants.get(i), routing, subnet, byId,
                seen);
        }
    }

    /** The interface of {@code node} in {@code subnet}, if it has one. */
    public static Optional<NetworkInterface> interfaceIn(Node node, SubnetId subnet) {
        return node.interfaces().stream().filter(i -> i.subnetId().equals(subnet)).findFirst();
    }

    private static void checkParticipant(Violations violations, String pointer, RoutingParticipant participant,
                                         SubnetRouting routing, SubnetId subnet, Map<NodeId, Node> nodes,
                                         Set<NodeId> seen) {
        NodeId id = participant.node();
        if (!seen.add(id)) {
            violations.add(pointer + "/node", ProblemType.INVALID_FIELD,
                "node " + id.value() + " is listed as a participant more than once");
        }
        Node node = nodes.get(id);
        if (node == null) {
            violations.add(pointer + "/node", ProblemType.UNKNOWN_PARTICIPANT,
                "node " + id.value() + " is not a node of the subnet's network");
        } else if (!node.isAppliance()) {
            violations.add(pointer + "/node", ProblemType.PARTICIPANT_NOT_APPLIANCE, "node " + node.name()
                + " has its source/destination check on; a routing participant must be an appliance, since the "
                + "routes it announces forward traffic to it (turn sourceDestCheck off)");
        } else if (interfaceIn(node, subnet).isEmpty()) {
            violations.add(pointer + "/node", ProblemType.PARTICIPANT_NOT_IN_SUBNET, "node " + node.name()
                + " has no interface in the subnet, so it cannot peer with the subnet's virtual router");
        }
        if (participant.protocols().isEmpty()) {
            violations.add(pointer + "/protocols", ProblemType.INVALID_FIELD,
                "a participant speaks at least one protocol");
        }
        for (RoutingProtocol protocol : participant.protocols()) {
            if (!routing.protocols().contains(protocol)) {
                violations.add(pointer + "/protocols", ProblemType.INVALID_FIELD,
                    protocol + " is not enabled on the subnet " + routing.protocols());
            }
        }
        if (participant.protocols().contains(RoutingProtocol.BGP)) {
            if (participant.asn() == 0) {
                violations.add(pointer + "/asn", ProblemType.INVALID_FIELD, "a BGP participant needs its AS number");
            } else if (checkAsn(violations, pointer + "/asn", participant.asn())
                && participant.asn() == routing.bgp().asn()) {
                violations.add(pointer + "/asn", ProblemType.INVALID_FIELD, "AS " + participant.asn()
                    + " is the virtual router's own; participants peer over eBGP with a different AS number");
            }
        }
        List<PrefixRange> allowed = participant.policy().allowed();
        if (allowed.size() > MAX_ALLOWED_PREFIXES) {
            violations.add(pointer + "/allowedPrefixes", ProblemType.LIMIT_EXCEEDED,
                "a participant has at most " + MAX_ALLOWED_PREFIXES + " allowed prefix ranges, not " + allowed.size());
        }
    }

    private static boolean checkAsn(Violations violations, String pointer, long asn) {
        if (asn < 1 || asn > MAX_ASN) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "AS number " + asn + " is outside 1.." + MAX_ASN);
            return false;
        }
        if (asn == AS_TRANS) {
            violations.add(pointer, ProblemType.INVALID_FIELD,
                "AS number 23456 is AS_TRANS (RFC 6793 section 9), not a real AS");
            return false;
        }
        return true;
    }

    private static void checkRip(Violations violations, String pointer, SubnetRouting.Rip rip) {
        String key = rip.key();
        switch (rip.authentication()) {
            case NONE -> {
                if (key != null) {
                    violations.add(pointer + "/key", ProblemType.INVALID_FIELD,
                        "a key without authentication would be ignored; set authentication PASSWORD or MD5");
                }
            }
            case PASSWORD, MD5 -> {
                if (key == null || key.isEmpty() || key.length() > MAX_RIP_KEY_LENGTH
                    || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    violations.add(pointer + "/key", ProblemType.INVALID_FIELD, rip.authentication()
                        + " authentication needs a key of 1 to " + MAX_RIP_KEY_LENGTH + " printable ASCII characters");
                }
            }
        }
        if (rip.authentication() == SubnetRouting.RipAuthentication.MD5
            && (rip.keyId() < 0 || rip.keyId() > MAX_RIP_KEY_ID)) {
            violations.add(pointer + "/keyId", ProblemType.INVALID_FIELD,
                "an MD5 key id of " + rip.keyId() + " is outside 0.." + MAX_RIP_KEY_ID);
        }
    }
}
