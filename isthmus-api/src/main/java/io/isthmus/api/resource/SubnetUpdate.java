package io.isthmus.api.resource;

/**
 * What a caller may change on an existing subnet (the CIDR is fixed): its name and its routing. A null field is left
 * as it is (a PATCH).
 */
public record SubnetUpdate(String name, SubnetRouting routing) {
    /** A rename. */
    public SubnetUpdate(String name) {
        this(name, null);
    }
}
