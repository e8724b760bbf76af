package io.isthmus.api.resource;

import java.util.Objects;

/**
 * A virtual router of its owner tenant that connects networks, possibly of other tenants, through
 * {@link PeeringAttachment}s, under the owner's {@link PeeringRestrictions}.
 */
public record PeeringRouter(PeeringRouterId id, TenantId tenantId, String name, PeeringRestrictions restrictions,
                            long version) {
    /** Rejects nulls. */
    public PeeringRouter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(restrictions, "restrictions");
    }

    /** The same router at {@code newVersion}. */
    public PeeringRouter withVersion(long newVersion) {
        return new PeeringRouter(id, tenantId, name, restrictions, newVersion);
    }
}
