package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrefixTest {

    @Test
    void parsesIpv4Prefix() {
        Ipv4Prefix p = Ipv4Prefix.parse("10.0.0.0/24");
        assertThat(p.address()).isEqualTo(0x0a00_0000);
        assertThat(p.length()).isEqualTo(24);
        assertThat(p.mask()).isEqualTo(0xffff_ff00);
        assertThat(p.lastAddress()).isEqualTo(0x0a00_00ff);
        assertThat(p.suffixLength()).isEqualTo(8);
        assertThat(p).hasToString("10.0.0.0/24");
        assertThat(Ipv4Prefix.parse("192.0.2.1")).isEqualTo(new Ipv4Prefix(0xc000_0201, 32));
        assertThat(Ipv4Prefix.parse("0.0.0.0/0").contains(0xffff_ffff)).isTrue();
    }

    @Test
    void rejectsIpv4HostBitsWithSuggestion() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.1/24"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("host bits set")
            .hasMessageContaining("10.0.0.0/24");
        assertThat(Ipv4Prefix.parseNormalized("10.0.0.1/24")).isEqualTo(Ipv4Prefix.parse("10.0.0.0/24"));
        assertThat(Ipv4Prefix.normalized(0x0a00_0001, 8)).hasToString("10.0.0.0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/a", "10.0.0/8", "10.0.0.0/24/1"})
    void rejectsBadIpv4Prefixes(String text) {
        assertThatThrownBy(() -> Ipv4Prefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv4ContainmentAndOverlap() {
        Ipv4Prefix wide = Ipv4Prefix.parse("10.0.0.0/8");
        Ipv4Prefix narrow = Ipv4Prefix.parse("10.1.0.0/16");
        Ipv4Prefix other = Ipv4Prefix.parse("11.0.0.0/8");
        assertThat(wide.contains(narrow)).isTrue();
        assertThat(narrow.contains(wide)).isFalse();
        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(other)).isFalse();
        assertThat(wide.contains(Ipv4Address.parse("10.255.255.255"))).isTrue();
        assertThat(wide.contains(Ipv4Address.parse("11.0.0.0"))).isFalse();
        assertThat(wide.compareTo(narrow)).isNegative();
    }

    @Test
    void parsesIpv6Prefix() {
        Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/40");
        assertThat(p.high()).isEqualTo(0x2001_0db8_0000_0000L);
        assertThat(p.low()).isZero();
        assertThat(p.length()).isEqualTo(40);
        assertThat(p).hasToString("2001:db8::/40");
        assertThat(p.contains(Ipv6Address.parse("2001:db8:ff:ffff::1"))).isTrue();
        assertThat(p.contains(Ipv6Address.parse("2001:db8:100::"))).isFalse();
        assertThat(Ipv6Prefix.parse("::1").length()).isEqualTo(128);
        assertThat(Ipv6Prefix.parse("2001:db8:2::/120").low()).isZero();
        assertThat(Ipv6Prefix.parse("2001:db8::ff00/120").low()).isEqualTo(0xff00L);
    }

    @Test
    void rejectsIpv6HostBitsWithSuggestion() {
        assertThatThrownBy(() -> Ipv6Prefix.parse("2001:db8::1/64"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("host bits set")
            .hasMessageContaining("2001:db8::/64");
        assertThat(Ipv6Prefix.parseNormalized("2001:db8::1/64")).isEqualTo(Ipv6Prefix.parse("2001:db8::/64"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::/129", "2001:db8::/", "2001:db8::/x", "2001:db8:::/32", "10.0.0.0/8"})
    void rejectsBadIpv6Prefixes(String text) {
        assertThatThrownBy(() -> Ipv6Prefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6Masks() {
        assertThat(Ipv6Prefix.highMask(0)).isZero();
        assertThat(Ipv6Prefix.highMask(1)).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(Ipv6Prefix.highMask(64)).isEqualTo(-1L);
        assertThat(Ipv6Prefix.lowMask(64)).isZero();
        assertThat(Ipv6Prefix.lowMask(72)).isEqualTo(0xff00_0000_0000_0000L);
        assertThat(Ipv6Prefix.lowMask(128)).isEqualTo(-1L);
        assertThat(Ipv6Prefix.parse("::/0").contains(-1L, -1L)).isTrue();
    }

    @Property
    void ipv4NormalizedContainsItsAddress(@ForAll int address, @ForAll @IntRange(max = 32) int length) {
        Ipv4Prefix p = Ipv4Prefix.normalized(address, length);
        assertThat(p.contains(address)).isTrue();
        assertThat(Ipv4Prefix.parse(p.toString())).isEqualTo(p);
    }

    @Property
    void ipv6NormalizedContainsItsAddress(
            @ForAll long high, @ForAll long low, @ForAll @IntRange(max = 128) int length) {
        Ipv6Prefix p = Ipv6Prefix.normalized(high, low, length);
        assertThat(p.contains(high, low)).isTrue();
        assertThat(Ipv6Prefix.parse(p.toString())).isEqualTo(p);
    }
}
