package io.isthmus.api.validation;

import io.isthmus.api.allocation.SubnetAddresses;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Collection;
import java.util.List;

/**
 * Rules for subnets: a CIDR from /{@value SubnetAddresses#MIN_SUBNET_LENGTH} to
 * /{@value SubnetAddresses#MAX_SUBNET_LENGTH} (as AWS: five addresses are reserved, see {@link SubnetAddresses}),
 * inside one of the network's blocks, overlapping no sibling subnet; deleted only once no interface is attached.
 */
public final class SubnetRules {
    private SubnetRules() {
    }

    /** A new subnet of {@code network}, whose existing subnets are {@code siblings}. */
    public static void validateCreate(SubnetRequest request, Network network, Collection<Subnet> siblings,
                                      Limits limits) {
        validateCreate(request, network, siblings, List.of(), limits);
    }

    /**
     * A new subnet of {@code network}, whose existing subnets are {@code siblings} and nodes {@code nodes}, with its
     * routing judged by {@link RoutingRules}.
     */
    public static void validateCreate(SubnetRequest request, Network network, Collection<Subnet> siblings,
                                      Collection<Node> nodes, Limits limits) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        Ipv4Prefix cidr = request.cidr();
        if (cidr == null) {
            violations.add("/cidr", ProblemType.INVALID_FIELD, "a CIDR is required");
        } else if (cidr.length() < SubnetAddresses.MIN_SUBNET_LENGTH) {
            violations.add("/cidr", ProblemType.PREFIX_TOO_LARGE, cidr + " is too large: subnets are /"
                + SubnetAddresses.MIN_SUBNET_LENGTH + " to /" + SubnetAddresses.MAX_SUBNET_LENGTH);
        } else if (cidr.length() > SubnetAddresses.MAX_SUBNET_LENGTH) {
            violations.add("/cidr", ProblemType.PREFIX_TOO_SMALL, cidr + " is too small: subnets are /"
                + SubnetAddresses.MIN_SUBNET_LENGTH + " to /" + SubnetAddresses.MAX_SUBNET_LENGTH);
        }
        violations.throwIfAny();

        if (network.cidrBlocks().stream().noneMatch(block -> block.contains(cidr))) {
            violations.add("/cidr", ProblemType.CIDR_OUTSIDE_NETWORK,
                cidr + " is not inside any block of network " + network.name() + " " + network.cidrBlocks());
        }
        for (Subnet sibling : siblings) {
            if (sibling.cidr().overlaps(cidr)) {
                violations.add("/cidr", ProblemType.OVERLAPPING_SUBNET,
                    cidr + " overlaps subnet " + sibling.name() + " (" + sibling.cidr() + ")");
            }
        }
        Names.checkUnique(violations, "/name", request.name(), siblings.stream().map(Subnet::name).toList(),
            "another subnet of the network");
        if (request.routing() != null) {
            // A new subnet has no interface yet: any participant is refused as not in the subnet.
            RoutingRules.check(violations, request.routing(), null, nodes);
        }
        if (siblings.size() >= limits.subnetsPerNetwork()) {
            violations.add("", ProblemType.LIMIT_EXCEEDED,
                "network " + network.name() + " already has " + limits.subnetsPerNetwork() + " subnets, the limit");
        }
        violations.throwIfAny();
    }

    /** A rename of {@code current}. */
    public static void validateUpdate(Subnet current, SubnetUpdate update, Collection<Subnet> siblings) {
        validateUpdate(current, update, siblings, List.of());
    }

    /**
     * A change of {@code current}'s name or routing (null fields are left as they are), whose network's nodes are
     * {@code nodes}.
     */
    public static void validateUpdate(Subnet current, SubnetUpdate update, Collection<Subnet> siblings,
                                      Collection<Node> nodes) {
        Violations violations = new Violations();
        if (update.name() != null) {
            Names.check(violations, "/name", update.name());
            violations.throwIfAny();
            Names.checkUnique(violations, "/name", update.name(), siblings.stream()
                .filter(s -> !s.id().equals(current.id())).map(Subnet::name).toList(),
                "another subnet of the network");
        }
        if (update.routing() != null) {
            RoutingRules.check(violations, update.routing(), current.id(), nodes);
        }
        violations.throwIfAny();
    }

    /** The subnet {@code current} becomes with a validated {@code update}. */
    public static Subnet update(Subnet current, SubnetUpdate update) {
        return new Subnet(current.id(), current.tenantId(), current.networkId(),
            update.name() == null ? current.name() : update.name(), current.cidr(), current.gateway(),
            update.routing() == null ? current.routing() : update.routing(), 0);
    }

    /** The deletion of {@code subnet}: refused while any of the network's {@code nodes} has an interface in it. */
    public static void validateDelete(Subnet subnet, Collection<Node> nodes) {
        long attached = nodes.stream().flatMap(n -> n.interfaces().stream())
            .filter(i -> i.subnetId().equals(subnet.id())).count();
        if (attached > 0) {
            Violations violations = new Violations();
            violations.add("", ProblemType.SUBNET_HAS_INTERFACES, "subnet " + subnet.name() + " still has "
                + attached + " interface(s) attached; delete their nodes first");
            violations.throwIfAny();
        }
    }

    /** The subnet the controller creates for a validated request. */
    public static Subnet create(SubnetRequest request, SubnetId id, Network network) {
        return Subnet.of(id, network.tenantId(), network.id(), request.name(), request.cidr(), 0)
            .withRouting(request.routing() == null ? SubnetRouting.OFF : request.routing());
    }
}
