package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;

/**
 * One entry of an {@link ExplicitAddressMappingTable} (RFC 7757 section 3.1): an IPv4 prefix and an IPv6 prefix
 * with suffixes of equal length, whose suffix bits are copied unchanged in either direction.
 */
public record ExplicitAddressMapping(Ipv4Prefix ipv4, Ipv6Prefix ipv6) {

    /** Validates that the suffix lengths ({@code 32 - ipv4.length()} and {@code 128 - ipv6.length()}) are equal. */
    public ExplicitAddressMapping {
        if (ipv4 == null || ipv6 == null) {
            throw new IllegalArgumentException("an explicit address mapping needs an IPv4 and an IPv6 prefix");
        }
        if (ipv4.suffixLength() != ipv6.suffixLength()) {
            throw new IllegalArgumentException("explicit address mapping " + ipv4 + " <-> " + ipv6
                + ": suffix lengths differ (" + ipv4.suffixLength() + " IPv4 bits vs " + ipv6.suffixLength()
                + " IPv6 bits); an IPv4 /" + ipv4.length() + " pairs with an IPv6 /" + (96 + ipv4.length()));
        }
    }

    /** Parses both prefixes (strictly: host bits set are rejected). */
    public static ExplicitAddressMapping parse(String ipv4Prefix, String ipv6Prefix) {
        return new ExplicitAddressMapping(Ipv4Prefix.parse(ipv4Prefix), Ipv6Prefix.parse(ipv6Prefix));
    }

    /** Number of suffix bits copied between the two addresses (0..32). */
    public int suffixLength() {
        return ipv4.suffixLength();
    }

    @Override
    public String toString() {
        return ipv4 + " <-> " + ipv6;
    }
}
