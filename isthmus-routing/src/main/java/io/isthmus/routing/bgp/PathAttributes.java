package io.isthmus.routing.bgp;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;

/**
 * The path attributes of an UPDATE (RFC 4271 section 5), each null (or -1, false, empty) when absent. AS numbers are
 * held as 4-octet values whatever the session's encoding; the codec converts (RFC 6793).
 *
 * @param origin ORIGIN (type 1): 0 IGP, 1 EGP, 2 INCOMPLETE; -1 when absent
 * @param asPath AS_PATH (type 2), or null
 * @param nextHop NEXT_HOP (type 3), an IPv4 address; meaningful when {@code hasNextHop}
 * @param hasNextHop whether NEXT_HOP is present
 * @param med MULTI_EXIT_DISC (type 4), unsigned 32 bits; -1 when absent
 * @param localPref LOCAL_PREF (type 5), unsigned 32 bits; -1 when absent
 * @param atomicAggregate ATOMIC_AGGREGATE (type 6) present
 * @param aggregator AGGREGATOR (type 7), or null
 * @param communities COMMUNITIES (type 8, RFC 1997), kept opaque, or null
 * @param mpReach MP_REACH_NLRI (type 14, RFC 4760), or null
 * @param mpUnreach MP_UNREACH_NLRI (type 15, RFC 4760), or null
 * @param as4Path AS4_PATH (type 17, RFC 6793) as received on a 2-octet session, or null
 * @param unknown optional attributes this speaker does not interpret, in order
 */
public record PathAttributes(int origin, List<AsPathSegment> asPath, int nextHop, boolean hasNextHop, long med,
                             long localPref, boolean atomicAggregate, Aggregator aggregator, OpaqueBytes communities,
                             MpReach mpReach, MpUnreach mpUnreach, List<AsPathSegment> as4Path,
                             List<RawAttribute> unknown) {
    /** Type code of ORIGIN. */
    public static final int ORIGIN = 1;
    /** Type code of AS_PATH. */
    public static final int AS_PATH = 2;
    /** Type code of NEXT_HOP. */
    public static final int NEXT_HOP = 3;
    /** Type code of MULTI_EXIT_DISC. */
    public static final int MULTI_EXIT_DISC = 4;
    /** Type code of LOCAL_PREF. */
    public static final int LOCAL_PREF = 5;
    /** Type code of ATOMIC_AGGREGATE. */
    public static final int ATOMIC_AGGREGATE = 6;
    /** Type code of AGGREGATOR. */
    public static final int AGGREGATOR = 7;
    /** Type code of COMMUNITIES. */
    public static final int COMMUNITIES = 8;
    /** Type code of MP_REACH_NLRI. */
    public static final int MP_REACH_NLRI = 14;
    /** Type code of MP_UNREACH_NLRI. */
    public static final int MP_UNREACH_NLRI = 15;
    /** Type code of AS4_PATH. */
    public static final int AS4_PATH = 17;
    /** Type code of AS4_AGGREGATOR. */
    public static final int AS4_AGGREGATOR = 18;

    /** Attribute flag: optional. */
    public static final int FLAG_OPTIONAL = 0x80;
    /** Attribute flag: transitive. */
    public static final int FLAG_TRANSITIVE = 0x40;
    /** Attribute flag: partial. */
    public static final int FLAG_PARTIAL = 0x20;
    /** Attribute flag: the length field has two octets. */
    public static final int FLAG_EXTENDED_LENGTH = 0x10;

    /** ORIGIN IGP. */
    public static final int ORIGIN_IGP = 0;

    /** No attributes at all. */
    public static final PathAttributes NONE = new PathAttributes(-1, null, 0, false, -1, -1, false, null, null, null,
        null, null, List.of());

    /** Copies the lists. */
    public PathAttributes {
        asPath = asPath == null ? null : List.copyOf(asPath);
        as4Path = as4Path == null ? null : List.copyOf(as4Path);
        unknown = List.copyOf(unknown);
    }

    /** What a virtual router announces: ORIGIN IGP, AS_PATH [localAs], NEXT_HOP, MED. */
    public static PathAttributes announcement(long localAs, int nextHop, long med) {
        return new PathAttributes(ORIGIN_IGP, List.of(AsPathSegment.sequence(localAs)), nextHop, true, med, -1,
            false, null, null, null, null, null, List.of());
    }

    /** These attributes with {@code unreach} as MP_UNREACH_NLRI. */
    public PathAttributes withMpUnreach(MpUnreach unreach) {
        return new PathAttributes(origin, asPath, nextHop, hasNextHop, med, localPref, atomicAggregate, aggregator,
            communities, mpReach, unreach, as4Path, unknown);
    }

    /**
     * Whether {@code asNumber} appears anywhere in AS_PATH or AS4_PATH: a routing loop when it is our own
     * (RFC 4271 section 9.1.2).
     */
    public boolean pathContains(long asNumber) {
        for (List<AsPathSegment> path : java.util.Arrays.asList(asPath, as4Path)) {
            if (path != null) {
                for (AsPathSegment segment : path) {
                    for (long asn : segment.asNumbers()) {
                        if (asn == asNumber) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * One AS_PATH segment (RFC 4271 section 4.3): type (1: AS_SET, 2: AS_SEQUENCE), count, AS numbers.
     *
     * @param type 1 AS_SET or 2 AS_SEQUENCE
     * @param asNumbers the AS numbers, unsigned 32 bits each
     */
    public record AsPathSegment(int type, List<Long> asNumbers) {
        /** Segment type AS_SET. */
        public static final int AS_SET = 1;
        /** Segment type AS_SEQUENCE. */
        public static final int AS_SEQUENCE = 2;

        /** Copies {@code asNumbers}. */
        public AsPathSegment {
            asNumbers = List.copyOf(asNumbers);
        }

        /** An AS_SEQUENCE of {@code asNumbers}. */
        public static AsPathSegment sequence(Long... asNumbers) {
            return new AsPathSegment(AS_SEQUENCE, List.of(asNumbers));
        }

        /** An AS_SEQUENCE of one AS number. */
        public static AsPathSegment sequence(long asNumber) {
            return new AsPathSegment(AS_SEQUENCE, List.of(asNumber));
        }
    }

    /**
     * AGGREGATOR: the AS (2 or 4 octets as the session encodes it) and the address of the aggregating speaker.
     *
     * @param asNumber the aggregating AS, unsigned 32 bits
     * @param address its router's IPv4 address
     */
    public record Aggregator(long asNumber, int address) {
    }

    /**
     * MP_REACH_NLRI (RFC 4760 section 3): AFI (2), SAFI (1), next hop length (1), next hop, reserved (1), NLRI. Only
     * IPv4 unicast NLRI are decoded; other families keep their bytes.
     *
     * @param afi address family
     * @param safi subsequent address family
     * @param nextHop the next hop bytes
     * @param nlri the IPv4 unicast prefixes (empty for other families)
     * @param otherFamilyNlri the NLRI bytes of another family, or empty
     */
    public record MpReach(int afi, int safi, OpaqueBytes nextHop, List<Ipv4Prefix> nlri, OpaqueBytes otherFamilyNlri) {
        /** Copies {@code nlri}. */
        public MpReach {
            nlri = List.copyOf(nlri);
        }

        /** Whether it carries IPv4 unicast. */
        public boolean isIpv4Unicast() {
            return afi == Capability.AFI_IPV4 && safi == Capability.SAFI_UNICAST;
        }
    }

    /**
     * MP_UNREACH_NLRI (RFC 4760 section 4): AFI (2), SAFI (1), withdrawn routes.
     *
     * @param afi address family
     * @param safi subsequent address family
     * @param withdrawn the IPv4 unicast prefixes (empty for other families)
     * @param otherFamilyWithdrawn the withdrawn bytes of another family, or empty
     */
    public record MpUnreach(int afi, int safi, List<Ipv4Prefix> withdrawn, OpaqueBytes otherFamilyWithdrawn) {
        /** Copies {@code withdrawn}. */
        public MpUnreach {
            withdrawn = List.copyOf(withdrawn);
        }

        /** Whether it carries IPv4 unicast. */
        public boolean isIpv4Unicast() {
            return afi == Capability.AFI_IPV4 && safi == Capability.SAFI_UNICAST;
        }
    }

    /**
     * An optional attribute kept as received (RFC 4271 section 5: an unrecognized optional transitive attribute is
     * passed on with the Partial bit set).
     *
     * @param flags its flags
     * @param type its type code
     * @param value its value
     */
    public record RawAttribute(int flags, int type, OpaqueBytes value) {
    }
}
