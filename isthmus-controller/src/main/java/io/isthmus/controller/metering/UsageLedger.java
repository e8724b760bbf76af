package io.isthmus.controller.metering;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.controller.store.Compare;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.Op;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.StoreException;
import io.isthmus.controller.store.Txn;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The usage records in the store: per attachment and UTC hour, the packets and bytes in and out and the routing
 * updates ({@link MeteringKeys}). Traffic comes from the agents' reports, as the growth of their cumulative meters
 * ({@link TrafficGrowth}); the growth lands in the hour the controller received the report.
 *
 * <p>The hosts' last readings are kept in the store too, and written in the same transaction as the growth they
 * produced: a report is taken entirely or not at all, so a controller restart neither loses what was acknowledged
 * nor counts it twice when the agent's next report (same boot id, cumulative) arrives. Every write compares the
 * modRevision of every key it read and runs again on a conflict (two hosts adding to one attachment's hour).
 */
public final class UsageLedger implements UsageRecorder {
    private static final System.Logger LOG = System.getLogger(UsageLedger.class.getName());
    /** How many times one write runs read-compute-commit before giving up. */
    static final int MAX_ATTEMPTS = 16;
    private static final int PAGE = 500;

    private final Store store;
    private final Clock clock;

    /** Records usage in {@code store}, in the hours of {@code clock}. */
    public UsageLedger(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Takes one report of {@code host}: adds each pair's growth since the host's previous reading to the hour of now,
     * as traffic out of the from-attachment and into the to-attachment, and keeps the readings. A {@code refused}
     * pair's reading is kept (its traffic is never counted later) but its growth is not added.
     *
     * @param reported the report's cumulative readings by pair; the attachment ids of pairs not refused must be
     *     well-formed
     * @return the growth added, by pair
     * @throws StoreException when the store fails or stays contended
     */
    public Map<TrafficGrowth.Pair, TrafficGrowth.Counts> report(HostId host, String bootId,
                                                                Map<TrafficGrowth.Pair, TrafficGrowth.Counts> reported,
                                                                Set<TrafficGrowth.Pair> refused) {
        String readingsKey = MeteringKeys.readings(host);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<KeyValue> stored = store.get(readingsKey);
            TrafficGrowth.Readings previous = stored.map(kv -> MeteringCodec.readings(kv.value()))
                .orElse(TrafficGrowth.Readings.NONE);
            TrafficGrowth.Step step = TrafficGrowth.step(previous, bootId, reported);
            Instant now = clock.instant();
            Map<String, UsageCounts> additions = new LinkedHashMap<>();
            Map<TrafficGrowth.Pair, TrafficGrowth.Counts> added = new LinkedHashMap<>();
            step.growth().forEach((pair, growth) -> {
                if (refused.contains(pair) || growth.isZero()) {
                    return;
                }
                added.put(pair, growth);
                additions.merge(MeteringKeys.usage(new PeeringAttachmentId(pair.fromAttachmentId()), now),
                    UsageCounts.out(growth.packets(), growth.bytes()), UsageCounts::plus);
                additions.merge(MeteringKeys.usage(new PeeringAttachmentId(pair.toAttachmentId()), now),
                    UsageCounts.in(growth.packets(), growth.bytes()), UsageCounts::plus);
            });
            if (additions.isEmpty() && step.readings().equals(previous)) {
                return added;
            }
            List<Compare> compares = new ArrayList<>();
            List<Op> ops = new ArrayList<>();
            compares.add(Compare.modRevision(readingsKey, stored.map(KeyValue::modRevision).orElse(0L)));
            ops.add(Op.put(readingsKey, MeteringCodec.encode(step.readings())));
            addTo(additions, compares, ops);
            if (store.txn(Txn.when(compares.toArray(Compare[]::new)).then(ops.toArray(Op[]::new))).succeeded()) {
                return added;
            }
        }
        throw new StoreException("usage report of host " + host.value() + " still conflicting after "
            + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Records {@code count} routing updates delivered to the network of {@code attachment}, in the hour of now. A
     * store failure is logged (those updates are not counted): routing goes on.
     */
    @Override
    public void routingUpdates(PeeringAttachmentId attachment, long count) {
        if (count <= 0) {
            return;
        }
        String key = MeteringKeys.usage(attachment, clock.instant());
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                List<Compare> compares = new ArrayList<>();
                List<Op> ops = new ArrayList<>();
                addTo(Map.of(key, UsageCounts.routing(count)), compares, ops);
                if (store.txn(Txn.when(compares.toArray(Compare[]::new)).then(ops.toArray(Op[]::new)))
                    .succeeded()) {
                    return;
                }
            }
            LOG.log(Level.WARNING, () -> "event=routing-updates-not-recorded attachment=" + attachment.value()
                + " count=" + count + " reason=contention");
        } catch (StoreException e) {
            LOG.log(Level.WARNING, () -> "event=routing-updates-not-recorded attachment=" + attachment.value()
                + " count=" + count + " error=\"" + e.getMessage() + "\"");
        }
    }

    /** Reads each hour's counts and adds the compares and puts that write the sums. */
    private void addTo(Map<String, UsageCounts> additions, List<Compare> compares, List<Op> ops) {
        additions.forEach((key, addition) -> {
            Optional<KeyValue> current = store.get(key);
            UsageCounts before = current.map(kv -> MeteringCodec.counts(kv.value())).orElse(UsageCounts.ZERO);
            compares.add(Compare.modRevision(key, current.map(KeyValue::modRevision).orElse(0L)));
            ops.add(Op.put(key, MeteringCodec.encode(before.plus(addition))));
        });
    }

    /** The hours of {@code attachment} with usage, from {@code from} (inclusive) to {@code to} (exclusive). */
    public List<HourlyUsage> hours(PeeringAttachmentId attachment, Instant from, Instant to) {
        String prefix = MeteringKeys.usage(attachment);
        List<HourlyUsage> hours = new ArrayList<>();
        String after = null;
        RangePage page;
        do {
            page = store.range(prefix, after, PAGE);
            for (KeyValue kv : page.kvs()) {
                Instant hour = MeteringKeys.hourOf(attachment, kv.key());
                if (!hour.isBefore(from) && hour.isBefore(to)) {
                    hours.add(new HourlyUsage(hour, MeteringCodec.counts(kv.value())));
                }
            }
            after = page.lastKey().orElse(null);
        } while (page.more());
        return hours;
    }

    /** {@return the sum of {@code hours}} */
    public static UsageCounts total(List<HourlyUsage> hours) {
        return hours.stream().map(HourlyUsage::counts).reduce(UsageCounts.ZERO, UsageCounts::plus);
    }
}
