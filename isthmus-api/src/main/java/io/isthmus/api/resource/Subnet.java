package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * A logical subnet of a network, with its own virtual router whose address, the {@code gateway}, is the first
 * address after the network address ({@code .1} of a /24). Its route table and virtual router have ids derived
 * from its own ({@link #routeTableId()}, {@link #deviceId()}). Reserved addresses: see
 * {@code io.isthmus.api.allocation.SubnetAddresses}. Its {@code routing} says which routing protocols its virtual
 * router speaks with which of its nodes ({@link SubnetRouting#OFF}: none).
 */
public record Subnet(SubnetId id, TenantId tenantId, NetworkId networkId, String name, Ipv4Prefix cidr, int gateway,
                     SubnetRouting routing, long version) {

    /** Rejects nulls and a gateway other than the first address after the network address. */
    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(routing, "routing");
        if (gateway != cidr.address() + 1) {
            throw new IllegalArgumentException("the gateway of " + cidr + " is its first address, not "
                + Ipv4Address.format(gateway));
        }
    }

    /** A subnet with routing off. */
    public Subnet(SubnetId id, TenantId tenantId, NetworkId networkId, String name, Ipv4Prefix cidr, int gateway,
                  long version) {
        this(id, tenantId, networkId, name, cidr, gateway, SubnetRouting.OFF, version);
    }

    /** A subnet whose gateway is computed from {@code cidr}, with routing off. */
    public static Subnet of(SubnetId id, TenantId tenantId, NetworkId networkId, String name, Ipv4Prefix cidr,
                            long version) {
        return new Subnet(id, tenantId, networkId, name, cidr, cidr.address() + 1, version);
    }

    /** A copy with {@code routing}. */
    public Subnet withRouting(SubnetRouting routing) {
        return new Subnet(id, tenantId, networkId, name, cidr, gateway, routing, version);
    }

    /** The id of this subnet's route table. */
    public RouteTableId routeTableId() {
        return RouteTableId.ofSubnet(id);
    }

    /** The id of this subnet's virtual router. */
    public NetworkDeviceId deviceId() {
        return NetworkDeviceId.ofSubnet(id);
    }
}
