package io.isthmus.controller.system;

import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.store.Compare;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.Op;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.Txn;
import io.isthmus.controller.store.TxnResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * What the store-backed services share: typed reads, paged listings with opaque cursors, and the optimistic write
 * loop.
 *
 * <p><b>Concurrency.</b> Every write is read-validate-commit: the service reads what its rule needs, validates, and
 * commits one {@link Txn} whose compares guard everything it read. When a compare fails, someone changed that state
 * in between, and the whole read-validate-commit runs again (at most {@value #MAX_ATTEMPTS} times, with a short
 * random back-off) so that the loser is re-validated against the winner's state and gets the rule's own problem
 * (address-in-use, overlapping-subnet) rather than a generic conflict.
 *
 * <p>What a rule reads is often a whole set (a network's subnets for overlap, its nodes for addresses, its route
 * tables for appliance targets). Rather than compare every member, each such set has a <em>generation</em> key (see
 * {@link Keys}) whose etcd version every change of the set increments (an empty put); a writer reads the generation
 * first, then the set, and compares the generation's version. It is exact (no member can change unseen, and a
 * member added is caught, which per-key compares cannot do), costs one compare, and its price, that writers of one
 * network are serialised, is the behaviour wanted there anyway. Where equality is the only conflict (names, overlay
 * ids, addresses, token hashes) a claim key created with {@link Compare#absent} is used instead, so unrelated
 * writers never conflict.
 */
final class StoreAccess {
    /** How many times one request runs read-validate-commit before giving up. */
    static final int MAX_ATTEMPTS = 16;
    /** The largest page of a listing. */
    static final int MAX_PAGE = 500;

    final Store store;
    final RandomGenerator random;
    final Limits limits;
    final Clock clock;

    StoreAccess(Store store, RandomGenerator random, Limits limits, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = new SynchronizedRandom(Objects.requireNonNull(random, "random"));
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // Reads

    Optional<KeyValue> get(String key) {
        return store.get(key);
    }

    <T extends Record> Optional<T> read(String key, Class<T> type) {
        return store.get(key).map(kv -> ResourceCodec.decode(kv.value(), type, kv.modRevision()));
    }

    Optional<String> text(String key) {
        return store.get(key).map(KeyValue::valueUtf8);
    }

    /** The version of a generation key (0 when absent). */
    long generation(String key) {
        return store.get(key).map(KeyValue::version).orElse(0L);
    }

    /** Every resource under a prefix, in key order. */
    <T extends Record> List<T> all(String prefix, Class<T> type) {
        List<T> items = new ArrayList<>();
        store.forEach(prefix, MAX_PAGE, kv -> items.add(ResourceCodec.decode(kv.value(), type, kv.modRevision())));
        return items;
    }

    /** Every key-value under a prefix, in key order (for index and claim keys, whose values are text). */
    List<KeyValue> keyValues(String prefix) {
        List<KeyValue> items = new ArrayList<>();
        store.forEach(prefix, MAX_PAGE, items::add);
        return items;
    }

    /** Whether any key lies under a prefix. */
    boolean any(String prefix) {
        return !store.range(prefix, null, 1).kvs().isEmpty();
    }

    /** One page of the resources under a prefix; the cursor is the base64url of the last key returned. */
    <T extends Record> Page<T> page(String prefix, String cursor, int limit, Class<T> type) {
        String after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null || !after.startsWith(prefix)) {
                throw ValidationException.of(ProblemType.INVALID_FIELD, "/cursor",
                    "not a cursor of this listing; pass the nextCursor of the previous page");
            }
        }
        RangePage page = store.range(prefix, after, Math.clamp(limit, 1, MAX_PAGE));
        List<T> items = page.kvs().stream()
            .map(kv -> ResourceCodec.decode(kv.value(), type, kv.modRevision())).toList();
        String next = page.more() ? Base64.getUrlEncoder().withoutPadding()
            .encodeToString(page.lastKey().orElseThrow().getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(items, next);
    }

    // Problems

    static ProblemException notFound(String kind, Object id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no " + kind + " " + id);
    }

    /** Throws {@link ProblemType#VERSION_MISMATCH} unless {@code ifVersion} is 0 or the current version. */
    static void checkVersion(long ifVersion, long current) {
        if (ifVersion != 0 && ifVersion != current) {
            throw new ProblemException(ProblemType.VERSION_MISMATCH,
                "the resource is at version " + current + ", not " + ifVersion + "; read it again and retry");
        }
    }

    // Writes

    /**
     * Runs read-validate-commit until its transaction's compares hold.
     *
     * @param what the request, for the problem when it never does
     * @param attempt reads, validates (throwing the rule's problem) and returns the transaction to try, given the
     *     attempt number
     * @return the attempt's result, given the revision the transaction committed at
     */
    <T> T write(String what, IntFunction<Attempt<T>> attempt) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Attempt<T> next = attempt.apply(i);
            TxnResult result = store.txn(next.batch().txn());
            if (result.succeeded()) {
                return next.result().apply(result.revision());
            }
            backOff(i);
        }
        throw new ProblemException(ProblemType.STORE_UNAVAILABLE, what + " kept conflicting with concurrent changes;"
            + " gave up after " + MAX_ATTEMPTS + " attempts, retry later");
    }

    private static void backOff(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE, "interrupted while retrying a write");
        }
    }

    /** One try: the transaction and how to build the result from the revision it committed at. */
    record Attempt<T>(Batch batch, LongFunction<T> result) {
    }

    /** The compares and success ops of one transaction; a key written twice keeps its last op. */
    static final class Batch {
        private final List<Compare> compares = new ArrayList<>();
        private final Map<String, Op> ops = new LinkedHashMap<>();

        Batch require(Compare compare) {
            compares.add(compare);
            return this;
        }

        /** Requires the key's modRevision to be what was read (0: still absent). */
        Batch unchanged(String key, long modRevision) {
            return require(Compare.modRevision(key, modRevision));
        }

        Batch absent(String key) {
            return require(Compare.absent(key));
        }

        /** Requires a generation key's version to be what was read. */
        Batch generation(String key, long version) {
            return require(Compare.version(key, version));
        }

        Batch put(String key, Record resource) {
            ops.put(key, Op.put(key, ResourceCodec.encode(resource)));
            return this;
        }

        Batch putText(String key, String text) {
            ops.put(key, Op.put(key, text.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** Increments a generation key's version. */
        Batch bump(String key) {
            ops.put(key, Op.put(key, new byte[0]));
            return this;
        }

        Batch delete(String key) {
            ops.put(key, Op.delete(key));
            return this;
        }

        Txn txn() {
            return Txn.when(compares.toArray(Compare[]::new)).then(ops.values().toArray(Op[]::new));
        }

        <T> Attempt<T> then(LongFunction<T> result) {
            return new Attempt<>(this, result);
        }
    }

    /** The injected generator made safe for the services' concurrent callers. */
    private record SynchronizedRandom(RandomGenerator delegate) implements RandomGenerator {
        @Override
        public long nextLong() {
            synchronized (delegate) {
                return delegate.nextLong();
            }
        }
    }
}
