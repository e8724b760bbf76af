package io.isthmus.xlat.mapping;

import static io.isthmus.xlat.AddressMapper.NO_MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExplicitAddressMappingTableTest {

    private static Ipv6Address v6(String text) {
        return Ipv6Address.parse(text);
    }

    private static Ipv6Address toIpv6(ExplicitAddressMappingTable t, String ipv4) {
        Ipv6Slot slot = new Ipv6Slot();
        return t.toIpv6(Ipv4Address.parse(ipv4), slot) ? slot.toAddress() : null;
    }

    private static String toIpv4(ExplicitAddressMappingTable t, String ipv6) {
        Ipv6Address a = v6(ipv6);
        long v4 = t.toIpv4(a.high(), a.low());
        return v4 == NO_MAPPING ? null : Ipv4Address.format((int) v4);
    }

    @Test
    void conformanceEntriesCopyTheSuffix() {
        ExplicitAddressMappingTable t = ExplicitAddressMappingTable.builder()
            .add("1.0.0.0/24", "2001:db8:3::/120")
            .add("10.0.0.0/24", "2001:db8:2::/120")
            .build();
        assertThat(toIpv6(t, "10.0.0.5")).isEqualTo(v6("2001:db8:2::5"));
        assertThat(toIpv6(t, "10.0.0.255")).isEqualTo(v6("2001:db8:2::ff"));
        assertThat(toIpv6(t, "1.0.0.0")).isEqualTo(v6("2001:db8:3::"));
        assertThat(toIpv6(t, "10.0.1.0")).isNull();
        assertThat(toIpv4(t, "2001:db8:2::7")).isEqualTo("10.0.0.7");
        assertThat(toIpv4(t, "2001:db8:3::fe")).isEqualTo("1.0.0.254");
        assertThat(toIpv4(t, "2001:db8:2::100")).isNull();
        assertThat(toIpv4(t, "2001:db8:4::1")).isNull();
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.entryFor(Ipv4Address.parse("10.0.0.9")))
            .isEqualTo(ExplicitAddressMapping.parse("10.0.0.0/24", "2001:db8:2::/120"));
    }

    @Test
    void bitLevelSuffix() {
        // Jool's documentation example: 203.0.113.8/29 <-> 2001:db8:cccc::/125.
        ExplicitAddressMappingTable t = ExplicitAddressMappingTable.builder()
            .add("192.0.2.1/32", "2001:db8:aaaa::5/128")
            .add("203.0.113.8/29", "2001:db8:cccc::/125")
            .add("0.0.0.0/0", "64:ff9b::/96")
            .allowNestedOverlaps(true)
            .build();
        assertThat(toIpv6(t, "203.0.113.8")).isEqualTo(v6("2001:db8:cccc::"));
        assertThat(toIpv6(t, "203.0.113.15")).isEqualTo(v6("2001:db8:cccc::7"));
        assertThat(toIpv6(t, "192.0.2.1")).isEqualTo(v6("2001:db8:aaaa::5"));
        assertThat(toIpv4(t, "2001:db8:aaaa::5")).isEqualTo("192.0.2.1");
        assertThat(toIpv6(t, "8.8.8.8")).isEqualTo(v6("64:ff9b::8.8.8.8"));
        assertThat(toIpv4(t, "64:ff9b::1.2.3.4")).isEqualTo("1.2.3.4");
    }

    @Test
    void emptyTableMapsNothing() {
        ExplicitAddressMappingTable t = ExplicitAddressMappingTable.empty();
        assertThat(toIpv6(t, "10.0.0.1")).isNull();
        assertThat(toIpv4(t, "2001:db8::1")).isNull();
    }

    @Test
    void rejectsUnequalSuffixLengths() {
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder().add("10.0.0.0/24", "2001:db8:2::/64"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("suffix lengths differ")
            .hasMessageContaining("IPv6 /120");
    }

    @Test
    void rejectsHostBits() {
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder().add("10.0.0.1/24", "2001:db8:2::/120"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("host bits");
    }

    @Test
    void rejectsTheSameIpv4PrefixTwiceEvenWhenNestingIsAllowed() {
        ExplicitAddressMappingTable.Builder b = ExplicitAddressMappingTable.builder().allowNestedOverlaps(true)
            .add("10.0.0.0/24", "2001:db8:2::/120")
            .add("10.0.0.0/24", "2001:db8:5::/120");
        assertThatThrownBy(b::build)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the same IPv4 prefix")
            .hasMessageContaining("10.0.0.0/24 <-> 2001:db8:2::/120");
    }

    @Test
    void rejectsTheSameIpv6PrefixTwiceEvenWhenNestingIsAllowed() {
        ExplicitAddressMappingTable.Builder b = ExplicitAddressMappingTable.builder().allowNestedOverlaps(true)
            .add("10.0.0.0/24", "2001:db8:2::/120")
            .add("10.9.0.0/24", "2001:db8:2::/120");
        assertThatThrownBy(b::build)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the same IPv6 prefix");
    }

    @Test
    void rejectsNestedIpv4PrefixesByDefault() {
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder()
                .add("192.0.2.0/24", "2001:db8:aaaa::/120")
                .add("192.0.2.8/29", "2001:db8:bbbb::/125")
                .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlapping IPv4 prefixes");
        // Either order.
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder()
                .add("192.0.2.8/29", "2001:db8:bbbb::/125")
                .add("192.0.2.0/24", "2001:db8:aaaa::/120")
                .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlapping IPv4 prefixes");
    }

    @Test
    void rejectsNestedIpv6PrefixesByDefault() {
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder()
                .add("192.0.2.0/24", "2001:db8:aaaa::/120")
                .add("198.51.100.8/29", "2001:db8:aaaa::8/125")
                .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlapping IPv6 prefixes");
        assertThatThrownBy(() -> ExplicitAddressMappingTable.builder()
                .add("198.51.100.8/29", "2001:db8:aaaa::8/125")
                .add("192.0.2.0/24", "2001:db8:aaaa::/120")
                .build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlapping IPv6 prefixes");
    }

    @Test
    void nestedEntriesWhenAllowedTakeTheLongestMatch() {
        ExplicitAddressMappingTable t = ExplicitAddressMappingTable.builder()
            .allowNestedOverlaps(true)
            .add("192.0.2.0/24", "2001:db8:aaaa::/120")
            .add("192.0.2.8/29", "2001:db8:bbbb::/125")
            .build();
        assertThat(toIpv6(t, "192.0.2.9")).isEqualTo(v6("2001:db8:bbbb::1"));
        assertThat(toIpv6(t, "192.0.2.7")).isEqualTo(v6("2001:db8:aaaa::7"));
        // The asymmetry that makes nesting opt-in.
        assertThat(toIpv4(t, "2001:db8:aaaa::9")).isEqualTo("192.0.2.9");
    }

    @Test
    void adjacentEntriesAreNotOverlaps() {
        ExplicitAddressMappingTable t = ExplicitAddressMappingTable.builder()
            .add("10.0.0.0/25", "2001:db8:2::/121")
            .add("10.0.0.128/25", "2001:db8:2::80/121")
            .build();
        assertThat(toIpv6(t, "10.0.0.200")).isEqualTo(v6("2001:db8:2::c8"));
        assertThat(toIpv4(t, "2001:db8:2::7f")).isEqualTo("10.0.0.127");
    }

    /** A random entry: IPv4 /k with k in [minLength, 32], IPv6 /(96+k) from a small pool so that nesting occurs. */
    private static ExplicitAddressMapping randomEntry(Random r, int minLength) {
        int k = minLength + r.nextInt(33 - minLength);
        int v4 = (r.nextInt(4) << 30) | (r.nextInt(4) << 12) | r.nextInt(8); // clustered, to collide
        long high = 0x2001_0db8_0000_0000L | r.nextInt(3);
        long low = ((long) r.nextInt(3) << 32) | (r.nextInt(4) << 28) | r.nextInt(8);
        return new ExplicitAddressMapping(Ipv4Prefix.normalized(v4, k), Ipv6Prefix.normalized(high, low, 96 + k));
    }

    private static List<ExplicitAddressMapping> distinctEntries(Random r, int count, int minLength) {
        List<ExplicitAddressMapping> list = new ArrayList<>();
        Set<Ipv4Prefix> seen4 = new HashSet<>();
        Set<Ipv6Prefix> seen6 = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ExplicitAddressMapping e = randomEntry(r, minLength);
            if (!seen4.contains(e.ipv4()) && !seen6.contains(e.ipv6())) {
                seen4.add(e.ipv4());
                seen6.add(e.ipv6());
                list.add(e);
            }
        }
        return list;
    }

    private static ExplicitAddressMapping naive4(List<ExplicitAddressMapping> entries, int ipv4) {
        ExplicitAddressMapping best = null;
        for (ExplicitAddressMapping e : entries) {
            if (e.ipv4().contains(ipv4) && (best == null || e.ipv4().length() > best.ipv4().length())) {
                best = e;
            }
        }
        return best;
    }

    private static ExplicitAddressMapping naive6(List<ExplicitAddressMapping> entries, long high, long low) {
        ExplicitAddressMapping best = null;
        for (ExplicitAddressMapping e : entries) {
            if (e.ipv6().contains(high, low) && (best == null || e.ipv6().length() > best.ipv6().length())) {
                best = e;
            }
        }
        return best;
    }

    @Property(tries = 200)
    void longestPrefixMatchAgreesWithNaiveScan(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int count, @ForAll @IntRange(max = 32) int min) {
        Random r = new Random(seed);
        List<ExplicitAddressMapping> entries = distinctEntries(r, count, min);
        ExplicitAddressMappingTable t =
            ExplicitAddressMappingTable.builder().allowNestedOverlaps(true).addAll(entries).build();
        Ipv6Slot slot = new Ipv6Slot();
        for (int i = 0; i < 200; i++) {
            // Probe around entries (most hit) and at random (most miss).
            ExplicitAddressMapping near = entries.get(r.nextInt(entries.size()));
            int v4 = r.nextBoolean() ? near.ipv4().address() ^ (r.nextInt(1 << 10) >>> r.nextInt(11)) : r.nextInt();
            ExplicitAddressMapping expected4 = naive4(entries, v4);
            assertThat(t.entryFor(v4)).isEqualTo(expected4);
            boolean mapped = t.toIpv6(v4, slot);
            assertThat(mapped).isEqualTo(expected4 != null);
            if (mapped) {
                int suffixMask = expected4.suffixLength() == 0 ? 0 : -1 >>> (32 - expected4.suffixLength());
                assertThat(slot.high).isEqualTo(expected4.ipv6().high());
                assertThat(slot.low).isEqualTo(expected4.ipv6().low() | ((v4 & suffixMask) & 0xffff_ffffL));
            }
            long high = near.ipv6().high();
            long low = r.nextBoolean() ? near.ipv6().low() ^ (r.nextInt(1 << 10) >>> r.nextInt(11))
                : near.ipv6().low() ^ ((long) r.nextInt(4) << 30);
            ExplicitAddressMapping expected6 = naive6(entries, high, low);
            assertThat(t.entryFor(high, low)).isEqualTo(expected6);
            long back = t.toIpv4(high, low);
            if (expected6 == null) {
                assertThat(back).isEqualTo(NO_MAPPING);
            } else {
                int suffixMask = expected6.suffixLength() == 0 ? 0 : -1 >>> (32 - expected6.suffixLength());
                assertThat(back).isEqualTo((expected6.ipv4().address() | ((int) low & suffixMask)) & 0xffff_ffffL);
            }
        }
    }

    @Property(tries = 100)
    void withoutNestingEveryCoveredAddressRoundTrips(@ForAll long seed) {
        Random r = new Random(seed);
        ExplicitAddressMappingTable.Builder b = ExplicitAddressMappingTable.builder();
        List<ExplicitAddressMapping> accepted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ExplicitAddressMapping e = randomEntry(r, 16);
            if (accepted.stream().noneMatch(a -> a.ipv4().overlaps(e.ipv4()) || a.ipv6().overlaps(e.ipv6()))) {
                accepted.add(e);
                b.add(e);
            }
        }
        ExplicitAddressMappingTable t = b.build();
        Ipv6Slot slot = new Ipv6Slot();
        for (ExplicitAddressMapping e : accepted) {
            int v4 = e.ipv4().address() | (r.nextInt() & ~e.ipv4().mask());
            assertThat(t.toIpv6(v4, slot)).isTrue();
            assertThat(e.ipv6().contains(slot.high, slot.low)).isTrue();
            assertThat(t.toIpv4(slot.high, slot.low)).isEqualTo(v4 & 0xffff_ffffL);
        }
    }

    @Test
    void thousandsOfEntries() {
        ExplicitAddressMappingTable.Builder b = ExplicitAddressMappingTable.builder();
        for (int i = 0; i < 20_000; i++) {
            // 100.0.0.0/8 cut into /28s, each onto its own /124.
            b.add(new Ipv4Prefix(0x6400_0000 | (i << 4), 28),
                new Ipv6Prefix(0x2001_0db8_0000_0000L | (i >>> 8), (long) (i & 0xff) << 40, 124));
        }
        ExplicitAddressMappingTable t = b.build();
        Ipv6Slot slot = new Ipv6Slot();
        for (int i = 0; i < 20_000; i += 7) {
            int v4 = 0x6400_0000 | (i << 4) | (i & 0xf);
            assertThat(t.toIpv6(v4, slot)).isTrue();
            assertThat(slot.high).isEqualTo(0x2001_0db8_0000_0000L | (i >>> 8));
            assertThat(slot.low).isEqualTo(((long) (i & 0xff) << 40) | (i & 0xf));
            assertThat(t.toIpv4(slot.high, slot.low)).isEqualTo(v4 & 0xffff_ffffL);
        }
        assertThat(t.toIpv6(0x6400_0000 | (20_000 << 4), slot)).isFalse();
    }
}
