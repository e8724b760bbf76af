package io.isthmus.xlat.mapping;

import static io.isthmus.xlat.AddressMapper.NO_MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc6052MapperTest {

    /** RFC 6052 section 2.4, Table 1: 192.0.2.33 under each Network-Specific Prefix length. */
    @ParameterizedTest
    @CsvSource({
        "2001:db8::/32,          2001:db8:c000:221::",
        "2001:db8:100::/40,      2001:db8:1c0:2:21::",
        "2001:db8:122::/48,      2001:db8:122:c000:2:2100::",
        "2001:db8:122:300::/56,  2001:db8:122:3c0:0:221::",
        "2001:db8:122:344::/64,  2001:db8:122:344:c0:2:2100:0",
        "2001:db8:122:344::/96,  2001:db8:122:344::192.0.2.33",
    })
    void rfc6052Table1(String prefix, String expected) {
        Rfc6052Mapper mapper = new Rfc6052Mapper(Ipv6Prefix.parse(prefix));
        int ipv4 = Ipv4Address.parse("192.0.2.33");
        Ipv6Slot slot = new Ipv6Slot();

        assertThat(mapper.toIpv6(ipv4, slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse(expected));
        Ipv6Address v6 = Ipv6Address.parse(expected);
        assertThat(mapper.toIpv4(v6.high(), v6.low())).isEqualTo(ipv4 & 0xffff_ffffL);
    }

    @Test
    void wellKnownPrefixTableRowWhenRestrictionIsOff() {
        // Table 1's last row embeds 192.0.2.33 (TEST-NET-1, non-global) under 64:ff9b::/96; only the unrestricted
        // mapper produces it.
        Rfc6052Mapper mapper = new Rfc6052Mapper(Rfc6052Mapper.WELL_KNOWN_PREFIX, false);
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(mapper.toIpv6(Ipv4Address.parse("192.0.2.33"), slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("64:ff9b::192.0.2.33"));
        assertThat(slot.toAddress()).hasToString("64:ff9b::c000:221");
    }

    @Test
    void wellKnownPrefixRefusesNonGlobalByDefault() {
        Rfc6052Mapper mapper = Rfc6052Mapper.wellKnown();
        assertThat(new Rfc6052Mapper(Rfc6052Mapper.WELL_KNOWN_PREFIX).globalIpv4Only()).isTrue();
        Ipv6Slot slot = new Ipv6Slot();
        for (String nonGlobal : new String[] {"10.1.2.3", "192.168.0.1", "172.16.5.4", "127.0.0.1", "0.0.0.0",
            "192.0.2.33", "100.64.0.1", "169.254.1.1", "224.0.0.1", "255.255.255.255", "198.18.0.1"}) {
            int v4 = Ipv4Address.parse(nonGlobal);
            assertThat(mapper.toIpv6(v4, slot)).as(nonGlobal).isFalse();
            Ipv6Address v6 = Ipv6Address.parse("64:ff9b::" + nonGlobal);
            assertThat(mapper.toIpv4(v6.high(), v6.low())).as(nonGlobal).isEqualTo(NO_MAPPING);
        }
        assertThat(mapper.toIpv6(Ipv4Address.parse("8.8.8.8"), slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("64:ff9b::808:808"));
        Ipv6Address v6 = Ipv6Address.parse("64:ff9b::1.1.1.1");
        assertThat(mapper.toIpv4(v6.high(), v6.low())).isEqualTo(0x0101_0101L);
    }

    @Test
    void networkSpecificPrefixAllowsNonGlobalByDefault() {
        Rfc6052Mapper mapper = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:64::/96"));
        assertThat(mapper.globalIpv4Only()).isFalse();
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(mapper.toIpv6(Ipv4Address.parse("10.0.0.1"), slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("2001:db8:64::10.0.0.1"));
        // The restriction can be asked for on any prefix.
        Rfc6052Mapper strict = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:64::/96"), true);
        assertThat(strict.toIpv6(Ipv4Address.parse("10.0.0.1"), slot)).isFalse();
    }

    @Test
    void nonZeroUOctetIsNotAnEmbeddedAddress() {
        for (String prefix : new String[] {"2001:db8::/32", "2001:db8:100::/40", "2001:db8:122::/48",
            "2001:db8:122:300::/56", "2001:db8:122:344::/64"}) {
            Rfc6052Mapper mapper = new Rfc6052Mapper(Ipv6Prefix.parse(prefix));
            Ipv6Slot slot = new Ipv6Slot();
            mapper.toIpv6(Ipv4Address.parse("192.0.2.33"), slot);
            assertThat(mapper.toIpv4(slot.high, slot.low | 0x0100_0000_0000_0000L)).as(prefix).isEqualTo(NO_MAPPING);
            assertThat(mapper.toIpv4(slot.high, slot.low | 0x8000_0000_0000_0000L)).as(prefix).isEqualTo(NO_MAPPING);
        }
    }

    @Test
    void nonZeroSuffixIsIgnored() {
        Rfc6052Mapper p32 = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8::/32"));
        Ipv6Address withSuffix = Ipv6Address.parse("2001:db8:c000:221:ff:ffff:ffff:ffff");
        assertThat(p32.toIpv4(withSuffix.high(), withSuffix.low())).isEqualTo(0xc000_0221L);
        Rfc6052Mapper p64 = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:122:344::/64"));
        Ipv6Address withSuffix64 = Ipv6Address.parse("2001:db8:122:344:c0:2:21ff:ffff");
        assertThat(p64.toIpv4(withSuffix64.high(), withSuffix64.low())).isEqualTo(0xc000_0221L);
    }

    @Test
    void addressesOutsideThePrefixDoNotMap() {
        Rfc6052Mapper mapper = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:100::/40"));
        Ipv6Address outside = Ipv6Address.parse("2001:db8:200:c000:2:21::");
        assertThat(mapper.toIpv4(outside.high(), outside.low())).isEqualTo(NO_MAPPING);
        Rfc6052Mapper wkp = Rfc6052Mapper.wellKnown();
        Ipv6Address near = Ipv6Address.parse("64:ff9b:0:0:0:1:808:808");
        assertThat(wkp.toIpv4(near.high(), near.low())).isEqualTo(NO_MAPPING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001::/16", "2001:db8::/33", "2001:db8::/72", "2001:db8::/80", "2001:db8::/128",
        "::/0"})
    void rejectsPrefixLengthsOutsideRfc6052(String prefix) {
        assertThatThrownBy(() -> new Rfc6052Mapper(Ipv6Prefix.parse(prefix)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32, 40, 48, 56, 64 or 96");
    }

    @Test
    void rejectsSlash96WithNonZeroUOctet() {
        assertThatThrownBy(() -> new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:122:344:100::/96")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("u-octet");
    }

    @Provide
    Arbitrary<Ipv6Prefix> prefixes() {
        return Arbitraries.of(32, 40, 48, 56, 64, 96).flatMap(length -> Arbitraries.longs().tuple2().map(t -> {
            Ipv6Prefix p = Ipv6Prefix.normalized(t.get1(), t.get2(), length);
            // Keep /96 prefixes valid: clear the u-octet.
            return length == 96 ? new Ipv6Prefix(p.high(), p.low() & 0x00ff_ffff_0000_0000L, 96) : p;
        }));
    }

    @Property
    void roundTripsEveryAddressUnderEveryLength(@ForAll("prefixes") Ipv6Prefix prefix, @ForAll int ipv4) {
        Rfc6052Mapper mapper = new Rfc6052Mapper(prefix, false);
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(mapper.toIpv6(ipv4, slot)).isTrue();
        assertThat(prefix.contains(slot.high, slot.low)).isTrue();
        assertThat(slot.low >>> 56).as("u-octet").isZero();
        assertThat(mapper.toIpv4(slot.high, slot.low)).isEqualTo(ipv4 & 0xffff_ffffL);
    }

    @Property
    void wellKnownPrefixRoundTripsExactlyTheGlobalAddresses(@ForAll int ipv4) {
        Rfc6052Mapper mapper = Rfc6052Mapper.wellKnown();
        Ipv6Slot slot = new Ipv6Slot();
        boolean mapped = mapper.toIpv6(ipv4, slot);
        assertThat(mapped).isEqualTo(Ipv4Scope.isGlobal(ipv4));
        long back = mapper.toIpv4(0x0064_ff9b_0000_0000L, ipv4 & 0xffff_ffffL);
        assertThat(back).isEqualTo(mapped ? ipv4 & 0xffff_ffffL : NO_MAPPING);
    }
}
