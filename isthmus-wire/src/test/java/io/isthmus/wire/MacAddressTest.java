package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @Test
    void parsesColonAndHyphenNotationInEitherCase() {
        assertThat(MacAddress.parse("02:00:5e:10:00:01")).isEqualTo(0x0200_5e10_0001L);
        assertThat(MacAddress.parse("02-00-5E-10-00-01")).isEqualTo(0x0200_5e10_0001L);
        assertThat(MacAddress.parse("FF:ff:Ff:fF:ff:ff")).isEqualTo(MacAddress.BROADCAST);
        assertThat(MacAddress.parse("00:00:00:00:00:00")).isEqualTo(MacAddress.ZERO);
    }

    @Test
    void formatsLowercaseWithColons() {
        assertThat(MacAddress.format(0x0200_5e10_0001L)).isEqualTo("02:00:5e:10:00:01");
        assertThat(MacAddress.format(MacAddress.BROADCAST)).isEqualTo("ff:ff:ff:ff:ff:ff");
        assertThat(MacAddress.format(0)).isEqualTo("00:00:00:00:00:00");
        assertThat(MacAddress.format(0xabcd_0000_0000_0001L)).as("high bits ignored").isEqualTo("00:00:00:00:00:01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:5e:10:00", "02:00:5e:10:00:01:02", "02:00:5e:10:00:1", "2:00:5e:10:00:01",
        "02:00:5e:10:00:0g", "02-00:5e:10:00:01", "02:00:5e:10:00-01", "02.00.5e.10.00.01", "0200.5e10.0001",
        "02005e100001", " 02:00:5e:10:00:1", "02:00:5e:10:00:+1", "02:00:5e:10:00:-1", "０2:00:5e:10:00:01",
        "02:00:5e:10:00:0١", "02::00:5e:10:00:01"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifiesAddresses() {
        assertThat(MacAddress.isBroadcast(MacAddress.BROADCAST)).isTrue();
        assertThat(MacAddress.isMulticast(MacAddress.BROADCAST)).isTrue();
        assertThat(MacAddress.isUnicast(MacAddress.BROADCAST)).isFalse();

        long ipv4Group = MacAddress.parse("01:00:5e:00:00:05");
        assertThat(MacAddress.isMulticast(ipv4Group)).isTrue();
        assertThat(MacAddress.isBroadcast(ipv4Group)).isFalse();

        long local = MacAddress.parse("02:00:5e:10:00:01");
        assertThat(MacAddress.isUnicast(local)).isTrue();
        assertThat(MacAddress.isMulticast(local)).isFalse();
        assertThat(MacAddress.isLocallyAdministered(local)).isTrue();

        long qemu = MacAddress.parse("52:54:00:12:34:56");
        assertThat(MacAddress.isLocallyAdministered(qemu)).isTrue();
        assertThat(MacAddress.isLocallyAdministered(MacAddress.parse("00:1b:21:3a:4f:10"))).isFalse();
        assertThat(MacAddress.isMulticast(MacAddress.parse("fe:ff:ff:ff:ff:ff"))).isFalse();
    }

    @Test
    void validMeansFortyEightBits() {
        assertThat(MacAddress.isValid(MacAddress.MASK)).isTrue();
        assertThat(MacAddress.isValid(0)).isTrue();
        assertThat(MacAddress.isValid(1L << 48)).isFalse();
        assertThat(MacAddress.isValid(-1L)).isFalse();
    }

    @Test
    void readsOctetsFirstOnTheWireFirst() {
        long mac = MacAddress.parse("02:00:5e:10:00:01");
        assertThat(MacAddress.octet(mac, 0)).isEqualTo(0x02);
        assertThat(MacAddress.octet(mac, 2)).isEqualTo(0x5e);
        assertThat(MacAddress.octet(mac, 5)).isEqualTo(0x01);
    }

    @Test
    void mapsMulticastGroupsToGroupMacs() {
        // RFC 1112 section 6.4: the low 23 bits; 224.0.0.5 and 239.128.0.5 share a MAC.
        assertThat(MacAddress.format(MacAddress.ofIpv4Multicast(Ipv4Address.parse("224.0.0.5"))))
            .isEqualTo("01:00:5e:00:00:05");
        assertThat(MacAddress.ofIpv4Multicast(Ipv4Address.parse("239.128.0.5")))
            .isEqualTo(MacAddress.ofIpv4Multicast(Ipv4Address.parse("224.0.0.5")));
        assertThat(MacAddress.format(MacAddress.ofIpv4Multicast(Ipv4Address.parse("239.255.255.250"))))
            .isEqualTo("01:00:5e:7f:ff:fa");
        // RFC 2464 section 7: the low 32 bits.
        Ipv6Address solicited = Ipv6Address.parse("ff02::1:ff28:9c5a");
        assertThat(MacAddress.format(MacAddress.ofIpv6Multicast(solicited.low()))).isEqualTo("33:33:ff:28:9c:5a");
    }
}
