package io.isthmus.api.resource;

import java.util.List;

/**
 * What a caller sets when creating a node: name, host placement, source/destination check (false for an
 * appliance) and its interfaces. Fields may be null here; validation reports them.
 */
public record NodeRequest(String name, HostId hostId, boolean sourceDestCheck, List<InterfaceRequest> interfaces) {
}
