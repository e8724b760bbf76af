package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;

/** What a caller sets when creating a subnet: its name and CIDR (fixed for the subnet's life). */
public record SubnetRequest(String name, Ipv4Prefix cidr) {
}
