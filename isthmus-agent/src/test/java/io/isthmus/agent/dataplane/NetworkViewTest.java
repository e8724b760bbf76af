package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.allocation.VirtualMacs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkViewTest {
    private static SubnetView subnet(String id, String address, int length) {
        int gateway = ip(address) + 1;
        return new SubnetView(id, ip(address), length, gateway, VirtualMacs.router(gateway));
    }

    private static NetworkView view(List<SubnetView> subnets) {
        return new NetworkView(7, "net-1", NetworkSettings.DEFAULTS, subnets, List.of());
    }

    @Test
    void findsTheSubnetContainingAnAddressOrNone() {
        NetworkView network = view(List.of(subnet("c", "192.168.0.0", 16), subnet("a", "10.0.1.0", 24),
            subnet("b", "10.0.2.0", 28), subnet("d", "200.0.0.0", 8)));
        assertThat(network.subnetContaining(ip("10.0.1.77")).subnetId()).isEqualTo("a");
        assertThat(network.subnetContaining(ip("10.0.2.15")).subnetId()).isEqualTo("b");
        assertThat(network.subnetContaining(ip("10.0.2.16"))).isNull();
        assertThat(network.subnetContaining(ip("10.0.0.255"))).isNull();
        assertThat(network.subnetContaining(ip("192.168.255.255")).subnetId()).isEqualTo("c");
        // Unsigned order: 200.x sorts after 192.168.x, not before 10.x.
        assertThat(network.subnetContaining(ip("200.1.2.3")).subnetId()).isEqualTo("d");
        assertThat(network.subnetContaining(ip("9.255.255.255"))).isNull();
        assertThat(network.subnetContaining(-1)).isNull();
        assertThat(view(List.of()).subnetContaining(ip("10.0.1.1"))).isNull();
        assertThat(network.subnet("b").broadcast()).isEqualTo(ip("10.0.2.15"));
    }

    @Test
    void aLookupAgreesWithAScanForManySubnets() {
        List<SubnetView> subnets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            subnets.add(subnet("s" + i, "10." + (i / 8) + "." + (i % 8 * 32) + ".0", 27));
        }
        NetworkView network = view(subnets);
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            int address = ip("10.0.0.0") + random.nextInt(1 << 14);
            SubnetView expected = subnets.stream().filter(s -> s.contains(address)).findFirst().orElse(null);
            assertThat(network.subnetContaining(address)).isEqualTo(expected);
        }
    }

    @Test
    void overlappingSubnetsAreRefused() {
        assertThatThrownBy(() -> view(List.of(subnet("a", "10.0.0.0", 16), subnet("b", "10.0.5.0", 24))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
    }

    @Test
    void thePortTableFindsNetworksByOverlayIdAndKeepsThemAcrossPortChanges() {
        PortTable table = new PortTable();
        NetworkView seven = view(List.of(subnet("a", "10.0.1.0", 24)));
        NetworkView other = new NetworkView(0xff_ffff, "net-2", NetworkSettings.DEFAULTS, List.of(), List.of());
        table.replaceNetworks(List.of(seven, other));
        table.put(Fixture.A0);
        assertThat(table.snapshot().network(7)).isSameAs(seven);
        assertThat(table.snapshot().network(0xff_ffff)).isSameAs(other);
        assertThat(table.snapshot().network(8)).isNull();
        assertThat(table.snapshot().byIndex(0)).isEqualTo(Fixture.A0);
        assertThatThrownBy(() -> table.replaceNetworks(List.of(seven, seven)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
