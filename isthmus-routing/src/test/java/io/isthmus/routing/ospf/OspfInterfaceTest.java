package io.isthmus.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingSession;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two OSPF interfaces on one simulated link, on a simulated clock: the adjacency, the exchange of routes, their
 * withdrawal, the dead interval, the checks of Hellos and DDs, and the participant's policy.
 */
class OspfInterfaceTest {
    private static final int A = Ipv4Address.parse("10.0.0.1");
    private static final int B = Ipv4Address.parse("10.0.0.10");
    private static final long MS = 1_000_000L;
    private static final PeerPolicy ANY = new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 100, 1000, 1000);
    private static final InstantSource WALL = InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L));

    private record Sent(int source, int destination, byte[] payload) {
    }

    /** The link: what each side sends reaches the other on the next step, unless the link is cut that way. */
    private final class Link {
        final ArrayDeque<Sent> toA = new ArrayDeque<>();
        final ArrayDeque<Sent> toB = new ArrayDeque<>();
        final List<RoutingSession> changes = new ArrayList<>();
        OspfInterface a;
        OspfInterface b;
        boolean aSilent;
        long now = 1_000 * MS;

        Link(OspfConfig configA, OspfConfig configB) {
            a = new OspfInterface(configA, B, (d, p) -> {
                if (!aSilent) {
                    toB.add(new Sent(A, d, copy(p)));
                }
            }, changes::add, now);
            b = new OspfInterface(configB, A, (d, p) -> toA.add(new Sent(B, d, copy(p))), changes::add, now);
        }

        void step() {
            now += 100 * MS;
            while (!toA.isEmpty() || !toB.isEmpty()) {
                Sent forA = toA.poll();
                if (forA != null) {
                    a.receive(forA.source(), forA.destination(), ByteBuffer.wrap(forA.payload()), now);
                }
                Sent forB = toB.poll();
                if (forB != null) {
                    b.receive(forB.source(), forB.destination(), ByteBuffer.wrap(forB.payload()), now);
                }
            }
            a.tick(now);
            b.tick(now);
        }

        long runUntil(BooleanSupplier condition, long maxMillis) {
            long start = now;
            while (!condition.getAsBoolean()) {
                assertThat(now - start).as("simulated time").isLessThan(maxMillis * MS);
                step();
            }
            return (now - start) / MS;
        }

        void run(long millis) {
            long end = now + millis * MS;
            while (now < end) {
                step();
            }
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static OspfConfig config(int address, PeerPolicy policy) {
        return OspfConfig.defaults(address, address, 24, policy, WALL).withIntervals(1, 4);
    }

    private static Route learnedFrom(String prefix, int metric, int nextHop) {
        return new Route(Ipv4Prefix.parse(prefix), metric, nextHop);
    }

    @Test
    void broadcastNeighboursElectTheHigherRouterIdAndBecomeFull() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        // Both wait timers end together: A elects before it hears B declare itself DR, and takes BDR on B's next Hello.
        link.run(1_100);
        assertThat(link.b.interfaceState()).isEqualTo(OspfInterface.InterfaceState.DR);
        assertThat(link.a.interfaceState()).isEqualTo(OspfInterface.InterfaceState.BACKUP);
        assertThat(link.a.designatedRouter()).isEqualTo(B);
        assertThat(link.a.backupDesignatedRouter()).isEqualTo(A);
        assertThat(link.a.status().state()).isEqualTo("Full");
        assertThat(link.a.status().upSinceMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(link.changes).contains(link.a, link.b);
        // The DR's network-LSA describes both routers; each side reaches the shared subnet through it.
        assertThat(link.a.database().get(new LsaKey(NetworkLsa.TYPE, B, B))).isNotNull();
        assertThat(link.a.learned()).containsExactly(learnedFrom("10.0.0.0/24", 10, B));
    }

    @Test
    void routesAnnouncedOnOneSideAreLearnedOnTheOtherAndWithdrawn() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20),
            Route.announced(Ipv4Prefix.parse("10.9.0.0/24"), 30)));
        link.runUntil(() -> link.b.learned().size() == 3, 10_000);
        assertThat(link.b.learned()).contains(learnedFrom("10.9.0.0/16", 20, A), learnedFrom("10.9.0.0/24", 30, A));
        assertThat(link.a.status().announced()).isEqualTo(2);

        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/24"), 30)));
        link.runUntil(() -> link.b.learned().size() == 2, 10_000);
        assertThat(link.b.learned()).containsExactly(learnedFrom("10.0.0.0/24", 10, A),
            learnedFrom("10.9.0.0/24", 30, A));

        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/24"), 40)));
        link.runUntil(() -> link.b.learned().contains(learnedFrom("10.9.0.0/24", 40, A)), 10_000);
    }

    @Test
    void aDatabaseLargerThanOnePacketIsExchangedInSeveralDescriptionsRequestsAndUpdates() {
        PeerPolicy many = new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 1000, 1000, 1000);
        Link link = new Link(config(A, many), config(B, many));
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            routes.add(Route.announced(Ipv4Prefix.normalized(Ipv4Address.parse("172.16.0.0") + (i << 8), 24), i + 1));
        }
        // Announced before the adjacency: they reach B through the database exchange, not through flooding.
        link.a.announce(routes);
        link.b.announce(routes.subList(0, 150));
        link.runUntil(() -> link.b.learned().size() == 301 && link.a.learned().size() == 151, 30_000);
        assertThat(link.b.learned()).contains(learnedFrom("172.16.255.0/24", 256, A),
            learnedFrom("172.17.43.0/24", 300, A));
        assertThat(link.a.database().size()).isEqualTo(link.b.database().size());
    }

    @Test
    void ownLsasAreOriginatedAgainAtTheRefreshTimeSoTheyNeverAgeOut() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20)));
        link.runUntil(() -> link.b.learned().size() == 2, 10_000);
        LsaKey external = new LsaKey(ExternalLsa.TYPE, Ipv4Address.parse("10.9.0.0"), A);
        int first = link.b.database().get(external).lsa().header().sequence();
        link.run((LsaHeader.MAX_AGE + 600) * 1000L);
        LinkStateDatabase.Entry now = link.b.database().get(external);
        assertThat(now.lsa().header().sequence()).isGreaterThanOrEqualTo(first + 2);
        assertThat(now.age(link.now)).isLessThan(OspfInterface.LS_REFRESH_TIME + 5);
        assertThat(link.b.learned()).contains(learnedFrom("10.9.0.0/16", 20, A));
        assertThat(link.b.status().up()).isTrue();
    }

    @Test
    void aNewerInstanceWithinMinLsArrivalIsDroppedUnacknowledged() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        int elsewhere = Ipv4Address.parse("9.9.9.9");
        LsaKey key = new LsaKey(ExternalLsa.TYPE, Ipv4Address.parse("10.7.0.0"), elsewhere);
        Lsa first = Lsa.originate(0, 2, ExternalLsa.TYPE, key.linkStateId(), elsewhere, LsaHeader.INITIAL_SEQUENCE,
            ExternalLsa.type2(0xffff0000, 5));
        Lsa second = Lsa.originate(0, 2, ExternalLsa.TYPE, key.linkStateId(), elsewhere,
            LsaHeader.INITIAL_SEQUENCE + 1, ExternalLsa.type2(0xffff0000, 6));

        assertThat(floodToB(link, first)).containsExactly(first.header());
        link.now += 500 * MS;
        assertThat(floodToB(link, second)).isEmpty();
        assertThat(link.b.database().get(key).lsa()).isEqualTo(first);
        link.now += 600 * MS;
        assertThat(floodToB(link, second)).containsExactly(second.header());
        assertThat(link.b.database().get(key).lsa()).isEqualTo(second);
    }

    /** Hands B an update from A and returns the headers B acknowledges. */
    private static List<LsaHeader> floodToB(Link link, Lsa lsa) {
        link.toA.clear();
        link.b.receive(A, OspfInterface.ALL_SPF_ROUTERS,
            new OspfPacket(A, 0, new LinkStateUpdate(List.of(lsa))).encode(), link.now);
        List<LsaHeader> acked = new ArrayList<>();
        for (Sent sent : link.toA) {
            if (OspfPacket.parse(ByteBuffer.wrap(sent.payload())) instanceof OspfPacket.Accepted(OspfPacket packet)
                && packet.message() instanceof LinkStateAck ack) {
                acked.addAll(ack.lsaHeaders());
            }
        }
        link.toA.clear();
        return acked;
    }

    @Test
    void pointToPointNeighboursBecomeFullWithoutElection() {
        Link link = new Link(config(A, ANY).withNetworkType(OspfConfig.NetworkType.POINT_TO_POINT),
            config(B, ANY).withNetworkType(OspfConfig.NetworkType.POINT_TO_POINT));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 10_000);
        assertThat(link.a.interfaceState()).isEqualTo(OspfInterface.InterfaceState.POINT_TO_POINT);
        assertThat(link.a.designatedRouter()).isZero();
        link.b.announce(List.of(Route.announced(Ipv4Prefix.parse("10.2.0.0/16"), 5)));
        link.runUntil(() -> link.a.learned().contains(learnedFrom("10.2.0.0/16", 5, B)), 10_000);
        // B's stub for the subnet, one link cost away.
        assertThat(link.a.learned()).contains(learnedFrom("10.0.0.0/24", 20, B));
    }

    @Test
    void theNeighbourGoesDownAfterTheDeadIntervalAndItsRoutesWithIt() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20)));
        link.runUntil(() -> link.b.learned().size() == 2, 10_000);
        link.aSilent = true;
        long took = link.runUntil(() -> link.b.learned().isEmpty(), 10_000);
        assertThat(took).isBetween(3_000L, 4_200L);
        assertThat(link.b.status().state()).isEqualTo("Down");
        assertThat(link.b.status().upSinceMillis()).isZero();
        assertThat(link.b.status().lastError()).contains("dead interval");
    }

    @Test
    void aHelloWithOtherIntervalsIsDroppedAndCounted() {
        Link link = new Link(config(A, ANY), OspfConfig.defaults(B, B, 24, ANY, WALL).withIntervals(2, 8));
        link.run(5_000);
        assertThat(link.a.status().state()).isEqualTo("Down");
        assertThat(link.a.dropped(OspfInterface.DropReason.HELLO_MISMATCH)).isPositive();
        assertThat(link.a.status().lastError()).contains("Hello/dead interval 2/8 s instead of 1/4 s");
    }

    @Test
    void aHelloWithAnotherMaskIsDroppedOnBroadcast() {
        Link link = new Link(config(A, ANY), OspfConfig.defaults(B, B, 16, ANY, WALL).withIntervals(1, 4));
        link.run(3_000);
        assertThat(link.a.status().state()).isEqualTo("Down");
        assertThat(link.a.dropped(OspfInterface.DropReason.HELLO_MISMATCH)).isPositive();
    }

    @Test
    void aDatabaseDescriptionAboveTheInterfaceMtuIsRejected() {
        OspfConfig small = config(B, ANY);
        small = new OspfConfig(small.routerId(), 0, small.address(), 24, small.networkType(), 1, 4, 5, 10, 1, 1400,
            ANY, WALL);
        Link link = new Link(config(A, ANY), small);
        link.run(12_000);
        assertThat(link.b.dropped(OspfInterface.DropReason.MTU_MISMATCH)).isPositive();
        assertThat(link.b.status().up()).isFalse();
        assertThat(link.b.status().lastError()).contains("MTU 1500");
    }

    @Test
    void routesOutsideTheAllowedPrefixesAreFilteredAndBeyondTheLimitRefused() {
        PeerPolicy policy = new PeerPolicy(List.of(PrefixRange.parse("10.9.0.0/16")), 2, 1000, 1000);
        Link link = new Link(config(A, ANY), config(B, policy));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.1.0/24"), 1),
            Route.announced(Ipv4Prefix.parse("10.9.2.0/24"), 1), Route.announced(Ipv4Prefix.parse("10.9.3.0/24"), 1),
            Route.announced(Ipv4Prefix.parse("192.168.0.0/16"), 1)));
        link.runUntil(() -> link.b.status().received() == 5, 10_000);
        link.run(2_000);
        assertThat(link.b.learned()).containsExactly(learnedFrom("10.9.1.0/24", 1, A),
            learnedFrom("10.9.2.0/24", 1, A));
        // 10.0.0.0/24 and 192.168.0.0/16 are outside 10.9.0.0/16; 10.9.3.0/24 is the third.
        assertThat(link.b.status().filtered()).isEqualTo(2);
        assertThat(link.b.status().overLimit()).isEqualTo(1);
        assertThat(link.b.status().accepted()).isEqualTo(2);
    }

    @Test
    void updatesBeyondTheBudgetAreDroppedAndTheNeighbourSendsThemAgain() {
        PeerPolicy slow = new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 100, 1, 1);
        Link link = new Link(config(A, ANY), config(B, slow));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 30_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20)));
        link.runUntil(() -> link.b.learned().contains(learnedFrom("10.9.0.0/16", 20, A)), 30_000);
        assertThat(link.b.status().rateLimited()).isPositive();
    }

    @Test
    void badPacketsAndPacketsFromOtherSourcesAreCountedAndDropped() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.a.receive(B, OspfInterface.ALL_SPF_ROUTERS, ByteBuffer.wrap(new byte[] {2, 1, 0}), link.now);
        assertThat(link.a.rejected(OspfRejection.TRUNCATED)).isEqualTo(1);
        ByteBuffer hello = new OspfPacket(B, 0, new Hello(0xffffff00, 1, 2, 1, 4, 0, 0, List.of())).encode();
        link.a.receive(Ipv4Address.parse("10.0.0.99"), OspfInterface.ALL_SPF_ROUTERS, hello.duplicate(), link.now);
        assertThat(link.a.dropped(OspfInterface.DropReason.FOREIGN_SOURCE)).isEqualTo(1);
        link.a.receive(B, OspfInterface.ALL_D_ROUTERS, hello.duplicate(), link.now);
        assertThat(link.a.dropped(OspfInterface.DropReason.WRONG_DESTINATION)).isEqualTo(1);
        ByteBuffer otherArea = new OspfPacket(B, 1, new Hello(0xffffff00, 1, 2, 1, 4, 0, 0, List.of())).encode();
        link.a.receive(B, OspfInterface.ALL_SPF_ROUTERS, otherArea, link.now);
        assertThat(link.a.dropped(OspfInterface.DropReason.AREA_MISMATCH)).isEqualTo(1);
        assertThat(link.a.status().messagesIn()).isZero();
        assertThat(link.a.status().state()).isEqualTo("Down");
    }

    @Test
    void closingFlushesTheOwnLsasSoTheOtherSideForgetsTheRoutesAtOnce() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20)));
        link.runUntil(() -> link.b.learned().size() == 2, 10_000);
        link.a.close();
        long took = link.runUntil(() -> link.b.learned().isEmpty(), 10_000);
        assertThat(took).isLessThan(1_000L);
        assertThat(link.a.status().up()).isFalse();
    }

    @Test
    void aRestartedRouterSupersedesItsOldLsasFromTheNeighbourDatabase() {
        Link link = new Link(config(A, ANY), config(B, ANY));
        link.runUntil(() -> link.a.status().up() && link.b.status().up(), 20_000);
        link.a.announce(List.of(Route.announced(Ipv4Prefix.parse("10.9.0.0/16"), 20)));
        link.runUntil(() -> link.b.learned().size() == 2, 10_000);
        int oldSequence = link.b.database().get(new LsaKey(RouterLsa.TYPE, A, A)).lsa().header().sequence();
        // A new A with the same router id, announcing nothing: B still holds the old instances.
        link.aSilent = true;
        link.run(200);
        link.aSilent = false;
        link.toA.clear();
        OspfInterface old = link.a;
        link.a = new OspfInterface(config(A, ANY), B, (d, p) -> link.toB.add(new Sent(A, d, copy(p))),
            link.changes::add, link.now);
        assertThat(old).isNotSameAs(link.a);
        link.runUntil(() -> link.a.status().up() && link.b.learned().size() == 1, 30_000);
        assertThat(link.b.database().get(new LsaKey(RouterLsa.TYPE, A, A)).lsa().header().sequence())
            .isGreaterThan(oldSequence);
        assertThat(link.b.learned()).containsExactly(learnedFrom("10.0.0.0/24", 10, A));
    }
}
