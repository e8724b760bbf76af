package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One network's attachment to a peering router, with its policy and its place in the
 * {@link PeeringAttachmentState} machine.
 *
 * @param id the attachment's id
 * @param routerId the router
 * @param routerTenantId the router's owner
 * @param networkId the attached network
 * @param networkTenantId the network's tenant
 * @param requestedBy the tenant that created the attachment (one of the two above)
 * @param state the stored state ({@link #at(Instant)} applies expiry)
 * @param tenantAccepted whether the network's tenant accepted
 * @param ownerAccepted whether the router's owner accepted (or pre-approved)
 * @param blocks the network's CIDR blocks when attached
 * @param policy the attachment's policy
 * @param translations the representatives in force: the policy's, and those the controller chose
 * @param durationSeconds the requested active duration (0: as long as the router allows)
 * @param createdAt when it was requested
 * @param expiresAt when it expires once active (null: while pending, or never)
 * @param version the store version
 * @param activatedAt when it became active (null: never active, or stored before activation times were kept)
 * @param detachedAt when it was detached (null for a live attachment; set on the copy metering keeps after a detach)
 */
public record PeeringAttachment(PeeringAttachmentId id, PeeringRouterId routerId, TenantId routerTenantId,
                                NetworkId networkId, TenantId networkTenantId, TenantId requestedBy,
                                PeeringAttachmentState state, boolean tenantAccepted, boolean ownerAccepted,
                                List<Ipv4Prefix> blocks, AttachmentPolicy policy, List<Translation> translations,
                                long durationSeconds, Instant createdAt, Instant expiresAt, long version,
                                Instant activatedAt, Instant detachedAt) {
    /** Copies the lists; rejects nulls but {@code expiresAt}, {@code activatedAt} and {@code detachedAt}. */
    public PeeringAttachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(routerTenantId, "routerTenantId");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkTenantId, "networkTenantId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(createdAt, "createdAt");
        blocks = List.copyOf(blocks);
        translations = List.copyOf(translations);
    }

    /** An attachment never activated nor detached. */
    public PeeringAttachment(PeeringAttachmentId id, PeeringRouterId routerId, TenantId routerTenantId,
                             NetworkId networkId, TenantId networkTenantId, TenantId requestedBy,
                             PeeringAttachmentState state, boolean tenantAccepted, boolean ownerAccepted,
                             List<Ipv4Prefix> blocks, AttachmentPolicy policy, List<Translation> translations,
                             long durationSeconds, Instant createdAt, Instant expiresAt, long version) {
        this(id, routerId, routerTenantId, networkId, networkTenantId, requestedBy, state, tenantAccepted,
            ownerAccepted, blocks, policy, translations, durationSeconds, createdAt, expiresAt, version, null, null);
    }

    /** This attachment as it stands at {@code now}: an active one past its expiry time is {@code EXPIRED}. */
    public PeeringAttachment at(Instant now) {
        if (state == PeeringAttachmentState.ACTIVE && expiresAt != null && !now.isBefore(expiresAt)) {
            return with(PeeringAttachmentState.EXPIRED, tenantAccepted, ownerAccepted, translations, expiresAt);
        }
        return this;
    }

    /** Whether the attachment holds address ranges on its router (pending or active). */
    public boolean holdsRanges() {
        return state == PeeringAttachmentState.PENDING_ACCEPTANCE || state == PeeringAttachmentState.ACTIVE;
    }

    /** Whether {@code tenant} is the network's tenant or the router's owner. */
    public boolean isParty(TenantId tenant) {
        return networkTenantId.equals(tenant) || routerTenantId.equals(tenant);
    }

    /** The ranges peers see: each block, or its representative when translated. */
    public List<Ipv4Prefix> visibleRanges() {
        List<Ipv4Prefix> ranges = new ArrayList<>(blocks.size());
        for (Ipv4Prefix block : blocks) {
            ranges.add(translations.stream().filter(t -> t.block().equals(block)).map(Translation::representative)
                .findFirst().orElse(block));
        }
        return ranges;
    }

    /** A copy with another state, acceptances, translations and expiry. */
    public PeeringAttachment with(PeeringAttachmentState newState, boolean tenant, boolean owner,
                                  List<Translation> newTranslations, Instant newExpiresAt) {
        return new PeeringAttachment(id, routerId, routerTenantId, networkId, networkTenantId, requestedBy, newState,
            tenant, owner, blocks, policy, newTranslations, durationSeconds, createdAt, newExpiresAt, version,
            activatedAt, detachedAt);
    }

    /** A copy that became active at {@code at}. */
    public PeeringAttachment activated(Instant at) {
        return new PeeringAttachment(id, routerId, routerTenantId, networkId, networkTenantId, requestedBy, state,
            tenantAccepted, ownerAccepted, blocks, policy, translations, durationSeconds, createdAt, expiresAt, version,
            at, detachedAt);
    }

    /** The copy metering keeps of this attachment, detached at {@code at}. */
    public PeeringAttachment detached(Instant at) {
        return new PeeringAttachment(id, routerId, routerTenantId, networkId, networkTenantId, requestedBy, state,
            tenantAccepted, ownerAccepted, blocks, policy, translations, durationSeconds, createdAt, expiresAt, version,
            activatedAt, at);
    }

    /**
     * When the attachment stopped being active, or null while it is: the earlier of its expiry and its detach time.
     * Meaningful once {@link #activatedAt} is set.
     */
    public Instant activeUntil() {
        if (expiresAt == null) {
            return detachedAt;
        }
        return detachedAt == null || expiresAt.isBefore(detachedAt) ? expiresAt : detachedAt;
    }

    /** The same attachment at {@code newVersion}. */
    public PeeringAttachment withVersion(long newVersion) {
        return new PeeringAttachment(id, routerId, routerTenantId, networkId, networkTenantId, requestedBy, state,
            tenantAccepted, ownerAccepted, blocks, policy, translations, durationSeconds, createdAt, expiresAt,
            newVersion, activatedAt, detachedAt);
    }
}
