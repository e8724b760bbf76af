package io.isthmus.api.resource;

import java.util.OptionalInt;

/**
 * One interface of a node being created: its subnet and, optionally, its IPv4 address (empty: the controller
 * allocates the lowest free one). The MAC is always allocated by the controller.
 */
public record InterfaceRequest(SubnetId subnetId, OptionalInt address) {

    /** An interface whose address the controller allocates. */
    public static InterfaceRequest allocated(SubnetId subnetId) {
        return new InterfaceRequest(subnetId, OptionalInt.empty());
    }

    /** An interface with a caller-chosen address. */
    public static InterfaceRequest at(SubnetId subnetId, int address) {
        return new InterfaceRequest(subnetId, OptionalInt.of(address));
    }
}
