package io.isthmus.api.validation;

import io.isthmus.api.allocation.PeeringRanges;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.AvailabilityWindow;
import io.isthmus.api.resource.Network;
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
import io.isthmus.wire.Ipv4Prefix;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Rules of peering routers and their attachments: a router's name and restrictions; an attachment's policy; who may
 * attach, when, and for how long; the {@link PeeringAttachmentState} transitions and who may make them; and the
 * overlap of an attached network's ranges with the ranges already visible on the router (refused with a suggested
 * free range, or translated to a representative, see {@link PeeringRanges}); links between routers and who may
 * make and answer them.
 */
public final class PeeringRules {
    /** The longest list in restrictions and policies (tenants, networks, windows, filters, rules, peers). */
    public static final int MAX_LIST = 64;

    private PeeringRules() {
    }

    // Routers

    /** A new router of a tenant whose routers are {@code tenantRouters}. */
    public static PeeringRouter create(PeeringRouterRequest request, PeeringRouterId id, TenantId tenant,
                                       Collection<PeeringRouter> tenantRouters) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        PeeringRestrictions restrictions = request.restrictions() == null ? PeeringRestrictions.NONE
            : request.restrictions();
        checkRestrictions(violations, restrictions);
        violations.throwIfAny();
        Names.checkUnique(violations, "/name", request.name(),
            tenantRouters.stream().map(PeeringRouter::name).toList(), "another peering router of the tenant");
        violations.throwIfAny();
        return new PeeringRouter(id, tenant, request.name(), restrictions, 0);
    }

    /** {@code current} with the fields the update sets (null: unchanged). */
    public static PeeringRouter update(PeeringRouter current, PeeringRouterRequest update,
                                       Collection<PeeringRouter> tenantRouters) {
        Violations violations = new Violations();
        String name = update.name() == null ? current.name() : update.name();
        PeeringRestrictions restrictions = update.restrictions() == null ? current.restrictions()
            : update.restrictions();
        Names.check(violations, "/name", name);
        checkRestrictions(violations, restrictions);
        violations.throwIfAny();
        Names.checkUnique(violations, "/name", name, tenantRouters.stream()
            .filter(r -> !r.id().equals(current.id())).map(PeeringRouter::name).toList(),
            "another peering router of the tenant");
        violations.throwIfAny();
        return new PeeringRouter(current.id(), current.tenantId(), name, restrictions, current.version());
    }

    /** Refuses to delete a router that still has attachments ({@link ProblemType#ROUTER_HAS_ATTACHMENTS}). */
    public static void validateDelete(PeeringRouter router, Collection<PeeringAttachment> attachments) {
        if (!attachments.isEmpty()) {
            throw ValidationException.of(ProblemType.ROUTER_HAS_ATTACHMENTS, "", "peering router " + router.name()
                + " still has " + attachments.size() + " attachment(s); detach them first");
        }
    }

    private static void checkRestrictions(Violations violations, PeeringRestrictions r) {
        checkList(violations, "/restrictions/tenants", r.tenants());
        checkList(violations, "/restrictions/networks", r.networks());
        checkList(violations, "/restrictions/windows", r.windows());
        for (int i = 0; i < r.windows().size(); i++) {
            String pointer = "/restrictions/windows/" + i;
            switch (r.windows().get(i)) {
                case AvailabilityWindow.Weekly w -> {
                    if (w.days().isEmpty()) {
                        violations.add(pointer + "/days", ProblemType.INVALID_FIELD,
                            "a weekly window names at least one day");
                    }
                    if (!w.end().equals(LocalTime.MIDNIGHT) && !w.start().isBefore(w.end())) {
                        violations.add(pointer + "/end", ProblemType.INVALID_FIELD, "a weekly window ends ("
                            + w.end() + ") after it starts (" + w.start() + "); write one crossing midnight as two");
                    }
                }
                case AvailabilityWindow.Absolute a -> {
                    if (!a.from().isBefore(a.until())) {
                        violations.add(pointer + "/until", ProblemType.INVALID_FIELD,
                            "an absolute window ends (" + a.until() + ") after it starts (" + a.from() + ")");
                    }
                }
            }
        }
        if (r.maxAttachmentSeconds() < 0) {
            violations.add("/restrictions/maxAttachmentSeconds", ProblemType.INVALID_FIELD,
                "a maximum attachment duration is 0 (no limit) or a number of seconds, not " + r.maxAttachmentSeconds());
        }
    }

    private static void checkList(Violations violations, String pointer, List<?> list) {
        if (list.size() > MAX_LIST) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "at most " + MAX_LIST + " entries, not " + list.size());
        } else if (new HashSet<>(list).size() != list.size()) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "an entry is listed twice");
        }
    }

    // Attachments

    /**
     * A new attachment of {@code network} to {@code router}, requested by {@code caller} (the network's tenant or the
     * router's owner) at {@code now}. It is {@code ACTIVE} when both parties' acceptances are given (the owner's own
     * network, or another tenant's request on a pre-approved router), else {@code PENDING_ACCEPTANCE}; either way its
     * ranges are checked for overlaps now, and translated as its policy says.
     *
     * @param routerAttachments the router's attachments as they stand at {@code now}
     */
    public static PeeringAttachment attach(PeeringAttachmentRequest request, PeeringAttachmentId id,
                                           PeeringRouter router, Network network, TenantId caller,
                                           Collection<PeeringAttachment> routerAttachments, Instant now) {
        return attach(request, id, router, network, caller, routerAttachments, routerAttachments, now);
    }

    /**
     * {@link #attach(PeeringAttachmentRequest, PeeringAttachmentId, PeeringRouter, Network, TenantId, Collection,
     * Instant)} on a router linked into a fabric: overlaps are checked against {@code fabricAttachments}, the
     * attachments of every router reachable through active links (this router's included).
     */
    public static PeeringAttachment attach(PeeringAttachmentRequest request, PeeringAttachmentId id,
                                           PeeringRouter router, Network network, TenantId caller,
                                           Collection<PeeringAttachment> routerAttachments,
                                           Collection<PeeringAttachment> fabricAttachments, Instant now) {
        AttachmentPolicy policy = request.policy() == null ? AttachmentPolicy.DEFAULTS : request.policy();
        Violations violations = new Violations();
        checkPolicy(violations, policy, network);
        PeeringRestrictions r = router.restrictions();
        if (request.durationSeconds() < 0) {
            violations.add("/durationSeconds", ProblemType.INVALID_FIELD,
                "a duration is 0 (as long as the router allows) or a number of seconds");
        } else if (r.maxAttachmentSeconds() > 0 && request.durationSeconds() > r.maxAttachmentSeconds()) {
            violations.add("/durationSeconds", ProblemType.INVALID_FIELD, "peering router " + router.name()
                + " allows attachments of at most " + r.maxAttachmentSeconds() + " s, not " + request.durationSeconds());
        }
        violations.throwIfAny();

        TenantId owner = router.tenantId();
        TenantId tenant = network.tenantId();
        if (!caller.equals(owner) && !caller.equals(tenant)) {
            throw ValidationException.of(ProblemType.PEERING_NOT_ALLOWED, "/networkId",
                "only the network's tenant or the peering router's owner may attach a network");
        }
        if (!tenant.equals(owner)) {
            if (!r.tenants().isEmpty() && !r.tenants().contains(tenant)) {
                throw ValidationException.of(ProblemType.PEERING_NOT_ALLOWED, "/networkId", "peering router "
                    + router.name() + " does not allow networks of tenant " + tenant + " to attach");
            }
            if (!r.networks().isEmpty() && !r.networks().contains(network.id())) {
                throw ValidationException.of(ProblemType.PEERING_NOT_ALLOWED, "/networkId", "peering router "
                    + router.name() + " does not allow network " + network.id() + " to attach");
            }
        }
        checkWindow(router, now);
        for (PeeringAttachment other : routerAttachments) {
            if (other.networkId().equals(network.id())) {
                throw ValidationException.of(ProblemType.ALREADY_ATTACHED, "/networkId", "network " + network.name()
                    + " already has attachment " + other.id() + " (" + other.state() + ") to peering router "
                    + router.name() + "; detach it first");
            }
        }
        checkPeers(policy, routerAttachments);

        boolean tenantAccepted = caller.equals(tenant);
        boolean ownerAccepted = caller.equals(owner) || r.preApproved();
        List<Translation> translations = resolveOverlaps(network.cidrBlocks(), policy, fabricAttachments);
        PeeringAttachment pending = new PeeringAttachment(id, router.id(), owner, network.id(), tenant, caller,
            PeeringAttachmentState.PENDING_ACCEPTANCE, tenantAccepted, ownerAccepted, network.cidrBlocks(), policy,
            translations, request.durationSeconds(), now, null, 0);
        return tenantAccepted && ownerAccepted ? activate(pending, router, now) : pending;
    }

    /**
     * {@code attachment} accepted by {@code caller}: it must be pending and missing that party's acceptance. When
     * both are then given it becomes active, after its ranges are checked again and the router's window is open.
     *
     * @param others the other attachments of the router (or of its fabric) as they stand at {@code now}
     */
    public static PeeringAttachment accept(PeeringAttachment attachment, TenantId caller, PeeringRouter router,
                                           Collection<PeeringAttachment> others, Instant now) {
        requirePending(attachment, "accepted");
        boolean tenant = attachment.tenantAccepted();
        boolean owner = attachment.ownerAccepted();
        if (caller.equals(attachment.networkTenantId()) && !tenant) {
            tenant = true;
        } else if (caller.equals(attachment.routerTenantId()) && !owner) {
            owner = true;
        } else {
            throw ValidationException.of(ProblemType.INVALID_ATTACHMENT_TRANSITION, "", "attachment "
                + attachment.id() + " already has your acceptance; it waits for "
                + (tenant ? "the peering router's owner" : "the network's tenant"));
        }
        PeeringAttachment accepted = attachment.with(PeeringAttachmentState.PENDING_ACCEPTANCE, tenant, owner,
            attachment.translations(), null);
        if (!(tenant && owner)) {
            return accepted;
        }
        List<Translation> translations = resolveOverlaps(attachment.blocks(), attachment.policy(),
            others.stream().filter(o -> !o.id().equals(attachment.id())).toList());
        return activate(accepted.with(accepted.state(), tenant, owner, translations, null), router, now);
    }

    /** {@code attachment} rejected by {@code caller} (either party): it must be pending. */
    public static PeeringAttachment reject(PeeringAttachment attachment, TenantId caller) {
        requirePending(attachment, "rejected");
        if (!attachment.isParty(caller)) {
            throw ValidationException.of(ProblemType.PEERING_NOT_ALLOWED, "",
                "only the network's tenant or the peering router's owner may reject an attachment");
        }
        return attachment.with(PeeringAttachmentState.REJECTED, attachment.tenantAccepted(),
            attachment.ownerAccepted(), attachment.translations(), null);
    }

    private static PeeringAttachment activate(PeeringAttachment attachment, PeeringRouter router, Instant now) {
        checkWindow(router, now);
        long max = router.restrictions().maxAttachmentSeconds();
        long duration = attachment.durationSeconds() > 0 ? attachment.durationSeconds() : max;
        Instant expiresAt = duration > 0 ? now.plusSeconds(duration) : null;
        return attachment.with(PeeringAttachmentState.ACTIVE, true, true, attachment.translations(), expiresAt)
            .activated(now);
    }

    private static void requirePending(PeeringAttachment attachment, String event) {
        if (attachment.state() != PeeringAttachmentState.PENDING_ACCEPTANCE) {
            throw ValidationException.of(ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state", "attachment "
                + attachment.id() + " is " + attachment.state() + "; only a PENDING_ACCEPTANCE one can be " + event);
        }
    }

    private static void checkWindow(PeeringRouter router, Instant now) {
        if (!router.restrictions().isOpenAt(now)) {
            throw ValidationException.of(ProblemType.OUTSIDE_AVAILABILITY_WINDOW, "", "peering router "
                + router.name() + " accepts attachments only in its availability windows "
                + router.restrictions().windows() + "; it is now " + now);
        }
    }

    private static void checkPeers(AttachmentPolicy policy, Collection<PeeringAttachment> routerAttachments) {
        Violations violations = new Violations();
        for (int i = 0; i < policy.peers().size(); i++) {
            PeeringAttachmentId peer = policy.peers().get(i);
            if (routerAttachments.stream().noneMatch(a -> a.id().equals(peer))) {
                violations.add("/policy/peers/" + i, ProblemType.UNKNOWN_PEER_ATTACHMENT,
                    peer + " is not an attachment of this peering router");
            }
        }
        violations.throwIfAny();
    }

    /** Adds what is wrong with a policy on its own (and against the network's blocks) to {@code violations}. */
    static void checkPolicy(Violations violations, AttachmentPolicy policy, Network network) {
        checkList(violations, "/policy/exports", policy.exports());
        checkList(violations, "/policy/imports", policy.imports());
        checkList(violations, "/policy/rules", policy.rules());
        checkList(violations, "/policy/peers", policy.peers());
        for (int i = 0; i < policy.rules().size(); i++) {
            TrafficRule rule = policy.rules().get(i);
            String pointer = "/policy/rules/" + i;
            if (rule.protocol().hasPorts()) {
                if (rule.fromPort() < 1 || rule.toPort() > 65535 || rule.fromPort() > rule.toPort()) {
                    violations.add(pointer + "/ports", ProblemType.INVALID_FIELD, "a " + rule.protocol()
                        + " port range is 1..65535 with from <= to, not " + rule.fromPort() + "-" + rule.toPort());
                }
            } else if (rule.fromPort() != 0 || rule.toPort() != 0) {
                violations.add(pointer + "/ports", ProblemType.INVALID_FIELD,
                    "a " + rule.protocol() + " rule has no ports");
            }
        }
        List<Translation> translations = policy.translations();
        if (policy.overlap() == OverlapMode.REFUSE && !translations.isEmpty()) {
            violations.add("/policy/translations", ProblemType.INVALID_FIELD,
                "representatives are given only with overlap TRANSLATE");
        }
        for (int i = 0; i < translations.size(); i++) {
            Translation t = translations.get(i);
            String pointer = "/policy/translations/" + i;
            if (!network.cidrBlocks().contains(t.block())) {
                violations.add(pointer + "/block", ProblemType.INVALID_FIELD,
                    t.block() + " is not a CIDR block of network " + network.name() + " " + network.cidrBlocks());
            } else if (t.block().length() != t.representative().length()) {
                violations.add(pointer + "/representative", ProblemType.INVALID_FIELD, "the representative of "
                    + t.block() + " is a /" + t.block().length() + ", not " + t.representative());
            } else if (NetworkRules.NON_UNICAST.stream().anyMatch(n -> n.overlaps(t.representative()))) {
                violations.add(pointer + "/representative", ProblemType.CIDR_NOT_UNICAST,
                    t.representative() + " is not unicast address space");
            }
            for (int j = 0; j < i; j++) {
                if (translations.get(j).block().equals(t.block())) {
                    violations.add(pointer + "/block", ProblemType.INVALID_FIELD,
                        t.block() + " already has a representative (/policy/translations/" + j + ")");
                }
            }
        }
    }

    /**
     * The translations an attachment of {@code blocks} gets on a router whose attachments are {@code others}: the
     * policy's representatives, each checked against the ranges visible on the router; and, with
     * {@link OverlapMode#TRANSLATE}, one chosen by {@link PeeringRanges} for each other block that overlaps. With
     * {@link OverlapMode#REFUSE}, an overlapping block is {@link ProblemType#OVERLAPPING_PEERING_RANGE} whose detail
     * suggests a free range of the same size.
     */
    public static List<Translation> resolveOverlaps(List<Ipv4Prefix> blocks, AttachmentPolicy policy,
                                                    Collection<PeeringAttachment> others) {
        List<Ipv4Prefix> visible = new ArrayList<>();
        List<Ipv4Prefix> taken = new ArrayList<>(blocks);
        for (PeeringAttachment other : others) {
            if (other.holdsRanges()) {
                visible.addAll(other.visibleRanges());
                taken.addAll(other.blocks());
                other.translations().forEach(t -> taken.add(t.representative()));
            }
        }
        Violations violations = new Violations();
        List<Translation> result = new ArrayList<>();
        for (int i = 0; i < policy.translations().size(); i++) {
            Translation given = policy.translations().get(i);
            Ipv4Prefix conflict = firstOverlap(given.representative(), visible, blocks, result);
            if (conflict != null) {
                violations.add("/policy/translations/" + i + "/representative",
                    ProblemType.OVERLAPPING_PEERING_RANGE, "representative " + given.representative() + " overlaps "
                        + conflict + " on the peering router" + suggestion(given.representative().length(), taken,
                        result));
            } else {
                result.add(given);
            }
        }
        for (Ipv4Prefix block : blocks) {
            if (policy.translations().stream().anyMatch(t -> t.block().equals(block))) {
                continue;
            }
            Ipv4Prefix conflict = firstOverlap(block, visible, List.of(), result);
            if (conflict == null) {
                continue;
            }
            if (policy.overlap() == OverlapMode.REFUSE) {
                violations.add("/networkId", ProblemType.OVERLAPPING_PEERING_RANGE, "block " + block
                    + " overlaps " + conflict + ", already visible on the peering router"
                    + suggestion(block.length(), taken, result)
                    + "; renumber, or attach with overlap TRANSLATE to have it represented by a free range");
            } else {
                List<Ipv4Prefix> avoid = new ArrayList<>(taken);
                result.forEach(t -> avoid.add(t.representative()));
                result.add(new Translation(block, PeeringRanges.allocate(block.length(), avoid, "/networkId")));
            }
        }
        violations.throwIfAny();
        return result;
    }

    private static Ipv4Prefix firstOverlap(Ipv4Prefix range, List<Ipv4Prefix> visible, List<Ipv4Prefix> own,
                                           List<Translation> chosen) {
        for (Ipv4Prefix v : visible) {
            if (v.overlaps(range)) {
                return v;
            }
        }
        for (Ipv4Prefix b : own) {
            if (b.overlaps(range)) {
                return b;
            }
        }
        for (Translation t : chosen) {
            if (t.representative().overlaps(range)) {
                return t.representative();
            }
        }
        return null;
    }

    private static String suggestion(int length, List<Ipv4Prefix> taken, List<Translation> chosen) {
        List<Ipv4Prefix> avoid = new ArrayList<>(taken);
        chosen.forEach(t -> avoid.add(t.representative()));
        return PeeringRanges.lowestFree(length, avoid).map(p -> "; " + p + " is free (a /" + length + ")")
            .orElse("; no free /" + length + " is left");
    }

    // Links

    /**
     * A link from {@code router} (owned by {@code caller}) to {@code peer}, given the links both routers already
     * have: active at once when one tenant owns both, else pending the peer owner's acceptance.
     */
    public static PeeringLink link(PeeringLinkId id, PeeringRouter router, PeeringRouter peer, TenantId caller,
                                   Collection<PeeringLink> existing) {
        if (!router.tenantId().equals(caller)) {
            throw ValidationException.of(ProblemType.PEERING_NOT_ALLOWED, "",
                "only the owner of peering router " + router.name() + " may link it");
        }
        if (router.id().equals(peer.id())) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, "/peerRouterId", "a router is not linked to itself");
        }
        for (PeeringLink other : existing) {
            if (other.joins(router.id(), peer.id())) {
                throw ValidationException.of(ProblemType.ALREADY_ATTACHED, "/peerRouterId", "routers "
                    + router.id() + " and " + peer.id() + " already have link " + other.id() + " (" + other.state()
                    + "); delete it first");
            }
        }
        PeeringAttachmentState state = peer.tenantId().equals(caller) ? PeeringAttachmentState.ACTIVE
            : PeeringAttachmentState.PENDING_ACCEPTANCE;
        return new PeeringLink(id, router.id(), caller, peer.id(), peer.tenantId(), state, 0);
    }

    /** {@code link} accepted by {@code caller}, who must own the peer router; it must be pending. */
    public static PeeringLink acceptLink(PeeringLink link, TenantId caller) {
        requirePendingLink(link, "accepted");
        if (!link.peerTenantId().equals(caller)) {
            throw ValidationException.of(ProblemType.INVALID_ATTACHMENT_TRANSITION, "",
                "link " + link.id() + " waits for the acceptance of the owner of peering router " + link.peerRouterId());
        }
        return link.with(PeeringAttachmentState.ACTIVE);
    }

    /** {@code link} rejected by {@code caller}, who must own the peer router; it must be pending. */
    public static PeeringLink rejectLink(PeeringLink link, TenantId caller) {
        requirePendingLink(link, "rejected");
        if (!link.peerTenantId().equals(caller)) {
            throw ValidationException.of(ProblemType.INVALID_ATTACHMENT_TRANSITION, "",
                "only the owner of peering router " + link.peerRouterId() + " answers link " + link.id());
        }
        return link.with(PeeringAttachmentState.REJECTED);
    }

    private static void requirePendingLink(PeeringLink link, String event) {
        if (link.state() != PeeringAttachmentState.PENDING_ACCEPTANCE) {
            throw ValidationException.of(ProblemType.INVALID_ATTACHMENT_TRANSITION, "/state", "link " + link.id()
                + " is " + link.state() + "; only a PENDING_ACCEPTANCE one can be " + event);
        }
    }

    /** Whether {@code caller} may see {@code attachment}: a party to it. */
    public static boolean isVisibleTo(PeeringAttachment attachment, TenantId caller) {
        return Objects.requireNonNull(attachment).isParty(caller);
    }
}
