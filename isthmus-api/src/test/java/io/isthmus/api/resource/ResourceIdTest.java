package io.isthmus.api.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.Fixtures;
import io.isthmus.wire.Ipv4Prefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResourceIdTest {

    @Test
    void randomIdsHaveThePrefixAndTwelveBase32Characters() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(NetworkId.random(random).value()).matches("net-[0-9a-hjkmnp-tv-z]{12}");
        assertThat(TenantId.random(random).value()).startsWith("ten-");
        assertThat(NodeId.random(random).value()).startsWith("node-");
        assertThat(InterfaceId.random(random).value()).startsWith("if-");
        assertThat(HostId.random(random).value()).startsWith("host-");
        assertThat(ApiTokenId.random(random).value()).startsWith("tok-");
        assertThat(PeeringRouterId.random(random).value()).startsWith("pr-");
        assertThat(SubnetId.random(random).toString()).startsWith("sub-");
    }

    @Test
    void randomIdsDoNotRepeat() {
        SplittableRandom random = new SplittableRandom(2);
        Set<NodeId> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(ids.add(NodeId.random(random))).isTrue();
        }
    }

    @Test
    void malformedIdsAreRejected() {
        for (String bad : List.of("net-3fk9x2", "sub-3fk9x2hq7m1c", "net-3fk9x2hq7m1C", "net-3fk9x2hq7m1i",
            "net_3fk9x2hq7m1c", "net-3fk9x2hq7m1cc", "")) {
            assertThatThrownBy(() -> new NetworkId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new NetworkId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NetworkId("net-3fk9x2hq7m1c").value()).isEqualTo("net-3fk9x2hq7m1c");
    }

    @Test
    void routeTableAndDeviceIdsDeriveFromTheSubnet() {
        SubnetId subnet = new SubnetId("sub-3fk9x2hq7m1c");

        assertThat(RouteTableId.ofSubnet(subnet).value()).isEqualTo("rtb-3fk9x2hq7m1c");
        assertThat(NetworkDeviceId.ofSubnet(subnet).value()).isEqualTo("vr-3fk9x2hq7m1c");
        assertThat(RouteTableId.ofSubnet(subnet).subnetId()).isEqualTo(subnet);
        assertThat(NetworkDeviceId.ofSubnet(subnet).subnetId()).isEqualTo(subnet);
    }

    @Test
    void subnetGatewayIsTheFirstAddress() {
        Subnet web = Fixtures.WEB;
        assertThat(web.gateway()).isEqualTo(Fixtures.ip("10.0.1.1"));
        assertThatThrownBy(() -> new Subnet(web.id(), web.tenantId(), web.networkId(), "x", web.cidr(),
            Fixtures.ip("10.0.1.254"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void virtualRouterIsDerivedFromItsSubnet() {
        NetworkDevice router = NetworkDevice.of(Fixtures.WEB);

        assertThat(router.id()).isEqualTo(Fixtures.WEB.deviceId());
        assertThat(router.kind()).isEqualTo(NetworkDevice.Kind.VIRTUAL_ROUTER);
        assertThat(router.address()).isEqualTo(Fixtures.ip("10.0.1.1"));
        assertThat(router.mac()).isEqualTo(0x0201_0a00_0101L);
        assertThat(router.version()).isEqualTo(Fixtures.WEB.version());
    }

    @Test
    void recordsRejectWhatIsNotWellFormed() {
        assertThatThrownBy(() -> new Network(Fixtures.NETWORK.id(), Fixtures.TENANT, "n", List.of(), 1,
            NetworkOptions.DEFAULTS, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Network(Fixtures.NETWORK.id(), Fixtures.TENANT, "n",
            List.of(Ipv4Prefix.parse("10.0.0.0/16")), 1 << 24, NetworkOptions.DEFAULTS, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkInterface(InterfaceId.random(Fixtures.RANDOM), Fixtures.WEB.id(), 0,
            0x0000_0000_0001L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route(Ipv4Prefix.parse("0.0.0.0/0"), List.of(), RouteKind.STATIC))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteTable(RouteTableId.ofSubnet(Fixtures.DB.id()), Fixtures.TENANT,
            Fixtures.NETWORK.id(), Fixtures.WEB.id(), List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeFindsItsInterfaces() {
        Node node = Fixtures.node("fw", false, Fixtures.WEB, "10.0.1.4", Fixtures.DB, "10.0.2.4");

        assertThat(node.isAppliance()).isTrue();
        assertThat(node.networkInterface(node.interfaces().get(1).id())).contains(node.interfaces().get(1));
        assertThat(node.networkInterface(InterfaceId.random(Fixtures.RANDOM))).isEmpty();
    }
}
