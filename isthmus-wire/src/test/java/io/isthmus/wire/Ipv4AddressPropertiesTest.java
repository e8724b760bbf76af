package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Ipv4AddressPropertiesTest {

    @Property
    void formatThenParseGivesTheAddress(@ForAll int address) {
        assertThat(Ipv4Address.parse(Ipv4Address.format(address))).isEqualTo(address);
    }

    @Property
    void maskHasPrefixLengthLeadingOnes(@ForAll @IntRange(max = 32) int length) {
        int mask = Ipv4Address.mask(length);
        assertThat(Integer.bitCount(mask)).isEqualTo(length);
        assertThat(Integer.numberOfLeadingZeros(~mask)).isEqualTo(length);
    }
}
