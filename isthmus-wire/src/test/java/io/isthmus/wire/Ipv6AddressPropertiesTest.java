package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class Ipv6AddressPropertiesTest {

    @Property
    void formatThenParseGivesTheAddress(@ForAll("addresses") Ipv6Address address) {
        assertThat(Ipv6Address.parse(address.toString())).isEqualTo(address);
    }

    @Property
    void canonicalTextFollowsRfc5952(@ForAll("addresses") Ipv6Address address) {
        String text = address.toString();

        assertThat(text).isEqualTo(text.toLowerCase()).doesNotContain(":::");
        assertThat(text.indexOf("::")).isEqualTo(text.lastIndexOf("::"));
        assertThat(text.length()).isLessThanOrEqualTo(39);
        for (String word : text.split(":")) {
            assertThat(word.length() <= 1 || word.charAt(0) != '0').as("no leading zero in %s", text).isTrue();
        }
        // A single zero word is never compressed: a "::" stands for at least two.
        if (text.contains("::")) {
            long explicit = Arrays.stream(text.split(":")).filter(w -> !w.isEmpty()).count();
            assertThat(explicit).as(text).isLessThanOrEqualTo(6);
        }
    }

    @Property
    void wordsAndOctetsAgree(@ForAll("addresses") Ipv6Address address) {
        for (int i = 0; i < 8; i++) {
            assertThat(address.word(i)).isEqualTo(address.octet(2 * i) << 8 | address.octet(2 * i + 1));
        }
    }

    /** Addresses with many zero words, so compression and its tie rules are exercised. */
    @Provide
    Arbitrary<Ipv6Address> addresses() {
        Arbitrary<Long> word = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs().between(1, 0xffff)),
            Tuple.of(1, Arbitraries.longs().between(1, 0xf)));
        Arbitrary<Long> half = word.list().ofSize(4).map(words -> {
            long value = 0;
            for (long w : words) {
                value = (value << 16) | w;
            }
            return value;
        });
        return Combinators.combine(half, half).as(Ipv6Address::new);
    }
}
