package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.wire.Ipv6Prefix;
import java.util.Collection;

/**
 * Rules for hosts: an agent registers with the substrate prefix it owns, of the deployment's configured length
 * (default /{@value #DEFAULT_PREFIX_LENGTH}: the overlay puts a 24-bit network id and a 32-bit address after it),
 * overlapping no other host's prefix.
 */
public final class HostRules {
    /** The default substrate prefix length of a host. */
    public static final int DEFAULT_PREFIX_LENGTH = 72;

    private HostRules() {
    }

    /** A new host among the registered {@code hosts}, whose prefixes are {@code prefixLength} long. */
    public static void validateRegister(HostRequest request, Collection<Host> hosts, int prefixLength) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        Ipv6Prefix prefix = request.substratePrefix();
        if (prefix == null) {
            violations.add("/substratePrefix", ProblemType.INVALID_FIELD, "a substrate prefix is required");
        } else if (prefix.length() != prefixLength) {
            violations.add("/substratePrefix", ProblemType.INVALID_FIELD,
                "host prefixes are /" + prefixLength + " in this deployment, not /" + prefix.length());
        }
        violations.throwIfAny();
        for (Host host : hosts) {
            if (host.substratePrefix().overlaps(prefix)) {
                violations.add("/substratePrefix", ProblemType.OVERLAPPING_HOST_PREFIX,
                    prefix + " overlaps the prefix of host " + host.name() + " (" + host.substratePrefix() + ")");
            }
        }
        Names.checkUnique(violations, "/name", request.name(), hosts.stream().map(Host::name).toList(),
            "another host");
        violations.throwIfAny();
    }

    /** The host with {@code id}; throws {@link ProblemType#UNKNOWN_HOST} at {@code pointer} if none is registered. */
    public static Host requireKnown(String pointer, HostId id, Collection<Host> hosts) {
        for (Host host : hosts) {
            if (host.id().equals(id)) {
                return host;
            }
        }
        throw ValidationException.of(ProblemType.UNKNOWN_HOST, pointer, "no host " + id + " is registered");
    }
}
