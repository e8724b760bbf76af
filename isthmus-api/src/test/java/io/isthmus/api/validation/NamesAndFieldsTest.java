package io.isthmus.api.validation;

import static io.isthmus.api.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.Fixtures;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesAndFieldsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"a", "web", "web-1", "a1b2", "x-y-z"})
    void validNames(String name) {
        assertThat(Names.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Web", "1web", "-web", "web-", "web_1", "wéb", "web.1", "web 1"})
    void invalidNamesAreRejected(String name) {
        assertThat(Names.isValid(name)).isFalse();
        assertRejected(() -> TenantRules.validateCreate(new TenantRequest(name), List.of()),
            ProblemType.INVALID_FIELD, "/name");
    }

    @Test
    void nameLengthIsAtMost63() {
        assertThat(Names.isValid("a".repeat(63))).isTrue();
        assertRejected(() -> TenantRules.validateCreate(new TenantRequest("a".repeat(64)), List.of()),
            ProblemType.INVALID_FIELD, "/name");
        assertRejected(() -> TenantRules.validateCreate(new TenantRequest(null), List.of()),
            ProblemType.INVALID_FIELD, "/name");
    }

    @Test
    void tenantNameInUseIsRejected() {
        assertRejected(() -> TenantRules.validateCreate(new TenantRequest("acme"),
            List.of(new Tenant(Fixtures.TENANT, "acme", 1))), ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void tokenExpiringInThePastIsRejected() {
        assertThatCode(() -> TenantRules.validateToken(new ApiTokenRequest("ci", null), List.of(), NOW))
            .doesNotThrowAnyException();
        assertRejected(() -> TenantRules.validateToken(new ApiTokenRequest("ci", NOW), List.of(), NOW),
            ProblemType.INVALID_FIELD, "/expiresAt");
    }

    @Test
    void tokenNameInUseIsRejected() {
        ApiToken existing = new ApiToken(ApiTokenId.random(Fixtures.RANDOM), Fixtures.TENANT, "ci", "0".repeat(64),
            NOW, NOW.plusSeconds(60), 1);
        assertThat(existing.isExpiredAt(NOW.plusSeconds(60))).isTrue();
        assertThat(existing.isExpiredAt(NOW)).isFalse();
        assertRejected(() -> TenantRules.validateToken(new ApiTokenRequest("ci", null), List.of(existing), NOW),
            ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void tokenHashMustBeSha256Hex() {
        assertThatThrownBy(() -> new ApiToken(ApiTokenId.random(Fixtures.RANDOM), Fixtures.TENANT, "ci", "secret",
            NOW, null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedFieldsAreInvalid() {
        assertThat(Fields.ipv4Prefix("/cidr", "10.0.0.0/16")).isEqualTo(Fixtures.prefix("10.0.0.0/16"));
        assertThat(Fields.ipv4Address("/address", "10.0.0.4")).isEqualTo(Fixtures.ip("10.0.0.4"));
        assertThat(Fields.ipv6Prefix("/p", "2001:db8::/72").length()).isEqualTo(72);
        assertRejected(() -> Fields.ipv4Prefix("/cidr", "10.0.0.1/16"), ProblemType.INVALID_FIELD, "/cidr");
        assertRejected(() -> Fields.ipv4Prefix("/cidr", "10.0.0.0"), ProblemType.INVALID_FIELD, "/cidr");
        assertRejected(() -> Fields.ipv4Address("/address", "10.0.0.256"), ProblemType.INVALID_FIELD, "/address");
        assertRejected(() -> Fields.ipv4Address("/address", null), ProblemType.INVALID_FIELD, "/address");
        assertRejected(() -> Fields.ipv6Prefix("/p", "2001:db8::1/64"), ProblemType.INVALID_FIELD, "/p");
    }

    @Test
    void versionMismatchIsRejected() {
        assertThatCode(() -> Versions.checkMatch(7, 7)).doesNotThrowAnyException();
        assertRejected(() -> Versions.checkMatch(6, 7), ProblemType.VERSION_MISMATCH, "");
    }

    @Test
    void limitsAreAtLeastOne() {
        assertThatThrownBy(() -> new Limits(0, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Limits.DEFAULT.routesPerTable()).isEqualTo(100);
        assertThat(Limits.DEFAULT.targetsPerRoute()).isEqualTo(8);
    }
}
