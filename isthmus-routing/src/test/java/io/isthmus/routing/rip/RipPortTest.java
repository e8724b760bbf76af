package io.isthmus.routing.rip;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RIP port on a clock the test turns: learning, timers, updates, requests, policy and validation. */
class RipPortTest {
    private static final int ROUTER = Ipv4Address.parse("10.0.0.1");
    private static final int NODE = Ipv4Address.parse("10.0.0.10");
    private static final int OTHER_NODE = Ipv4Address.parse("10.0.0.11");
    private static final long SECOND = 1_000_000_000L;
    private static final Ipv4Prefix A = Ipv4Prefix.parse("10.20.0.0/16");
    private static final Ipv4Prefix B = Ipv4Prefix.parse("10.21.0.0/16");
    private static final Ipv4Prefix OURS = Ipv4Prefix.parse("10.9.0.0/16");
    private static final Instant WALL = Instant.parse("2026-12-06T11:00:00Z");

    private record Sent(int destination, RipMessage message) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private int changes;
    private RipAuthentication authentication = RipAuthentication.NONE;
    private PeerPolicy policy = new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 1000, 1000);
    private RipPort port;
    private RipCodec peer;

    private RipPort start() {
        RipPortConfig config = new RipPortConfig(ROUTER, 24, NODE, authentication, Duration.ofSeconds(30),
            Duration.ofSeconds(180), Duration.ofSeconds(120), policy, InstantSource.fixed(WALL), true);
        RipCodec reader = new RipCodec(authentication);
        peer = new RipCodec(authentication);
        port = new RipPort(config, (destination, payload) -> sent.add(new Sent(destination,
            ((RipCodec.Accepted) reader.decode(payload)).message())), session -> changes++, 0);
        return port;
    }

    private void respond(long nanoTime, long sequence, RipEntry... entries) {
        port.receive(NODE, 520, RipPort.RIP_GROUP, peer.encode(RipMessage.response(List.of(entries)), sequence),
            nanoTime);
    }

    private static RipEntry entry(Ipv4Prefix prefix, int metric) {
        return new RipEntry(0, prefix, 0, metric);
    }

    private List<RipEntry> drain() {
        List<RipEntry> entries = new ArrayList<>();
        for (Sent s : sent) {
            entries.addAll(s.message().entries());
        }
        sent.clear();
        return entries;
    }

    @Test
    void startsByAskingForTheWholeTableAndSendingItsOwnToTheGroup() {
        start().announce(List.of(Route.announced(OURS, 3)));
        port.tick(0);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).destination()).isEqualTo(RipPort.RIP_GROUP);
        assertThat(sent.get(0).message().wholeTableRequest()).isTrue();
        assertThat(sent.get(1).destination()).isEqualTo(RipPort.RIP_GROUP);
        assertThat(sent.get(1).message().entries()).containsExactly(entry(OURS, 3));
        assertThat(port.protocol()).isEqualTo(RoutingProtocol.RIP);
        assertThat(port.peer()).isEqualTo(NODE);
    }

    @Test
    void learnsMetricPlusOneWithTheParticipantOrAnOnLinkNextHop() {
        start().tick(0);
        respond(SECOND, -1, entry(A, 1),
            new RipEntry(0, B, OTHER_NODE, 2),
            new RipEntry(0, Ipv4Prefix.parse("10.22.0.0/16"), Ipv4Address.parse("192.0.2.1"), 3),
            new RipEntry(0, Ipv4Prefix.parse("10.23.0.0/16"), ROUTER, 4),
            entry(Ipv4Prefix.parse("10.24.0.0/16"), 15),
            entry(Ipv4Prefix.parse("10.25.0.0/16"), 16));
        assertThat(port.learned()).containsExactly(
            new Route(A, 2, NODE),
            new Route(B, 3, OTHER_NODE),
            new Route(Ipv4Prefix.parse("10.22.0.0/16"), 4, NODE),
            new Route(Ipv4Prefix.parse("10.23.0.0/16"), 5, NODE));
        assertThat(changes).isEqualTo(1);
        assertThat(port.status().state()).isEqualTo("Up");
        assertThat(port.status().upSinceMillis()).isEqualTo(WALL.toEpochMilli());
        assertThat(port.status().accepted()).isEqualTo(4);
    }

    @Test
    void aMetricOf16WithdrawsAndAChangedMetricUpdates() {
        start().tick(0);
        respond(SECOND, -1, entry(A, 1), entry(B, 1));
        respond(2 * SECOND, -1, entry(A, 16), entry(B, 4));
        assertThat(port.learned()).containsExactly(new Route(B, 5, NODE));
        assertThat(changes).isEqualTo(2);
        respond(3 * SECOND, -1, entry(B, 4));
        assertThat(changes).as("the same metric again is no change").isEqualTo(2);
    }

    @Test
    void routesTimeOutUnlessRefreshedAndThePortGoesDown() {
        start().tick(0);
        respond(0, -1, entry(A, 1), entry(B, 1));
        respond(100 * SECOND, -1, entry(B, 1));
        port.tick(179 * SECOND);
        assertThat(port.learned()).hasSize(2);
        port.tick(180 * SECOND);
        assertThat(port.learned()).containsExactly(new Route(B, 2, NODE));
        assertThat(port.status().up()).isTrue();
        port.tick(280 * SECOND);
        assertThat(port.learned()).isEmpty();
        assertThat(port.status().state()).isEqualTo("Down");
        assertThat(port.status().upSinceMillis()).isZero();
    }

    @Test
    void announcesMetricAtLeast1AndNeverUnreachableRoutes() {
        start().announce(List.of(Route.announced(OURS, 0), Route.announced(A, 15), Route.announced(B, 16)));
        port.tick(0);
        assertThat(drain()).containsExactly(entry(OURS, 1), entry(A, 15));
        assertThat(port.status().announced()).isEqualTo(2);
    }

    @Test
    void aWithdrawnRouteIsPoisonedForTheGarbagePeriodThenDropped() {
        start().announce(List.of(Route.announced(OURS, 3), Route.announced(A, 2)));
        port.tick(0);
        drain();
        port.announce(List.of(Route.announced(A, 2)));
        port.tick(SECOND);
        assertThat(drain()).as("a triggered update of the change only").containsExactly(entry(OURS, 16));
        assertThat(port.status().announced()).isEqualTo(1);
        port.tick(40 * SECOND);
        assertThat(drain()).as("the regular update").containsExactly(entry(OURS, 16), entry(A, 2));
        port.tick(121 * SECOND);
        port.tick(200 * SECOND);
        assertThat(drain()).contains(entry(A, 2)).doesNotContain(entry(OURS, 16));
    }

    @Test
    void triggeredUpdatesWaitOneToFiveSecondsAfterTheLast() {
        start().tick(0);
        drain();
        port.announce(List.of(Route.announced(OURS, 3)));
        port.tick(SECOND);
        assertThat(drain()).containsExactly(entry(OURS, 3));
        port.announce(List.of(Route.announced(OURS, 4)));
        port.tick(SECOND + SECOND / 2);
        assertThat(sent).as("within a second of the last triggered update").isEmpty();
        port.tick(6 * SECOND + SECOND / 10);
        assertThat(drain()).containsExactly(entry(OURS, 4));
    }

    @Test
    void regularUpdatesComeEvery25To35Seconds() {
        start().announce(List.of(Route.announced(OURS, 3)));
        long last = 0;
        port.tick(0);
        sent.clear();
        for (long t = 0; t < 3600 * SECOND; t += SECOND / 10) {
            port.tick(t);
            if (!sent.isEmpty()) {
                assertThat(t - last).isBetween(25 * SECOND, 35 * SECOND + SECOND / 10);
                last = t;
                sent.clear();
            }
        }
        assertThat(last).isGreaterThan(3500 * SECOND);
    }

    @Test
    void answersAWholeTableRequestAndARequestForEntriesToTheParticipant() {
        start().announce(List.of(Route.announced(OURS, 3)));
        port.tick(0);
        sent.clear();
        port.receive(NODE, 520, RipPort.RIP_GROUP, peer.encode(RipMessage.request(List.of()), 0), SECOND);
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.destination()).isEqualTo(NODE);
            assertThat(s.message().entries()).containsExactly(entry(OURS, 3));
        });
        sent.clear();
        port.receive(NODE, 520, ROUTER, peer.encode(RipMessage.request(List.of(entry(A, 16),
            new RipEntry(5, OURS, 0, 16))), 0), SECOND);
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.destination()).isEqualTo(NODE);
            assertThat(s.message().entries()).containsExactly(entry(A, 16), new RipEntry(5, OURS, 0, 3));
        });
    }

    @Test
    void splitsATableIntoMessagesOfAtMost25Or23Entries() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            routes.add(Route.announced(Ipv4Prefix.normalized(Ipv4Address.parse("10.100.0.0") + (i << 8), 24), 1));
        }
        start().announce(routes);
        port.tick(0);
        assertThat(sent).extracting(s -> s.message().entries().size()).containsExactly(0, 25, 25, 10);
        sent.clear();
        authentication = new RipAuthentication.KeyedMd5(1, "k");
        start().announce(routes);
        port.tick(0);
        assertThat(sent).extracting(s -> s.message().entries().size()).containsExactly(0, 23, 23, 14);
    }

    @Test
    void refusedRoutesAreCountedOnceAndTheLimitHolds() {
        policy = new PeerPolicy(List.of(PrefixRange.parse("10.20.0.0/15")), 1, 1000, 1000);
        start().tick(0);
        respond(SECOND, -1, entry(A, 1), entry(B, 1), entry(OURS, 1));
        respond(2 * SECOND, -1, entry(A, 1), entry(B, 1), entry(OURS, 1));
        assertThat(port.learned()).containsExactly(new Route(A, 2, NODE));
        assertThat(port.status().filtered()).isEqualTo(1);
        assertThat(port.status().overLimit()).isEqualTo(1);
        assertThat(port.status().received()).isEqualTo(3);
        respond(3 * SECOND, -1, entry(A, 16), entry(B, 1));
        assertThat(port.learned()).as("room again").containsExactly(new Route(B, 2, NODE));
    }

    @Test
    void messagesBeyondTheBudgetAreDroppedAndCounted() {
        policy = new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 1, 2);
        start().tick(0);
        respond(0, -1, entry(A, 1));
        respond(0, -1, entry(A, 1));
        respond(0, -1, entry(B, 1));
        assertThat(port.learned()).containsExactly(new Route(A, 2, NODE));
        assertThat(port.status().rateLimited()).isEqualTo(1);
        assertThat(port.dropped(RipError.RATE_LIMITED)).isEqualTo(1);
        respond(SECOND, -1, entry(B, 1));
        assertThat(port.learned()).hasSize(2);
    }

    @Test
    void dropsMessagesFromAnotherSourceOrPortAndCountsBadEntries() {
        start().tick(0);
        ByteBuffer message = peer.encode(RipMessage.response(List.of(entry(A, 1))), 0);
        port.receive(OTHER_NODE, 520, RipPort.RIP_GROUP, message.duplicate(), SECOND);
        port.receive(NODE, 521, RipPort.RIP_GROUP, message.duplicate(), SECOND);
        port.receive(NODE, 520, OTHER_NODE, message.duplicate(), SECOND);
        assertThat(port.learned()).isEmpty();
        assertThat(port.dropped(RipError.NOT_FOR_ROUTER)).isEqualTo(1);
        assertThat(port.dropped(RipError.NOT_FROM_PARTICIPANT)).isEqualTo(1);
        assertThat(port.dropped(RipError.BAD_SOURCE_PORT)).isEqualTo(1);
        assertThat(port.status().up()).isFalse();
        assertThat(port.status().lastError()).isEqualTo("destination is not the router from 10.0.0.10");
        ByteBuffer bad = ByteBuffer.wrap(java.util.HexFormat.of().parseHex(
            "02020000" + "00020000" + "0a140001" + "ffff0000" + "00000000" + "00000001"));
        port.receive(NODE, 520, RipPort.RIP_GROUP, bad, SECOND);
        assertThat(port.dropped(RipError.HOST_BITS_SET)).isEqualTo(1);
        assertThat(port.status().messagesIn()).isEqualTo(4);
        port.receive(NODE, 520, Ipv4Address.parse("10.0.0.255"), message.duplicate(), SECOND);
        port.receive(NODE, 520, -1, message.duplicate(), SECOND);
        assertThat(port.learned()).as("to the link's broadcast addresses").hasSize(1);
    }

    @Test
    void aSequenceNumberBelowTheLastIsAReplayUntilTheNeighbourTimesOut() {
        authentication = new RipAuthentication.KeyedMd5(5, "isthmus-secret");
        start().tick(0);
        respond(SECOND, 7, entry(A, 1));
        respond(2 * SECOND, 7, entry(B, 1));
        assertThat(port.learned()).hasSize(2);
        respond(3 * SECOND, 6, entry(A, 16));
        assertThat(port.dropped(RipError.REPLAYED_SEQUENCE)).isEqualTo(1);
        assertThat(port.learned()).hasSize(2);
        port.tick(200 * SECOND);
        assertThat(port.status().up()).isFalse();
        respond(201 * SECOND, 1, entry(A, 1));
        assertThat(port.learned()).as("a restarted FRR counts from 1 again").containsExactly(new Route(A, 2, NODE));
    }

    @Test
    void signsWithANonDecreasingSequenceFromTheWallClock() {
        authentication = new RipAuthentication.KeyedMd5(5, "isthmus-secret");
        List<ByteBuffer> raw = new ArrayList<>();
        RipPortConfig config = new RipPortConfig(ROUTER, 24, NODE, authentication, Duration.ofSeconds(30),
            Duration.ofSeconds(180), Duration.ofSeconds(120), policy, InstantSource.fixed(WALL), false);
        RipPort unicast = new RipPort(config, (destination, payload) -> {
            assertThat(destination).isEqualTo(NODE);
            raw.add(ByteBuffer.allocate(payload.remaining()).put(payload).flip());
        }, session -> { }, 0);
        unicast.announce(List.of(Route.announced(OURS, 3)));
        unicast.tick(0);
        unicast.tick(40 * SECOND);
        RipCodec verifier = new RipCodec(authentication);
        List<Long> sequences = raw.stream()
            .map(b -> ((RipCodec.Accepted) verifier.decode(b)).message().sequence()).toList();
        assertThat(sequences).containsExactly(WALL.getEpochSecond(), WALL.getEpochSecond() + 1,
            WALL.getEpochSecond() + 2);
    }

    @Test
    void closingPoisonsWhatWasAnnouncedAndForgetsWhatWasLearned() {
        start().announce(List.of(Route.announced(OURS, 3)));
        port.tick(0);
        respond(SECOND, -1, entry(A, 1));
        sent.clear();
        changes = 0;
        port.close();
        assertThat(drain()).containsExactly(entry(OURS, 16));
        assertThat(port.learned()).isEmpty();
        assertThat(port.status().up()).isFalse();
        assertThat(changes).isEqualTo(1);
        port.tick(100 * SECOND);
        respond(101 * SECOND, -1, entry(A, 1));
        assertThat(sent).isEmpty();
        assertThat(port.learned()).isEmpty();
    }
}
