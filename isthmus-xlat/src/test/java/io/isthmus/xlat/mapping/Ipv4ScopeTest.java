package io.isthmus.xlat.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv4Address;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4ScopeTest {
    @ParameterizedTest
    @CsvSource({
        "0.1.2.3, false", "9.255.255.255, true", "10.0.0.0, false", "11.0.0.0, true", "100.63.255.255, true",
        "100.64.0.0, false", "100.127.255.255, false", "100.128.0.0, true", "127.0.0.1, false",
        "169.253.0.1, true", "169.254.0.1, false", "172.15.255.255, true", "172.16.0.0, false",
        "172.31.255.255, false", "172.32.0.0, true", "192.0.0.8, false", "192.0.1.1, true", "192.0.2.1, false",
        "192.88.99.1, true", "192.167.1.1, true", "192.168.1.1, false", "198.17.0.1, true", "198.18.0.1, false",
        "198.19.255.255, false", "198.20.0.0, true", "198.51.100.7, false", "198.51.101.7, true",
        "203.0.113.9, false", "203.0.114.9, true", "223.255.255.255, true", "224.0.0.1, false",
        "239.1.1.1, false", "240.0.0.1, false", "255.255.255.255, false", "8.8.8.8, true",
    })
    void classifies(String address, boolean global) {
        assertThat(Ipv4Scope.isGlobal(Ipv4Address.parse(address))).isEqualTo(global);
    }
}
