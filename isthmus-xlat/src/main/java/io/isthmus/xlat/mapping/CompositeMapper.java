package io.isthmus.xlat.mapping;

import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import java.util.List;

/**
 * Tries several mappers in order, in each direction independently; the first that maps an address wins.
 * Allocation-free.
 */
public final class CompositeMapper implements AddressMapper {
    private final AddressMapper[] mappers;

    /** The mappers, first tried first; throws {@link IllegalArgumentException} if empty or holding null. */
    public CompositeMapper(List<? extends AddressMapper> mappers) {
        if (mappers.isEmpty()) {
            throw new IllegalArgumentException("a composite mapper needs at least one mapper");
        }
        if (mappers.stream().anyMatch(m -> m == null)) {
            throw new IllegalArgumentException("null mapper in " + mappers);
        }
        this.mappers = mappers.toArray(new AddressMapper[0]);
    }

    /** The mappers, first tried first. */
    public static CompositeMapper of(AddressMapper... mappers) {
        return new CompositeMapper(List.of(mappers));
    }

    /** The mappers, in the order they are tried. */
    public List<AddressMapper> mappers() {
        return List.of(mappers);
    }

    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        for (AddressMapper m : mappers) {
            if (m.toIpv6(ipv4, out)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long toIpv4(long high, long low) {
        for (AddressMapper m : mappers) {
            long v4 = m.toIpv4(high, low);
            if (v4 != NO_MAPPING) {
                return v4;
            }
        }
        return NO_MAPPING;
    }

    @Override
    public String toString() {
        return "CompositeMapper" + List.of(mappers);
    }
}
