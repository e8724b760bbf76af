package io.isthmus.controller.system;

import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.validation.PeeringRules;
import io.isthmus.controller.store.KeyValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PeeringService} on the store. A router's name is a claim key; its attachments and links are guarded by the
 * router's generation key, so that two concurrent attachments cannot both pass the overlap check; an attachment to
 * a router linked into a fabric is checked against, and guarded by, every router reachable through active links. The owner naming another
 * tenant's network finds it by scanning the networks of every tenant (networks are keyed by tenant).
 */
public final class StorePeeringService implements PeeringService {
    private static final int MAX_FABRIC = 1024;

    private final StoreAccess access;

    StorePeeringService(StoreAccess access) {
        this.access = access;
    }

    // Routers

    @Override
    public PeeringRouter create(TenantId tenant, PeeringRouterRequest request) {
        return access.write("creating peering router " + request.name(), attempt -> {
            KeyValue owner = access.get(Keys.tenant(tenant)).orElseThrow(() -> StoreAccess.notFound("tenant", tenant));
            PeeringRouterId id = PeeringRouterId.random(access.random);
            PeeringRouter router = PeeringRules.create(request, id, tenant, nameHolder(tenant, request.name()));
            return new StoreAccess.Batch()
                .unchanged(Keys.tenant(tenant), owner.modRevision())
                .absent(Keys.peeringRouter(tenant, id)).absent(Keys.peeringRouterName(tenant, router.name()))
                .absent(Keys.peeringRouterIndex(id))
                .put(Keys.peeringRouter(tenant, id), router)
                .putText(Keys.peeringRouterName(tenant, router.name()), id.value())
                .putText(Keys.peeringRouterIndex(id), tenant.value())
                .bump(Keys.peeringRouterGeneration(id)).bump(Keys.tenantGeneration(tenant))
                .then(router::withVersion);
        });
    }

    @Override
    public PeeringRouter get(TenantId tenant, PeeringRouterId id) {
        return access.read(Keys.peeringRouter(tenant, id), PeeringRouter.class)
            .orElseThrow(() -> StoreAccess.notFound("peering router", id));
    }

    @Override
    public Page<PeeringRouter> list(TenantId tenant, String cursor, int limit) {
        return access.page(Keys.peeringRouters(tenant), cursor, limit, PeeringRouter.class);
    }

    @Override
    public PeeringRouter update(TenantId tenant, PeeringRouterId id, PeeringRouterRequest request, long ifVersion) {
        return access.write("updating peering router " + id, attempt -> {
            PeeringRouter current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            boolean renamed = request.name() != null && !request.name().equals(current.name());
            PeeringRouter updated = PeeringRules.update(current, request,
                renamed ? nameHolder(tenant, request.name()) : List.of());
            StoreAccess.Batch batch = new StoreAccess.Batch()
                .unchanged(Keys.peeringRouter(tenant, id), current.version())
                .put(Keys.peeringRouter(tenant, id), updated);
            if (renamed) {
                batch.delete(Keys.peeringRouterName(tenant, current.name()))
                    .absent(Keys.peeringRouterName(tenant, updated.name()))
                    .putText(Keys.peeringRouterName(tenant, updated.name()), id.value());
            }
            return batch.then(updated::withVersion);
        });
    }

    @Override
    public void delete(TenantId tenant, PeeringRouterId id, long ifVersion) {
        access.write("deleting peering router " + id, attempt -> {
            long generation = access.generation(Keys.peeringRouterGeneration(id));
            PeeringRouter current = get(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            PeeringRules.validateDelete(current, access.all(Keys.peeringAttachments(id), PeeringAttachment.class));
            if (access.any(Keys.routerLinks(id))) {
                throw new ProblemException(ProblemType.RESOURCE_IN_USE,
                    "peering router " + current.name() + " is still linked to other routers; delete the links first");
            }
            return new StoreAccess.Batch()
                .generation(Keys.peeringRouterGeneration(id), generation)
                .unchanged(Keys.peeringRouter(tenant, id), current.version())
                .delete(Keys.peeringRouter(tenant, id)).delete(Keys.peeringRouterName(tenant, current.name()))
                .delete(Keys.peeringRouterIndex(id)).delete(Keys.peeringRouterGeneration(id))
                .bump(Keys.tenantGeneration(tenant))
                .then(revision -> null);
        });
    }

    // Attachments

    @Override
    public PeeringAttachment attach(TenantId tenant, PeeringRouterId routerId, PeeringAttachmentRequest request) {
        if (request.networkId() == null) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "/networkId",
                "is required: the id of the network to attach");
        }
        return access.write("attaching network " + request.networkId() + " to " + routerId, attempt -> {
            long generation = access.generation(Keys.peeringRouterGeneration(routerId));
            PeeringRouter router = anyRouter(routerId)
                .orElseThrow(() -> StoreAccess.notFound("peering router", routerId));
            Network network = access.read(Keys.network(tenant, request.networkId()), Network.class)
                .or(() -> router.tenantId().equals(tenant) ? anyNetwork(request.networkId()) : Optional.empty())
                .orElseThrow(() -> StoreAccess.notFound("network", request.networkId()));
            KeyValue networkValue = access.get(Keys.network(network.tenantId(), network.id())).orElseThrow();
            Instant now = access.clock.instant();
            PeeringAttachmentId id = PeeringAttachmentId.random(access.random);
            List<PeeringRouterId> fabric = fabric(routerId);
            Map<PeeringRouterId, Long> generations = generations(fabric);
            PeeringAttachment attachment = PeeringRules.attach(request, id, router, network, tenant,
                current(routerId, now), current(fabric, now), now);
            return guarded(new StoreAccess.Batch(), generations, routerId)
                .generation(Keys.peeringRouterGeneration(routerId), generation)
                .unchanged(Keys.peeringRouter(router.tenantId(), routerId), router.version())
                .unchanged(Keys.network(network.tenantId(), network.id()), networkValue.modRevision())
                .absent(Keys.peeringAttachment(routerId, id)).absent(Keys.peeringAttachmentIndex(id))
                .put(Keys.peeringAttachment(routerId, id), attachment)
                .putText(Keys.peeringAttachmentIndex(id), routerId.value())
                .putText(Keys.networkPeering(network.id(), id), routerId.value())
                .bump(Keys.peeringRouterGeneration(routerId))
                .then(attachment::withVersion);
        });
    }

    @Override
    public PeeringAttachment attachment(TenantId tenant, PeeringAttachmentId id) {
        return stored(tenant, id).at(access.clock.instant());
    }

    @Override
    public List<PeeringAttachment> attachments(TenantId tenant, PeeringRouterId router) {
        get(tenant, router);
        return current(router, access.clock.instant());
    }

    @Override
    public List<PeeringAttachment> networkAttachments(TenantId tenant, NetworkId network) {
        access.read(Keys.network(tenant, network), Network.class)
            .orElseThrow(() -> StoreAccess.notFound("network", network));
        Instant now = access.clock.instant();
        List<PeeringAttachment> items = new ArrayList<>();
        for (KeyValue kv : access.keyValues(Keys.networkPeerings(network))) {
            PeeringRouterId router = new PeeringRouterId(kv.valueUtf8());
            PeeringAttachmentId id = new PeeringAttachmentId(kv.key().substring(Keys.networkPeerings(network).length()));
            access.read(Keys.peeringAttachment(router, id), PeeringAttachment.class).map(a -> a.at(now))
                .ifPresent(items::add);
        }
        return items;
    }

    @Override
    public List<PeeringAttachment> attachments(TenantId tenant) {
        Map<PeeringAttachmentId, PeeringAttachment> seen = new LinkedHashMap<>();
        for (PeeringRouter router : access.all(Keys.peeringRouters(tenant), PeeringRouter.class)) {
            attachments(tenant, router.id()).forEach(a -> seen.put(a.id(), a));
        }
        for (Network network : access.all(Keys.networks(tenant), Network.class)) {
            networkAttachments(tenant, network.id()).forEach(a -> seen.putIfAbsent(a.id(), a));
        }
        return List.copyOf(seen.values());
    }

    @Override
    public PeeringAttachment accept(TenantId tenant, PeeringAttachmentId id, long ifVersion) {
        return access.write("accepting attachment " + id, attempt -> {
            PeeringAttachment current = stored(tenant, id);
            long generation = access.generation(Keys.peeringRouterGeneration(current.routerId()));
            StoreAccess.checkVersion(ifVersion, current.version());
            PeeringRouter router = anyRouter(current.routerId())
                .orElseThrow(() -> StoreAccess.notFound("peering router", current.routerId()));
            Instant now = access.clock.instant();
            List<PeeringRouterId> fabric = fabric(router.id());
            Map<PeeringRouterId, Long> generations = generations(fabric);
            PeeringAttachment accepted = PeeringRules.accept(current.at(now), tenant, router,
                current(fabric, now), now);
            StoreAccess.Attempt<PeeringAttachment> next = transition(current, accepted, generation);
            guarded(next.batch(), generations, router.id());
            return next;
        });
    }

    @Override
    public PeeringAttachment reject(TenantId tenant, PeeringAttachmentId id, long ifVersion) {
        return access.write("rejecting attachment " + id, attempt -> {
            PeeringAttachment current = stored(tenant, id);
            long generation = access.generation(Keys.peeringRouterGeneration(current.routerId()));
            StoreAccess.checkVersion(ifVersion, current.version());
            PeeringAttachment rejected = PeeringRules.reject(current.at(access.clock.instant()), tenant);
            return transition(current, rejected, generation);
        });
    }

    @Override
    public void detach(TenantId tenant, PeeringAttachmentId id, long ifVersion) {
        access.write("detaching attachment " + id, attempt -> {
            PeeringAttachment current = stored(tenant, id);
            long generation = access.generation(Keys.peeringRouterGeneration(current.routerId()));
            StoreAccess.checkVersion(ifVersion, current.version());
            return new StoreAccess.Batch()
                .generation(Keys.peeringRouterGeneration(current.routerId()), generation)
                .unchanged(Keys.peeringAttachment(current.routerId(), id), current.version())
                .delete(Keys.peeringAttachment(current.routerId(), id)).delete(Keys.peeringAttachmentIndex(id))
                .delete(Keys.networkPeering(current.networkId(), id))
                // Metering prices the attachment's active hours and shows its usage after it is gone.
                .put(Keys.detachedAttachment(id), current.detached(access.clock.instant()))
                .putText(Keys.tenantDetachedAttachment(current.networkTenantId(), id), current.networkId().value())
                .bump(Keys.peeringRouterGeneration(current.routerId()))
                .then(revision -> null);
        });
    }

    // Links

    @Override
    public PeeringLink link(TenantId tenant, PeeringRouterId routerId, PeeringRouterId peerId) {
        return access.write("linking " + routerId + " to " + peerId, attempt -> {
            long generation = access.generation(Keys.peeringRouterGeneration(routerId));
            long peerGeneration = access.generation(Keys.peeringRouterGeneration(peerId));
            PeeringRouter router = get(tenant, routerId);
            PeeringRouter peer = anyRouter(peerId).orElseThrow(() -> StoreAccess.notFound("peering router", peerId));
            PeeringLinkId id = PeeringLinkId.random(access.random);
            PeeringLink link = PeeringRules.link(id, router, peer, tenant, storedLinks(routerId));
            return new StoreAccess.Batch()
                .generation(Keys.peeringRouterGeneration(routerId), generation)
                .generation(Keys.peeringRouterGeneration(peerId), peerGeneration)
                .unchanged(Keys.peeringRouter(peer.tenantId(), peerId), peer.version())
                .absent(Keys.peeringLink(id))
                .put(Keys.peeringLink(id), link)
                .putText(Keys.routerLink(routerId, id), peerId.value())
                .putText(Keys.routerLink(peerId, id), routerId.value())
                .bump(Keys.peeringRouterGeneration(routerId)).bump(Keys.peeringRouterGeneration(peerId))
                .then(link::withVersion);
        });
    }

    @Override
    public List<PeeringLink> links(TenantId tenant, PeeringRouterId router) {
        get(tenant, router);
        return storedLinks(router);
    }

    @Override
    public PeeringLink acceptLink(TenantId tenant, PeeringLinkId id, long ifVersion) {
        return access.write("accepting link " + id, attempt -> {
            PeeringLink current = storedLink(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            return linkTransition(current, PeeringRules.acceptLink(current, tenant));
        });
    }

    @Override
    public PeeringLink rejectLink(TenantId tenant, PeeringLinkId id, long ifVersion) {
        return access.write("rejecting link " + id, attempt -> {
            PeeringLink current = storedLink(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            return linkTransition(current, PeeringRules.rejectLink(current, tenant));
        });
    }

    @Override
    public void deleteLink(TenantId tenant, PeeringLinkId id, long ifVersion) {
        access.write("deleting link " + id, attempt -> {
            PeeringLink current = storedLink(tenant, id);
            StoreAccess.checkVersion(ifVersion, current.version());
            return new StoreAccess.Batch()
                .unchanged(Keys.peeringLink(id), current.version())
                .delete(Keys.peeringLink(id)).delete(Keys.routerLink(current.routerId(), id))
                .delete(Keys.routerLink(current.peerRouterId(), id))
                .bump(Keys.peeringRouterGeneration(current.routerId()))
                .bump(Keys.peeringRouterGeneration(current.peerRouterId()))
                .then(revision -> null);
        });
    }

    private StoreAccess.Attempt<PeeringLink> linkTransition(PeeringLink current, PeeringLink next) {
        return new StoreAccess.Batch()
            .unchanged(Keys.peeringLink(current.id()), current.version())
            .put(Keys.peeringLink(current.id()), next)
            .bump(Keys.peeringRouterGeneration(current.routerId()))
            .bump(Keys.peeringRouterGeneration(current.peerRouterId()))
            .then(next::withVersion);
    }

    private PeeringLink storedLink(TenantId tenant, PeeringLinkId id) {
        return access.read(Keys.peeringLink(id), PeeringLink.class).filter(l -> l.isParty(tenant))
            .orElseThrow(() -> StoreAccess.notFound("peering link", id));
    }

    private List<PeeringLink> storedLinks(PeeringRouterId router) {
        List<PeeringLink> links = new ArrayList<>();
        for (KeyValue kv : access.keyValues(Keys.routerLinks(router))) {
            PeeringLinkId id = new PeeringLinkId(kv.key().substring(Keys.routerLinks(router).length()));
            access.read(Keys.peeringLink(id), PeeringLink.class).ifPresent(links::add);
        }
        return links;
    }

    private StoreAccess.Attempt<PeeringAttachment> transition(PeeringAttachment current, PeeringAttachment next,
                                                              long generation) {
        return new StoreAccess.Batch()
            .generation(Keys.peeringRouterGeneration(current.routerId()), generation)
            .unchanged(Keys.peeringAttachment(current.routerId(), current.id()), current.version())
            .put(Keys.peeringAttachment(current.routerId(), current.id()), next)
            .bump(Keys.peeringRouterGeneration(current.routerId()))
            .then(next::withVersion);
    }

    /** The stored attachment, if the tenant is a party to it; else not-found. */
    private PeeringAttachment stored(TenantId tenant, PeeringAttachmentId id) {
        return access.text(Keys.peeringAttachmentIndex(id))
            .flatMap(router -> access.read(Keys.peeringAttachment(new PeeringRouterId(router), id),
                PeeringAttachment.class))
            .filter(a -> a.isParty(tenant))
            .orElseThrow(() -> StoreAccess.notFound("peering attachment", id));
    }

    /**
     * The routers reachable from {@code router} through active links, {@code router} first: the fabric whose
     * attachments' ranges must not overlap.
     */
    private List<PeeringRouterId> fabric(PeeringRouterId router) {
        List<PeeringRouterId> reached = new ArrayList<>(List.of(router));
        for (int i = 0; i < reached.size() && reached.size() <= MAX_FABRIC; i++) {
            for (PeeringLink link : storedLinks(reached.get(i))) {
                PeeringRouterId other = link.routerId().equals(reached.get(i)) ? link.peerRouterId() : link.routerId();
                if (link.state() == PeeringAttachmentState.ACTIVE && !reached.contains(other)) {
                    reached.add(other);
                }
            }
        }
        return reached;
    }

    /** The generations of the fabric's routers, read before their attachments. */
    private Map<PeeringRouterId, Long> generations(List<PeeringRouterId> fabric) {
        Map<PeeringRouterId, Long> generations = new LinkedHashMap<>();
        fabric.forEach(r -> generations.put(r, access.generation(Keys.peeringRouterGeneration(r))));
        return generations;
    }

    /** Requires the generations of the fabric's other routers to be unchanged, so their attachments stay as read. */
    private StoreAccess.Batch guarded(StoreAccess.Batch batch, Map<PeeringRouterId, Long> generations,
                                      PeeringRouterId self) {
        generations.forEach((router, generation) -> {
            if (!router.equals(self)) {
                batch.generation(Keys.peeringRouterGeneration(router), generation);
            }
        });
        return batch;
    }

    private List<PeeringAttachment> current(List<PeeringRouterId> routers, Instant now) {
        List<PeeringAttachment> all = new ArrayList<>();
        routers.forEach(r -> all.addAll(current(r, now)));
        return all;
    }

    private List<PeeringAttachment> current(PeeringRouterId router, Instant now) {
        return access.all(Keys.peeringAttachments(router), PeeringAttachment.class).stream().map(a -> a.at(now))
            .toList();
    }

    private Optional<PeeringRouter> anyRouter(PeeringRouterId id) {
        return access.text(Keys.peeringRouterIndex(id))
            .flatMap(owner -> access.read(Keys.peeringRouter(new TenantId(owner), id), PeeringRouter.class));
    }

    private Optional<Network> anyNetwork(NetworkId id) {
        return access.all("/networks/", Network.class).stream().filter(n -> n.id().equals(id)).findFirst();
    }

    private List<PeeringRouter> nameHolder(TenantId tenant, String name) {
        if (name == null) {
            return List.of();
        }
        return access.text(Keys.peeringRouterName(tenant, name))
            .flatMap(id -> access.read(Keys.peeringRouter(tenant, new PeeringRouterId(id)), PeeringRouter.class))
            .map(List::of).orElse(List.of());
    }
}
