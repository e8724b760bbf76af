package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableViewTest {
    private static RouteTableView.Route route(String prefix, int length, RouteTableView.Action action) {
        return new RouteTableView.Route(ip(prefix), length, action, List.of());
    }

    @Test
    void theLongestPrefixWins() {
        RouteTableView table = new RouteTableView(List.of(
            route("10.0.0.0", 16, RouteTableView.Action.DELIVER_LOCAL),
            route("10.0.2.0", 24, RouteTableView.Action.BLACKHOLE),
            route("10.0.2.128", 25, RouteTableView.Action.DELIVER_LOCAL),
            route("0.0.0.0", 0, RouteTableView.Action.BLACKHOLE)));
        assertThat(table.lookup(ip("10.0.1.5")).length()).isEqualTo(16);
        assertThat(table.lookup(ip("10.0.2.5")).length()).isEqualTo(24);
        assertThat(table.lookup(ip("10.0.2.200")).length()).isEqualTo(25);
        assertThat(table.lookup(ip("192.168.1.1")).length()).isZero();
        assertThat(RouteTableView.EMPTY.lookup(ip("10.0.1.5"))).isNull();
        assertThat(new RouteTableView(List.of(route("10.0.0.0", 8, RouteTableView.Action.BLACKHOLE)))
            .lookup(ip("11.0.0.1"))).isNull();
    }

    @Test
    void prefixesAreMaskedAndMayNotRepeat() {
        assertThat(route("10.0.2.77", 24, RouteTableView.Action.BLACKHOLE).prefix()).isEqualTo(ip("10.0.2.0"));
        assertThatThrownBy(() -> new RouteTableView(List.of(route("10.0.2.0", 24, RouteTableView.Action.BLACKHOLE),
            route("10.0.2.1", 24, RouteTableView.Action.DELIVER_LOCAL)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route("10.0.0.0", 33, RouteTableView.Action.BLACKHOLE))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** Property: on random tables, the lookup finds what a scan of every route for the longest match finds. */
    @Test
    void agreesWithABruteForceScanOnRandomTables() {
        Random random = new Random(6);
        for (int round = 0; round < 300; round++) {
            // Few distinct high bits, so that prefixes nest and addresses hit them.
            List<RouteTableView.Route> routes = new ArrayList<>();
            Set<Long> keys = new HashSet<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(33);
                int prefix = randomAddress(random) & Ipv4Address.mask(length);
                if (keys.add((long) length << 32 | (prefix & 0xffff_ffffL))) {
                    routes.add(new RouteTableView.Route(prefix, length,
                        RouteTableView.Action.values()[random.nextInt(3)], List.of()));
                }
            }
            RouteTableView table = new RouteTableView(routes);
            for (int probe = 0; probe < 200; probe++) {
                int address = randomAddress(random);
                assertThat(table.lookup(address)).as("%s in %s", Ipv4Address.format(address), routes)
                    .isSameAs(scan(routes, address));
            }
        }
    }

    private static int randomAddress(Random random) {
        int[] firsts = {0x0a000000, 0x0a010000, 0xc0a80000, 0x80000000, 0};
        return firsts[random.nextInt(firsts.length)] | (random.nextInt() & (random.nextBoolean() ? 0xffff : 0xff));
    }

    private static RouteTableView.Route scan(List<RouteTableView.Route> routes, int address) {
        RouteTableView.Route best = null;
        for (RouteTableView.Route route : routes) {
            if ((address & Ipv4Address.mask(route.length())) == route.prefix()
                && (best == null || route.length() > best.length())) {
                best = route;
            }
        }
        return best;
    }
}
