package io.isthmus.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.RouteTableView;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.NextHop;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTablesTest {
    private static final Ipv6Prefix HOST = Ipv6Prefix.parse("2001:db8:0:3:cc00::/72");

    private static RouteInfo.Builder route(String prefix, int length, RouteInfo.Action action) {
        return RouteInfo.newBuilder().setPrefix(Ipv4Address.parse(prefix)).setLength(length)
            .setKind(RouteInfo.Kind.STATIC).setAction(action);
    }

    @Test
    void readsTheControllersTable() {
        NextHop hop = NextHop.newBuilder().setNodeId("node-fw").setInterfaceId("eth0")
            .setAddress(Ipv4Address.parse("10.0.1.60")).setMac(0x0200_0a00_013cL)
            .setHostSubstratePrefix(ChannelCodec.prefix(HOST)).build();
        RouteTableInfo info = RouteTableInfo.newBuilder().setSubnetId("sub-1").setNetworkId("net-1").setVersion(9)
            .addRoutes(route("10.0.0.0", 16, RouteInfo.Action.DELIVER_LOCAL).setKind(RouteInfo.Kind.LOCAL))
            .addRoutes(route("10.0.2.0", 24, RouteInfo.Action.FORWARD).addNextHops(hop))
            .addRoutes(route("10.9.0.0", 16, RouteInfo.Action.BLACKHOLE))
            .addRoutes(route("10.8.0.0", 16, RouteInfo.Action.ACTION_UNSPECIFIED))
            .addRoutes(route("10.200.0.0", 16, RouteInfo.Action.PEERING).setKind(RouteInfo.Kind.PROPAGATED)
                .setPeeringRouterId("pr-1"))
            .build();
        List<String> problems = new ArrayList<>();
        RouteTableView table = RouteTables.view(info, problems::add);
        assertThat(table.lookup(Ipv4Address.parse("10.200.1.7")).action()).isEqualTo(RouteTableView.Action.PEERING);
        assertThat(problems).isEmpty();
        assertThat(table.lookup(Ipv4Address.parse("10.0.1.7")).action()).isEqualTo(RouteTableView.Action.DELIVER_LOCAL);
        RouteTableView.Route forward = table.lookup(Ipv4Address.parse("10.0.2.7"));
        assertThat(forward.action()).isEqualTo(RouteTableView.Action.FORWARD);
        assertThat(forward.nextHops()).containsExactly(new RouteTableView.NextHop("node-fw", "eth0",
            Ipv4Address.parse("10.0.1.60"), 0x0200_0a00_013cL, HOST.high(), HOST.low()));
        assertThat(table.lookup(Ipv4Address.parse("10.9.1.1")).action()).isEqualTo(RouteTableView.Action.BLACKHOLE);
        assertThat(table.lookup(Ipv4Address.parse("10.8.1.1")).action())
            .as("an action this agent does not know drops rather than skip an appliance")
            .isEqualTo(RouteTableView.Action.BLACKHOLE);
        assertThat(table.lookup(Ipv4Address.parse("192.168.0.1"))).isNull();
    }

    @Test
    void dropsWhatTheControllerShouldNeverSend() {
        RouteTableInfo info = RouteTableInfo.newBuilder().setSubnetId("sub-1")
            .addRoutes(route("10.0.2.0", 24, RouteInfo.Action.BLACKHOLE))
            .addRoutes(route("10.0.2.9", 24, RouteInfo.Action.DELIVER_LOCAL))
            .addRoutes(route("10.0.0.0", 40, RouteInfo.Action.DELIVER_LOCAL))
            .addRoutes(route("10.0.3.0", 24, RouteInfo.Action.FORWARD).addNextHops(NextHop.newBuilder()
                .setNodeId("node-fw").setInterfaceId("eth0")))
            .build();
        List<String> problems = new ArrayList<>();
        RouteTableView table = RouteTables.view(info, problems::add);
        assertThat(problems).hasSize(3);
        assertThat(table.routes()).hasSize(2);
        assertThat(table.lookup(Ipv4Address.parse("10.0.2.1")).action()).isEqualTo(RouteTableView.Action.BLACKHOLE);
        assertThat(table.lookup(Ipv4Address.parse("10.0.3.1")).nextHops()).as("a next hop without a host prefix")
            .isEmpty();
    }

    @Test
    void readsEachRoutesMetricAndTheOriginOfALearnedOne() {
        RouteTableInfo info = RouteTableInfo.newBuilder().setSubnetId("sub-1")
            .addRoutes(route("10.0.0.0", 16, RouteInfo.Action.DELIVER_LOCAL).setMetric(1))
            .addRoutes(route("10.1.0.0", 16, RouteInfo.Action.BLACKHOLE).setKind(RouteInfo.Kind.LEARNED).setMetric(20)
                .setLearnedFromNodeId("node-fw").setLearnedFromAddress(Ipv4Address.parse("10.0.1.50")))
            .build();
        RouteTableView table = RouteTables.view(info, problem -> { });
        RouteTableView.Route learned = table.lookup(Ipv4Address.parse("10.1.2.3"));
        assertThat(learned.metric()).isEqualTo(20);
        assertThat(learned.learnedFromNodeId()).isEqualTo("node-fw");
        assertThat(learned.learnedFromAddress()).isEqualTo(Ipv4Address.parse("10.0.1.50"));
        assertThat(learned.learned()).isTrue();
        RouteTableView.Route local = table.lookup(Ipv4Address.parse("10.0.9.9"));
        assertThat(local.metric()).isEqualTo(1);
        assertThat(local.learned()).isFalse();
    }
}
