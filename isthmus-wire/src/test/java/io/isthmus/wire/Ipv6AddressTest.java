package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6AddressTest {

    @Test
    void parsesIntoTwoHalvesFirstByteHigh() {
        Ipv6Address address = Ipv6Address.parse("2001:db8:1:2:3:4:5:6");

        assertThat(address.high()).isEqualTo(0x2001_0db8_0001_0002L);
        assertThat(address.low()).isEqualTo(0x0003_0004_0005_0006L);
        assertThat(address.word(0)).isEqualTo(0x2001);
        assertThat(address.word(7)).isEqualTo(6);
        assertThat(address.octet(0)).isEqualTo(0x20);
        assertThat(address.octet(3)).isEqualTo(0xb8);
        assertThat(address.octet(15)).isEqualTo(0x06);
    }

    @Test
    void parsesCompressedForms() {
        assertThat(Ipv6Address.parse("::")).isEqualTo(new Ipv6Address(0, 0));
        assertThat(Ipv6Address.parse("::1")).isEqualTo(new Ipv6Address(0, 1));
        assertThat(Ipv6Address.parse("1::")).isEqualTo(new Ipv6Address(0x0001_0000_0000_0000L, 0));
        assertThat(Ipv6Address.parse("fe80::1:2")).isEqualTo(new Ipv6Address(0xfe80_0000_0000_0000L, 0x0001_0002L));
        assertThat(Ipv6Address.parse("1:2:3:4:5:6:7::")).isEqualTo(Ipv6Address.parse("1:2:3:4:5:6:7:0"));
        assertThat(Ipv6Address.parse("::2:3:4:5:6:7:8")).isEqualTo(Ipv6Address.parse("0:2:3:4:5:6:7:8"));
        assertThat(Ipv6Address.parse("1::8")).isEqualTo(Ipv6Address.parse("1:0:0:0:0:0:0:8"));
    }

    @Test
    void parsesADottedQuadTail() {
        // RFC 4291 section 2.2, form 3.
        assertThat(Ipv6Address.parse("::ffff:192.0.2.1")).isEqualTo(new Ipv6Address(0, 0x0000_ffff_c000_0201L));
        assertThat(Ipv6Address.parse("64:ff9b::192.0.2.33"))
            .isEqualTo(new Ipv6Address(0x0064_ff9b_0000_0000L, 0x0000_0000_c000_0221L));
        assertThat(Ipv6Address.parse("1:2:3:4:5:6:10.0.0.1")).isEqualTo(Ipv6Address.parse("1:2:3:4:5:6:a00:1"));
        assertThat(Ipv6Address.parse("::0.0.0.0")).isEqualTo(new Ipv6Address(0, 0));
        assertThat(Ipv6Address.parse("::255.255.255.255")).isEqualTo(new Ipv6Address(0, 0xffff_ffffL));
    }

    /** RFC 5952 section 4 (and the equivalent spellings of section 2), each to its canonical text. */
    @ParameterizedTest
    @CsvSource({
        // 4.1: leading zeros suppressed.
        "2001:0db8::0001, 2001:db8::1",
        "2001:db8:00:000:0000:1:1:1, 2001:db8::1:1:1",
        // 4.2.1: :: shortens as much as possible.
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8::0:1, 2001:db8::1",
        // 4.2.2: not for a single zero word.
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8::1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        // 4.2.3: the longest run; of equal runs, the first.
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        // 4.3: lowercase.
        "2001:DB8::A:BcDe, 2001:db8::a:bcde",
        // Section 2.2: all spellings of one address.
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8::1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8::1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:0:1::1, 2001:db8::1:0:0:1",
        "2001:db8:0000:0:1::1, 2001:db8::1:0:0:1",
        "2001:DB8:0:0:1::1, 2001:db8::1:0:0:1",
        // Runs at the ends, and no run at all.
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "0:0:1:0:0:0:0:0, 0:0:1::",
        "0:0:0:1:0:0:1:0, ::1:0:0:1:0",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "fe80:0:0:0:200:5eff:fe00:5301, fe80::200:5eff:fe00:5301",
        "::ffff:192.0.2.1, ::ffff:c000:201",
    })

    void formatsTheRfc5952CanonicalText(String text, String canonical) {
        assertThat(Ipv6Address.parse(text).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "::::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8", "12345::", "g::", "::g", ":1::", "1::2:",
        ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "::1.2.3",
        "::1.2.3.4:5", "::1.2.3.4.5", "::256.0.0.0", "::01.2.3.4", "1.2.3.4", "::1.2.3.4::", "1.2.3.4::",
        "::+1", "::-1", "+1::", "::0x1", "::1%eth0", " ::1", "::1 ", "2001:db8::/32", "[::1]", "2001.db8::1",
        "١::", "::١", "２００１:db8::1", "::ｆｆｆｆ"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> Ipv6Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesAsUnsigned128BitNumbers() {
        Ipv6Address low = Ipv6Address.parse("::1");
        Ipv6Address middle = Ipv6Address.parse("::8000:0:0:0");
        Ipv6Address high = Ipv6Address.parse("8000::");
        Ipv6Address top = Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

        assertThat(low).isLessThan(middle);
        assertThat(middle).isLessThan(high);
        assertThat(high).isLessThan(top);
        assertThat(top.compareTo(Ipv6Address.parse(top.toString()))).isZero();
    }
}
