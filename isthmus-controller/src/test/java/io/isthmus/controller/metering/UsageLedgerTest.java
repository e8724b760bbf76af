package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.controller.metering.TrafficGrowth.Counts;
import io.isthmus.controller.metering.TrafficGrowth.Pair;
import io.isthmus.controller.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage records on a real store: hourly buckets, boot ids, refusals, restarts. */
class UsageLedgerTest {
    private static final PeeringAttachmentId A = new PeeringAttachmentId("pa-aaaaaaaaaaaa");
    private static final PeeringAttachmentId B = new PeeringAttachmentId("pa-bbbbbbbbbbbb");
    private static final Pair AB = new Pair(A.value(), B.value());
    private static final Pair BA = new Pair(B.value(), A.value());
    private static final HostId HOST = new HostId("host-111111111111");
    private static final HostId OTHER_HOST = new HostId("host-222222222222");
    private static final Instant T0 = Instant.parse("2026-12-06T14:59:50Z");
    private static final Instant ALL = Instant.EPOCH;
    private static final Instant END = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private SqliteStore store;
    private UsageLedger ledger;
    private final SetClock clock = new SetClock(T0);

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        ledger = new UsageLedger(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void report(HostId host, String boot, Map<Pair, Counts> readings, Set<Pair> refused) {
        ledger.report(host, boot, readings, refused);
    }

    private static Map<Pair, Counts> readings(Object... pairsAndCounts) {
        Map<Pair, Counts> map = new LinkedHashMap<>();
        for (int i = 0; i < pairsAndCounts.length; i += 2) {
            map.put((Pair) pairsAndCounts[i], (Counts) pairsAndCounts[i + 1]);
        }
        return map;
    }

    private UsageCounts total(PeeringAttachmentId attachment) {
        return UsageLedger.total(ledger.hours(attachment, ALL, END));
    }

    @Test
    void growthIsOutOfTheSenderAndIntoTheReceiverInTheHourOfTheReport() {
        report(HOST, "boot-1", readings(AB, new Counts(10, 15_000), BA, new Counts(4, 240)), Set.of());
        clock.now = T0.plusSeconds(20);
        report(HOST, "boot-1", readings(AB, new Counts(15, 20_000), BA, new Counts(4, 240)), Set.of());

        assertThat(ledger.hours(A, ALL, END)).containsExactly(
            new HourlyUsage(Instant.parse("2026-12-06T14:00:00Z"), new UsageCounts(4, 240, 10, 15_000, 0)),
            new HourlyUsage(Instant.parse("2026-12-06T15:00:00Z"), new UsageCounts(0, 0, 5, 5_000, 0)));
        assertThat(total(B)).isEqualTo(new UsageCounts(15, 20_000, 4, 240, 0));
        assertThat(ledger.hours(A, Instant.parse("2026-12-06T15:00:00Z"), END)).hasSize(1);
        assertThat(ledger.hours(A, ALL, Instant.parse("2026-12-06T15:00:00Z"))).hasSize(1);
    }

    @Test
    void aNewBootIdStartsFromZero() {
        report(HOST, "boot-1", readings(AB, new Counts(100, 100_000)), Set.of());
        report(HOST, "boot-2", readings(AB, new Counts(150, 150_000)), Set.of());

        assertThat(total(A)).isEqualTo(UsageCounts.out(250, 250_000));
    }

    @Test
    void aCounterThatGoesBackIsAFreshStart() {
        report(HOST, "boot-1", readings(AB, new Counts(100, 100_000)), Set.of());
        report(HOST, "boot-1", readings(AB, new Counts(2, 2_000)), Set.of());
        report(HOST, "boot-1", readings(AB, new Counts(5, 5_000)), Set.of());

        assertThat(total(A)).isEqualTo(UsageCounts.out(105, 105_000));
    }

    @Test
    void hostsAreMeteredApartAndAddToTheSameHour() {
        report(HOST, "boot-1", readings(AB, new Counts(1, 100)), Set.of());
        report(OTHER_HOST, "boot-9", readings(AB, new Counts(2, 200)), Set.of());
        report(HOST, "boot-1", readings(AB, new Counts(3, 300)), Set.of());

        assertThat(total(A)).isEqualTo(UsageCounts.out(5, 500));
        assertThat(ledger.hours(B, ALL, END)).singleElement().extracting(HourlyUsage::counts)
            .isEqualTo(UsageCounts.in(5, 500));
    }

    @Test
    void aRefusedPairIsNeverCountedNotEvenOnceItIsTaken() {
        report(HOST, "boot-1", readings(AB, new Counts(10, 1_000), BA, new Counts(1, 100)), Set.of(BA));
        report(HOST, "boot-1", readings(AB, new Counts(10, 1_000), BA, new Counts(3, 300)), Set.of());

        assertThat(total(A)).isEqualTo(new UsageCounts(2, 200, 10, 1_000, 0));
    }

    @Test
    void aControllerRestartNeitherLosesNorCountsTwice() {
        report(HOST, "boot-1", readings(AB, new Counts(10, 1_000)), Set.of());
        store.close();
        open();
        report(HOST, "boot-1", readings(AB, new Counts(12, 1_500)), Set.of());

        assertThat(total(A)).isEqualTo(UsageCounts.out(12, 1_500));
    }

    @Test
    void aRepeatedReportWritesNothing() {
        report(HOST, "boot-1", readings(AB, new Counts(10, 1_000)), Set.of());
        long revision = store.revision();
        report(HOST, "boot-1", readings(AB, new Counts(10, 1_000)), Set.of());

        assertThat(store.revision()).isEqualTo(revision);
    }

    @Test
    void routingUpdatesAddToTheHour() {
        ledger.routingUpdates(A, 3);
        ledger.routingUpdates(A, 4);
        ledger.routingUpdates(A, 0);

        assertThat(ledger.hours(A, ALL, END)).containsExactly(
            new HourlyUsage(Instant.parse("2026-12-06T14:00:00Z"), UsageCounts.routing(7)));
        assertThat(ledger.hours(B, ALL, END)).isEqualTo(List.of());
    }

    /** A clock tests set by hand. */
    static final class SetClock extends Clock {
        volatile Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
