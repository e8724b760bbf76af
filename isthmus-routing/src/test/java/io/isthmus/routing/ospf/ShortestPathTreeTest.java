package io.isthmus.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The routing table computation over hand-built databases: R1 (the root) and R2 share the transit network
 * 10.0.0.0/24 whose DR is R2 (10.0.0.10); R2 reaches R3 over a point-to-point link of cost 5.
 */
class ShortestPathTreeTest {
    private static final int R1 = Ipv4Address.parse("1.1.1.1");
    private static final int R2 = Ipv4Address.parse("2.2.2.2");
    private static final int R3 = Ipv4Address.parse("3.3.3.3");
    private static final int R1_ADDRESS = Ipv4Address.parse("10.0.0.1");
    private static final int DR = Ipv4Address.parse("10.0.0.10");
    private static final int MASK_24 = 0xffffff00;
    private static final long NOW = 0;

    private final LinkStateDatabase database = new LinkStateDatabase();

    private void add(int type, int id, int router, LsaBody body) {
        database.install(Lsa.originate(0, 2, type, id, router, LsaHeader.INITIAL_SEQUENCE, body), NOW);
    }

    private void baseTopology() {
        add(RouterLsa.TYPE, R1, R1, new RouterLsa(RouterLsa.FLAG_E, List.of(
            new RouterLsa.Link(DR, R1_ADDRESS, RouterLsa.LINK_TRANSIT, 10))));
        add(RouterLsa.TYPE, R2, R2, new RouterLsa(RouterLsa.FLAG_E, List.of(
            new RouterLsa.Link(DR, DR, RouterLsa.LINK_TRANSIT, 1),
            new RouterLsa.Link(R3, 0x0a000101, RouterLsa.LINK_POINT_TO_POINT, 5),
            new RouterLsa.Link(Ipv4Address.parse("10.5.0.0"), 0xffff0000, RouterLsa.LINK_STUB, 7))));
        add(RouterLsa.TYPE, R3, R3, new RouterLsa(RouterLsa.FLAG_E | RouterLsa.FLAG_B, List.of(
            new RouterLsa.Link(R2, 0x0a000102, RouterLsa.LINK_POINT_TO_POINT, 5),
            new RouterLsa.Link(Ipv4Address.parse("10.6.0.0"), 0xffff0000, RouterLsa.LINK_STUB, 2))));
        add(NetworkLsa.TYPE, DR, R2, new NetworkLsa(MASK_24, List.of(R2, R1)));
    }

    private static ShortestPathTree.PathRoute route(Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes, String p) {
        return routes.get(Ipv4Prefix.parse(p));
    }

    @Test
    void intraAreaCostsAddUpAlongTheTree() {
        baseTopology();
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.0.0.0/24").cost()).isEqualTo(10);
        assertThat(route(routes, "10.5.0.0/16").cost()).isEqualTo(17);
        assertThat(route(routes, "10.6.0.0/16").cost()).isEqualTo(17);
        assertThat(route(routes, "10.6.0.0/16").type()).isEqualTo(ShortestPathTree.PathType.INTRA_AREA);
    }

    @Test
    void externalRoutesOfType1AddTheCostToTheBoundaryRouterAndType2DoNot() {
        baseTopology();
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.7.0.0"), R3, new ExternalLsa(0xffff0000, false, 3, 0, 0,
            List.of()));
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.8.0.0"), R3, ExternalLsa.type2(0xffff0000, 3));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.7.0.0/16").cost()).isEqualTo(18);
        assertThat(route(routes, "10.7.0.0/16").type()).isEqualTo(ShortestPathTree.PathType.EXTERNAL_TYPE_1);
        assertThat(route(routes, "10.8.0.0/16").cost()).isEqualTo(3);
        assertThat(route(routes, "10.8.0.0/16").type()).isEqualTo(ShortestPathTree.PathType.EXTERNAL_TYPE_2);
    }

    @Test
    void anExternalRouteWithAForwardingAddressCostsThePathToThatAddress() {
        baseTopology();
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.7.0.0"), R2, new ExternalLsa(0xffff0000, false, 1,
            Ipv4Address.parse("10.6.0.9"), 0, List.of()));
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.8.0.0"), R2, new ExternalLsa(0xffff0000, false, 1,
            Ipv4Address.parse("192.0.2.1"), 0, List.of()));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.7.0.0/16").cost()).isEqualTo(18);
        assertThat(route(routes, "10.8.0.0/16")).isNull();
    }

    @Test
    void anIntraAreaRouteWinsOverAnExternalOneForTheSamePrefix() {
        baseTopology();
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.5.0.0"), R3, new ExternalLsa(0xffff0000, false, 0, 0, 0,
            List.of()));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.5.0.0/16").type()).isEqualTo(ShortestPathTree.PathType.INTRA_AREA);
        assertThat(route(routes, "10.5.0.0/16").cost()).isEqualTo(17);
    }

    @Test
    void summaryRoutesOfAReachableBorderRouterAreInterArea() {
        baseTopology();
        add(SummaryLsa.TYPE_NETWORK, Ipv4Address.parse("172.16.0.0"), R3, new SummaryLsa(0xfff00000, 4, List.of()));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "172.16.0.0/12").cost()).isEqualTo(19);
        assertThat(route(routes, "172.16.0.0/12").type()).isEqualTo(ShortestPathTree.PathType.INTER_AREA);
    }

    @Test
    void externalRoutesOfABoundaryRouterInAnotherAreaGoThroughItsAsbrSummary() {
        baseTopology();
        int elsewhere = Ipv4Address.parse("9.9.9.9");
        add(SummaryLsa.TYPE_ASBR, elsewhere, R3, new SummaryLsa(0, 6, List.of()));
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.7.0.0"), elsewhere, new ExternalLsa(0xffff0000, false, 2, 0, 0,
            List.of()));
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.8.0.0"), Ipv4Address.parse("8.8.8.8"),
            ExternalLsa.type2(0xffff0000, 2));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.7.0.0/16").cost()).isEqualTo(10 + 5 + 6 + 2);
        assertThat(route(routes, "10.8.0.0/16")).isNull();
    }

    @Test
    void aLinkWithoutItsLinkBackIsNotFollowed() {
        baseTopology();
        add(RouterLsa.TYPE, R3, R3, new RouterLsa(0, List.of(
            new RouterLsa.Link(Ipv4Address.parse("10.6.0.0"), 0xffff0000, RouterLsa.LINK_STUB, 2))));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(route(routes, "10.6.0.0/16")).isNull();
        assertThat(route(routes, "10.5.0.0/16")).isNotNull();
    }

    @Test
    void lsasAtMaxAgeTakeNoPart() {
        baseTopology();
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.8.0.0"), R3, ExternalLsa.type2(0xffff0000, 3));
        LinkStateDatabase.Entry network = database.get(new LsaKey(NetworkLsa.TYPE, DR, R2));
        database.install(network.lsa().withAge(LsaHeader.MAX_AGE), NOW);
        assertThat(ShortestPathTree.compute(database, R1, NOW)).isEmpty();
    }

    @Test
    void lsasAgeIntoMaxAgeOnTheClock() {
        baseTopology();
        long later = (LsaHeader.MAX_AGE + 1) * 1_000_000_000L;
        assertThat(ShortestPathTree.compute(database, R1, later)).isEmpty();
        assertThat(database.get(new LsaKey(RouterLsa.TYPE, R2, R2)).age(later)).isEqualTo(LsaHeader.MAX_AGE);
    }

    @Test
    void theRootsOwnLsasGiveNoRoutes() {
        baseTopology();
        add(ExternalLsa.TYPE, Ipv4Address.parse("10.9.0.0"), R1, ExternalLsa.type2(0xffff0000, 20));
        add(RouterLsa.TYPE, R1, R1, new RouterLsa(RouterLsa.FLAG_E, List.of(
            new RouterLsa.Link(DR, R1_ADDRESS, RouterLsa.LINK_TRANSIT, 10),
            new RouterLsa.Link(Ipv4Address.parse("10.10.0.0"), 0xffff0000, RouterLsa.LINK_STUB, 1))));
        Map<Ipv4Prefix, ShortestPathTree.PathRoute> routes = ShortestPathTree.compute(database, R1, NOW);
        assertThat(routes).doesNotContainKeys(Ipv4Prefix.parse("10.9.0.0/16"), Ipv4Prefix.parse("10.10.0.0/16"));
    }

    @Test
    void recencyFollowsSequenceThenChecksumThenMaxAgeThenAgeDifference() {
        LsaHeader base = new LsaHeader(10, 2, 1, 1, 1, 5, 100, 24);
        assertThat(new LsaHeader(10, 2, 1, 1, 1, 6, 1, 24).compareRecency(base)).isPositive();
        assertThat(new LsaHeader(10, 2, 1, 1, 1, -5, 100, 24).compareRecency(base)).isNegative();
        assertThat(new LsaHeader(10, 2, 1, 1, 1, 5, 101, 24).compareRecency(base)).isPositive();
        assertThat(base.withAge(LsaHeader.MAX_AGE).compareRecency(base)).isPositive();
        assertThat(base.withAge(1000).compareRecency(base)).isNegative();
        assertThat(base.withAge(900).compareRecency(base)).isZero();
    }
}
