package io.isthmus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixRangeTest {
    @Test
    void aBarePrefixMatchesItselfAndEverythingMoreSpecific() {
        PrefixRange range = PrefixRange.parse("10.1.0.0/16");
        assertThat(range.matches(Ipv4Prefix.parse("10.1.0.0/16"))).isTrue();
        assertThat(range.matches(Ipv4Prefix.parse("10.1.7.0/24"))).isTrue();
        assertThat(range.matches(Ipv4Prefix.parse("10.1.7.9/32"))).isTrue();
        assertThat(range.matches(Ipv4Prefix.parse("10.0.0.0/8"))).isFalse();
        assertThat(range.matches(Ipv4Prefix.parse("10.2.0.0/16"))).isFalse();
        assertThat(range).hasToString("10.1.0.0/16");
    }

    @Test
    void lengthsBoundTheRange() {
        PrefixRange range = PrefixRange.parse("10.1.0.0/16{20,24}");
        assertThat(range.matches(Ipv4Prefix.parse("10.1.0.0/16"))).isFalse();
        assertThat(range.matches(Ipv4Prefix.parse("10.1.16.0/20"))).isTrue();
        assertThat(range.matches(Ipv4Prefix.parse("10.1.7.0/24"))).isTrue();
        assertThat(range.matches(Ipv4Prefix.parse("10.1.7.0/25"))).isFalse();
        assertThat(range).hasToString("10.1.0.0/16{20,24}");
        assertThat(PrefixRange.parse(range.toString())).isEqualTo(range);
    }

    @Test
    void badRangesAreRejectedWithTheirReason() {
        assertThatThrownBy(() -> PrefixRange.parse("10.1.0.0/16{8,24}")).hasMessageContaining("lengths");
        assertThatThrownBy(() -> PrefixRange.parse("10.1.0.0/16{24,20}")).hasMessageContaining("lengths");
        assertThatThrownBy(() -> PrefixRange.parse("10.1.0.0/16{a,b}")).hasMessageContaining("numbers");
        assertThatThrownBy(() -> PrefixRange.parse("10.1.0.0/16{20}")).hasMessageContaining("a.b.c.d/n{min,max}");
        assertThatThrownBy(() -> PrefixRange.parse("10.1.0.0/16{20,24")).hasMessageContaining("a.b.c.d/n{min,max}");
    }

    @Test
    void aPolicyAllowsOnlyItsRanges() {
        PeerPolicy policy = new PeerPolicy(List.of(PrefixRange.parse("10.1.0.0/16"),
            PrefixRange.parse("192.168.0.0/16{24,24}")), 10, 5, 5);
        assertThat(policy.allows(Ipv4Prefix.parse("10.1.0.0/16"))).isTrue();
        assertThat(policy.allows(Ipv4Prefix.parse("192.168.3.0/24"))).isTrue();
        assertThat(policy.allows(Ipv4Prefix.parse("192.168.0.0/16"))).isFalse();
        assertThat(policy.allows(Ipv4Prefix.parse("0.0.0.0/0"))).isFalse();
        assertThat(new PeerPolicy(List.of(), 1, 1, 1).allows(Ipv4Prefix.parse("10.1.0.0/16"))).isFalse();
        assertThatThrownBy(() -> new PeerPolicy(List.of(), 0, 1, 1)).hasMessageContaining("at least 1");
    }

    @Test
    void aBudgetGivesItsBurstThenItsRate() {
        long second = 1_000_000_000L;
        MessageBudget budget = new MessageBudget(10, 3, 0);
        assertThat(budget.tryAcquire(0)).isTrue();
        assertThat(budget.tryAcquire(0)).isTrue();
        assertThat(budget.tryAcquire(0)).isTrue();
        assertThat(budget.tryAcquire(0)).isFalse();
        assertThat(budget.tryAcquire(second / 10 - 1)).isFalse();
        assertThat(budget.tryAcquire(second / 10)).isTrue();
        assertThat(budget.tryAcquire(second / 10)).isFalse();
        int taken = 0;
        for (long t = second; t < 2 * second; t += second / 1000) {
            taken += budget.tryAcquire(t) ? 1 : 0;
        }
        assertThat(taken).isBetween(10, 13);
    }
}
