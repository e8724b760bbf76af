package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OidTest {
    @Test
    void parsesAndPrintsDottedDecimal() {
        Oid oid = Oid.parse(".1.3.6.1.4.1.32473.4294967295");
        assertThat(oid.toString()).isEqualTo("1.3.6.1.4.1.32473.4294967295");
        assertThat(oid.size()).isEqualTo(8);
        assertThat(oid.arcValue(7)).isEqualTo(0xffff_ffffL);
        assertThat(oid).isEqualTo(Oid.of(1, 3, 6, 1, 4, 1, 32473, -1)).hasSameHashCodeAs(Oid.of(1, 3, 6, 1, 4, 1,
            32473, -1));
    }

    @Test
    void rejectsWhatIsNoOid() {
        for (String bad : List.of("1", "", "1..3", "3.1", "1.40", "1.3.4294967296", "1.3.-1", "1.3.+1", "a.b")) {
            assertThatThrownBy(() -> Oid.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Oid.of(new int[129])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Oid.parse("2.999").arcValue(1)).isEqualTo(999);
    }

    @Test
    void ordersLexicographicallyWithUnsignedArcs() {
        List<Oid> sorted = new ArrayList<>(List.of(Oid.parse("1.3.6.1.2.1.2"), Oid.parse("1.3.6.1.2.1.1.9"),
            Oid.parse("1.3.6.1.2.1.1"), Oid.parse("1.3.6.1.2.1.1.10"), Oid.parse("1.3.4294967295"),
            Oid.parse("1.3.7")));
        sorted.sort(null);
        assertThat(sorted).extracting(Oid::toString).containsExactly("1.3.6.1.2.1.1", "1.3.6.1.2.1.1.9",
            "1.3.6.1.2.1.1.10", "1.3.6.1.2.1.2", "1.3.7", "1.3.4294967295");
    }

    @Test
    void knowsItsPrefixes() {
        Oid sysName = Oid.parse("1.3.6.1.2.1.1.5.0");
        assertThat(sysName.startsWith(Oid.parse("1.3.6.1.2.1.1"))).isTrue();
        assertThat(sysName.startsWith(sysName)).isTrue();
        assertThat(sysName.startsWith(Oid.parse("1.3.6.1.2.1.2"))).isFalse();
        assertThat(Oid.parse("1.3").startsWith(sysName)).isFalse();
        assertThat(Oid.parse("1.3").append(6, 1)).isEqualTo(Oid.parse("1.3.6.1"));
    }

    @Property
    void aPrefixSortsFirst(@ForAll int a, @ForAll int b) {
        Oid prefix = Oid.of(1, 3, a);
        assertThat(prefix.compareTo(prefix.append(b))).isNegative();
        assertThat(Oid.parse(prefix.toString())).isEqualTo(prefix);
    }
}
