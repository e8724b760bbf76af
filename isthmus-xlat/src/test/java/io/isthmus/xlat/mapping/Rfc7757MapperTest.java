package io.isthmus.xlat.mapping;

import static io.isthmus.xlat.AddressMapper.NO_MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance configuration: pool6 2001:db8:100::/40 and two EAMT entries. */
class Rfc7757MapperTest {
    private static final Rfc7757Mapper SIIT = new Rfc7757Mapper(
        ExplicitAddressMappingTable.builder()
            .add("1.0.0.0/24", "2001:db8:3::/120")
            .add("10.0.0.0/24", "2001:db8:2::/120")
            .build(),
        new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:100::/40")));

    @ParameterizedTest
    @CsvSource({
        "10.0.0.5,      2001:db8:2::5",
        "10.0.0.254,    2001:db8:2::fe",
        "1.0.0.1,       2001:db8:3::1",
        "198.51.100.2,  2001:db8:1c6:3364:2::",
        "192.0.2.33,    2001:db8:1c0:2:21::",
        "10.0.1.5,      2001:db8:10a:1:5::",
        "1.0.1.0,       2001:db8:101:1::",
    })
    void mapsBothWays(String ipv4, String ipv6) {
        Ipv6Slot slot = new Ipv6Slot();
        int v4 = Ipv4Address.parse(ipv4);
        assertThat(SIIT.toIpv6(v4, slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse(ipv6));
        Ipv6Address a = Ipv6Address.parse(ipv6);
        assertThat(SIIT.toIpv4(a.high(), a.low())).isEqualTo(v4 & 0xffff_ffffL);
    }

    @Test
    void eamtTakesPrecedenceOverPool6() {
        // 10.0.0.5 also has a pool6 form; translating IPv4 to IPv6 must use the EAM (RFC 7757 section 3.2).
        Ipv6Slot slot = new Ipv6Slot();
        SIIT.toIpv6(Ipv4Address.parse("10.0.0.5"), slot);
        assertThat(slot.toAddress()).isNotEqualTo(Ipv6Address.parse("2001:db8:10a:0:5::"));
        // The pool6 form of an EAM address still decodes (it is a valid RFC 6052 address); the translator's
        // hairpinning and reverse-path checks are not the mapper's job.
        Ipv6Address pool6Form = Ipv6Address.parse("2001:db8:10a:0:5::");
        assertThat(SIIT.toIpv4(pool6Form.high(), pool6Form.low())).isEqualTo(Ipv4Address.parse("10.0.0.5"));
    }

    @Test
    void unmappedIpv6() {
        for (String text : new String[] {"2001:db8:2::100", "2001:db8:4::1", "2001:db8:200::1", "64:ff9b::1.1.1.1",
            "2001:db8:1c6:3364:102::"}) {
            Ipv6Address a = Ipv6Address.parse(text);
            assertThat(SIIT.toIpv4(a.high(), a.low())).as(text).isEqualTo(NO_MAPPING);
        }
    }

    @Test
    void eamOnlyTranslator() {
        Rfc7757Mapper eamOnly = new Rfc7757Mapper(SIIT.eamt(), null);
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(eamOnly.toIpv6(Ipv4Address.parse("198.51.100.2"), slot)).isFalse();
        assertThat(eamOnly.toIpv6(Ipv4Address.parse("10.0.0.2"), slot)).isTrue();
        assertThat(eamOnly.pool6()).isEmpty();
        assertThatThrownBy(() -> new Rfc7757Mapper(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compositeMapperBehavesLikeRfc7757Mapper() {
        CompositeMapper composite = CompositeMapper.of(SIIT.eamt(), SIIT.pool6().orElseThrow());
        Ipv6Slot a = new Ipv6Slot();
        Ipv6Slot b = new Ipv6Slot();
        for (String text : new String[] {"10.0.0.9", "1.0.0.3", "8.8.8.8"}) {
            int v4 = Ipv4Address.parse(text);
            assertThat(composite.toIpv6(v4, a)).isEqualTo(SIIT.toIpv6(v4, b));
            assertThat(a.toAddress()).isEqualTo(b.toAddress());
        }
        assertThatThrownBy(() -> CompositeMapper.of()).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void everyIpv4AddressRoundTrips(@ForAll int ipv4) {
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(SIIT.toIpv6(ipv4, slot)).isTrue();
        assertThat(SIIT.toIpv4(slot.high, slot.low)).isEqualTo(ipv4 & 0xffff_ffffL);
    }
}
