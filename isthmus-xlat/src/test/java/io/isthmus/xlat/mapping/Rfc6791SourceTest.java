package io.isthmus.xlat.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Rfc6791SourceTest {

    @Test
    void singleAddressPoolAlwaysAnswersIt() {
        Rfc6791Source s = Rfc6791Source.of("192.0.2.1");
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.select(1, 2)).isEqualTo(Ipv4Address.parse("192.0.2.1"));
        assertThat(s.select(-1, -1)).isEqualTo(Ipv4Address.parse("192.0.2.1"));
    }

    @Test
    void expandsPrefixesAndDropsDuplicates() {
        Rfc6791Source s = Rfc6791Source.of("198.51.100.0/30", "198.51.100.2", "203.0.113.7");
        assertThat(s.addresses()).containsExactly(0xc633_6400, 0xc633_6401, 0xc633_6402, 0xc633_6403, 0xcb00_7107);
    }

    @Test
    void spreadsDistinctHopsOverThePool() {
        Rfc6791Source s = Rfc6791Source.of("198.51.100.0/28");
        Set<Integer> chosen = new HashSet<>();
        for (long router = 1; router <= 64; router++) {
            chosen.add(s.select(0x2001_0db8_0000_0000L, router));
        }
        assertThat(chosen).hasSizeGreaterThan(10);
    }

    @Property
    void deterministicAndInPool(@ForAll long high, @ForAll long low) {
        Rfc6791Source s = Rfc6791Source.of("198.51.100.0/29", "203.0.113.1");
        int a = s.select(high, low);
        assertThat(s.select(high, low)).isEqualTo(a);
        assertThat(s.addresses()).contains(a);
    }

    @Test
    void rejectsEmptyAndHugePools() {
        assertThatThrownBy(() -> new Rfc6791Source(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Rfc6791Source(List.of(Ipv4Prefix.parse("10.0.0.0/8"))))
            .hasMessageContaining("more than 65536");
    }
}
