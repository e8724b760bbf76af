package io.isthmus.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Property: for random write scripts, every watch (any prefix, started at any past revision,
 * before or during the writes) delivers exactly the logged changes from its start revision under
 * its prefix, in order, with no gap and no duplicate.
 */
class SqliteStoreWatchProperties {

    private static final String[] KEYS = {"/p/a/0", "/p/a/1", "/p/a/2", "/p/b/0", "/p/b/1", "/q/0", "/q/1"};
    private static final String[] PREFIXES = {"", "/p/", "/p/a/", "/p/b/", "/q/", "/none/"};

    @Property(tries = 25)
    void watchStreamEqualsTheLog(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("isthmus-store-prop");
        // A queue big enough that no watcher is a slow consumer here.
        try (SqliteStore store = SqliteStore.open(dir, new SqliteStore.Options(100_000, 2))) {
            List<Event> log = new CopyOnWriteArrayList<>();
            int before = 5 + random.nextInt(30);
            for (int i = 0; i < before; i++) apply(store, randomTxn(random), log);

            record Watcher(String prefix, long from, List<Event> events, Watch watch) {
            }
            List<Watcher> watchers = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
                long from = 1 + random.nextInt((int) store.revision() + 1);
                List<Event> events = new CopyOnWriteArrayList<>();
                watchers.add(new Watcher(prefix, from, events, store.watch(prefix, from, events::add)));
            }
            int during = 10 + random.nextInt(40);
            List<Txn> script = new ArrayList<>();
            for (int i = 0; i < during; i++) script.add(randomTxn(random));
            long lateSeed = random.nextLong();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (Txn t : script) apply(store, t, log);
            });
            // One more watcher registered while the writer runs.
            Random late = new Random(lateSeed);
            Thread.sleep(late.nextInt(10));
            String prefix = PREFIXES[late.nextInt(PREFIXES.length)];
            long from = store.revision() <= 1 ? 1 : 1 + late.nextInt((int) store.revision());
            List<Event> lateEvents = new CopyOnWriteArrayList<>();
            watchers.add(new Watcher(prefix, from, lateEvents, store.watch(prefix, from, lateEvents::add)));
            writer.join();

            for (Watcher w : watchers) {
                List<Event> expected = log.stream()
                        .filter(e -> e.revision() >= w.from() && e.key().startsWith(w.prefix()))
                        .toList();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (w.events().size() < expected.size() && System.nanoTime() < deadline) Thread.sleep(2);
                Thread.sleep(5);
                assertThat(w.events()).as("watch %s from %d (seed %d)", w.prefix(), w.from(), seed)
                        .containsExactlyElementsOf(expected);
                assertThat(w.watch().isCancelled()).isFalse();
                w.watch().close();
            }
            // And the log itself replays whole from revision 1 after the fact.
            List<Event> replay = new CopyOnWriteArrayList<>();
            try (Watch w = store.watch("", 1, replay::add)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (replay.size() < log.size() && System.nanoTime() < deadline) Thread.sleep(2);
            }
            assertThat(replay).containsExactlyElementsOf(log);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static Txn randomTxn(Random random) {
        String k = KEYS[random.nextInt(KEYS.length)];
        byte[] v = ("v" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0, 1 -> Txn.when().then(Op.put(k, v));
            case 2 -> Txn.when().then(Op.delete(k));
            case 3 -> Txn.when().then(Op.deleteRange(PREFIXES[1 + random.nextInt(PREFIXES.length - 1)]));
            case 4 -> {
                String k2 = KEYS[random.nextInt(KEYS.length)];
                Txn t = Txn.when(Compare.absent(k)).then(Op.put(k, v));
                yield k2.equals(k) ? t : t.orElse(Op.put(k2, v), Op.delete(k));
            }
            default -> Txn.when(Compare.version(k, random.nextInt(3)))
                    .then(Op.put(k, v), Op.get(k))
                    .orElse(Op.deleteRange("/q/"));
        };
    }

    /** Runs a transaction and appends the events it must have logged, derived from its results. */
    private static void apply(Store store, Txn txn, List<Event> log) {
        TxnResult r = store.txn(txn);
        for (OpResult result : r.results()) {
            switch (result) {
                case OpResult.PutResult p -> log.add(new Event(Event.Type.PUT, p.kv(), p.prevKv()));
                case OpResult.DeleteResult d -> d.prevKvs().forEach(prev -> log.add(new Event(Event.Type.DELETE,
                        new KeyValue(prev.key(), new byte[0], 0, r.revision(), 0), Optional.of(prev))));
                case OpResult.GetResult _ -> { }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
