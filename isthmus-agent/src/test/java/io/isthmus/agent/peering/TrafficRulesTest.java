package io.isthmus.agent.peering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficRulesTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;

    private static TrafficRuleInfo rule(TrafficRuleInfo.Direction direction, int protocol, int from, int to,
                                        String destination, int length) {
        return TrafficRuleInfo.newBuilder().setDirection(direction).setProtocol(protocol).setFromPort(from)
            .setToPort(to).setDestination(Ipv4Address.parse(destination)).setDestinationLength(length).build();
    }

    private static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void noRulePassesEverything() {
        assertThat(new TrafficRules(List.of()).passes(TrafficRules.IN, TCP, 22, ip("10.0.0.1"))).isTrue();
        assertThat(new TrafficRules(List.of()).passes(TrafficRules.OUT, ICMP, -1, ip("10.0.0.1"))).isTrue();
    }

    @Test
    void aDirectionWithRulesPassesOnlyWhatOneMatchesTheOtherDirectionStaysOpen() {
        TrafficRules rules = new TrafficRules(List.of(
            rule(TrafficRuleInfo.Direction.IN, TCP, 80, 80, "10.0.0.5", 32),
            rule(TrafficRuleInfo.Direction.IN, UDP, 5000, 5100, "10.0.1.0", 24)));
        assertThat(rules.passes(TrafficRules.IN, TCP, 80, ip("10.0.0.5"))).isTrue();
        assertThat(rules.passes(TrafficRules.IN, TCP, 80, ip("10.0.0.6"))).as("another address").isFalse();
        assertThat(rules.passes(TrafficRules.IN, TCP, 22, ip("10.0.0.5"))).as("another port").isFalse();
        assertThat(rules.passes(TrafficRules.IN, UDP, 80, ip("10.0.0.5"))).as("another protocol").isFalse();
        assertThat(rules.passes(TrafficRules.IN, ICMP, -1, ip("10.0.0.5"))).isFalse();
        assertThat(rules.passes(TrafficRules.IN, UDP, 5100, ip("10.0.1.77"))).isTrue();
        assertThat(rules.passes(TrafficRules.IN, UDP, 5101, ip("10.0.1.77"))).isFalse();
        assertThat(rules.passes(TrafficRules.IN, TCP, -1, ip("10.0.0.5"))).as("a fragment has no port").isFalse();
        assertThat(rules.passes(TrafficRules.OUT, ICMP, -1, ip("192.168.0.1"))).isTrue();
    }

    @Test
    void anyProtocolAndIcmpRulesIgnorePorts() {
        TrafficRules rules = new TrafficRules(List.of(
            rule(TrafficRuleInfo.Direction.OUT, 0, 0, 0, "0.0.0.0", 0),
            rule(TrafficRuleInfo.Direction.IN, ICMP, 0, 0, "10.0.0.0", 8)));
        assertThat(rules.passes(TrafficRules.OUT, TCP, 443, ip("172.16.0.1"))).isTrue();
        assertThat(rules.passes(TrafficRules.IN, ICMP, -1, ip("10.9.9.9"))).isTrue();
        assertThat(rules.passes(TrafficRules.IN, TCP, 443, ip("10.9.9.9"))).isFalse();
    }
}
