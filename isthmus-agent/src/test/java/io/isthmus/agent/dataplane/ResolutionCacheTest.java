package io.isthmus.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResolutionCacheTest {
    private final ResolutionCache cache = new ResolutionCache(100_000);
    private final ResolutionCache.Entry entry = new ResolutionCache.Entry();

    @Test
    void installLookupExpireInvalidateRemove() {
        assertThat(cache.lookup(7, 0x0a000001, 0, entry)).isEqualTo(ResolutionCache.MISS);
        assertThat(cache.install(7, 0x0a000001, true, 0x20010db8L, 0x55L, 100)).isTrue();
        assertThat(cache.lookup(7, 0x0a000001, 50, entry)).isEqualTo(ResolutionCache.FRESH);
        assertThat(entry.allowed()).isTrue();
        assertThat(entry.nextHopHigh()).isEqualTo(0x20010db8L);
        assertThat(entry.nextHopLow()).isEqualTo(0x55L);
        assertThat(cache.lookup(8, 0x0a000001, 50, entry)).as("another network").isEqualTo(ResolutionCache.MISS);
        assertThat(cache.lookup(7, 0x0a000001, 100, entry)).isEqualTo(ResolutionCache.STALE);
        cache.install(7, 0x0a000001, true, 1, 2, 200);
        assertThat(cache.lookup(7, 0x0a000001, 150, entry)).isEqualTo(ResolutionCache.FRESH);
        cache.invalidate(7, 0x0a000001);
        assertThat(cache.lookup(7, 0x0a000001, 150, entry)).isEqualTo(ResolutionCache.STALE);
        assertThat(entry.nextHopLow()).isEqualTo(2);
        cache.install(7, 0x0a000001, false, 0, 0, 300);
        assertThat(cache.lookup(7, 0x0a000001, 150, entry)).isEqualTo(ResolutionCache.FRESH);
        assertThat(entry.allowed()).isFalse();
        cache.expireAll();
        assertThat(cache.lookup(7, 0x0a000001, 150, entry)).isEqualTo(ResolutionCache.STALE);
        cache.remove(7, 0x0a000001);
        assertThat(cache.lookup(7, 0x0a000001, 150, entry)).isEqualTo(ResolutionCache.MISS);
        assertThat(cache.size()).isZero();
    }

    @Test
    void growsKeepsEveryEntryAndShedsStaleOnes() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.install(i % 3, i, true, i, i * 2L, i < 5_000 ? 10 : 1_000)).isTrue();
        }
        for (int i = 0; i < 10_000; i += 2) {
            cache.remove(i % 3, i);
        }
        assertThat(cache.size()).isEqualTo(5_000);
        for (int i = 0; i < 10_000; i++) {
            int found = cache.lookup(i % 3, i, 0, entry);
            if (i % 2 == 0) {
                assertThat(found).isEqualTo(ResolutionCache.MISS);
            } else {
                assertThat(found).isEqualTo(ResolutionCache.FRESH);
                assertThat(entry.nextHopLow()).isEqualTo(i * 2L);
            }
        }
        assertThat(cache.removeStale(500)).isEqualTo(2_500);
        assertThat(cache.size()).isEqualTo(2_500);
    }

    @Test
    void fullCacheRefusesNewEntries() {
        ResolutionCache small = new ResolutionCache(2);
        assertThat(small.install(1, 1, true, 0, 0, 0)).isTrue();
        assertThat(small.install(1, 2, true, 0, 0, 0)).isTrue();
        assertThat(small.install(1, 3, true, 0, 0, 0)).isFalse();
        assertThat(small.install(1, 2, false, 0, 0, 0)).as("replacing is fine").isTrue();
    }

    /** A reader never sees half an entry: every entry's low word is its high word plus one. */
    @Test
    void readersNeverSeeTornEntries() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            ResolutionCache.Entry seen = new ResolutionCache.Entry();
            while (!stop.get()) {
                for (int ip = 0; ip < 64; ip++) {
                    if (cache.lookup(1, ip, 0, seen) != ResolutionCache.MISS
                        && seen.nextHopLow() != seen.nextHopHigh() + 1) {
                        failure.set("torn entry for " + ip + ": " + seen.nextHopHigh() + "/" + seen.nextHopLow());
                    }
                }
            }
        });
        reader.start();
        for (long round = 0; round < 200_000; round++) {
            int ip = (int) (round % 64);
            cache.install(1, ip, true, round, round + 1, 1);
            if (round % 7 == 0) {
                cache.remove(1, (int) ((round * 31) % 64));
            }
        }
        stop.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
    }
}
