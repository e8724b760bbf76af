package io.isthmus.api.resource;

/**
 * What a caller may change on an existing node: its name, its host (a move) and its source/destination check. Its
 * interfaces are fixed for its life.
 */
public record NodeUpdate(String name, HostId hostId, boolean sourceDestCheck) {
}
