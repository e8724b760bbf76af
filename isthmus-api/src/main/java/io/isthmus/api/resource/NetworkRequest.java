package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;

/**
 * What a caller sets when creating a network, or replacing one (PUT): its name, CIDR blocks and options (a replace
 * sets all three). On replace, blocks may be added, and removed when no subnet lies in them. Fields may be null
 * here; validation reports them.
 */
public record NetworkRequest(String name, List<Ipv4Prefix> cidrBlocks, NetworkOptions options) {
    /** A request with the default options. */
    public NetworkRequest(String name, List<Ipv4Prefix> cidrBlocks) {
        this(name, cidrBlocks, NetworkOptions.DEFAULTS);
    }
}
