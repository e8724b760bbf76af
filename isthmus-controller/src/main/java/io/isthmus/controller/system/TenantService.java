package io.isthmus.controller.system;

import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.TenantRequest;
import java.util.Optional;

/**
 * Tenants and their API tokens. Methods throw {@link io.isthmus.api.problem.ValidationException} for bad requests
 * and {@link io.isthmus.api.problem.ProblemException} for missing resources and version mismatches. An
 * {@code ifVersion} of 0 means unconditional.
 */
public interface TenantService {
    Tenant create(TenantRequest request);

    Tenant get(TenantId id);

    Page<Tenant> list(String cursor, int limit);

    /** Deletes a tenant that owns no networks any more (else a conflict problem), and its tokens. */
    void delete(TenantId id, long ifVersion);

    IssuedToken issueToken(TenantId tenantId, ApiTokenRequest request);

    Page<ApiToken> tokens(TenantId tenantId, String cursor, int limit);

    void revokeToken(TenantId tenantId, ApiTokenId tokenId);

    /** The tenant principal whose unexpired token has this secret, if any. */
    Optional<Principal.Tenant> authenticate(String secret);
}
