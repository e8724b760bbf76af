package io.isthmus.controller.channel;

import io.isthmus.api.resource.HostId;
import java.time.Instant;
import java.util.Map;

/**
 * The last counter report of a host's agent.
 *
 * @param host the reporting host
 * @param receivedAt when the controller received it
 * @param counters the counters by name (unsigned 64-bit values in a long)
 */
public record HostCounters(HostId host, Instant receivedAt, Map<String, Long> counters) {
    /** Copies the counters. */
    public HostCounters {
        counters = Map.copyOf(counters);
    }
}
