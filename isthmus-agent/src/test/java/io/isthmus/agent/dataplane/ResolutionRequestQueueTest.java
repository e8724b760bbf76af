package io.isthmus.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolutionRequestQueueTest {
    private final ResolutionRequestQueue queue = new ResolutionRequestQueue(64, 1_000);

    private List<int[]> drain(long now) {
        List<int[]> taken = new ArrayList<>();
        queue.drain(now, (port, overlay, ip) -> taken.add(new int[] {port, overlay, ip}));
        return taken;
    }

    @Test
    void dedupesUntilCompletedOrRetryDue() {
        assertThat(queue.request(1, 5, 99, 0)).isEqualTo(ResolutionRequests.QUEUED);
        assertThat(queue.request(2, 5, 99, 0)).isEqualTo(ResolutionRequests.IN_FLIGHT);
        assertThat(queue.request(1, 6, 99, 0)).isEqualTo(ResolutionRequests.QUEUED);
        assertThat(drain(10)).hasSize(2);
        assertThat(queue.request(1, 5, 99, 500)).isEqualTo(ResolutionRequests.IN_FLIGHT);
        assertThat(drain(500)).isEmpty();
        assertThat(queue.request(1, 5, 99, 1_500)).as("unanswered past the retry interval")
            .isEqualTo(ResolutionRequests.QUEUED);
        assertThat(drain(1_500)).containsExactly(new int[] {1, 5, 99});
        queue.complete(5, 99);
        queue.complete(6, 99);
        assertThat(queue.size()).isZero();
        assertThat(queue.request(3, 5, 99, 1_600)).isEqualTo(ResolutionRequests.QUEUED);
        assertThat(drain(1_600)).containsExactly(new int[] {3, 5, 99});
    }

    @Test
    void fullQueueRejects() {
        int rejected = 0;
        for (int ip = 0; ip < 1_000; ip++) {
            if (queue.request(0, 1, ip, 0) == ResolutionRequests.REJECTED) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(0);
        assertThat(queue.size()).isLessThanOrEqualTo(64);
        int taken = drain(0).size();
        assertThat(taken).isEqualTo(1_000 - rejected);
    }
}
