package io.isthmus.controller.metering;

import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Metering as the API and the agent channel use it: the usage ledger, the fee schedule, each attachment's usage in a
 * period, and a tenant's invoice. Attachments are found live or, once detached, as the copy the system manager kept
 * ({@link Keys#detachedAttachment}), so usage and fees outlive a detach.
 */
public final class MeteringService {
    private static final int PAGE = 500;

    private final Store store;
    private final Clock clock;
    private final UsageLedger ledger;

    /** Metering on {@code store}, in the time of {@code clock}. */
    public MeteringService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ledger = new UsageLedger(store, clock);
    }

    /** The usage records (also the routing manager's {@link UsageRecorder}). */
    public UsageLedger ledger() {
        return ledger;
    }

    /** {@return the fee schedule in force: the operator's, or {@link FeeSchedule#DEFAULT} before one is set} */
    public FeeSchedule feeSchedule() {
        return store.get(MeteringKeys.feeSchedule()).map(kv -> MeteringCodec.feeSchedule(kv.value()))
            .orElse(FeeSchedule.DEFAULT);
    }

    /** Replaces the fee schedule; it prices every invoice from now on, past periods included. */
    public FeeSchedule setFeeSchedule(FeeSchedule schedule) {
        store.put(MeteringKeys.feeSchedule(), MeteringCodec.encode(schedule));
        return schedule;
    }

    /** {@return the attachment with {@code id}, live or detached, if it ever existed} */
    public Optional<PeeringAttachment> attachment(PeeringAttachmentId id) {
        Optional<PeeringAttachment> live = store.get(Keys.peeringAttachmentIndex(id))
            .flatMap(kv -> store.get(Keys.peeringAttachment(new PeeringRouterId(kv.valueUtf8()), id)))
            .map(kv -> ResourceCodec.decode(kv.value(), PeeringAttachment.class, kv.modRevision()));
        return live.or(() -> store.get(Keys.detachedAttachment(id))
            .map(kv -> ResourceCodec.decode(kv.value(), PeeringAttachment.class, kv.modRevision())));
    }

    /**
     * The usage of attachment {@code id} in {@code period}, for {@code caller}: the network's tenant or the router's
     * owner.
     *
     * @throws ProblemException {@code not-found} when there is no such attachment or the caller is no party to it
     */
    public AttachmentUsage usage(TenantId caller, PeeringAttachmentId id, UsagePeriod period) {
        PeeringAttachment attachment = attachment(id).filter(a -> a.isParty(caller))
            .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "peering attachment " + id.value() + " not found"));
        return usage(attachment, period);
    }

    private AttachmentUsage usage(PeeringAttachment attachment, UsagePeriod period) {
        List<HourlyUsage> hours = ledger.hours(attachment.id(), period.from(), period.to());
        return new AttachmentUsage(attachment, period, UsageLedger.total(hours),
            AttachmentHours.seconds(attachment, period, clock.instant()), hours);
    }

    /**
     * The invoice of {@code tenant} for {@code period}: every attachment of its networks, live or detached, that was
     * active or had usage in the period, priced with the fee schedule in force.
     *
     * @throws ProblemException {@code not-found} when the tenant does not exist
     */
    public Invoice invoice(TenantId tenant, UsagePeriod period) {
        if (store.get(Keys.tenant(tenant)).isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "tenant " + tenant.value() + " not found");
        }
        TreeMap<String, PeeringAttachment> attachments = new TreeMap<>();
        forEach(Keys.networks(tenant), network -> {
            Network n = ResourceCodec.decode(network.value(), Network.class, network.modRevision());
            forEach(Keys.networkPeerings(n.id()), kv -> {
                PeeringAttachmentId id = new PeeringAttachmentId(
                    kv.key().substring(Keys.networkPeerings(n.id()).length()));
                attachment(id).ifPresent(a -> attachments.put(id.value(), a));
            });
        });
        forEach(Keys.tenantDetachedAttachments(tenant), kv -> {
            PeeringAttachmentId id = new PeeringAttachmentId(
                kv.key().substring(Keys.tenantDetachedAttachments(tenant).length()));
            attachment(id).ifPresent(a -> attachments.put(id.value(), a));
        });
        List<Invoice.Usage> usages = new ArrayList<>();
        for (PeeringAttachment attachment : attachments.values()) {
            AttachmentUsage usage = usage(attachment, period);
            if (usage.activeSeconds().signum() > 0 || !usage.hours().isEmpty()) {
                usages.add(new Invoice.Usage(attachment, usage.total(), usage.activeSeconds()));
            }
        }
        usages.sort(Comparator.comparing(u -> u.attachment().id().value()));
        return Invoice.of(tenant, period, feeSchedule(), usages);
    }

    private void forEach(String prefix, Consumer<KeyValue> action) {
        String after = null;
        RangePage page;
        do {
            page = store.range(prefix, after, PAGE);
            page.kvs().forEach(action);
            after = page.lastKey().orElse(null);
        } while (page.more());
    }
}
