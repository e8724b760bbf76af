package io.isthmus.api.validation;

import static io.isthmus.api.Fixtures.RANDOM;
import static io.isthmus.api.Fixtures.assertRejected;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.AttachmentPolicyUpdate;
import io.isthmus.api.resource.AvailabilityWindow;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.TrafficRule;
import io.isthmus.api.resource.Translation;
import io.isthmus.routing.PrefixRange;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per rule of peering routers and attachments, and one per state transition and refusal. */
class PeeringRulesTest {
    private static final Instant NOW = Instant.parse("2027-03-03T12:00:00Z"); // a Wednesday
    private static final TenantId X = TenantId.random(RANDOM);
    private static final TenantId Y = TenantId.random(RANDOM);
    private static final TenantId Z = TenantId.random(RANDOM);
    private static final Network NX = network(X, "x", "10.0.0.0/24");
    private static final Network NY = network(Y, "y", "10.1.0.0/24");
    private static final Network NY_SAME = network(Y, "y2", "10.0.0.0/24");
    private static final Network NZ = network(Z, "z", "10.2.0.0/24");

    private static Network network(TenantId tenant, String name, String... blocks) {
        return new Network(NetworkId.random(RANDOM), tenant, name,
            Arrays.stream(blocks).map(b -> prefix(b)).toList(), 1, NetworkOptions.DEFAULTS, 1);
    }

    private static PeeringRouter router(PeeringRestrictions restrictions) {
        return new PeeringRouter(PeeringRouterId.random(RANDOM), X, "hub", restrictions, 1);
    }

    private static final PeeringRouter OPEN = router(PeeringRestrictions.NONE);
    private static final PeeringRouter PRE_APPROVED = router(new PeeringRestrictions(List.of(), List.of(), List.of(),
        0, true));

    private static PeeringAttachment attach(PeeringRouter router, Network network, TenantId caller,
                                            AttachmentPolicy policy, PeeringAttachment... existing) {
        return PeeringRules.attach(new PeeringAttachmentRequest(network.id(), policy, 0),
            PeeringAttachmentId.random(RANDOM), router, network, caller, List.of(existing), NOW);
    }

    private static PeeringAttachment attach(PeeringRouter router, Network network, TenantId caller,
                                            PeeringAttachment... existing) {
        return attach(router, network, caller, AttachmentPolicy.DEFAULTS, existing);
    }

    private static AttachmentPolicy policy(OverlapMode overlap, List<Translation> translations,
                                           TrafficRule... rules) {
        return new AttachmentPolicy(List.of(PrefixRange.parse("10.0.0.0/16{16,24}")), List.of(), List.of(rules),
            false, List.of(), overlap, translations);
    }

    private static PeeringRestrictions restrictions(List<AvailabilityWindow> windows, long max) {
        return new PeeringRestrictions(List.of(), List.of(), windows, max, false);
    }

    // Routers

    @Test
    void aRouterIsCreatedWithNoRestrictionsByDefault() {
        PeeringRouter r = PeeringRules.create(new PeeringRouterRequest("hub", null), PeeringRouterId.random(RANDOM),
            X, List.of());
        assertThat(r.restrictions()).isEqualTo(PeeringRestrictions.NONE);
        assertThat(r.tenantId()).isEqualTo(X);
    }

    @Test
    void aRouterNameIsChecked() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("Hub!", null),
            PeeringRouterId.random(RANDOM), X, List.of()), ProblemType.INVALID_FIELD, "/name");
    }

    @Test
    void aRouterNameIsUniqueInTheTenant() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("hub", null),
            PeeringRouterId.random(RANDOM), X, List.of(OPEN)), ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void aWeeklyWindowNamesADay() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("r", restrictions(List.of(
            new AvailabilityWindow.Weekly(Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0))), 0)),
            PeeringRouterId.random(RANDOM), X, List.of()), ProblemType.INVALID_FIELD, "/restrictions/windows/0/days");
    }

    @Test
    void aWeeklyWindowEndsAfterItStarts() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("r", restrictions(List.of(
            new AvailabilityWindow.Weekly(Set.of(DayOfWeek.MONDAY), LocalTime.of(18, 0), LocalTime.of(8, 0))), 0)),
            PeeringRouterId.random(RANDOM), X, List.of()), ProblemType.INVALID_FIELD, "/restrictions/windows/0/end");
    }

    @Test
    void aWeeklyWindowMayEndAtMidnight() {
        AvailabilityWindow w = new AvailabilityWindow.Weekly(Set.of(DayOfWeek.WEDNESDAY), LocalTime.of(18, 0),
            LocalTime.MIDNIGHT);
        PeeringRules.create(new PeeringRouterRequest("r", restrictions(List.of(w), 0)),
            PeeringRouterId.random(RANDOM), X, List.of());
        assertThat(w.contains(Instant.parse("2027-03-03T23:59:59Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2027-03-03T17:59:59Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2027-03-04T18:00:00Z"))).isFalse();
    }

    @Test
    void anAbsoluteWindowEndsAfterItStarts() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("r", restrictions(List.of(
            new AvailabilityWindow.Absolute(NOW, NOW)), 0)), PeeringRouterId.random(RANDOM), X, List.of()),
            ProblemType.INVALID_FIELD, "/restrictions/windows/0/until");
    }

    @Test
    void aMaximumDurationIsNotNegative() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("r", restrictions(List.of(), -1)),
            PeeringRouterId.random(RANDOM), X, List.of()), ProblemType.INVALID_FIELD,
            "/restrictions/maxAttachmentSeconds");
    }

    @Test
    void anAllowedTenantIsListedOnce() {
        assertRejected(() -> PeeringRules.create(new PeeringRouterRequest("r", new PeeringRestrictions(List.of(Y, Y),
            List.of(), List.of(), 0, false)), PeeringRouterId.random(RANDOM), X, List.of()),
            ProblemType.INVALID_FIELD, "/restrictions/tenants");
    }

    @Test
    void anUpdateKeepsWhatItDoesNotSet() {
        PeeringRouter updated = PeeringRules.update(PRE_APPROVED, new PeeringRouterRequest("core", null), List.of());
        assertThat(updated.name()).isEqualTo("core");
        assertThat(updated.restrictions().preApproved()).isTrue();
    }

    @Test
    void anUpdateChecksTheNameAgainstTheOtherRouters() {
        PeeringRouter other = new PeeringRouter(PeeringRouterId.random(RANDOM), X, "core", PeeringRestrictions.NONE,
            1);
        assertRejected(() -> PeeringRules.update(OPEN, new PeeringRouterRequest("core", null), List.of(OPEN, other)),
            ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void aRouterWithAttachmentsCannotBeDeleted() {
        PeeringAttachment a = attach(OPEN, NX, X);
        assertRejected(() -> PeeringRules.validateDelete(OPEN, List.of(a)), ProblemType.ROUTER_HAS_ATTACHMENTS, "");
        PeeringRules.validateDelete(OPEN, List.of());
    }

    // Transitions

    @Test
    void theOwnersOwnNetworkIsActiveAtOnce() {
        PeeringAttachment a = attach(OPEN, NX, X);
        assertThat(a.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        assertThat(a.tenantAccepted() && a.ownerAccepted()).isTrue();
        assertThat(a.expiresAt()).isNull();
    }

    @Test
    void anotherTenantsRequestWaitsForTheOwner() {
        PeeringAttachment a = attach(OPEN, NY, Y);
        assertThat(a.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertThat(a.tenantAccepted()).isTrue();
        assertThat(a.ownerAccepted()).isFalse();
    }

    @Test
    void anotherTenantsRequestOnAPreApprovedRouterIsActiveAtOnce() {
        assertThat(attach(PRE_APPROVED, NY, Y).state()).isEqualTo(PeeringAttachmentState.ACTIVE);
    }

    @Test
    void theOwnersRequestForAnotherTenantsNetworkWaitsForThatTenant() {
        PeeringAttachment a = attach(PRE_APPROVED, NY, X);
        assertThat(a.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertThat(a.ownerAccepted()).isTrue();
        assertThat(a.tenantAccepted()).isFalse();
    }

    @Test
    void pendingToActiveWhenTheMissingPartyAccepts() {
        PeeringAttachment a = PeeringRules.accept(attach(OPEN, NY, Y), X, OPEN, List.of(), NOW);
        assertThat(a.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        PeeringAttachment b = PeeringRules.accept(attach(OPEN, NY, X), Y, OPEN, List.of(), NOW);
        assertThat(b.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
    }

    @Test
    void pendingToRejectedByEitherParty() {
        assertThat(PeeringRules.reject(attach(OPEN, NY, Y), X).state()).isEqualTo(PeeringAttachmentState.REJECTED);
        assertThat(PeeringRules.reject(attach(OPEN, NY, Y), Y).state()).isEqualTo(PeeringAttachmentState.REJECTED);
    }

    @Test
    void activeToExpiredAtItsExpiryTime() {
        PeeringRouter limited = router(restrictions(List.of(), 3600));
        PeeringAttachment a = attach(limited, NX, X);
        assertThat(a.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(a.at(NOW.plusSeconds(3599)).state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        assertThat(a.at(NOW.plusSeconds(3600)).state()).isEqualTo(PeeringAttachmentState.EXPIRED);
    }

    @Test
    void pendingToExpiredAfterThePendingTimeout() {
        PeeringAttachment pending = attach(OPEN, NY, Y);
        Instant deadline = NOW.plus(PeeringAttachmentState.PENDING_TIMEOUT);
        assertThat(PeeringAttachmentState.PENDING_TIMEOUT).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(pending.at(deadline.minusSeconds(1)).state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        PeeringAttachment expired = pending.at(deadline);
        assertThat(expired.state()).isEqualTo(PeeringAttachmentState.EXPIRED);
        assertThat(expired.expiresAt()).isEqualTo(deadline);
        assertThat(expired.holdsRanges()).isFalse();
        assertRejected(() -> PeeringRules.accept(expired, X, OPEN, List.of(), deadline),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
        // Its ranges are free again: an overlapping network attaches without a translation.
        assertThat(attach(OPEN, network(Z, "z", "10.1.0.0/24"), X, expired).translations()).isEmpty();
    }

    @Test
    void anActiveAttachmentDoesNotExpireByThePendingTimeout() {
        PeeringAttachment active = attach(OPEN, NX, X);
        assertThat(active.at(NOW.plus(PeeringAttachmentState.PENDING_TIMEOUT).plusSeconds(1)).state())
            .isEqualTo(PeeringAttachmentState.ACTIVE);
    }

    // Policy updates

    private static final PrefixRange ONLY_10_0 = PrefixRange.parse("10.0.0.0/24{24,32}");

    @Test
    void theNetworksTenantReplacesTheListsItNames() {
        PeeringAttachment y = attach(OPEN, NY, Y);
        PeeringAttachment x = attach(OPEN, NX, X, policy(OverlapMode.REFUSE, List.of()), y);
        TrafficRule ssh = new TrafficRule(TrafficRule.Direction.IN, TrafficRule.Protocol.TCP, 22, 22,
            prefix("0.0.0.0/0"));
        PeeringAttachment updated = PeeringRules.updatePolicy(x, new AttachmentPolicyUpdate(null,
            List.of(ONLY_10_0), List.of(ssh), true, List.of(y.id()), null, null), X, List.of(x, y));
        assertThat(updated.policy().exports()).isEqualTo(x.policy().exports());
        assertThat(updated.policy().imports()).containsExactly(ONLY_10_0);
        assertThat(updated.policy().rules()).containsExactly(ssh);
        assertThat(updated.policy().responsesOnly()).isTrue();
        assertThat(updated.policy().peers()).containsExactly(y.id());
        assertThat(updated.translations()).isEqualTo(x.translations());
        assertThat(updated.state()).isEqualTo(x.state());
        PeeringAttachment cleared = PeeringRules.updatePolicy(updated, new AttachmentPolicyUpdate(List.of(), null,
            List.of(), false, null, OverlapMode.REFUSE, List.of()), X, List.of(updated, y));
        assertThat(cleared.policy().exports()).isEmpty();
        assertThat(cleared.policy().rules()).isEmpty();
        assertThat(cleared.policy().responsesOnly()).isFalse();
        assertThat(cleared.policy().imports()).containsExactly(ONLY_10_0);
    }

    @Test
    void onlyTheNetworksTenantChangesThePolicy() {
        PeeringAttachment y = attach(OPEN, NY, Y);
        assertRejected(() -> PeeringRules.updatePolicy(y, new AttachmentPolicyUpdate(null, null, null, true, null,
            null, null), X, List.of(y)), ProblemType.PEERING_NOT_ALLOWED, "/policy");
        assertThat(PeeringRules.updatePolicy(y, new AttachmentPolicyUpdate(null, null, null, true, null, null, null),
            Y, List.of(y)).policy().responsesOnly()).isTrue();
    }

    @Test
    void theOverlapModeAndTranslationsStay() {
        PeeringAttachment x = attach(OPEN, NX, X);
        ValidationException e = assertRejected(() -> PeeringRules.updatePolicy(x, new AttachmentPolicyUpdate(null,
            null, null, null, null, OverlapMode.TRANSLATE, List.of(new Translation(prefix("10.0.0.0/24"),
            prefix("10.9.0.0/24")))), X, List.of(x)), ProblemType.INVALID_FIELD, "/policy/overlap");
        assertThat(e.errors()).extracting(v -> v.pointer()).containsExactly("/policy/overlap",
            "/policy/translations");
        assertThat(e.errors().getFirst().detail()).contains("cannot be changed");
    }

    @Test
    void anUpdatedPolicyIsValidated() {
        PeeringAttachment x = attach(OPEN, NX, X);
        TrafficRule badPorts = new TrafficRule(TrafficRule.Direction.IN, TrafficRule.Protocol.TCP, 0, 70000,
            prefix("0.0.0.0/0"));
        assertRejected(() -> PeeringRules.updatePolicy(x, new AttachmentPolicyUpdate(null, null, List.of(badPorts),
            null, null, null, null), X, List.of(x)), ProblemType.INVALID_FIELD, "/policy/rules/0/ports");
        assertRejected(() -> PeeringRules.updatePolicy(x, new AttachmentPolicyUpdate(null, null, null, null,
            List.of(PeeringAttachmentId.random(RANDOM)), null, null), X, List.of(x)),
            ProblemType.UNKNOWN_PEER_ATTACHMENT, "/policy/peers/0");
        assertRejected(() -> PeeringRules.updatePolicy(x, new AttachmentPolicyUpdate(null, null, null, null,
            List.of(x.id()), null, null), X, List.of(x)), ProblemType.INVALID_FIELD, "/policy/peers/0");
    }

    @Test
    void aRejectedOrExpiredAttachmentKeepsItsPolicy() {
        PeeringAttachment rejected = PeeringRules.reject(attach(OPEN, NY, Y), Y);
        assertRejected(() -> PeeringRules.updatePolicy(rejected, new AttachmentPolicyUpdate(null, null, null, true,
            null, null, null), Y, List.of(rejected)), ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
    }

    @Test
    void aShorterRequestedDurationIsKept() {
        PeeringRouter limited = router(restrictions(List.of(), 3600));
        PeeringAttachment a = PeeringRules.attach(new PeeringAttachmentRequest(NX.id(), null, 60),
            PeeringAttachmentId.random(RANDOM), limited, NX, X, List.of(), NOW);
        assertThat(a.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void theExpiryStartsAtActivation() {
        PeeringRouter limited = router(restrictions(List.of(), 3600));
        PeeringAttachment pending = attach(limited, NY, Y);
        assertThat(pending.expiresAt()).isNull();
        Instant later = NOW.plusSeconds(100);
        assertThat(PeeringRules.accept(pending, X, limited, List.of(), later).expiresAt())
            .isEqualTo(later.plusSeconds(3600));
    }

    // Refusals of transitions

    @Test
    void anActiveAttachmentCannotBeAccepted() {
        assertRejected(() -> PeeringRules.accept(attach(OPEN, NX, X), X, OPEN, List.of(), NOW),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
    }

    @Test
    void aRejectedAttachmentCannotBeAccepted() {
        PeeringAttachment rejected = PeeringRules.reject(attach(OPEN, NY, Y), X);
        assertRejected(() -> PeeringRules.accept(rejected, X, OPEN, List.of(), NOW),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
    }

    @Test
    void anExpiredAttachmentCannotBeAccepted() {
        PeeringRouter limited = router(restrictions(List.of(), 1));
        PeeringAttachment expired = attach(limited, NX, X).at(NOW.plusSeconds(5));
        assertRejected(() -> PeeringRules.accept(expired, X, limited, List.of(), NOW),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
    }

    @Test
    void aPartyCannotAcceptTwice() {
        assertRejected(() -> PeeringRules.accept(attach(OPEN, NY, Y), Y, OPEN, List.of(), NOW),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "");
    }

    @Test
    void aStrangerCannotAccept() {
        assertRejected(() -> PeeringRules.accept(attach(OPEN, NY, Y), Z, OPEN, List.of(), NOW),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "");
    }

    @Test
    void anActiveAttachmentCannotBeRejected() {
        assertRejected(() -> PeeringRules.reject(attach(OPEN, NX, X), X),
            ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state");
    }

    @Test
    void aStrangerCannotReject() {
        assertRejected(() -> PeeringRules.reject(attach(OPEN, NY, Y), Z), ProblemType.PEERING_NOT_ALLOWED, "");
    }

    @Test
    void activationOutsideTheWindowsIsRefused() {
        PeeringRouter windowed = router(restrictions(List.of(new AvailabilityWindow.Absolute(NOW,
            NOW.plusSeconds(60))), 0));
        PeeringAttachment pending = attach(windowed, NY, Y);
        assertRejected(() -> PeeringRules.accept(pending, X, windowed, List.of(), NOW.plusSeconds(61)),
            ProblemType.OUTSIDE_AVAILABILITY_WINDOW, "");
    }

    @Test
    void activationRechecksOverlaps() {
        PeeringAttachment pending = attach(OPEN, NY_SAME, Y);
        PeeringAttachment x = attach(OPEN, network(X, "x9", "10.0.0.0/16"), X);
        assertRejected(() -> PeeringRules.accept(pending, X, OPEN, List.of(x), NOW),
            ProblemType.OVERLAPPING_PEERING_RANGE, "/networkId");
    }

    // Refusals of attaching

    @Test
    void aStrangerCannotAttachSomeoneElsesNetwork() {
        assertRejected(() -> attach(OPEN, NY, Z), ProblemType.PEERING_NOT_ALLOWED, "/networkId");
    }

    @Test
    void aTenantNotAllowedCannotAttach() {
        PeeringRouter onlyZ = router(new PeeringRestrictions(List.of(Z), List.of(), List.of(), 0, false));
        assertRejected(() -> attach(onlyZ, NY, Y), ProblemType.PEERING_NOT_ALLOWED, "/networkId");
        attach(onlyZ, NZ, Z);
        attach(onlyZ, NX, X);
    }

    @Test
    void aNetworkNotAllowedCannotAttach() {
        PeeringRouter onlyNz = router(new PeeringRestrictions(List.of(), List.of(NZ.id()), List.of(), 0, false));
        assertRejected(() -> attach(onlyNz, NY, Y), ProblemType.PEERING_NOT_ALLOWED, "/networkId");
        attach(onlyNz, NZ, Z);
    }

    @Test
    void attachingOutsideTheWindowsIsRefused() {
        PeeringRouter mondays = router(restrictions(List.of(new AvailabilityWindow.Weekly(Set.of(DayOfWeek.MONDAY),
            LocalTime.of(0, 0), LocalTime.MIDNIGHT)), 0));
        assertRejected(() -> attach(mondays, NX, X), ProblemType.OUTSIDE_AVAILABILITY_WINDOW, "");
    }

    @Test
    void aDurationLongerThanTheRouterAllowsIsRefused() {
        PeeringRouter limited = router(restrictions(List.of(), 3600));
        assertRejected(() -> PeeringRules.attach(new PeeringAttachmentRequest(NX.id(), null, 3601),
            PeeringAttachmentId.random(RANDOM), limited, NX, X, List.of(), NOW), ProblemType.INVALID_FIELD,
            "/durationSeconds");
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertRejected(() -> PeeringRules.attach(new PeeringAttachmentRequest(NX.id(), null, -1),
            PeeringAttachmentId.random(RANDOM), OPEN, NX, X, List.of(), NOW), ProblemType.INVALID_FIELD,
            "/durationSeconds");
    }

    @Test
    void aNetworkAttachesOnce() {
        PeeringAttachment first = attach(OPEN, NX, X);
        assertRejected(() -> attach(OPEN, NX, X, first), ProblemType.ALREADY_ATTACHED, "/networkId");
    }

    @Test
    void aPeerIsAnAttachmentOfTheSameRouter() {
        AttachmentPolicy p = new AttachmentPolicy(List.of(), List.of(), List.of(), false,
            List.of(PeeringAttachmentId.random(RANDOM)), OverlapMode.REFUSE, List.of());
        assertRejected(() -> attach(OPEN, NX, X, p), ProblemType.UNKNOWN_PEER_ATTACHMENT, "/policy/peers/0");
        PeeringAttachment y = attach(OPEN, NY, Y);
        AttachmentPolicy toY = new AttachmentPolicy(List.of(), List.of(), List.of(), true, List.of(y.id()),
            OverlapMode.REFUSE, List.of());
        assertThat(attach(OPEN, NX, X, toY, y).policy().peers()).containsExactly(y.id());
    }

    // Policy

    @Test
    void aTcpRuleHasAPortRange() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.REFUSE, List.of(), new TrafficRule(
            TrafficRule.Direction.IN, TrafficRule.Protocol.TCP, 0, 0, prefix("10.0.0.5/32")))),
            ProblemType.INVALID_FIELD, "/policy/rules/0/ports");
    }

    @Test
    void aPortRangeIsInOrder() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.REFUSE, List.of(), new TrafficRule(
            TrafficRule.Direction.IN, TrafficRule.Protocol.UDP, 90, 80, prefix("0.0.0.0/0")))),
            ProblemType.INVALID_FIELD, "/policy/rules/0/ports");
    }

    @Test
    void aPortAbove65535IsRefused() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.REFUSE, List.of(), new TrafficRule(
            TrafficRule.Direction.OUT, TrafficRule.Protocol.TCP, 80, 65536, prefix("0.0.0.0/0")))),
            ProblemType.INVALID_FIELD, "/policy/rules/0/ports");
    }

    @Test
    void anIcmpRuleHasNoPorts() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.REFUSE, List.of(), new TrafficRule(
            TrafficRule.Direction.IN, TrafficRule.Protocol.ICMP, 80, 80, prefix("0.0.0.0/0")))),
            ProblemType.INVALID_FIELD, "/policy/rules/0/ports");
    }

    @Test
    void aValidPolicyIsKept() {
        AttachmentPolicy p = policy(OverlapMode.REFUSE, List.of(), new TrafficRule(TrafficRule.Direction.IN,
            TrafficRule.Protocol.TCP, 80, 80, prefix("10.0.0.5/32")), new TrafficRule(TrafficRule.Direction.OUT,
            TrafficRule.Protocol.ANY, 0, 0, prefix("0.0.0.0/0")));
        assertThat(attach(OPEN, NX, X, p).policy()).isEqualTo(p);
    }

    @Test
    void aFilterIsListedOnce() {
        PrefixRange range = PrefixRange.parse("10.0.0.0/16{16,24}");
        AttachmentPolicy p = new AttachmentPolicy(List.of(range, range), List.of(), List.of(), false, List.of(),
            OverlapMode.REFUSE, List.of());
        assertRejected(() -> attach(OPEN, NX, X, p), ProblemType.INVALID_FIELD, "/policy/exports");
    }

    @Test
    void representativesNeedTranslate() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.REFUSE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.9.0.0/24"))))),
            ProblemType.INVALID_FIELD, "/policy/translations");
    }

    @Test
    void aRepresentedBlockIsABlockOfTheNetwork() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.5.0.0/24"), prefix("10.9.0.0/24"))))),
            ProblemType.INVALID_FIELD, "/policy/translations/0/block");
    }

    @Test
    void aRepresentativeHasItsBlocksLength() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.9.0.0/16"))))),
            ProblemType.INVALID_FIELD, "/policy/translations/0/representative");
    }

    @Test
    void aRepresentativeIsUnicast() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("127.0.0.0/24"))))),
            ProblemType.CIDR_NOT_UNICAST, "/policy/translations/0/representative");
    }

    @Test
    void aBlockHasOneRepresentative() {
        assertRejected(() -> attach(OPEN, NX, X, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.9.0.0/24")),
                new Translation(prefix("10.0.0.0/24"), prefix("10.9.1.0/24"))))),
            ProblemType.INVALID_FIELD, "/policy/translations/1/block");
    }

    // Overlaps

    @Test
    void anOverlapIsRefusedWithAFreeRangeSuggested() {
        PeeringAttachment x = attach(OPEN, NX, X);
        ValidationException e = assertRejected(() -> attach(PRE_APPROVED, NY_SAME, Y, x),
            ProblemType.OVERLAPPING_PEERING_RANGE, "/networkId");
        assertThat(e.errors().getFirst().detail()).contains("10.0.0.0/24").contains("10.0.1.0/24 is free");
    }

    @Test
    void aPendingAttachmentHoldsItsRanges() {
        PeeringAttachment pending = attach(OPEN, NY_SAME, Y);
        assertRejected(() -> attach(OPEN, NX, X, pending), ProblemType.OVERLAPPING_PEERING_RANGE, "/networkId");
    }

    @Test
    void aRejectedAttachmentHoldsNoRange() {
        PeeringAttachment rejected = PeeringRules.reject(attach(OPEN, NY_SAME, Y), X);
        assertThat(attach(OPEN, NX, X, rejected).translations()).isEmpty();
    }

    @Test
    void translateWithoutARepresentativeGetsTheLowestFreeRange() {
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment z = attach(OPEN, network(X, "z", "10.0.1.0/24"), X, x);
        PeeringAttachment y = attach(PRE_APPROVED, NY_SAME, Y, policy(OverlapMode.TRANSLATE, List.of()), x, z);
        assertThat(y.translations()).containsExactly(new Translation(prefix("10.0.0.0/24"), prefix("10.0.2.0/24")));
        assertThat(y.visibleRanges()).containsExactly(prefix("10.0.2.0/24"));
    }

    @Test
    void translateLeavesABlockWithoutOverlapAlone() {
        assertThat(attach(OPEN, NX, X, policy(OverlapMode.TRANSLATE, List.of())).translations()).isEmpty();
    }

    @Test
    void aGivenRepresentativeIsKept() {
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment y = attach(PRE_APPROVED, NY_SAME, Y, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("210.0.0.0/24")))), x);
        assertThat(y.visibleRanges()).containsExactly(prefix("210.0.0.0/24"));
    }

    @Test
    void aGivenRepresentativeThatOverlapsIsRefused() {
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment y = attach(PRE_APPROVED, NY, Y, x);
        ValidationException e = assertRejected(() -> attach(PRE_APPROVED, NY_SAME, Y, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.1.0.0/24")))), x, y),
            ProblemType.OVERLAPPING_PEERING_RANGE, "/policy/translations/0/representative");
        assertThat(e.errors().getFirst().detail()).contains("10.0.1.0/24 is free");
    }

    @Test
    void aChosenRepresentativeAvoidsTranslatedBlocksToo() {
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment y = attach(PRE_APPROVED, NY_SAME, Y, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.0.1.0/24")))), x);
        PeeringAttachment z = attach(PRE_APPROVED, network(Z, "z", "10.0.0.0/24"), Z,
            policy(OverlapMode.TRANSLATE, List.of()), x, y);
        assertThat(z.visibleRanges()).containsExactly(prefix("10.0.2.0/24"));
    }

    // Links

    private static final PeeringRouter OF_X = new PeeringRouter(PeeringRouterId.random(RANDOM), X, "x2",
        PeeringRestrictions.NONE, 1);
    private static final PeeringRouter OF_Y = new PeeringRouter(PeeringRouterId.random(RANDOM), Y, "y1",
        PeeringRestrictions.NONE, 1);

    @Test
    void aLinkBetweenRoutersOfOneOwnerIsActiveAtOnce() {
        assertThat(PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_X, X, List.of(), NOW).state())
            .isEqualTo(PeeringAttachmentState.ACTIVE);
    }

    @Test
    void aLinkToAnotherOwnersRouterWaitsForItsAcceptance() {
        PeeringLink link = PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(), NOW);
        assertThat(link.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertThat(PeeringRules.acceptLink(link, Y).state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        assertThat(PeeringRules.rejectLink(link, Y).state()).isEqualTo(PeeringAttachmentState.REJECTED);
    }

    @Test
    void onlyThePeerOwnerAnswersALink() {
        PeeringLink link = PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(), NOW);
        assertRejected(() -> PeeringRules.acceptLink(link, X), ProblemType.INVALID_ATTACHMENT_TRANSITION, "");
        assertRejected(() -> PeeringRules.rejectLink(link, Z), ProblemType.INVALID_ATTACHMENT_TRANSITION, "");
    }

    @Test
    void anAnsweredLinkIsNotAnsweredAgain() {
        PeeringLink active = PeeringRules.acceptLink(PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X,
            List.of(), NOW), Y);
        assertRejected(() -> PeeringRules.acceptLink(active, Y), ProblemType.INVALID_ATTACHMENT_TRANSITION,
            "/state");
        assertRejected(() -> PeeringRules.rejectLink(active, Y), ProblemType.INVALID_ATTACHMENT_TRANSITION,
            "/state");
    }

    @Test
    void aPendingLinkExpiresAfterThePendingTimeout() {
        PeeringLink link = PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(), NOW);
        Instant deadline = NOW.plus(PeeringAttachmentState.PENDING_TIMEOUT);
        assertThat(link.requestedAt()).isEqualTo(NOW);
        assertThat(link.at(deadline.minusSeconds(1)).state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertThat(link.at(deadline).state()).isEqualTo(PeeringAttachmentState.EXPIRED);
        assertRejected(() -> PeeringRules.acceptLink(link.at(deadline), Y), ProblemType.INVALID_ATTACHMENT_TRANSITION,
            "/state");
        PeeringLink active = PeeringRules.acceptLink(link, Y);
        assertThat(active.at(deadline.plusSeconds(1)).state()).isEqualTo(PeeringAttachmentState.ACTIVE);
    }

    @Test
    void joiningFabricsWithOverlappingUntranslatedRangesIsRefused() {
        PeeringLink link = PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(), NOW);
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment y = attach(OF_Y, NY_SAME, Y);
        PeeringAttachment z = attach(OF_Y, NZ, Z);
        ValidationException e = assertRejected(() -> PeeringRules.checkJoin(link, List.of(x), List.of(z, y)),
            ProblemType.OVERLAPPING_PEERING_RANGE, "");
        assertThat(e.errors().getFirst().detail()).contains("10.0.0.0/24 of attachment " + x.id())
            .contains("attachment " + y.id()).doesNotContain(z.id().value());
        PeeringRules.checkJoin(link, List.of(x), List.of(z));
        PeeringRules.checkJoin(link, List.of(x), List.of(y.with(PeeringAttachmentState.EXPIRED, true, true,
            y.translations(), NOW)));
    }

    @Test
    void joiningFabricsWhereOneSideTranslatesIsAllowed() {
        PeeringLink link = PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(), NOW);
        PeeringAttachment x = attach(OPEN, NX, X);
        PeeringAttachment y = attach(OF_Y, NY_SAME, Y, policy(OverlapMode.TRANSLATE,
            List.of(new Translation(prefix("10.0.0.0/24"), prefix("10.7.0.0/24")))));
        PeeringRules.checkJoin(link, List.of(x), List.of(y));
        PeeringAttachment w = attach(OPEN, network(Z, "w", "10.7.0.0/24"), X);
        assertRejected(() -> PeeringRules.checkJoin(link, List.of(x, w), List.of(y)),
            ProblemType.OVERLAPPING_PEERING_RANGE, "");
    }

    @Test
    void onlyTheRoutersOwnerLinksIt() {
        assertRejected(() -> PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, Y, List.of(), NOW),
            ProblemType.PEERING_NOT_ALLOWED, "");
    }

    @Test
    void aRouterIsNotLinkedToItself() {
        assertRejected(() -> PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OPEN, X, List.of(), NOW),
            ProblemType.INVALID_FIELD, "/peerRouterId");
    }

    @Test
    void twoRoutersHaveOneLink() {
        PeeringLink first = PeeringRules.link(PeeringLinkId.random(RANDOM), OF_Y, OPEN, Y, List.of(), NOW);
        assertRejected(() -> PeeringRules.link(PeeringLinkId.random(RANDOM), OPEN, OF_Y, X, List.of(first), NOW),
            ProblemType.ALREADY_ATTACHED, "/peerRouterId");
    }
}
