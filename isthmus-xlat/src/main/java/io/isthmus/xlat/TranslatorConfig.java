package io.isthmus.xlat;

import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.xlat.mapping.Rfc6791Source;
import java.util.Objects;

/**
 * Settings of a {@link Translator}.
 *
 * @param mapper address mapping used for outer and inner (ICMP error payload) addresses
 * @param rfc6791 IPv4 sources for ICMPv4 errors translated from ICMPv6 errors whose source has no IPv4
 *     counterpart (RFC 6791); {@code null} to drop such errors
 * @param lowestIpv6Mtu IPv4 packets without DF that would become larger IPv6 packets are fragmented to this size
 *     (RFC 7915 section 4 "lowest-ipv6-mtu"); at least 1280
 * @param ipv6NextHopMtu MTU of the link the IPv6 packets leave on: larger translations are fragmented or answered with
 *     ICMPv4 fragmentation needed
 * @param ipv4NextHopMtu MTU of the link the IPv4 packets leave on: larger translations are fragmented or answered with
 *     ICMPv6 packet too big
 * @param decrementHopLimit whether the translator acts as a router hop (decrements TTL and hop limit and answers with
 *     time exceeded when they run out)
 * @param copyTrafficClass whether the IPv4 TOS and the IPv6 traffic class are copied (else written zero)
 * @param computeZeroUdpChecksum whether an unfragmented IPv4 UDP datagram with a zero checksum gets its checksum
 *     computed (RFC 7915 section 4.5); when false it is dropped
 * @param errorSourceIpv4 source of the ICMPv4 errors the translator generates; {@code null} to send none
 * @param errorSourceIpv6 source of the ICMPv6 errors the translator generates; {@code null} to send none
 * @param icmpErrorsPerSecond rate limit of generated ICMP errors (RFC 4443 section 2.4 f, RFC 1812 section 4.3.2.8)
 */
public record TranslatorConfig(
    AddressMapper mapper,
    Rfc6791Source rfc6791,
    int lowestIpv6Mtu,
    int ipv6NextHopMtu,
    int ipv4NextHopMtu,
    boolean decrementHopLimit,
    boolean copyTrafficClass,
    boolean computeZeroUdpChecksum,
    Integer errorSourceIpv4,
    Ipv6Address errorSourceIpv6,
    int icmpErrorsPerSecond) {

    /** Largest IP packet either family carries without jumbograms. */
    public static final int MAX_PACKET = 65535;

    public TranslatorConfig {
        Objects.requireNonNull(mapper, "mapper");
        if (lowestIpv6Mtu < Ipv6Packet.MINIMUM_MTU || lowestIpv6Mtu > MAX_PACKET) {
            throw new IllegalArgumentException("lowest IPv6 MTU must be 1280..65535, was " + lowestIpv6Mtu);
        }
        if (ipv6NextHopMtu < Ipv6Packet.MINIMUM_MTU || ipv6NextHopMtu > MAX_PACKET + 48) {
            throw new IllegalArgumentException("IPv6 next-hop MTU must be at least 1280, was " + ipv6NextHopMtu);
        }
        if (ipv4NextHopMtu < 68 || ipv4NextHopMtu > MAX_PACKET) {
            throw new IllegalArgumentException("IPv4 next-hop MTU must be 68..65535, was " + ipv4NextHopMtu);
        }
        if (icmpErrorsPerSecond < 0) {
            throw new IllegalArgumentException("ICMP error rate must not be negative, was " + icmpErrorsPerSecond);
        }
    }

    /**
     * Defaults as RFC 7915 recommends: lowest IPv6 MTU 1280, unlimited next-hop MTUs, router behaviour (hop limit
     * decremented), traffic class copied, zero UDP checksums computed, no generated ICMP errors.
     */
    public static TranslatorConfig defaults(AddressMapper mapper) {
        return new TranslatorConfig(mapper, null, Ipv6Packet.MINIMUM_MTU, MAX_PACKET + 48, MAX_PACKET, true,
            true, true, null, null, 100);
    }

    public TranslatorConfig withRfc6791(Rfc6791Source sources) {
        return new TranslatorConfig(mapper, sources, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu, decrementHopLimit,
            copyTrafficClass, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withLowestIpv6Mtu(int mtu) {
        return new TranslatorConfig(mapper, rfc6791, mtu, ipv6NextHopMtu, ipv4NextHopMtu, decrementHopLimit,
            copyTrafficClass, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withNextHopMtus(int ipv6Mtu, int ipv4Mtu) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6Mtu, ipv4Mtu, decrementHopLimit,
            copyTrafficClass, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withDecrementHopLimit(boolean decrement) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu, decrement,
            copyTrafficClass, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withCopyTrafficClass(boolean copy) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu,
            decrementHopLimit, copy, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withComputeZeroUdpChecksum(boolean compute) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu,
            decrementHopLimit, copyTrafficClass, compute, errorSourceIpv4, errorSourceIpv6, icmpErrorsPerSecond);
    }

    /** Generated ICMP errors come from these addresses; {@code null} disables them for that family. */
    public TranslatorConfig withErrorSources(Integer ipv4, Ipv6Address ipv6) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu,
            decrementHopLimit, copyTrafficClass, computeZeroUdpChecksum, ipv4, ipv6, icmpErrorsPerSecond);
    }

    public TranslatorConfig withIcmpErrorsPerSecond(int rate) {
        return new TranslatorConfig(mapper, rfc6791, lowestIpv6Mtu, ipv6NextHopMtu, ipv4NextHopMtu,
            decrementHopLimit, copyTrafficClass, computeZeroUdpChecksum, errorSourceIpv4, errorSourceIpv6, rate);
    }
}
