package io.isthmus.xlat;

import io.isthmus.wire.Ipv6Address;

/** A mutable IPv6 address, filled by {@link AddressMapper#toIpv6} so that mapping allocates nothing. */
public final class Ipv6Slot {
    /** Bytes 0..7 of the address. */
    public long high;
    /** Bytes 8..15 of the address. */
    public long low;

    public void set(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** An immutable copy, for tools and tests. */
    public Ipv6Address toAddress() {
        return new Ipv6Address(high, low);
    }
}
