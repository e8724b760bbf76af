package io.isthmus.api.allocation;

import static io.isthmus.api.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.problem.ProblemType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkIdAllocatorTest {

    @Test
    void firstAllocationIsTheStartOfTheRange() {
        assertThat(NetworkIdAllocator.allocate(NetworkIdRange.ALL, Set.of(), 0)).isEqualTo(1);
        assertThat(NetworkIdAllocator.allocate(new NetworkIdRange(100, 200), Set.of(), 0)).isEqualTo(100);
    }

    @Test
    void nextAfterThePreviousSkippingIdsInUse() {
        NetworkIdRange range = new NetworkIdRange(1, 10);

        assertThat(NetworkIdAllocator.allocate(range, List.of(5, 6), 4)).isEqualTo(7);
    }

    @Test
    void freedIdIsNotReusedBeforeTheRangeWrapsAround() {
        NetworkIdRange range = new NetworkIdRange(1, 10);

        // id 2 was freed; previous allocation was 3: the allocator goes on to 4, not back to 2.
        assertThat(NetworkIdAllocator.allocate(range, Set.of(1, 3), 3)).isEqualTo(4);
        // at the end of the range it wraps.
        assertThat(NetworkIdAllocator.allocate(range, Set.of(1, 3, 10), 10)).isEqualTo(2);
    }

    @Test
    void idsOutsideTheRangeAreIgnored() {
        NetworkIdRange range = new NetworkIdRange(5, 6);

        assertThat(NetworkIdAllocator.allocate(range, Set.of(1, 2, 3, 5, 99), 0)).isEqualTo(6);
    }

    @Test
    void exhaustedRangeIsRejected() {
        assertRejected(() -> NetworkIdAllocator.allocate(new NetworkIdRange(1, 3), Set.of(1, 2, 3), 2),
            ProblemType.NETWORK_ID_EXHAUSTED, "");
    }

    @Test
    void rangeMustLieInTwentyFourBits() {
        assertThatThrownBy(() -> new NetworkIdRange(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkIdRange(1, 1 << 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkIdRange(9, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NetworkIdRange.ALL.size()).isEqualTo(0xff_ffff);
    }
}
