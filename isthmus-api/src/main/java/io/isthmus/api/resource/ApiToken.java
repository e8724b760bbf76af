package io.isthmus.api.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token of a tenant. The secret itself is shown once, when the token is issued, and never stored: the
 * record keeps its SHA-256 ({@code secretSha256}, lowercase hex) to check presented tokens against.
 * {@code expiresAt} is {@code null} for a token that does not expire.
 */
public record ApiToken(ApiTokenId id, TenantId tenantId, String name, String secretSha256, Instant createdAt,
                       Instant expiresAt, long version) {

    /** Rejects nulls (except {@code expiresAt}) and a hash that is not 64 lowercase hex digits. */
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        if (secretSha256 == null || !secretSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("secretSha256 must be 64 lowercase hex digits");
        }
    }

    /** Whether the token is expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
