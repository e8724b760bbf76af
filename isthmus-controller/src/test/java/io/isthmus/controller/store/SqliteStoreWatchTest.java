package io.isthmus.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watches of {@link SqliteStore}: order, replay, hand-over to live, close, compaction, slow consumers. */
class SqliteStoreWatchTest {

    @TempDir
    Path dir;

    SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir, new SqliteStore.Options(64, 4));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(2);
        }
    }

    /** Collects events and the cancellation, and records the delivering threads. */
    static class Recorder implements WatchListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<WatchCancelledException> cancelled = new CompletableFuture<>();

        @Override
        public void onEvent(Event event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onCancelled(WatchCancelledException reason) {
            cancelled.complete(reason);
        }
    }

    @Test
    void liveEventsInOrderWithPrevKvOnTheWatchThread() throws Exception {
        Recorder r = new Recorder();
        try (Watch w = store.watch("/n/", 0, r)) {
            assertThat(w.prefix()).isEqualTo("/n/");
            store.put("/n/a", b("1"));
            store.put("/other", b("x"));
            store.put("/n/a", b("2"));
            store.txn(Txn.when().then(Op.put("/n/b", b("3")), Op.delete("/n/a")));
            await(() -> r.events.size() == 4, "4 events");
        }
        assertThat(r.events).extracting(Event::type, Event::key, Event::revision).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Event.Type.PUT, "/n/a", 1L),
                org.assertj.core.groups.Tuple.tuple(Event.Type.PUT, "/n/a", 3L),
                org.assertj.core.groups.Tuple.tuple(Event.Type.PUT, "/n/b", 4L),
                org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, "/n/a", 4L));
        assertThat(r.events.get(0).prevKv()).isEmpty();
        assertThat(r.events.get(1).prevKv()).contains(new KeyValue("/n/a", b("1"), 1, 1, 1));
        assertThat(r.events.get(1).kv()).isEqualTo(new KeyValue("/n/a", b("2"), 1, 3, 2));
        assertThat(r.events.get(3).kv()).isEqualTo(new KeyValue("/n/a", new byte[0], 0, 4, 0));
        assertThat(r.events.get(3).prevKv()).contains(new KeyValue("/n/a", b("2"), 1, 3, 2));
        assertThat(r.threads).allMatch(name -> name.startsWith("isthmus-store-watch-"));
        assertThat(r.cancelled).isNotDone();
    }

    @Test
    void replayFromPastRevisionThenLiveWithoutGapOrDuplicate() throws Exception {
        for (int i = 1; i <= 300; i++) store.put("/k/" + (i % 17), b("" + i));
        Recorder r = new Recorder();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 301; i <= 500; i++) store.put("/k/" + (i % 17), b("" + i));
        });
        try (Watch w = store.watch("/k/", 42, r)) {
            writer.join();
            await(() -> r.events.size() == 500 - 41, "events 42..500");
        }
        List<Long> revisions = r.events.stream().map(Event::revision).toList();
        List<Long> expected = new ArrayList<>();
        for (long rev = 42; rev <= 500; rev++) expected.add(rev);
        assertThat(revisions).containsExactlyElementsOf(expected);
        for (Event e : r.events) assertThat(e.kv().valueUtf8()).isEqualTo("" + e.revision());
    }

    @Test
    void oneTransactionLargerThanAReplayPageIsReplayedWhole() throws Exception {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 1300; i++) ops.add(Op.put(String.format("/big/%05d", i), b("" + i)));
        store.txn(new Txn(List.of(), ops, List.of()));
        store.put("/big/after", b(""));
        Recorder r = new Recorder();
        try (Watch w = store.watch("/big/", 1, r)) {
            await(() -> r.events.size() == 1301, "1301 events");
        }
        for (int i = 0; i < 1300; i++) {
            assertThat(r.events.get(i).key()).isEqualTo(String.format("/big/%05d", i));
            assertThat(r.events.get(i).revision()).isEqualTo(1);
        }
        assertThat(r.events.get(1300).revision()).isEqualTo(2);
    }

    @Test
    void watchFromAFutureRevisionWaitsForIt() throws Exception {
        Recorder r = new Recorder();
        try (Watch w = store.watch("", 3, r)) {
            for (int i = 1; i <= 4; i++) store.put("/f", b("" + i));
            await(() -> r.events.size() == 2, "revisions 3 and 4");
            Thread.sleep(50);
        }
        assertThat(r.events).extracting(Event::revision).containsExactly(3L, 4L);
    }

    @Test
    void closeStopsDelivery() throws Exception {
        Recorder r = new Recorder();
        Watch w = store.watch("", 0, r);
        store.put("/a", b("1"));
        await(() -> r.events.size() == 1, "first event");
        w.close();
        w.close();
        for (int i = 0; i < 20; i++) store.put("/a", b("more"));
        Thread.sleep(100);
        assertThat(r.events).hasSize(1);
        assertThat(r.cancelled).isNotDone();
        assertThat(w.isCancelled()).isFalse();
    }

    @Test
    void closeWaitsForTheListenerCallInProgress() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> finished = new CopyOnWriteArrayList<>();
        Watch w = store.watch("", 0, e -> {
            inListener.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finished.add(e.revision());
        });
        store.put("/a", b(""));
        store.put("/a", b(""));
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofPlatform().start(w::close);
        Thread.sleep(50);
        assertThat(closer.isAlive()).as("close waits for the listener").isTrue();
        release.countDown();
        closer.join(5000);
        assertThat(closer.isAlive()).isFalse();
        Thread.sleep(50);
        assertThat(finished).containsExactly(1L);
    }

    @Test
    void closeFromInsideTheListener() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Watch[] self = new Watch[1];
        CountDownLatch registered = new CountDownLatch(1);
        self[0] = store.watch("", 0, e -> {
            events.add(e);
            try {
                registered.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            self[0].close();
        });
        registered.countDown();
        store.put("/a", b(""));
        store.put("/b", b(""));
        await(() -> events.size() == 1, "one event");
        Thread.sleep(50);
        assertThat(events).hasSize(1);
    }

    @Test
    void watchFromACompactedRevisionFailsClearly() throws Exception {
        for (int i = 0; i < 10; i++) store.put("/c", b("" + i));
        store.compact(6);
        assertThatThrownBy(() -> store.watch("", 5, e -> { }))
                .isInstanceOfSatisfying(CompactedException.class, e -> {
                    assertThat(e.requestedRevision()).isEqualTo(5);
                    assertThat(e.compactRevision()).isEqualTo(6);
                })
                .hasMessageContaining("compacted");
        Recorder r = new Recorder();
        try (Watch w = store.watch("", 6, r)) {
            await(() -> r.events.size() == 5, "revisions 6..10");
        }
        assertThat(r.events).extracting(Event::revision).containsExactly(6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void compactionDuringReplayCancelsTheWatch() throws Exception {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 1000; i++) ops.add(Op.put("/big/" + i, b("")));
        store.txn(new Txn(List.of(), ops, List.of()));
        store.put("/x", b(""));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<WatchCancelledException> cancelled = new CompletableFuture<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        Watch w = store.watch("", 1, new WatchListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event);
                first.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onCancelled(WatchCancelledException reason) {
                cancelled.complete(reason);
            }
        });
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        store.compact(2);
        release.countDown();
        WatchCancelledException reason = cancelled.get(10, TimeUnit.SECONDS);
        assertThat(reason.reason()).isEqualTo(WatchCancelledException.Reason.COMPACTED);
        assertThat(reason).hasCauseInstanceOf(CompactedException.class);
        assertThat(w.cancellation()).contains(reason);
        // The first replay page (512 events of revision 1) was read before the compaction.
        assertThat(events).hasSizeLessThanOrEqualTo(512);
        w.close();
    }

    @Test
    void slowWatcherIsCancelledWithoutBlockingWriters() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<WatchCancelledException> cancelled = new CompletableFuture<>();
        List<Event> slowEvents = new CopyOnWriteArrayList<>();
        Watch slow = store.watch("", 0, new WatchListener() {
            @Override
            public void onEvent(Event event) {
                slowEvents.add(event);
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onCancelled(WatchCancelledException reason) {
                cancelled.complete(reason);
            }
        });
        Recorder healthy = new Recorder();
        Watch fast = store.watch("", 0, healthy);
        // Only a live watch has a bounded queue: writes made while it still replays are read from the log.
        await(() -> store.isLive(slow) && store.isLive(fast), "watches live");
        store.put("/s/0", b(""));
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

        // 200 writes while the slow listener is stuck: they must all complete (capacity is 64).
        long start = System.nanoTime();
        for (int i = 1; i <= 200; i++) store.txn(Txn.when().then(Op.put("/s/" + i + "/a", b("")), Op.put("/s/" + i + "/b", b(""))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(slow.isCancelled()).isTrue();
        assertThat(slow.cancellation().orElseThrow().reason()).isEqualTo(WatchCancelledException.Reason.SLOW_CONSUMER);
        assertThat(slow.cancellation().orElseThrow()).hasMessageContaining("SLOW_CONSUMER");
        assertThat(cancelled).isNotDone();

        release.countDown();
        assertThat(cancelled.get(5, TimeUnit.SECONDS).reason()).isEqualTo(WatchCancelledException.Reason.SLOW_CONSUMER);
        Thread.sleep(50);
        // Delivered: the first put, then the whole 2-event transactions that fit before the overflow.
        assertThat(slowEvents.size()).isGreaterThan(1).isLessThanOrEqualTo(1 + 64);
        assertThat((slowEvents.size() - 1) % 2).isZero();
        assertThat(slowEvents).extracting(Event::revision).isSorted();
        // Other watchers are unaffected.
        await(() -> healthy.events.size() == 401, "all events for the healthy watcher");
        assertThat(fast.isCancelled()).isFalse();
        slow.close();
        fast.close();
    }

    @Test
    void slowConsumerCancellationFallsOnATransactionBoundary() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder r = new Recorder() {
            @Override
            public void onEvent(Event event) {
                super.onEvent(event);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Watch w = store.watch("", 0, r)) {
            // Only a live watch has a bounded queue: writes made while it still replays are read from the log.
            await(() -> store.isLive(w), "watch live");
            // Transactions of 5 events into a queue of 64: the 13th would not fit whole.
            for (int t = 0; t < 20; t++) {
                List<Op> ops = new ArrayList<>();
                for (int i = 0; i < 5; i++) ops.add(Op.put("/t/" + t + "/" + i, b("")));
                store.txn(new Txn(List.of(), ops, List.of()));
            }
            release.countDown();
            assertThat(r.cancelled.get(5, TimeUnit.SECONDS).reason())
                    .isEqualTo(WatchCancelledException.Reason.SLOW_CONSUMER);
        }
        // The queued transactions are delivered whole, then nothing more.
        assertThat(r.events.size() % 5).isZero();
        assertThat(r.events.size()).isBetween(60, 65);
        for (int i = 0; i < r.events.size(); i++) {
            assertThat(r.events.get(i).key()).isEqualTo("/t/" + (i / 5) + "/" + (i % 5));
        }
    }

    @Test
    void listenerFailureCancelsTheWatch() throws Exception {
        CompletableFuture<WatchCancelledException> cancelled = new CompletableFuture<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        Watch w = store.watch("", 0, new WatchListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event);
                throw new IllegalStateException("boom");
            }

            @Override
            public void onCancelled(WatchCancelledException reason) {
                cancelled.complete(reason);
            }
        });
        store.put("/a", b(""));
        store.put("/b", b(""));
        WatchCancelledException reason = cancelled.get(5, TimeUnit.SECONDS);
        assertThat(reason.reason()).isEqualTo(WatchCancelledException.Reason.LISTENER_FAILED);
        assertThat(reason).hasRootCauseMessage("boom");
        assertThat(events).hasSize(1);
        w.close();
    }

    @Test
    void closingTheStoreCancelsWatches() throws Exception {
        Recorder r = new Recorder();
        Watch w = store.watch("", 0, r);
        store.close();
        assertThat(r.cancelled.get(5, TimeUnit.SECONDS).reason()).isEqualTo(WatchCancelledException.Reason.STORE_CLOSED);
        assertThat(w.isCancelled()).isTrue();
    }

    @Test
    void listenerMayWriteToTheStore() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Watch w = store.watch("/in/", 0, e -> {
            events.add(e);
            store.put("/out/" + e.key().substring(4), e.kv().value());
        })) {
            store.put("/in/a", b("1"));
            await(() -> store.get("/out/a").isPresent(), "echo written");
        }
        assertThat(store.get("/out/a").map(KeyValue::valueUtf8)).isEqualTo(Optional.of("1"));
    }
}
