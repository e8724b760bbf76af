package io.isthmus.api.allocation;

import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeeringRangesTest {

    @Test
    void nothingTakenGivesTheStartOfTenSlashEight() {
        assertThat(PeeringRanges.lowestFree(24, List.of())).contains(prefix("10.0.0.0/24"));
    }

    @Test
    void skipsEveryOverlappingRangeAndAligns() {
        List<Ipv4Prefix> taken = List.of(prefix("10.0.0.0/24"), prefix("10.0.1.128/25"), prefix("10.0.3.0/24"));
        assertThat(PeeringRanges.lowestFree(24, taken)).contains(prefix("10.0.2.0/24"));
        assertThat(PeeringRanges.lowestFree(23, taken)).contains(prefix("10.0.4.0/23"));
    }

    @Test
    void aLargerTakenRangeIsJumpedOver() {
        assertThat(PeeringRanges.lowestFree(24, List.of(prefix("10.0.0.0/9")))).contains(prefix("10.128.0.0/24"));
    }

    @Test
    void fullTenMovesToOneSevenTwoThenOneNineTwo() {
        assertThat(PeeringRanges.lowestFree(16, List.of(prefix("10.0.0.0/8")))).contains(prefix("172.16.0.0/16"));
        assertThat(PeeringRanges.lowestFree(16, List.of(prefix("10.0.0.0/8"), prefix("172.16.0.0/12"))))
            .contains(prefix("192.168.0.0/16"));
    }

    @Test
    void aBlockLargerThanAPoolOnlyFitsTheLargerPools() {
        assertThat(PeeringRanges.lowestFree(11, List.of(prefix("10.0.0.0/8")))).isEmpty();
        assertThat(PeeringRanges.lowestFree(12, List.of(prefix("10.0.0.0/8")))).contains(prefix("172.16.0.0/12"));
    }

    @Test
    void exhaustionIsAProblem() {
        List<Ipv4Prefix> all = PeeringRanges.POOLS;
        assertThat(PeeringRanges.lowestFree(30, all)).isEmpty();
        assertThatThrownBy(() -> PeeringRanges.allocate(30, all, "/networkId"))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.PEERING_RANGE_EXHAUSTED));
    }

    @Test
    void theResultNeverOverlapsATakenRange() {
        List<Ipv4Prefix> taken = List.of(prefix("10.0.0.0/16"), prefix("10.1.0.0/24"), prefix("10.1.1.0/30"));
        for (int length = 9; length <= 32; length++) {
            Ipv4Prefix free = PeeringRanges.lowestFree(length, taken).orElseThrow();
            assertThat(free.length()).isEqualTo(length);
            assertThat(taken).noneMatch(t -> t.overlaps(free));
        }
    }
}
