package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the pipelines of one host share: the overlay layout and this host's agent prefix, the port table, the
 * resolution cache and where misses are asked, and the clock.
 *
 * @param addressing the overlay layout the controller announced at registration
 * @param hostPrefix this host's agent prefix (its length must be the layout's)
 * @param ports the ports attached on this host
 * @param cache the controller's answers
 * @param requests where misses and refreshes are asked
 * @param clock nanoseconds on the {@link System#nanoTime()} scale (a fake clock in tests); called once per packet
 *     that needs it, and must not allocate
 */
public record DataplaneContext(
    OverlayAddressing addressing,
    Ipv6Prefix hostPrefix,
    PortTable ports,
    ResolutionCache cache,
    ResolutionRequests requests,
    LongSupplier clock) {

    public DataplaneContext {
        Objects.requireNonNull(addressing, "addressing");
        addressing.checkAgentPrefix(Objects.requireNonNull(hostPrefix, "hostPrefix"));
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(clock, "clock");
    }

    /** A context on the real clock. */
    public static DataplaneContext of(OverlayAddressing addressing, Ipv6Prefix hostPrefix, PortTable ports,
                                      ResolutionCache cache, ResolutionRequests requests) {
        return new DataplaneContext(addressing, hostPrefix, ports, cache, requests, System::nanoTime);
    }
}
