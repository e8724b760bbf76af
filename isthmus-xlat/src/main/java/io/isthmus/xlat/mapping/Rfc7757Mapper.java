package io.isthmus.xlat.mapping;

import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import java.util.Optional;

/**
 * The address mapping of a SIIT translator with explicit address mappings (RFC 7757): the EAMT first, then the
 * RFC 6052 pool6 prefix if one is configured. RFC 7757 section 3.2 gives the EAMT precedence in both directions, so
 * an address that an EAM covers never falls through to pool6. Allocation-free.
 *
 * <p>Hairpinning (RFC 7757 section 3.3: an IPv6 packet whose destination maps to an EAMT IPv4 address is sent back
 * into IPv6) is the translator's concern, not this mapper's: it shows up as a destination that maps to an IPv4
 * address that this same mapper maps back to IPv6.
 */
public final class Rfc7757Mapper implements AddressMapper {
    private final ExplicitAddressMappingTable eamt;
    private final Rfc6052Mapper pool6;

    /**
     * A SIIT mapping.
     *
     * @param eamt the explicit address mappings (use {@link ExplicitAddressMappingTable#empty()} for none)
     * @param pool6 the RFC 6052 prefix, or null for an EAM-only translator
     */
    public Rfc7757Mapper(ExplicitAddressMappingTable eamt, Rfc6052Mapper pool6) {
        if (eamt == null) {
            throw new IllegalArgumentException("the EAMT must not be null (use ExplicitAddressMappingTable.empty())");
        }
        this.eamt = eamt;
        this.pool6 = pool6;
    }

    /** The explicit address mappings. */
    public ExplicitAddressMappingTable eamt() {
        return eamt;
    }

    /** The pool6 prefix mapper, if any. */
    public Optional<Rfc6052Mapper> pool6() {
        return Optional.ofNullable(pool6);
    }

    /** The EAMT's longest match, else the pool6 embedding, else false. */
    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        if (eamt.toIpv6(ipv4, out)) {
            return true;
        }
        return pool6 != null && pool6.toIpv6(ipv4, out);
    }

    /** The EAMT's longest match, else the address embedded under pool6, else {@link #NO_MAPPING}. */
    @Override
    public long toIpv4(long high, long low) {
        long v4 = eamt.toIpv4(high, low);
        if (v4 != NO_MAPPING || pool6 == null) {
            return v4;
        }
        return pool6.toIpv4(high, low);
    }

    @Override
    public String toString() {
        return "Rfc7757Mapper[eamt=" + eamt.size() + " entries, pool6=" + (pool6 == null ? "none" : pool6.prefix())
            + "]";
    }
}
