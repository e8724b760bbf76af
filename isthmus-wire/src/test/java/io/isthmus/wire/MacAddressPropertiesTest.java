package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MacAddressPropertiesTest {

    @Property
    void formatThenParseGivesTheAddress(@ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long mac) {
        assertThat(MacAddress.parse(MacAddress.format(mac))).isEqualTo(mac);
        assertThat(MacAddress.parse(MacAddress.format(mac).replace(':', '-').toUpperCase())).isEqualTo(mac);
    }
}
