package io.isthmus.api.resource;

/**
 * What a caller may change on an existing node: its name, its host (a move), its source/destination check and its
 * declared health (see {@link Node}). Its interfaces are fixed for its life.
 */
public record NodeUpdate(String name, HostId hostId, boolean sourceDestCheck, boolean healthy) {
    /** An update that declares the node healthy. */
    public NodeUpdate(String name, HostId hostId, boolean sourceDestCheck) {
        this(name, hostId, sourceDestCheck, true);
    }
}
