package io.isthmus.api.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * A link between two peering routers, part of a fabric. Requested by the owner of {@code routerId}; it is
 * {@link PeeringAttachmentState#ACTIVE} at once when both routers have the same owner, else
 * {@link PeeringAttachmentState#PENDING_ACCEPTANCE} until the owner of {@code peerRouterId} accepts
 * ({@link PeeringAttachmentState#REJECTED} if it refuses). A link left pending for
 * {@link PeeringAttachmentState#PENDING_TIMEOUT} reads as {@link PeeringAttachmentState#EXPIRED}
 * ({@link #at(Instant)}); an active link does not expire.
 *
 * @param id the link's id
 * @param routerId the router whose owner requested the link
 * @param routerTenantId its owner
 * @param peerRouterId the other router
 * @param peerTenantId its owner
 * @param state pending, active or rejected
 * @param version the store version
 * @param requestedAt when it was requested (null: stored before request times were kept; such a link never expires)
 */
public record PeeringLink(PeeringLinkId id, PeeringRouterId routerId, TenantId routerTenantId,
                          PeeringRouterId peerRouterId, TenantId peerTenantId, PeeringAttachmentState state,
                          long version, Instant requestedAt) {
    /** Rejects nulls but {@code requestedAt}. */
    public PeeringLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(routerTenantId, "routerTenantId");
        Objects.requireNonNull(peerRouterId, "peerRouterId");
        Objects.requireNonNull(peerTenantId, "peerTenantId");
        Objects.requireNonNull(state, "state");
    }

    /** A link without its request time. */
    public PeeringLink(PeeringLinkId id, PeeringRouterId routerId, TenantId routerTenantId,
                       PeeringRouterId peerRouterId, TenantId peerTenantId, PeeringAttachmentState state,
                       long version) {
        this(id, routerId, routerTenantId, peerRouterId, peerTenantId, state, version, null);
    }

    /**
     * This link as it stands at {@code now}: a pending one requested {@link PeeringAttachmentState#PENDING_TIMEOUT}
     * or more ago is {@code EXPIRED}.
     */
    public PeeringLink at(Instant now) {
        if (state == PeeringAttachmentState.PENDING_ACCEPTANCE && requestedAt != null
            && !now.isBefore(requestedAt.plus(PeeringAttachmentState.PENDING_TIMEOUT))) {
            return with(PeeringAttachmentState.EXPIRED);
        }
        return this;
    }

    /** Whether {@code tenant} owns one of the two routers. */
    public boolean isParty(TenantId tenant) {
        return routerTenantId.equals(tenant) || peerTenantId.equals(tenant);
    }

    /** Whether the link joins {@code a} and {@code b}, in either direction. */
    public boolean joins(PeeringRouterId a, PeeringRouterId b) {
        return routerId.equals(a) && peerRouterId.equals(b) || routerId.equals(b) && peerRouterId.equals(a);
    }

    /** A copy in another state. */
    public PeeringLink with(PeeringAttachmentState newState) {
        return new PeeringLink(id, routerId, routerTenantId, peerRouterId, peerTenantId, newState, version,
            requestedAt);
    }

    /** The same link at {@code newVersion}. */
    public PeeringLink withVersion(long newVersion) {
        return new PeeringLink(id, routerId, routerTenantId, peerRouterId, peerTenantId, state, newVersion,
            requestedAt);
    }
}
