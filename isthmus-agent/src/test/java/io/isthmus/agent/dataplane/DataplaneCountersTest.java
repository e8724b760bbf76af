package io.isthmus.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.xlat.TranslationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataplaneCountersTest {
    @Test
    void everyTranslatorDropHasItsCounter() {
        for (TranslationResult result : TranslationResult.values()) {
            if (result.isDrop()) {
                assertThat(DataplaneCounter.ofTranslationDrop(result))
                    .isNotEqualTo(DataplaneCounter.TRANSLATION_OTHER)
                    .matches(DataplaneCounter::isDrop);
            }
        }
    }

    @Test
    void countsAndSums() {
        DataplaneCounters one = new DataplaneCounters();
        DataplaneCounters two = new DataplaneCounters();
        one.increment(DataplaneCounter.NOT_ALLOWED);
        one.increment(DataplaneCounter.SENT_TO_SUBSTRATE);
        two.increment(DataplaneCounter.NOT_ALLOWED);
        assertThat(one.get(DataplaneCounter.NOT_ALLOWED)).isEqualTo(1);
        assertThat(one.drops()).isEqualTo(1);
        assertThat(DataplaneCounters.sum(List.of(one, two)))
            .containsEntry("NOT_ALLOWED", 2L).containsEntry("SENT_TO_SUBSTRATE", 1L).hasSize(2);
    }
}
