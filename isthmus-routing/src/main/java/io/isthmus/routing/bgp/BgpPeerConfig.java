package io.isthmus.routing.bgp;

import io.isthmus.routing.PeerPolicy;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a {@link BgpPeer} needs to know about itself and its participant.
 *
 * @param localAs the virtual router's AS number, unsigned 32 bits
 * @param routerId the virtual router's BGP identifier
 * @param routerAddress the virtual router's address: the NEXT_HOP of what it announces
 * @param participantAddress the participant's address: where its connections come from and the next hop of what it
 *     announces
 * @param expectedPeerAs the participant's AS number, or 0 to accept any other than {@code localAs} (sessions are
 *     external only)
 * @param holdTimeSeconds the hold time this side proposes: 0 or at least 3 (RFC 4271 section 4.2)
 * @param policy what the participant may announce, and how fast
 * @param wallClockMillis the wall clock, read only for {@link io.isthmus.routing.SessionStatus#upSinceMillis()}
 */
public record BgpPeerConfig(long localAs, int routerId, int routerAddress, int participantAddress, long expectedPeerAs,
                            int holdTimeSeconds, PeerPolicy policy, LongSupplier wallClockMillis) {
    /** The hold time proposed unless configured otherwise (RFC 4271 section 10 suggests 90 seconds). */
    public static final int DEFAULT_HOLD_TIME_SECONDS = 90;

    /** Checks the values. */
    public BgpPeerConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        if (localAs < 1 || localAs > 0xffffffffL || expectedPeerAs < 0 || expectedPeerAs > 0xffffffffL) {
            throw new IllegalArgumentException("AS numbers are unsigned 32 bits, local at least 1, were " + localAs
                + " and " + expectedPeerAs);
        }
        if (expectedPeerAs == localAs) {
            throw new IllegalArgumentException("sessions are external: the peer AS cannot be the local AS " + localAs);
        }
        if (holdTimeSeconds != 0 && (holdTimeSeconds < 3 || holdTimeSeconds > 0xffff)) {
            throw new IllegalArgumentException("a hold time is 0 or 3 to 65535 seconds, was " + holdTimeSeconds);
        }
        if (routerId == 0) {
            throw new IllegalArgumentException("a BGP identifier is not 0.0.0.0");
        }
    }

    /** A configuration with the default hold time and the system's wall clock. */
    public static BgpPeerConfig of(long localAs, int routerId, int routerAddress, int participantAddress,
                                   long expectedPeerAs, PeerPolicy policy) {
        return new BgpPeerConfig(localAs, routerId, routerAddress, participantAddress, expectedPeerAs,
            DEFAULT_HOLD_TIME_SECONDS, policy, System::currentTimeMillis);
    }

    /** This configuration with another hold time. */
    public BgpPeerConfig withHoldTime(int seconds) {
        return new BgpPeerConfig(localAs, routerId, routerAddress, participantAddress, expectedPeerAs, seconds, policy,
            wallClockMillis);
    }
}
