package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.Translation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peering service on a real store: visibility, the state machine through the store, overlaps, deletes. */
class PeeringServiceTest extends SystemFixture {
    Tenant x;
    Tenant y;
    Tenant z;
    Network nx;
    Network ny;
    PeeringRouter hub;

    @BeforeEach
    void routerOfX() {
        x = tenant("x");
        y = tenant("y");
        z = tenant("z");
        nx = network(x, "nx", "10.0.0.0/24");
        ny = network(y, "ny", "10.0.0.0/24");
        hub = system.peering().create(x.id(), new PeeringRouterRequest("hub", null));
    }

    private PeeringAttachment attach(Tenant caller, Network network, AttachmentPolicy policy) {
        return system.peering().attach(caller.id(), hub.id(), new PeeringAttachmentRequest(network.id(), policy, 0));
    }

    @Test
    void aRouterIsVisibleToItsOwnerOnly() {
        assertThat(system.peering().get(x.id(), hub.id())).isEqualTo(hub);
        assertThat(system.peering().list(x.id(), null, 10).items()).containsExactly(hub);
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().get(y.id(), hub.id()));
        assertThat(system.peering().list(y.id(), null, 10).items()).isEmpty();
        assertValidation(ProblemType.NAME_IN_USE,
            () -> system.peering().create(x.id(), new PeeringRouterRequest("hub", null)));
    }

    @Test
    void aRouterIsUpdatedAndSurvivesAReopen() {
        PeeringRouter updated = system.peering().update(x.id(), hub.id(), new PeeringRouterRequest("core",
            new PeeringRestrictions(List.of(y.id()), List.of(), List.of(), 3600, true)), hub.version());
        assertThat(updated.name()).isEqualTo("core");
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.peering().update(x.id(), hub.id(),
            new PeeringRouterRequest("c2", null), hub.version()));
        reopen();
        assertThat(system.peering().get(x.id(), hub.id())).isEqualTo(updated);
        system.peering().create(x.id(), new PeeringRouterRequest("hub", null));
    }

    @Test
    void anOverlapIsRefusedThroughTheStoreWithASuggestion() {
        attach(x, nx, null);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> attach(y, ny, null));
        assertValidation(ProblemType.OVERLAPPING_PEERING_RANGE, () -> attach(y, ny, null));
        assertThat(thrown).hasMessageContaining("10.0.1.0/24 is free");
    }

    @Test
    void requestAcceptListAndDetach() {
        attach(x, nx, null);
        AttachmentPolicy translate = new AttachmentPolicy(List.of(), List.of(), List.of(), true, List.of(),
            OverlapMode.TRANSLATE, List.of());
        PeeringAttachment pending = attach(y, ny, translate);
        assertThat(pending.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertThat(pending.translations()).containsExactly(new Translation(prefix("10.0.0.0/24"),
            prefix("10.0.1.0/24")));
        assertThat(system.peering().attachments(x.id(), hub.id())).hasSize(2);
        assertThat(system.peering().networkAttachments(y.id(), ny.id())).containsExactly(pending);
        assertThat(system.peering().attachments(y.id())).containsExactly(pending);
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().attachment(z.id(), pending.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().attachments(y.id(), hub.id()));
        assertValidation(ProblemType.INVALID_ATTACHMENT_TRANSITION,
            () -> system.peering().accept(y.id(), pending.id(), 0));
        PeeringAttachment active = system.peering().accept(x.id(), pending.id(), pending.version());
        assertThat(active.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        assertThat(system.peering().attachment(y.id(), pending.id())).isEqualTo(active);
        assertValidation(ProblemType.ROUTER_HAS_ATTACHMENTS, () -> system.peering().delete(x.id(), hub.id(), 0));
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.networks().delete(y.id(), ny.id(), 0));
        system.peering().detach(y.id(), active.id(), 0);
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().attachment(x.id(), active.id()));
        assertThat(system.peering().networkAttachments(y.id(), ny.id())).isEmpty();
    }

    @Test
    void activationIsTimedAndADetachedAttachmentIsKeptForMetering() {
        attach(x, nx, null);
        AttachmentPolicy translate = new AttachmentPolicy(List.of(), List.of(), List.of(), true, List.of(),
            OverlapMode.TRANSLATE, List.of());
        PeeringAttachment pending = attach(y, ny, translate);
        assertThat(pending.activatedAt()).isNull();
        clock.set(clock.instant().plusSeconds(600));
        PeeringAttachment active = system.peering().accept(x.id(), pending.id(), 0);
        assertThat(active.activatedAt()).isEqualTo(clock.instant());
        clock.set(clock.instant().plusSeconds(60));

        system.peering().detach(y.id(), active.id(), 0);

        var kept = store.get(Keys.detachedAttachment(active.id())).map(kv -> ResourceCodec.decode(kv.value(),
            PeeringAttachment.class, kv.modRevision())).orElseThrow();
        assertThat(kept.detachedAt()).isEqualTo(clock.instant());
        assertThat(kept.activatedAt()).isEqualTo(active.activatedAt());
        assertThat(kept.activeUntil()).isEqualTo(clock.instant());
        assertThat(store.get(Keys.tenantDetachedAttachment(y.id(), active.id())).orElseThrow().valueUtf8())
            .isEqualTo(ny.id().value());
    }

    @Test
    void theOwnerProposesAndTheTenantRejects() {
        PeeringAttachment proposed = attach(x, ny, null);
        assertThat(proposed.ownerAccepted()).isTrue();
        assertThat(proposed.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertProblem(ProblemType.NOT_FOUND, () -> attach(z, ny, null));
        PeeringAttachment rejected = system.peering().reject(y.id(), proposed.id(), 0);
        assertThat(rejected.state()).isEqualTo(PeeringAttachmentState.REJECTED);
        assertValidation(ProblemType.ALREADY_ATTACHED, () -> attach(y, ny, null));
    }

    @Test
    void anAttachmentExpiresWithTheClock() {
        system.peering().update(x.id(), hub.id(), new PeeringRouterRequest(null,
            new PeeringRestrictions(List.of(), List.of(), List.of(), 60, false)), 0);
        PeeringAttachment active = attach(x, nx, null);
        clock.set(clock.instant().plusSeconds(60));
        assertThat(system.peering().attachment(x.id(), active.id()).state())
            .isEqualTo(PeeringAttachmentState.EXPIRED);
        attach(y, ny, null);
    }

    @Test
    void aTenantWithPeeringRoutersCannotBeDeleted() {
        system.peering().delete(x.id(), hub.id(), hub.version());
        system.networks().delete(x.id(), nx.id(), 0);
        system.tenants().delete(x.id(), 0);
        PeeringRouter other = system.peering().create(z.id(), new PeeringRouterRequest("r", null));
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.tenants().delete(z.id(), 0));
        system.peering().delete(z.id(), other.id(), 0);
        system.tenants().delete(z.id(), 0);
    }

    @Test
    void routersAreLinkedWithTheOtherOwnersAcceptance() {
        PeeringRouter mine = system.peering().create(x.id(), new PeeringRouterRequest("edge", null));
        PeeringRouter theirs = system.peering().create(y.id(), new PeeringRouterRequest("y-hub", null));
        PeeringLink own = system.peering().link(x.id(), hub.id(), mine.id());
        assertThat(own.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        PeeringLink pending = system.peering().link(x.id(), hub.id(), theirs.id());
        assertThat(pending.state()).isEqualTo(PeeringAttachmentState.PENDING_ACCEPTANCE);
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().link(z.id(), hub.id(), theirs.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.peering().acceptLink(z.id(), pending.id(), 0));
        assertValidation(ProblemType.INVALID_ATTACHMENT_TRANSITION,
            () -> system.peering().acceptLink(x.id(), pending.id(), 0));
        assertValidation(ProblemType.ALREADY_ATTACHED, () -> system.peering().link(y.id(), theirs.id(), hub.id()));
        PeeringLink active = system.peering().acceptLink(y.id(), pending.id(), pending.version());
        assertThat(active.state()).isEqualTo(PeeringAttachmentState.ACTIVE);
        assertThat(system.peering().links(x.id(), hub.id())).containsExactlyInAnyOrder(own, active);
        assertThat(system.peering().links(y.id(), theirs.id())).containsExactly(active);
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.peering().delete(y.id(), theirs.id(), 0));
        system.peering().deleteLink(y.id(), active.id(), 0);
        assertThat(system.peering().links(x.id(), hub.id())).containsExactly(own);
        system.peering().delete(y.id(), theirs.id(), 0);
    }

    @Test
    void theOtherOwnerMayRejectALink() {
        PeeringRouter theirs = system.peering().create(y.id(), new PeeringRouterRequest("y-hub", null));
        PeeringLink pending = system.peering().link(x.id(), hub.id(), theirs.id());
        assertThat(system.peering().rejectLink(y.id(), pending.id(), 0).state())
            .isEqualTo(PeeringAttachmentState.REJECTED);
    }

    @Test
    void overlapsAreCheckedAcrossTheFabric() {
        PeeringRouter theirs = system.peering().create(y.id(), new PeeringRouterRequest("y-hub", null));
        attach(x, nx, null);
        PeeringLink link = system.peering().link(x.id(), hub.id(), theirs.id());
        PeeringAttachmentRequest yOnTheirs = new PeeringAttachmentRequest(ny.id(), null, 0);
        PeeringAttachment beforeActive = system.peering().attach(y.id(), theirs.id(), yOnTheirs);
        system.peering().detach(y.id(), beforeActive.id(), 0);
        system.peering().acceptLink(y.id(), link.id(), 0);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
            () -> system.peering().attach(y.id(), theirs.id(), yOnTheirs));
        assertValidation(ProblemType.OVERLAPPING_PEERING_RANGE,
            () -> system.peering().attach(y.id(), theirs.id(), yOnTheirs));
        assertThat(thrown).hasMessageContaining("10.0.1.0/24 is free");
    }
}
