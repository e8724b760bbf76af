package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.controller.metering.TrafficGrowth.Counts;
import io.isthmus.controller.metering.TrafficGrowth.Pair;
import io.isthmus.controller.metering.TrafficGrowth.Readings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The growth of a host's cumulative meters between reports. */
class TrafficGrowthTest {
    private static final Pair AB = new Pair("pa-a", "pa-b");
    private static final Pair BA = new Pair("pa-b", "pa-a");

    @Test
    void theFirstReportOfABootIsAllGrowth() {
        TrafficGrowth.Step step = TrafficGrowth.step(Readings.NONE, "boot-1", Map.of(AB, new Counts(3, 300)));

        assertThat(step.growth()).containsExactly(Map.entry(AB, new Counts(3, 300)));
        assertThat(step.readings()).isEqualTo(new Readings("boot-1", Map.of(AB, new Counts(3, 300))));
    }

    @Test
    void theSameBootGrowsByTheDifference() {
        Readings previous = new Readings("boot-1", Map.of(AB, new Counts(3, 300), BA, new Counts(1, 60)));

        TrafficGrowth.Step step = TrafficGrowth.step(previous, "boot-1", Map.of(AB, new Counts(5, 1300)));

        assertThat(step.growth()).containsExactly(Map.entry(AB, new Counts(2, 1000)));
        assertThat(step.readings().pairs()).containsEntry(AB, new Counts(5, 1300))
            .as("a pair the report lacks keeps its reading").containsEntry(BA, new Counts(1, 60));
    }

    @Test
    void aNewBootIdStartsFromZero() {
        Readings previous = new Readings("boot-1", Map.of(AB, new Counts(300, 30_000), BA, new Counts(1, 60)));

        TrafficGrowth.Step step = TrafficGrowth.step(previous, "boot-2", Map.of(AB, new Counts(500, 50_000)));

        assertThat(step.growth()).containsExactly(Map.entry(AB, new Counts(500, 50_000)));
        assertThat(step.readings()).isEqualTo(new Readings("boot-2", Map.of(AB, new Counts(500, 50_000))));
    }

    @Test
    void aCounterGoingBackWithinABootIsAFreshStart() {
        Readings previous = new Readings("boot-1", Map.of(AB, new Counts(10, 1000)));

        assertThat(TrafficGrowth.step(previous, "boot-1", Map.of(AB, new Counts(4, 2000))).growth())
            .as("packets went back").containsExactly(Map.entry(AB, new Counts(4, 2000)));
        assertThat(TrafficGrowth.step(previous, "boot-1", Map.of(AB, new Counts(12, 900))).growth())
            .as("bytes went back").containsExactly(Map.entry(AB, new Counts(12, 900)));
    }

    @Test
    void anUnchangedReadingGrowsByNothing() {
        Readings previous = new Readings("boot-1", Map.of(AB, new Counts(10, 1000)));

        TrafficGrowth.Step step = TrafficGrowth.step(previous, "boot-1", Map.of(AB, new Counts(10, 1000)));

        assertThat(step.growth().get(AB).isZero()).isTrue();
        assertThat(step.readings()).isEqualTo(previous);
    }
}
