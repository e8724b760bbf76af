package io.isthmus.controller.system;

import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.TenantId;
import java.util.List;

/**
 * Peering routers and their attachments (control plane only: what is stored and who may change it). A router is
 * visible to its owner only; an attachment to the router's owner and the network's tenant; anything else answers
 * not-found. Attachments are returned as they stand now (an active one past its expiry is {@code EXPIRED}).
 * {@code ifVersion} 0 means unconditional.
 */
public interface PeeringService {
    PeeringRouter create(TenantId tenant, PeeringRouterRequest request);

    PeeringRouter get(TenantId tenant, PeeringRouterId id);

    Page<PeeringRouter> list(TenantId tenant, String cursor, int limit);

    /** Changes the fields the request sets (null: unchanged). */
    PeeringRouter update(TenantId tenant, PeeringRouterId id, PeeringRouterRequest request, long ifVersion);

    /** Deletes a router without attachments (else router-has-attachments). */
    void delete(TenantId tenant, PeeringRouterId id, long ifVersion);

    /**
     * Attaches a network to a router, on behalf of the network's tenant (who must see the router's id: it is given
     * to them by the owner) or of the router's owner (naming another tenant's network by id).
     */
    PeeringAttachment attach(TenantId tenant, PeeringRouterId router, PeeringAttachmentRequest request);

    PeeringAttachment attachment(TenantId tenant, PeeringAttachmentId id);

    /** The attachments of a router of the tenant. */
    List<PeeringAttachment> attachments(TenantId tenant, PeeringRouterId router);

    /** The attachments of a network of the tenant. */
    List<PeeringAttachment> networkAttachments(TenantId tenant, NetworkId network);

    /** Every attachment the tenant is a party to: of its routers and of its networks. */
    List<PeeringAttachment> attachments(TenantId tenant);

    PeeringAttachment accept(TenantId tenant, PeeringAttachmentId id, long ifVersion);

    PeeringAttachment reject(TenantId tenant, PeeringAttachmentId id, long ifVersion);

    /**
     * Detaches (deletes) an attachment in any state, by either party; a copy with its detach time is kept for
     * metering ({@code Keys.detachedAttachment}).
     */
    void detach(TenantId tenant, PeeringAttachmentId id, long ifVersion);

    /**
     * Links a router of the tenant to another router (named by id; its owner gives it out): active at once when
     * the tenant owns both, else pending the other owner's acceptance.
     */
    PeeringLink link(TenantId tenant, PeeringRouterId router, PeeringRouterId peer);

    /** The links of a router of the tenant, both directions. */
    List<PeeringLink> links(TenantId tenant, PeeringRouterId router);

    PeeringLink acceptLink(TenantId tenant, PeeringLinkId id, long ifVersion);

    PeeringLink rejectLink(TenantId tenant, PeeringLinkId id, long ifVersion);

    /** Deletes a link in any state, by the owner of either router. */
    void deleteLink(TenantId tenant, PeeringLinkId id, long ifVersion);
}
