package io.isthmus.api.resource;

import io.isthmus.wire.MacAddress;
import java.util.Objects;

/**
 * A node's attachment to one subnet: its IPv4 {@code address} (chosen by the caller or allocated) and its virtual
 * {@code mac} (allocated by the controller: see {@code io.isthmus.api.allocation.VirtualMacs}). Part of its
 * {@link Node}; it has its own id so that routes can target it.
 */
public record NetworkInterface(InterfaceId id, SubnetId subnetId, int address, long mac) {

    /** Rejects nulls and a MAC that is not a locally administered unicast MAC-48. */
    public NetworkInterface {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subnetId, "subnetId");
        if (!MacAddress.isValid(mac) || !MacAddress.isUnicast(mac) || !MacAddress.isLocallyAdministered(mac)) {
            throw new IllegalArgumentException("not a locally administered unicast MAC: " + MacAddress.format(mac));
        }
    }
}
