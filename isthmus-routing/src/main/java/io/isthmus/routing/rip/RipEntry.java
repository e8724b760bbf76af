package io.isthmus.routing.rip;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * A valid IPv4 route entry of a RIPv2 message (RFC 2453 section 4).
 *
 * @param routeTag a 16-bit attribute carried along, for routes from outside RIP
 * @param prefix   the destination: address and contiguous mask
 * @param nextHop  where to send to the destination, or 0 for the sender itself (RFC 2453 section 4.4)
 * @param metric   1..16, 16 meaning unreachable
 */
public record RipEntry(int routeTag, Ipv4Prefix prefix, int nextHop, int metric) {

    /** Rejects a route tag beyond 16 bits and a metric outside 1..16. */
    public RipEntry {
        Objects.requireNonNull(prefix, "prefix");
        if (routeTag < 0 || routeTag > 0xffff) {
            throw new IllegalArgumentException("a route tag is 16 bits, was " + routeTag);
        }
        if (metric < 1 || metric > RipPacket.INFINITY) {
            throw new IllegalArgumentException("a RIP metric is from 1 to 16, was " + metric);
        }
    }

    /**
     * Why entry {@code i} of {@code packet} is not a valid IPv4 route entry, or null if it is (RFC 2453 section 3.9.2:
     * metric 1..16, a destination that is not multicast, class E, loopback or in network 0 except the default route).
     */
    public static RipError check(RipPacket packet, int i) {
        if (packet.addressFamily(i) != RipPacket.AFI_IPV4) {
            return RipError.BAD_ADDRESS_FAMILY;
        }
        long metric = packet.metric(i);
        if (metric < 1 || metric > RipPacket.INFINITY) {
            return RipError.BAD_METRIC;
        }
        int mask = packet.mask(i);
        if (Integer.bitCount(mask) != Integer.numberOfLeadingZeros(~mask)) {
            return RipError.BAD_MASK;
        }
        int address = packet.address(i);
        if ((address & ~mask) != 0) {
            return RipError.HOST_BITS_SET;
        }
        int firstOctet = address >>> 24;
        boolean defaultRoute = address == 0 && mask == 0;
        if (firstOctet >= 224 || firstOctet == 127 || (firstOctet == 0 && !defaultRoute)) {
            return RipError.BAD_DESTINATION;
        }
        return null;
    }

    /** Entry {@code i} of {@code packet}, which {@link #check} found valid. */
    public static RipEntry read(RipPacket packet, int i) {
        return new RipEntry(packet.routeTag(i),
            new Ipv4Prefix(packet.address(i), Integer.bitCount(packet.mask(i))), packet.nextHop(i),
            (int) packet.metric(i));
    }

    /** Writes this entry as entry {@code i} of {@code packet}. */
    public void write(RipPacket packet, int i) {
        packet.setEntry(i, RipPacket.AFI_IPV4, routeTag, prefix.address(), prefix.mask(), nextHop, metric);
    }

    @Override
    public String toString() {
        return prefix + " metric " + metric + (nextHop == 0 ? "" : " via " + Ipv4Address.format(nextHop))
            + (routeTag == 0 ? "" : " tag " + routeTag);
    }
}
