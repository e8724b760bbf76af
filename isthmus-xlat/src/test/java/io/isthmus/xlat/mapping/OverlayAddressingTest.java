package io.isthmus.xlat.mapping;

import static io.isthmus.xlat.AddressMapper.NO_MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OverlayAddressingTest {

    @Test
    void defaultLayoutIs72Plus24Plus32() {
        // agent 2001:db8:0:1:ab00::/72 | network 0x123456 | 10.0.0.5 (0a000005)
        //   bytes 0..7  20 01 0d b8 00 00 00 01
        //   bytes 8..15 ab|12 34 56|0a 00 00 05
        OverlayAddressing o = OverlayAddressing.defaults();
        assertThat(o.agentPrefixLength()).isEqualTo(72);
        assertThat(o.networkIdBits()).isEqualTo(24);
        assertThat(o.maxNetworkId()).isEqualTo(0xff_ffffL);
        Ipv6Prefix agent = Ipv6Prefix.parse("2001:db8:0:1:ab00::/72");
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(o.compose(agent.high(), agent.low(), 0x12_3456, Ipv4Address.parse("10.0.0.5"), slot)).isTrue();
        assertThat(slot.high).isEqualTo(0x2001_0db8_0000_0001L);
        assertThat(slot.low).isEqualTo(0xab12_3456_0a00_0005L);
        assertThat(slot.toAddress()).hasToString("2001:db8:0:1:ab12:3456:a00:5");

        assertThat(o.networkId(slot.high, slot.low)).isEqualTo(0x12_3456);
        assertThat(o.ipv4(slot.high, slot.low)).isEqualTo(Ipv4Address.parse("10.0.0.5"));
        assertThat(o.agentPrefixHigh(slot.high, slot.low)).isEqualTo(agent.high());
        assertThat(o.agentPrefixLow(slot.high, slot.low)).isEqualTo(0xab00_0000_0000_0000L);
        assertThat(o.hasAgentPrefix(slot.high, slot.low, agent.high(), agent.low())).isTrue();
        assertThat(o.hasAgentPrefix(slot.high, slot.low, agent.high(), 0xac00_0000_0000_0000L)).isFalse();
    }

    @Test
    void slash64LayoutCarriesA32BitNetworkId() {
        // agent 2001:db8:0:1::/64 | network 0x89abcdef | 192.168.1.2 (c0a80102)
        OverlayAddressing o = new OverlayAddressing(64);
        assertThat(o.networkIdBits()).isEqualTo(32);
        assertThat(o.maxNetworkId()).isEqualTo(0xffff_ffffL);
        Ipv6Prefix agent = Ipv6Prefix.parse("2001:db8:0:1::/64");
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(o.compose(agent.high(), agent.low(), 0x89ab_cdef, Ipv4Address.parse("192.168.1.2"), slot))
            .isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("2001:db8:0:1:89ab:cdef:c0a8:102"));
        assertThat(o.networkId(slot.high, slot.low)).isEqualTo(0x89ab_cdef);
        assertThat(Integer.toUnsignedLong(o.networkId(slot.high, slot.low))).isEqualTo(2_309_737_967L);
        assertThat(o.ipv4(slot.high, slot.low)).isEqualTo(0xc0a8_0102);
        assertThat(o.agentPrefixLow(slot.high, slot.low)).isZero();
    }

    @Test
    void slash88LayoutCarriesAn8BitNetworkId() {
        OverlayAddressing o = new OverlayAddressing(88);
        Ipv6Prefix agent = Ipv6Prefix.parse("2001:db8:0:1:aabb:cc00::/88");
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(o.compose(agent.high(), agent.low(), 0x7f, 0x0a00_0001, slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("2001:db8:0:1:aabb:cc7f:a00:1"));
        assertThat(o.compose(agent.high(), agent.low(), 0x100, 0x0a00_0001, slot)).isFalse();
    }

    @Test
    void composeRefusesWhatDoesNotFit() {
        OverlayAddressing o = OverlayAddressing.defaults();
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(o.compose(1L, 0L, 0x100_0000, 1, slot)).as("25-bit network id").isFalse();
        assertThat(o.compose(1L, 0L, -1, 1, slot)).as("network id 0xffffffff").isFalse();
        assertThat(o.compose(1L, 0x0080_0000_0000_0000L, 1, 1, slot)).as("agent bits beyond /72").isFalse();
        assertThat(o.isValidNetworkId(0xff_ffff)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 48, 63, 89, 96, 128})
    void rejectsAgentPrefixLengthsOutside64To88(int length) {
        assertThatThrownBy(() -> new OverlayAddressing(length))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("8 to 32 network-id bits");
    }

    @Test
    void configChecks() {
        OverlayAddressing o = OverlayAddressing.defaults();
        assertThatThrownBy(() -> o.checkNetworkId(1L << 24)).hasMessageContaining("does not fit in 24 bits");
        assertThatThrownBy(() -> o.checkNetworkId(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.checkAgentPrefix(Ipv6Prefix.parse("2001:db8::/64")))
            .hasMessageContaining("must be a /72");
    }

    @Property
    void composeAndExtractAreInverse(@ForAll @IntRange(min = 64, max = 88) int p, @ForAll long high,
            @ForAll long low, @ForAll int networkId, @ForAll int ipv4) {
        OverlayAddressing o = new OverlayAddressing(p);
        Ipv6Prefix agent = Ipv6Prefix.normalized(high, low, p);
        int id = (int) (networkId & o.maxNetworkId());
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(o.compose(agent.high(), agent.low(), id, ipv4, slot)).isTrue();
        assertThat(agent.contains(slot.high, slot.low)).isTrue();
        assertThat(o.networkId(slot.high, slot.low)).isEqualTo(id);
        assertThat(o.ipv4(slot.high, slot.low)).isEqualTo(ipv4);
        assertThat(o.hasAgentPrefix(slot.high, slot.low, agent.high(), agent.low())).isTrue();
    }

    // OverlayAddressMapper

    private static final Ipv6Prefix HOST_A = Ipv6Prefix.parse("2001:db8:0:1:a00::/72");
    private static final Ipv6Prefix HOST_B = Ipv6Prefix.parse("2001:db8:0:1:b00::/72");

    private static OverlayAddressMapper mapper() {
        AgentPrefixTable table = AgentPrefixTable.builder(72)
            .put("10.0.0.5", HOST_A.toString())
            .put("10.0.0.6", HOST_B.toString())
            .build();
        return new OverlayAddressMapper(OverlayAddressing.defaults(), 0x00_002a, table);
    }

    @Test
    void mapsNodesToTheirAgentsSubstrateAddress() {
        OverlayAddressMapper m = mapper();
        Ipv6Slot slot = new Ipv6Slot();
        assertThat(m.toIpv6(Ipv4Address.parse("10.0.0.5"), slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("2001:db8:0:1:a00:2a:a00:5"));
        assertThat(m.toIpv6(Ipv4Address.parse("10.0.0.6"), slot)).isTrue();
        assertThat(slot.toAddress()).isEqualTo(Ipv6Address.parse("2001:db8:0:1:b00:2a:a00:6"));
        assertThat(m.toIpv6(Ipv4Address.parse("10.0.0.7"), slot)).isFalse();

        Ipv6Address fromA = Ipv6Address.parse("2001:db8:0:1:a00:2a:a00:5");
        assertThat(m.toIpv4(fromA.high(), fromA.low())).isEqualTo(0x0a00_0005L);
    }

    @Test
    void antiSpoofing() {
        OverlayAddressMapper m = mapper();
        // Substrate address layout: agent 2001:db8:0:1:a0/72 | network 00002a | 0a000005.
        Ipv6Address genuine = Ipv6Address.parse("2001:db8:0:1:a00:2a:a00:5");
        assertThat(m.toIpv4(genuine.high(), genuine.low())).isEqualTo(0x0a00_0005L);
        // 10.0.0.5 lives on host A; the same address claimed from host B does not map.
        Ipv6Address spoofedHost = Ipv6Address.parse("2001:db8:0:1:b00:2a:a00:5");
        assertThat(m.toIpv4(spoofedHost.high(), spoofedHost.low())).isEqualTo(NO_MAPPING);
        // Right host, another tenant network.
        Ipv6Address otherNetwork = Ipv6Address.parse("2001:db8:0:1:a00:2b:a00:5");
        assertThat(m.toIpv4(otherNetwork.high(), otherNetwork.low())).isEqualTo(NO_MAPPING);
        // Unknown node.
        Ipv6Address unknown = Ipv6Address.parse("2001:db8:0:1:a00:2a:a00:9");
        assertThat(m.toIpv4(unknown.high(), unknown.low())).isEqualTo(NO_MAPPING);
    }

    @Test
    void tableReplacement() {
        OverlayAddressMapper m = mapper();
        m.replaceTable(AgentPrefixTable.builder(72).putAll(m.table()).put("10.0.0.5", HOST_B.toString()).build());
        Ipv6Address fromB = Ipv6Address.parse("2001:db8:0:1:b00:2a:a00:5");
        assertThat(m.toIpv4(fromB.high(), fromB.low())).isEqualTo(0x0a00_0005L);
        assertThat(m.table().size()).isEqualTo(2);
        assertThat(m.table().prefixOf(Ipv4Address.parse("10.0.0.5"))).isEqualTo(HOST_B);
        assertThatThrownBy(() -> m.replaceTable(AgentPrefixTable.empty(64)))
            .hasMessageContaining("/64 prefixes but the overlay uses /72");
    }

    @Test
    void configRejections() {
        assertThatThrownBy(() -> AgentPrefixTable.builder(72).put("10.0.0.5", "2001:db8:0:1::/64"))
            .hasMessageContaining("must be a /72");
        assertThatThrownBy(() -> AgentPrefixTable.builder(60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OverlayAddressMapper(OverlayAddressing.defaults(), 1L << 24,
            AgentPrefixTable.empty(72))).hasMessageContaining("does not fit");
    }

    @Test
    void manyNodes() {
        AgentPrefixTable.Builder b = AgentPrefixTable.builder(64);
        for (int i = 0; i < 5000; i++) {
            b.put(0x0a00_0000 + i, new Ipv6Prefix(0x2001_0db8_0000_0000L | (i % 37), 0, 64));
        }
        OverlayAddressMapper m = new OverlayAddressMapper(new OverlayAddressing(64), 0xdead_beefL, b.build());
        Ipv6Slot slot = new Ipv6Slot();
        for (int i = 0; i < 5000; i++) {
            assertThat(m.toIpv6(0x0a00_0000 + i, slot)).isTrue();
            assertThat(slot.high).isEqualTo(0x2001_0db8_0000_0000L | (i % 37));
            assertThat(slot.low).isEqualTo(0xdead_beef_0000_0000L | (0x0a00_0000 + i));
            assertThat(m.toIpv4(slot.high, slot.low)).isEqualTo(0x0a00_0000L + i);
        }
        assertThat(m.toIpv6(0x0a00_0000 + 5000, slot)).isFalse();
    }
}
