package io.isthmus.controller.system;

import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;

/** Hosts of the substrate (operator only); each owns a substrate prefix no other host overlaps. */
public interface HostService {
    Host register(HostRequest request);

    Host get(HostId id);

    Page<Host> list(String cursor, int limit);

    /** Deletes a host no node is placed on (else a conflict problem). */
    void delete(HostId id, long ifVersion);
}
