package io.isthmus.api.resource;

/** What a caller may change on an existing subnet: its name (the CIDR is fixed). */
public record SubnetUpdate(String name) {
}
