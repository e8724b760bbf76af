package io.isthmus.routing.rip;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link RipPort} runs: the link (the virtual router's interface address and prefix length, the participant's
 * address on it), the authentication, the timers of RFC 2453 section 3.8, the participant's {@link PeerPolicy}, the
 * wall clock for the status, and where regular updates go.
 *
 * @param routerAddress     the virtual router's address on the link (the subnet's gateway)
 * @param prefixLength      the link's prefix length
 * @param participant       the participant's address on the link
 * @param authentication    how messages are authenticated
 * @param updateInterval    between regular updates (30 s), jittered by up to a sixth either way
 * @param timeout           after which a route not refreshed is unreachable (180 s)
 * @param garbageCollection for which an unreachable route is still advertised with metric 16 (120 s)
 * @param policy            what the participant may announce, and how fast
 * @param wallClock         for {@code upSinceMillis}
 * @param multicast         regular and triggered updates to 224.0.0.9 (true) or to the participant's address
 */
public record RipPortConfig(int routerAddress, int prefixLength, int participant, RipAuthentication authentication,
                            Duration updateInterval, Duration timeout, Duration garbageCollection, PeerPolicy policy,
                            InstantSource wallClock, boolean multicast) {
    /** RFC 2453 section 3.8's update interval. */
    public static final Duration UPDATE_INTERVAL = Duration.ofSeconds(30);
    /** RFC 2453 section 3.8's timeout. */
    public static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** RFC 2453 section 3.8's garbage-collection time. */
    public static final Duration GARBAGE_COLLECTION = Duration.ofSeconds(120);

    /** Rejects a participant off the link or equal to the router, and timers that are not positive. */
    public RipPortConfig {
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(wallClock, "wallClock");
        Ipv4Prefix link = Ipv4Prefix.normalized(routerAddress, prefixLength);
        if (!link.contains(participant) || participant == routerAddress) {
            throw new IllegalArgumentException("the participant " + Ipv4Address.format(participant)
                + " must be another address on the router's link " + link);
        }
        for (Duration timer : new Duration[] {updateInterval, timeout, garbageCollection}) {
            if (timer == null || timer.isNegative() || timer.isZero()) {
                throw new IllegalArgumentException("RIP timers are positive, were " + updateInterval + ", " + timeout
                    + " and " + garbageCollection);
            }
        }
    }

    /** The standard timers, multicast updates, the system clock. */
    public static RipPortConfig of(int routerAddress, int prefixLength, int participant,
                                   RipAuthentication authentication, PeerPolicy policy) {
        return new RipPortConfig(routerAddress, prefixLength, participant, authentication, UPDATE_INTERVAL, TIMEOUT,
            GARBAGE_COLLECTION, policy, InstantSource.system(), true);
    }

    /** This configuration with other timers. */
    public RipPortConfig withTimers(Duration update, Duration routeTimeout, Duration garbage) {
        return new RipPortConfig(routerAddress, prefixLength, participant, authentication, update, routeTimeout,
            garbage, policy, wallClock, multicast);
    }

    /** The link's prefix. */
    public Ipv4Prefix link() {
        return Ipv4Prefix.normalized(routerAddress, prefixLength);
    }
}
