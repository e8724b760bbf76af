package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Objects;

/**
 * A managed virtual network of a tenant: one or more IPv4 CIDR blocks (subnets are carved from them) and the
 * 24-bit {@code overlayId} the controller allocated for it: the "network id" of DESIGN.md that agents embed in
 * substrate addresses to keep tenants' equal IPv4 addresses apart. Never reused while the network exists. Its
 * {@link NetworkOptions} say what its emulated devices offer (MTU, DHCP, SNMP, multicast).
 */
public record Network(NetworkId id, TenantId tenantId, String name, List<Ipv4Prefix> cidrBlocks, int overlayId,
                      NetworkOptions options, long version) {
    /** The largest 24-bit overlay id. */
    public static final int MAX_OVERLAY_ID = 0xff_ffff;

    /** Copies the blocks; rejects nulls, no block, and an overlay id outside 1..2^24-1. */
    public Network {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        cidrBlocks = List.copyOf(cidrBlocks);
        if (cidrBlocks.isEmpty()) {
            throw new IllegalArgumentException("a network has at least one CIDR block");
        }
        if (overlayId < 1 || overlayId > MAX_OVERLAY_ID) {
            throw new IllegalArgumentException("overlay id out of range 1..2^24-1: " + overlayId);
        }
    }

    /** Whether {@code address} lies in one of the network's blocks. */
    public boolean contains(int address) {
        return cidrBlocks.stream().anyMatch(block -> block.contains(address));
    }
}
