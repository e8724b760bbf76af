package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import java.time.Instant;
import java.util.Collection;

/** Rules for tenants and their API tokens. */
public final class TenantRules {
    private TenantRules() {
    }

    /** A new tenant: a valid name, unique among {@code tenants}. */
    public static void validateCreate(TenantRequest request, Collection<Tenant> tenants) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        violations.throwIfAny();
        Names.checkUnique(violations, "/name", request.name(), tenants.stream().map(Tenant::name).toList(),
            "another tenant");
        violations.throwIfAny();
    }

    /** A new API token: a valid name unique among the tenant's {@code tokens}, an expiry after {@code now}. */
    public static void validateToken(ApiTokenRequest request, Collection<ApiToken> tokens, Instant now) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            violations.add("/expiresAt", ProblemType.INVALID_FIELD,
                "expiresAt " + request.expiresAt() + " is not in the future");
        }
        violations.throwIfAny();
        Names.checkUnique(violations, "/name", request.name(), tokens.stream().map(ApiToken::name).toList(),
            "another token of the tenant");
        violations.throwIfAny();
    }
}
