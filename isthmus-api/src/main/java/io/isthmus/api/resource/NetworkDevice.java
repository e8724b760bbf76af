package io.isthmus.api.resource;

import io.isthmus.api.allocation.VirtualMacs;
import java.util.Objects;

/**
 * A networking device of a network, readable as a resource: for now a subnet's virtual router, with its virtual IP
 * (the subnet's gateway) and virtual MAC. Nothing about it is stored: it is derived from its subnet
 * ({@link #of(Subnet)}) and carries the subnet's version.
 */
public record NetworkDevice(NetworkDeviceId id, TenantId tenantId, NetworkId networkId, SubnetId subnetId,
                            Kind kind, int address, long mac, long version) {

    /** The kinds of device. */
    public enum Kind {
        /** The emulated router of a subnet. */
        VIRTUAL_ROUTER
    }

    /** Rejects nulls. */
    public NetworkDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The virtual router of {@code subnet}. */
    public static NetworkDevice of(Subnet subnet) {
        return new NetworkDevice(subnet.deviceId(), subnet.tenantId(), subnet.networkId(), subnet.id(),
            Kind.VIRTUAL_ROUTER, subnet.gateway(), VirtualMacs.router(subnet.gateway()), subnet.version());
    }
}
