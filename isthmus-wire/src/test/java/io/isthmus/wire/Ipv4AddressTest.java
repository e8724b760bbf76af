package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTest {

    @Test
    void parsesDottedQuadsFirstOctetHigh() {
        assertThat(Ipv4Address.parse("192.0.2.1")).isEqualTo(0xc000_0201);
        assertThat(Ipv4Address.parse("0.0.0.0")).isZero();
        assertThat(Ipv4Address.parse("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipv4Address.parse("10.0.0.255")).isEqualTo(0x0a00_00ff);
        assertThat(Ipv4Address.parse("100.64.0.0")).isEqualTo(0x6440_0000);
    }

    @Test
    void formatsDottedQuadsWithoutLeadingZeros() {
        assertThat(Ipv4Address.format(0xc000_0201)).isEqualTo("192.0.2.1");
        assertThat(Ipv4Address.format(0)).isEqualTo("0.0.0.0");
        assertThat(Ipv4Address.format(-1)).isEqualTo("255.255.255.255");
        assertThat(Ipv4Address.format(0x8000_0000)).isEqualTo("128.0.0.0");
        assertThat(Ipv4Address.format(0x0a00_0a0a)).isEqualTo("10.0.10.10");
    }

    /**
     * Everything but four decimal octets 0..255 in ASCII, without leading zeros: {@code inet_aton} reads
     * {@code 010} as octal 8, so accepting it as decimal 10 would let two parsers disagree on one address (RFC 6943
     * section 3.1.1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", ".", "...", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.0.0.0",
        "1.2.3.256", "1.2.3.1234", " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "1.-2.3.4", "0x1.2.3.4", "1.2.3.a",
        "01.2.3.4", "1.2.3.04", "1.2.3.00", "1.2.3.000", "3232235521", "1.2.3.4/24", "1,2,3,4", "١.٢.٣.٤",
        "1.2.3.٤", "１.2.3.4", "1.2.3.4\n"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masksPrefixLengths() {
        assertThat(Ipv4Address.mask(0)).isZero();
        assertThat(Ipv4Address.mask(8)).isEqualTo(0xff00_0000);
        assertThat(Ipv4Address.mask(24)).isEqualTo(0xffff_ff00);
        assertThat(Ipv4Address.mask(31)).isEqualTo(0xffff_fffe);
        assertThat(Ipv4Address.mask(32)).isEqualTo(-1);
        assertThatThrownBy(() -> Ipv4Address.mask(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Address.mask(33)).isInstanceOf(IllegalArgumentException.class);
    }
}
