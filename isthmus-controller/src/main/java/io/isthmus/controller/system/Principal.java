package io.isthmus.controller.system;

import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.TenantId;

/** Who makes a request: the operator (hosts, tenants) or a tenant through one of its tokens. */
public sealed interface Principal {
    /** The operator, authenticated by the controller's operator token. */
    record Operator() implements Principal {
    }

    /** A tenant, authenticated by one of its API tokens. */
    record Tenant(TenantId tenantId, ApiTokenId tokenId) implements Principal {
    }
}
