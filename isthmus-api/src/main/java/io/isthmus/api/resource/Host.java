package io.isthmus.api.resource;

import io.isthmus.wire.Ipv6Prefix;
import java.util.Objects;

/**
 * A machine of the substrate, registered by its agent with the IPv6 prefix the agent owns (default /72; the
 * overlay embeds network id and node address in the bits after it). Hosts belong to the operator, not to a tenant.
 */
public record Host(HostId id, String name, Ipv6Prefix substratePrefix, long version) {

    /** Rejects nulls. */
    public Host {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(substratePrefix, "substratePrefix");
    }
}
