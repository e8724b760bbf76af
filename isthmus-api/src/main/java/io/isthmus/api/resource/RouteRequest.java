package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;

/**
 * A static route a caller adds to (or replaces in) a subnet's route table: a destination and its targets (one
 * blackhole, or 1..{@code Limits.targetsPerRoute} appliance interfaces as an ECMP group).
 */
public record RouteRequest(Ipv4Prefix destination, List<RouteTarget> targets) {
}
