package io.isthmus.xlat;

/**
 * Maps addresses between the IPv4 and the IPv6 side of a translator. Implementations must not allocate in either
 * method: they run once or twice per packet.
 */
public interface AddressMapper {
    /** Returned by {@link #toIpv4} when an IPv6 address has no IPv4 counterpart. */
    long NO_MAPPING = -1L;

    /**
     * Writes the IPv6 address that stands for {@code ipv4} into {@code out}; returns false (leaving {@code out}
     * unspecified) when the address cannot be translated.
     */
    boolean toIpv6(int ipv4, Ipv6Slot out);

    /**
     * The IPv4 address (in the low 32 bits) that stands for the IPv6 address {@code high:low}, or
     * {@link #NO_MAPPING}.
     */
    long toIpv4(long high, long low);
}
