package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;

/**
 * What a caller sets when creating a subnet: its name and CIDR (fixed for the subnet's life), and its routing
 * (null: off). Fields may be null here; validation reports them.
 */
public record SubnetRequest(String name, Ipv4Prefix cidr, SubnetRouting routing) {
    /** A request with routing off. */
    public SubnetRequest(String name, Ipv4Prefix cidr) {
        this(name, cidr, null);
    }
}
