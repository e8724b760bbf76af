package io.isthmus.api.resource;

import java.util.Objects;

/**
 * A client of the service: owns networks, API tokens and (later) peering routers. {@code version} is the store's
 * modification revision of this record, answered as its ETag.
 */
public record Tenant(TenantId id, String name, long version) {

    /** Rejects nulls. */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
