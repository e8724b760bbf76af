package io.isthmus.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key/value semantics, revisions, range paging, transactions, CAS races and restart of {@link SqliteStore}. */
class SqliteStoreTest {

    @TempDir
    Path dir;

    SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ get / put / delete

    @Test
    void emptyStoreIsAtRevisionZero() {
        assertThat(store.revision()).isZero();
        assertThat(store.compactRevision()).isZero();
        assertThat(store.get("/a")).isEmpty();
        assertThat(store.file()).isEqualTo(dir.resolve("isthmus.db"));
        assertThat(store.file()).exists();
    }

    @Test
    void putCreatesThenUpdatesWithEtcdRevisionFields() {
        KeyValue created = store.put("/a", b("1"));
        assertThat(created).isEqualTo(new KeyValue("/a", b("1"), 1, 1, 1));
        store.put("/b", b("x"));
        KeyValue updated = store.put("/a", b("2"));
        assertThat(updated).isEqualTo(new KeyValue("/a", b("2"), 1, 3, 2));
        assertThat(store.get("/a")).contains(updated);
        assertThat(store.revision()).isEqualTo(3);
    }

    @Test
    void deleteRemovesKeyAndLaterPutStartsAtVersionOne() {
        store.put("/a", b("1"));
        store.put("/a", b("2"));
        assertThat(store.delete("/a")).isTrue();
        assertThat(store.revision()).isEqualTo(3);
        assertThat(store.get("/a")).isEmpty();
        KeyValue again = store.put("/a", b("3"));
        assertThat(again).isEqualTo(new KeyValue("/a", b("3"), 4, 4, 1));
    }

    @Test
    void noOpWritesDoNotAdvanceRevision() {
        store.put("/a", b("1"));
        assertThat(store.delete("/missing")).isFalse();
        assertThat(store.putIfAbsent("/a", b("2"))).isEmpty();
        TxnResult r = store.txn(Txn.when(Compare.absent("/a")).then(Op.put("/a", b("3"))));
        assertThat(r.succeeded()).isFalse();
        assertThat(r.revision()).isEqualTo(1);
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void emptyValueRoundTrips() {
        store.put("/empty", new byte[0]);
        assertThat(store.get("/empty")).hasValueSatisfying(kv -> assertThat(kv.value()).isEmpty());
    }

    @Test
    void valuesAreCopied() {
        byte[] v = b("abc");
        KeyValue kv = store.put("/a", v);
        v[0] = 'z';
        kv.value()[1] = 'z';
        assertThat(store.get("/a").orElseThrow().valueUtf8()).isEqualTo("abc");
        assertThat(kv.valueUtf8()).isEqualTo("abc");
    }

    @Test
    void invalidKeysAreRejected() {
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("/bad\ud800", b("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.range("/", null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("/a", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionalHelpers() {
        KeyValue a = store.putIfAbsent("/a", b("1")).orElseThrow();
        assertThat(store.putIfAbsent("/a", b("x"))).isEmpty();
        assertThat(store.compareAndSet("/a", a.modRevision() + 7, b("x"))).isEmpty();
        KeyValue a2 = store.compareAndSet("/a", a.modRevision(), b("2")).orElseThrow();
        assertThat(a2.version()).isEqualTo(2);
        assertThat(store.compareAndSet("/new", 0, b("n"))).isPresent();
        assertThat(store.compareAndSet("/new", 0, b("n"))).isEmpty();
        assertThat(store.delete("/a", a.modRevision())).isFalse();
        assertThat(store.delete("/a", a2.modRevision())).isTrue();
        assertThat(store.delete("/a", a2.modRevision())).isFalse();
    }

    // ------------------------------------------------------------------------------ range

    @Test
    void rangeIsByPrefixInByteOrder() {
        store.txn(Txn.when().then(Op.put("/n/b", b("")), Op.put("/n/a", b("")), Op.put("/n0", b("")),
                Op.put("/m/z", b("")), Op.put("/n/a/x", b("")), Op.put("/n/\u00e9", b("")), Op.put("/n/Z", b(""))));
        RangePage page = store.range("/n/", null, 100);
        assertThat(page.kvs()).extracting(KeyValue::key).containsExactly("/n/Z", "/n/a", "/n/a/x", "/n/b", "/n/\u00e9");
        assertThat(page.more()).isFalse();
        assertThat(page.revision()).isEqualTo(1);
        assertThat(store.range("", null, 100).kvs()).hasSize(7);
        assertThat(store.range("/x", null, 10).kvs()).isEmpty();
    }

    @Test
    void rangePagesCoverEveryKeyOnceAtEveryPageSize() {
        Random random = new Random(7);
        TreeMap<String, String> expected = new TreeMap<>();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 137; i++) {
            String key = "/r/" + Integer.toString(random.nextInt(1_000_000), 36) + "/" + i;
            expected.put(key, "v" + i);
            ops.add(Op.put(key, b("v" + i)));
        }
        ops.add(Op.put("/q/outside", b("")));
        ops.add(Op.put("/s/outside", b("")));
        store.txn(new Txn(List.of(), ops, List.of()));
        for (int limit = 1; limit <= 140; limit++) {
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            while (true) {
                RangePage page = store.range("/r/", after, limit);
                pages++;
                assertThat(page.kvs()).hasSizeLessThanOrEqualTo(limit);
                page.kvs().forEach(kv -> {
                    seen.add(kv.key());
                    assertThat(kv.valueUtf8()).isEqualTo(expected.get(kv.key()));
                });
                if (!page.more()) break;
                assertThat(page.kvs()).hasSize(limit);
                after = page.lastKey().orElseThrow();
            }
            assertThat(seen).as("limit %d", limit).containsExactlyElementsOf(expected.keySet());
            assertThat(pages).isEqualTo(Math.max(1, (expected.size() + limit - 1) / limit));
        }
    }

    @Test
    void rangeStartAfterKeyThatDoesNotExist() {
        for (String k : List.of("/p/a", "/p/c", "/p/e")) store.put(k, b(""));
        assertThat(store.range("/p/", "/p/b", 10).kvs()).extracting(KeyValue::key).containsExactly("/p/c", "/p/e");
        assertThat(store.range("/p/", "/p/e", 10).kvs()).isEmpty();
        assertThat(store.range("/p/", "/a", 10).kvs()).hasSize(3);
    }

    // -------------------------------------------------------------------------------- txn

    @Test
    void everyCompareKind() {
        KeyValue a = store.put("/a", b("one"));
        store.put("/a", b("two"));
        KeyValue cur = store.get("/a").orElseThrow();

        assertThat(holds(Compare.version("/a", 2))).isTrue();
        assertThat(holds(Compare.version("/a", 1))).isFalse();
        assertThat(holds(Compare.version("/missing", 0))).isTrue();
        assertThat(holds(Compare.absent("/a"))).isFalse();
        assertThat(holds(Compare.absent("/missing"))).isTrue();
        assertThat(holds(Compare.modRevision("/a", cur.modRevision()))).isTrue();
        assertThat(holds(Compare.modRevision("/a", a.modRevision()))).isFalse();
        assertThat(holds(Compare.modRevision("/missing", 0))).isTrue();
        assertThat(holds(Compare.valueEquals("/a", b("two")))).isTrue();
        assertThat(holds(Compare.valueEquals("/a", b("one")))).isFalse();
        // As etcd: a value compare on a missing key fails, even against the empty value.
        assertThat(holds(Compare.valueEquals("/missing", new byte[0]))).isFalse();
        // All compares must hold.
        assertThat(holds(Compare.version("/a", 2), Compare.absent("/a"))).isFalse();
        assertThat(holds()).isTrue();
    }

    private boolean holds(Compare... compares) {
        return store.txn(Txn.when(compares).then(Op.get("/a")).orElse(Op.get("/a"))).succeeded();
    }

    @Test
    void failureBranchAppliesNothingOfTheSuccessBranch() {
        store.put("/claims/10.0.0.0-24", b("net-1"));
        long before = store.revision();
        TxnResult r = store.txn(Txn.when(Compare.absent("/claims/10.0.0.0-24"))
                .then(Op.put("/networks/net-2", b("{}")), Op.put("/claims/10.0.0.0-24", b("net-2")),
                        Op.deleteRange("/pending/"))
                .orElse(Op.get("/claims/10.0.0.0-24")));
        assertThat(r.succeeded()).isFalse();
        assertThat(r.revision()).isEqualTo(before);
        assertThat(r.result(0, OpResult.GetResult.class).kv().orElseThrow().valueUtf8()).isEqualTo("net-1");
        assertThat(store.get("/networks/net-2")).isEmpty();
        assertThat(store.revision()).isEqualTo(before);
    }

    @Test
    void successBranchIsOneRevisionWithResultsInOpOrder() {
        store.put("/x/1", b("a"));
        store.put("/x/2", b("b"));
        store.put("/y", b("y"));
        TxnResult r = store.txn(Txn.when(Compare.version("/y", 1))
                .then(Op.put("/y", b("y2")), Op.deleteRange("/x/"), Op.get("/y"), Op.delete("/none"),
                        Op.put("/z", b("z"))));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.revision()).isEqualTo(4);
        OpResult.PutResult put = r.result(0, OpResult.PutResult.class);
        assertThat(put.kv()).isEqualTo(new KeyValue("/y", b("y2"), 3, 4, 2));
        assertThat(put.prevKv()).contains(new KeyValue("/y", b("y"), 3, 3, 1));
        assertThat(r.result(1, OpResult.DeleteResult.class).prevKvs()).extracting(KeyValue::key)
                .containsExactly("/x/1", "/x/2");
        assertThat(r.result(2, OpResult.GetResult.class).kv()).contains(put.kv());
        assertThat(r.result(3, OpResult.DeleteResult.class).deleted()).isZero();
        assertThat(r.result(4, OpResult.PutResult.class).prevKv()).isEmpty();
        assertThat(store.range("/x/", null, 10).kvs()).isEmpty();
        assertThat(store.get("/z").orElseThrow().modRevision()).isEqualTo(4);
    }

    @Test
    void deleteRangeWithEmptyPrefixDeletesEverything() {
        store.put("/a", b(""));
        store.put("/b/c", b(""));
        TxnResult r = store.txn(Txn.when().then(Op.deleteRange("")));
        assertThat(r.result(0, OpResult.DeleteResult.class).deleted()).isEqualTo(2);
        assertThat(store.range("", null, 10).kvs()).isEmpty();
    }

    @Test
    void branchMayWriteAKeyOnlyOnce() {
        assertThatThrownBy(() -> Txn.when().then(Op.put("/a", b("1")), Op.put("/a", b("2"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Txn.when().then(Op.put("/a", b("1")), Op.delete("/a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Txn.when().orElse(Op.deleteRange("/a/"), Op.put("/a/b", b("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        // Different branches and reads are independent.
        Txn ok = Txn.when().then(Op.put("/a", b("1")), Op.get("/a")).orElse(Op.put("/a", b("2")));
        assertThat(ok.success()).hasSize(2);
    }

    // ------------------------------------------------------------------------ concurrency

    @Test
    void putIfAbsentRaceHasExactlyOneWinnerPerKey() throws Exception {
        int threads = 8;
        int keys = 200;
        ConcurrentMap<String, Integer> winners = new ConcurrentHashMap<>();
        AtomicInteger wins = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < keys; i++) order.add(i);
                    Collections.shuffle(order, new Random(id));
                    barrier.await();
                    for (int i : order) {
                        String key = "/race/" + i;
                        Optional<KeyValue> won = store.putIfAbsent(key, b("thread-" + id));
                        if (won.isPresent()) {
                            wins.incrementAndGet();
                            assertThat(winners.putIfAbsent(key, id)).as("second winner for %s", key).isNull();
                            assertThat(won.get().version()).isEqualTo(1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins.get()).isEqualTo(keys);
        assertThat(winners).hasSize(keys);
        for (int i = 0; i < keys; i++) {
            KeyValue kv = store.get("/race/" + i).orElseThrow();
            assertThat(kv.valueUtf8()).isEqualTo("thread-" + winners.get("/race/" + i));
            assertThat(kv.version()).isEqualTo(1);
        }
        assertThat(store.revision()).isEqualTo(keys);
    }

    @Test
    void concurrentCreatesClaimingOneCidrHaveOneWinnerAndNoPartialWrites() throws Exception {
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String net = "net-" + t;
                results.add(pool.submit(() -> {
                    barrier.await();
                    return store.txn(Txn.when(Compare.absent("/claims/cidr/10.1.0.0-16"))
                            .then(Op.put("/networks/" + net, b("{\"cidr\":\"10.1.0.0/16\"}")),
                                    Op.put("/claims/cidr/10.1.0.0-16", b(net))))
                            .succeeded();
                }));
            }
            int won = 0;
            for (Future<Boolean> f : results) won += f.get() ? 1 : 0;
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        String owner = store.get("/claims/cidr/10.1.0.0-16").orElseThrow().valueUtf8();
        assertThat(store.range("/networks/", null, 100).kvs()).extracting(KeyValue::key)
                .containsExactly("/networks/" + owner);
    }

    @Test
    void readsProceedDuringWrites() throws Exception {
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200; i++) store.put("/w/" + i, b("" + i));
        });
        long lastRevision = 0;
        while (writer.isAlive()) {
            RangePage page = store.range("/w/", null, 1000);
            // A page is one snapshot: it holds exactly the keys written up to its revision.
            assertThat(page.kvs()).hasSize((int) page.revision());
            assertThat(page.revision()).isGreaterThanOrEqualTo(lastRevision);
            lastRevision = page.revision();
        }
        writer.join();
        assertThat(store.range("/w/", null, 1000).kvs()).hasSize(200);
    }

    // ---------------------------------------------------------------------------- restart

    @Test
    void reopenRestoresDataRevisionAndLog() throws Exception {
        store.put("/a", b("1"));
        store.put("/b", b("2"));
        store.put("/a", b("3"));
        store.delete("/b");
        store.put("/c", b("4"));
        store.compact(2);
        KeyValue a = store.get("/a").orElseThrow();
        store.close();
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString())
                .contains("isthmus.db").doesNotContain("isthmus.db-wal");

        store = SqliteStore.open(dir);
        assertThat(store.revision()).isEqualTo(5);
        assertThat(store.compactRevision()).isEqualTo(2);
        assertThat(store.get("/a")).contains(a);
        assertThat(store.get("/b")).isEmpty();
        assertThat(store.integrityCheck()).isEqualTo("ok");
        // The log survives too: a watch from revision 2 replays revisions 2..5.
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Watch w = store.watch("", 2, events::add)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (events.size() < 4 && System.nanoTime() < deadline) Thread.sleep(5);
        }
        assertThat(events).extracting(Event::revision).containsExactly(2L, 3L, 4L, 5L);
        assertThat(store.put("/d", b("")).modRevision()).isEqualTo(6);
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> SqliteStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void closedStoreRefusesOperations() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put("/a", b(""))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.watch("", 0, e -> { })).isInstanceOf(StoreException.class);
    }

    @Test
    void compactBeyondCurrentRevisionIsRefused() {
        store.put("/a", b(""));
        assertThatThrownBy(() -> store.compact(2)).isInstanceOf(IllegalArgumentException.class);
        store.compact(1);
        store.compact(0);
        assertThat(store.compactRevision()).isEqualTo(1);
    }
}
