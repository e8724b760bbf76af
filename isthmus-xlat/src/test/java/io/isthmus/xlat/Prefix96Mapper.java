package io.isthmus.xlat;

import io.isthmus.wire.Ipv6Address;

/** Test mapper: every IPv4 address is embedded in the low 32 bits of one /96 prefix, and back. */
final class Prefix96Mapper implements AddressMapper {
    private final long high;
    private final long lowPrefix;

    Prefix96Mapper(String prefix) {
        Ipv6Address p = Ipv6Address.parse(prefix);
        this.high = p.high();
        this.lowPrefix = p.low() & 0xffffffff00000000L;
    }

    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        out.set(high, lowPrefix | (ipv4 & 0xffffffffL));
        return true;
    }

    @Override
    public long toIpv4(long h, long l) {
        return h == high && (l & 0xffffffff00000000L) == lowPrefix ? l & 0xffffffffL : NO_MAPPING;
    }
}
