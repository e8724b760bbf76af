package io.isthmus.controller.system;

import io.isthmus.api.allocation.TokenSecrets;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.api.validation.Names;
import io.isthmus.api.validation.TenantRules;
import io.isthmus.controller.store.KeyValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link TenantService} on the store. Tenant and token names are unique through claim keys; a token is found by
 * the SHA-256 of its secret through {@code /token-hashes/}. Deleting a tenant compares its generation key, which
 * every network create/delete and token issue/revoke bumps, so no network or token appears behind its back.
 */
public final class StoreTenantService implements TenantService {
    private final StoreAccess access;
    private final SecureRandom secrets = new SecureRandom();

    StoreTenantService(StoreAccess access) {
        this.access = access;
    }

    @Override
    public Tenant create(TenantRequest request) {
        return access.write("creating tenant " + request.name(), attempt -> {
            List<Tenant> holders = List.of();
            if (Names.isValid(request.name())) {
                holders = access.text(Keys.tenantName(request.name()))
                    .flatMap(id -> access.read(Keys.tenant(new TenantId(id)), Tenant.class)).stream().toList();
            }
            TenantRules.validateCreate(request, holders);
            TenantId id = TenantId.random(access.random);
            return new StoreAccess.Batch()
                .absent(Keys.tenant(id)).absent(Keys.tenantName(request.name()))
                .put(Keys.tenant(id), new Tenant(id, request.name(), 0))
                .putText(Keys.tenantName(request.name()), id.value())
                .then(revision -> new Tenant(id, request.name(), revision));
        });
    }

    @Override
    public Tenant get(TenantId id) {
        return access.read(Keys.tenant(id), Tenant.class).orElseThrow(() -> StoreAccess.notFound("tenant", id));
    }

    @Override
    public Page<Tenant> list(String cursor, int limit) {
        return access.page(Keys.tenants(), cursor, limit, Tenant.class);
    }

    @Override
    public void delete(TenantId id, long ifVersion) {
        access.write("deleting tenant " + id, attempt -> {
            long generation = access.generation(Keys.tenantGeneration(id));
            Tenant tenant = get(id);
            StoreAccess.checkVersion(ifVersion, tenant.version());
            if (access.any(Keys.networks(id))) {
                throw new ProblemException(ProblemType.RESOURCE_IN_USE,
                    "tenant " + tenant.name() + " still owns networks; delete them first");
            }
            if (access.any(Keys.peeringRouters(id))) {
                throw new ProblemException(ProblemType.RESOURCE_IN_USE,
                    "tenant " + tenant.name() + " still owns peering routers; delete them first");
            }
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .generation(Keys.tenantGeneration(id), generation).unchanged(Keys.tenant(id), tenant.version())
                .delete(Keys.tenant(id)).delete(Keys.tenantName(tenant.name())).delete(Keys.tenantGeneration(id));
            for (ApiToken token : access.all(Keys.tokens(id), ApiToken.class)) {
                batch.delete(Keys.token(id, token.id())).delete(Keys.tokenName(id, token.name()))
                    .delete(Keys.tokenHash(token.secretSha256()));
            }
            return batch.then(revision -> null);
        });
    }

    @Override
    public IssuedToken issueToken(TenantId tenantId, ApiTokenRequest request) {
        return access.write("issuing a token of " + tenantId, attempt -> {
            KeyValue tenant = access.get(Keys.tenant(tenantId))
                .orElseThrow(() -> StoreAccess.notFound("tenant", tenantId));
            List<ApiToken> holders = List.of();
            if (Names.isValid(request.name())) {
                holders = access.text(Keys.tokenName(tenantId, request.name()))
                    .flatMap(id -> access.read(Keys.token(tenantId, new ApiTokenId(id)), ApiToken.class))
                    .stream().toList();
            }
            Instant now = access.clock.instant();
            TenantRules.validateToken(request, holders, now);
            String secret;
            synchronized (secrets) {
                secret = TokenSecrets.generate(secrets);
            }
            String hash = TokenSecrets.sha256(secret);
            ApiTokenId id = ApiTokenId.random(access.random);
            ApiToken token = new ApiToken(id, tenantId, request.name(), hash, now, request.expiresAt(), 0);
            return new StoreAccess.Batch()
                .unchanged(Keys.tenant(tenantId), tenant.modRevision())
                .absent(Keys.token(tenantId, id)).absent(Keys.tokenName(tenantId, request.name()))
                .absent(Keys.tokenHash(hash))
                .put(Keys.token(tenantId, id), token)
                .putText(Keys.tokenName(tenantId, request.name()), id.value())
                .putText(Keys.tokenHash(hash), tenantId.value() + "/" + id.value())
                .bump(Keys.tenantGeneration(tenantId))
                .then(revision -> new IssuedToken(new ApiToken(id, tenantId, token.name(), hash, now,
                    token.expiresAt(), revision), secret));
        });
    }

    @Override
    public Page<ApiToken> tokens(TenantId tenantId, String cursor, int limit) {
        get(tenantId);
        return access.page(Keys.tokens(tenantId), cursor, limit, ApiToken.class);
    }

    @Override
    public void revokeToken(TenantId tenantId, ApiTokenId tokenId) {
        access.write("revoking token " + tokenId, attempt -> {
            ApiToken token = access.read(Keys.token(tenantId, tokenId), ApiToken.class)
                .orElseThrow(() -> StoreAccess.notFound("token", tokenId));
            return new StoreAccess.Batch()
                .unchanged(Keys.token(tenantId, tokenId), token.version())
                .delete(Keys.token(tenantId, tokenId)).delete(Keys.tokenName(tenantId, token.name()))
                .delete(Keys.tokenHash(token.secretSha256())).bump(Keys.tenantGeneration(tenantId))
                .then(revision -> null);
        });
    }

    @Override
    public Optional<Principal.Tenant> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TokenSecrets.PREFIX)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.sha256(secret);
        Optional<String> holder = access.text(Keys.tokenHash(hash));
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        String[] ids = holder.get().split("/", 2);
        TenantId tenantId = new TenantId(ids[0]);
        Instant now = access.clock.instant();
        return access.read(Keys.token(tenantId, new ApiTokenId(ids[1])), ApiToken.class)
            .filter(token -> TokenSecrets.matches(secret, token.secretSha256()))
            .filter(token -> !token.isExpiredAt(now))
            .map(token -> new Principal.Tenant(tenantId, token.id()));
    }
}
