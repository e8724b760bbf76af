package io.isthmus.controller.metering;

import java.time.Instant;

/** One attachment's usage in the UTC hour starting at {@code hour}. */
public record HourlyUsage(Instant hour, UsageCounts counts) {
}
