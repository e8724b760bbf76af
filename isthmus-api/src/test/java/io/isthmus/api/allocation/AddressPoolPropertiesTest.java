package io.isthmus.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AddressPoolPropertiesTest {

    /** A random sequence of allocations (true) and frees (false) against a model of the used addresses. */
    @Property
    void allocatedAddressesAreValidUniqueAndLowestFree(@ForAll @IntRange(min = 24, max = 29) int length,
                                                       @ForAll int base,
                                                       @ForAll @Size(max = 300) List<Boolean> operations,
                                                       @ForAll @Size(max = 300) List<@IntRange(min = 0) Integer> picks) {
        Ipv4Prefix subnet = Ipv4Prefix.normalized(base, length);
        AddressPool pool = new AddressPool(subnet);
        TreeSet<Integer> used = new TreeSet<>();
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i)) {
                int expected = lowestFree(subnet, used);
                try {
                    int address = pool.allocate("/a");
                    assertThat(address).isEqualTo(expected);
                    assertThat(subnet.contains(address)).isTrue();
                    assertThat(SubnetAddresses.isReserved(subnet, address)).isFalse();
                    assertThat(used.add(address)).isTrue();
                } catch (ValidationException e) {
                    assertThat(e.type()).isEqualTo(ProblemType.SUBNET_FULL);
                    assertThat(expected).isEqualTo(-1);
                }
            } else if (!used.isEmpty()) {
                int pick = picks.isEmpty() ? 0 : picks.get(i % picks.size());
                int address = new ArrayList<>(used).get(pick % used.size());
                pool.free(address);
                used.remove(address);
            }
            assertThat(pool.freeCount()).isEqualTo(SubnetAddresses.usableCount(subnet) - used.size());
        }
    }

    @Property
    void poolBuiltFromUsedAddressesAgreesWithThem(@ForAll @Size(max = 50) List<@IntRange(min = 4, max = 254) Integer> offsets) {
        Ipv4Prefix subnet = Ipv4Prefix.parse("172.16.5.0/24");
        List<Integer> used = offsets.stream().map(o -> subnet.address() + o).toList();
        AddressPool pool = AddressPool.of(subnet, used);

        for (int offset = 0; offset < 256; offset++) {
            int address = subnet.address() + offset;
            boolean free = !used.contains(address) && !SubnetAddresses.isReserved(subnet, address);
            assertThat(pool.isFree(address)).isEqualTo(free);
        }
    }

    private static int lowestFree(Ipv4Prefix subnet, TreeSet<Integer> used) {
        for (int offset = 0; offset < 1 << subnet.suffixLength(); offset++) {
            int address = subnet.address() + offset;
            if (!SubnetAddresses.isReserved(subnet, address) && !used.contains(address)) {
                return address;
            }
        }
        return -1;
    }
}
