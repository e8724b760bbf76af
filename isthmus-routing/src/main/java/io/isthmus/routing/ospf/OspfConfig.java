package io.isthmus.routing.ospf;

import io.isthmus.routing.PeerPolicy;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How the virtual router runs OSPF on one participant's link (RFC 2328 appendix C.3).
 *
 * @param routerId                  the virtual router's router id
 * @param areaId                    the area of the link
 * @param address                   the virtual router's interface address (the subnet's gateway)
 * @param prefixLength              the subnet's prefix length
 * @param networkType               broadcast (with a DR election) or point-to-point
 * @param helloIntervalSeconds      seconds between Hellos; must match the neighbour's
 * @param deadIntervalSeconds       seconds of silence before the neighbour is declared down; must match the
 *                                  neighbour's
 * @param retransmitIntervalSeconds seconds before an unacknowledged DD, LSR or LSU is sent again
 * @param cost                      the interface's output cost, 1 to 65535
 * @param priority                  the router priority in DR elections, 0 (never DR) to 255
 * @param mtu                       the interface MTU announced in Database Description packets
 * @param policy                    what the participant may announce, and how fast
 * @param wallClock                 the wall clock for {@code upSinceMillis}
 */
public record OspfConfig(int routerId, int areaId, int address, int prefixLength, NetworkType networkType,
                         int helloIntervalSeconds, int deadIntervalSeconds, int retransmitIntervalSeconds, int cost,
                         int priority, int mtu, PeerPolicy policy, InstantSource wallClock) {
    /** The default hello interval (RFC 2328 appendix C.3). */
    public static final int DEFAULT_HELLO_INTERVAL = 10;
    /** The default dead interval. */
    public static final int DEFAULT_DEAD_INTERVAL = 40;
    /** The default retransmission interval. */
    public static final int DEFAULT_RETRANSMIT_INTERVAL = 5;
    /** The default interface cost. */
    public static final int DEFAULT_COST = 10;
    /** The default router priority. */
    public static final int DEFAULT_PRIORITY = 1;
    /** The default MTU. */
    public static final int DEFAULT_MTU = 1500;

    /** The kinds of link this speaker runs on (RFC 2328 section 1.2). */
    public enum NetworkType {
        /** A multi-access network with a Designated Router. */
        BROADCAST,
        /** A link to exactly one other router, without election. */
        POINT_TO_POINT
    }

    /** Rejects values out of their ranges. */
    public OspfConfig {
        Objects.requireNonNull(networkType, "networkType");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(wallClock, "wallClock");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("a prefix length is from 0 to 32, was " + prefixLength);
        }
        if (helloIntervalSeconds < 1 || helloIntervalSeconds > 0xffff || deadIntervalSeconds <= helloIntervalSeconds
            || retransmitIntervalSeconds < 1) {
            throw new IllegalArgumentException("the hello interval is 1 to 65535 s and below the dead interval, the "
                + "retransmit interval at least 1 s; were " + helloIntervalSeconds + ", " + deadIntervalSeconds
                + " and " + retransmitIntervalSeconds);
        }
        if (cost < 1 || cost > 0xffff || priority < 0 || priority > 0xff || mtu < 576 || mtu > 0xffff) {
            throw new IllegalArgumentException("cost 1..65535, priority 0..255, MTU 576..65535; were " + cost + ", "
                + priority + " and " + mtu);
        }
    }

    /**
     * The defaults of RFC 2328 appendix C.3 on a broadcast link: area 0, hello 10 s, dead 40 s, retransmit 5 s, cost
     * 10, priority 1, MTU 1500.
     */
    public static OspfConfig defaults(int routerId, int address, int prefixLength, PeerPolicy policy,
                                      InstantSource wallClock) {
        return new OspfConfig(routerId, 0, address, prefixLength, NetworkType.BROADCAST, DEFAULT_HELLO_INTERVAL,
            DEFAULT_DEAD_INTERVAL, DEFAULT_RETRANSMIT_INTERVAL, DEFAULT_COST, DEFAULT_PRIORITY, DEFAULT_MTU, policy,
            wallClock);
    }

    /** This configuration with other hello and dead intervals. */
    public OspfConfig withIntervals(int helloSeconds, int deadSeconds) {
        return new OspfConfig(routerId, areaId, address, prefixLength, networkType, helloSeconds, deadSeconds,
            retransmitIntervalSeconds, cost, priority, mtu, policy, wallClock);
    }

    /** This configuration with another network type. */
    public OspfConfig withNetworkType(NetworkType type) {
        return new OspfConfig(routerId, areaId, address, prefixLength, type, helloIntervalSeconds,
            deadIntervalSeconds, retransmitIntervalSeconds, cost, priority, mtu, policy, wallClock);
    }

    /** This configuration with another router priority. */
    public OspfConfig withPriority(int newPriority) {
        return new OspfConfig(routerId, areaId, address, prefixLength, networkType, helloIntervalSeconds,
            deadIntervalSeconds, retransmitIntervalSeconds, cost, newPriority, mtu, policy, wallClock);
    }

    /** The subnet mask. */
    public int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
