package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the pipelines of one host share: the overlay layout and this host's agent prefix, the port table, the
 * resolution cache and where misses are asked, the clock, and the virtual routers' slow path.
 *
 * @param addressing the overlay layout the controller announced at registration
 * @param hostPrefix this host's agent prefix (its length must be the layout's)
 * @param ports the ports attached on this host
 * @param cache the controller's answers
 * @param requests where misses and refreshes are asked
 * @param clock nanoseconds on the {@link System#nanoTime()} scale (a fake clock in tests); called once per packet
 *     that needs it, and must not allocate
 * @param punt where frames for the virtual routers' services go
 * @param groups the multicast group members, on this host and elsewhere
 */
public record DataplaneContext(
    OverlayAddressing addressing,
    Ipv6Prefix hostPrefix,
    PortTable ports,
    ResolutionCache cache,
    ResolutionRequests requests,
    LongSupplier clock,
    RouterPunt punt,
    MulticastGroups groups) {

    public DataplaneContext {
        Objects.requireNonNull(addressing, "addressing");
        addressing.checkAgentPrefix(Objects.requireNonNull(hostPrefix, "hostPrefix"));
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(punt, "punt");
        Objects.requireNonNull(groups, "groups");
    }

    /** A context with no multicast member known yet (a table of its own). */
    public DataplaneContext(OverlayAddressing addressing, Ipv6Prefix hostPrefix, PortTable ports, ResolutionCache cache,
                            ResolutionRequests requests, LongSupplier clock, RouterPunt punt) {
        this(addressing, hostPrefix, ports, cache, requests, clock, punt, new MulticastGroups());
    }

    /** A context whose virtual routers offer no services beyond ARP and ping. */
    public DataplaneContext(OverlayAddressing addressing, Ipv6Prefix hostPrefix, PortTable ports, ResolutionCache cache,
                            ResolutionRequests requests, LongSupplier clock) {
        this(addressing, hostPrefix, ports, cache, requests, clock, RouterPunt.NONE);
    }

    /** This context with {@code punt} as the routers' slow path. */
    public DataplaneContext withPunt(RouterPunt punt) {
        return new DataplaneContext(addressing, hostPrefix, ports, cache, requests, clock, punt, groups);
    }

    /** This context with {@code groups} as the multicast members. */
    public DataplaneContext withGroups(MulticastGroups groups) {
        return new DataplaneContext(addressing, hostPrefix, ports, cache, requests, clock, punt, groups);
    }

    /** A context on the real clock. */
    public static DataplaneContext of(OverlayAddressing addressing, Ipv6Prefix hostPrefix, PortTable ports,
                                      ResolutionCache cache, ResolutionRequests requests) {
        return new DataplaneContext(addressing, hostPrefix, ports, cache, requests, System::nanoTime, RouterPunt.NONE);
    }
}
