package io.isthmus.xlat.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** A coarse guard (not a benchmark): the per-packet methods allocate nothing, even interpreted. */
class ZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long sink;

    private static long allocatedBy(AddressMapper m, int rounds) {
        Ipv6Slot slot = new Ipv6Slot();
        long id = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < rounds; i++) {
            int v4 = 0x0a00_0000 | (i & 0x3ff);
            if (m.toIpv6(v4, slot)) {
                sink += m.toIpv4(slot.high, slot.low);
            }
            sink += m.toIpv4(slot.high ^ i, slot.low);
        }
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void mappersDoNotAllocate() {
        ExplicitAddressMappingTable.Builder eamt = ExplicitAddressMappingTable.builder();
        for (int i = 0; i < 512; i++) {
            eamt.add(new io.isthmus.wire.Ipv4Prefix(0x0a00_0000 | (i << 1), 31),
                new Ipv6Prefix(0x2001_0db8_0000_0002L, (long) i << 1, 127));
        }
        AgentPrefixTable.Builder agents = AgentPrefixTable.builder(72);
        for (int i = 0; i < 1024; i += 2) {
            agents.put(0x0a00_0000 | i, Ipv6Prefix.parse("2001:db8:0:1:ab00::/72"));
        }
        AddressMapper[] mappers = {
            new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:100::/40")),
            Rfc6052Mapper.wellKnown(),
            eamt.build(),
            new Rfc7757Mapper(eamt.build(), new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:122:344::/64"))),
            new OverlayAddressMapper(OverlayAddressing.defaults(), 42, agents.build()),
        };
        for (AddressMapper m : mappers) {
            allocatedBy(m, 20_000); // warm up, and let the MXBean settle
            assertThat(allocatedBy(m, 100_000)).as(m.toString()).isLessThan(1024);
        }
        Rfc6791Source pool = Rfc6791Source.of("198.51.100.0/28");
        long id = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            sink += pool.select(i, -i);
        }
        assertThat(THREADS.getThreadAllocatedBytes(id) - before).isLessThan(1024);
    }
}
