package io.isthmus.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.MacAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AllocatorPropertiesTest {

    @Property
    void networkIdsAreInRangeAndNeverInUse(@ForAll @IntRange(min = 1, max = 40) int size,
                                           @ForAll @Size(max = 200) List<Boolean> operations,
                                           @ForAll @Size(max = 200) List<@IntRange(min = 0) Integer> picks) {
        NetworkIdRange range = new NetworkIdRange(1000, 1000 + size - 1);
        Set<Integer> inUse = new HashSet<>();
        int previous = 0;
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i)) {
                try {
                    int id = NetworkIdAllocator.allocate(range, inUse, previous);
                    assertThat(range.contains(id)).isTrue();
                    assertThat(inUse.add(id)).isTrue();
                    previous = id;
                } catch (ValidationException e) {
                    assertThat(e.type()).isEqualTo(ProblemType.NETWORK_ID_EXHAUSTED);
                    assertThat(inUse).hasSize(size);
                }
            } else if (!inUse.isEmpty()) {
                int pick = picks.isEmpty() ? 0 : picks.get(i % picks.size());
                inUse.remove(inUse.stream().sorted().toList().get(pick % inUse.size()));
            }
        }
    }

    @Property
    void interfaceMacsAreLocalUnicastAndUniquePerAddress(@ForAll int a, @ForAll int b) {
        long mac = VirtualMacs.forInterface(a);

        assertThat(MacAddress.isValid(mac)).isTrue();
        assertThat(MacAddress.isUnicast(mac)).isTrue();
        assertThat(MacAddress.isLocallyAdministered(mac)).isTrue();
        assertThat(VirtualMacs.forInterface(b) == mac).isEqualTo(a == b);
        assertThat(VirtualMacs.router(b)).isNotEqualTo(mac);
        assertThat(MacAddress.isLocallyAdministered(VirtualMacs.router(b))).isTrue();
        assertThat(MacAddress.isUnicast(VirtualMacs.router(b))).isTrue();
    }

    @Property(tries = 50)
    void macsOfAllocatedAddressesAreUnique(@ForAll @IntRange(min = 0, max = 255) int third) {
        AddressPool pool = new AddressPool(io.isthmus.wire.Ipv4Prefix.normalized(0x0a000000 | third << 8, 22));
        Set<Long> macs = new HashSet<>();
        for (int i = 0; i < SubnetAddresses.usableCount(pool.subnet()); i++) {
            assertThat(macs.add(VirtualMacs.forInterface(pool.allocate("/a")))).isTrue();
        }
    }
}
