package io.isthmus.routing.bgp;

import static io.isthmus.routing.bgp.BgpVectors.bytes;
import static io.isthmus.routing.bgp.BgpVectors.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.SessionStatus;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpPeerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long LOCAL_AS = 65000;
    private static final int ROUTER = Ipv4Address.parse("10.0.0.1");
    private static final int NODE = Ipv4Address.parse("10.0.0.10");
    private static final Ipv4Prefix P1 = Ipv4Prefix.parse("10.9.0.0/16");
    private static final Ipv4Prefix P2 = Ipv4Prefix.parse("10.10.0.0/16");
    private static final Ipv4Prefix P3 = Ipv4Prefix.parse("10.11.0.0/16");
    private static final PeerPolicy OPEN = new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 100, 200);

    private long wallClock = 1_700_000_000_000L;
    private int changes;

    /** What the peer wrote on one connection, decoded, and whether it closed it. */
    private static final class FakeOutput implements BgpOutput {
        final List<BgpMessage> messages = new ArrayList<>();
        boolean closed;

        @Override
        public void write(ByteBuffer bytes) {
            BgpDecoder.Result result = BgpDecoder.decode(bytes.duplicate(), true);
            messages.add(((BgpDecoder.Decoded) result).message());
        }

        @Override
        public void close() {
            closed = true;
        }

        <T extends BgpMessage> List<T> all(Class<T> type) {
            return messages.stream().filter(type::isInstance).map(type::cast).toList();
        }

        BgpMessage last() {
            return messages.getLast();
        }

        void clear() {
            messages.clear();
        }
    }

    private BgpPeer peer(PeerPolicy policy, long expectedAs) {
        BgpPeerConfig config = new BgpPeerConfig(LOCAL_AS, ROUTER, ROUTER, NODE, expectedAs, 9, policy,
            () -> wallClock);
        return new BgpPeer(config, session -> changes++, 0);
    }

    private static BgpMessage.Open open(long as, int hold, Capability... capabilities) {
        List<Capability> all = new ArrayList<>(List.of(Capability.Multiprotocol.ipv4Unicast(),
            new Capability.FourOctetAs(as)));
        all.addAll(List.of(capabilities));
        return new BgpMessage.Open(4, as > 0xffff ? BgpMessage.AS_TRANS : (int) as, hold,
            Ipv4Address.parse("192.0.2.1"), all);
    }

    private static int feed(BgpPeer peer, BgpMessage message, long now) {
        return peer.received(BgpEncoder.encode(message, true), now);
    }

    private static BgpMessage.Update announce(long med, Ipv4Prefix... prefixes) {
        PathAttributes attributes = new PathAttributes(0, List.of(PathAttributes.AsPathSegment.sequence(65001L)),
            NODE, true, med, -1, false, null, null, null, null, null, List.of());
        return new BgpMessage.Update(List.of(), attributes, List.of(prefixes));
    }

    private FakeOutput establish(BgpPeer peer, long now, Capability... capabilities) {
        FakeOutput out = new FakeOutput();
        peer.connected(out, now);
        feed(peer, open(65001, 6, capabilities), now);
        feed(peer, new BgpMessage.Keepalive(), now);
        assertThat(peer.state()).isEqualTo(BgpState.ESTABLISHED);
        return out;
    }

    @Test
    void establishesSendingOurOpenKeepaliveAndTheWholeTable() {
        BgpPeer peer = peer(OPEN, 65001);
        peer.announce(List.of(Route.announced(Ipv4Prefix.parse("10.50.0.0/16"), 30)));
        assertThat(peer.status().state()).isEqualTo("Active");
        FakeOutput out = new FakeOutput();
        peer.connected(out, 0);
        assertThat(peer.status().state()).isEqualTo("OpenSent");
        BgpMessage.Open ours = (BgpMessage.Open) out.last();
        assertThat(ours.myAs()).isEqualTo(65000);
        assertThat(ours.holdTime()).isEqualTo(9);
        assertThat(ours.bgpIdentifier()).isEqualTo(ROUTER);
        assertThat(ours.supportsFourOctetAs()).isTrue();
        assertThat(ours.supportsRouteRefresh()).isTrue();
        assertThat(ours.gracefulRestart()).isNotNull();

        feed(peer, open(65001, 6), 0);
        assertThat(peer.status().state()).isEqualTo("OpenConfirm");
        assertThat(out.last()).isInstanceOf(BgpMessage.Keepalive.class);
        out.clear();
        feed(peer, new BgpMessage.Keepalive(), 0);

        SessionStatus status = peer.status();
        assertThat(status.state()).isEqualTo("Established");
        assertThat(status.up()).isTrue();
        assertThat(status.upSinceMillis()).isEqualTo(wallClock);
        assertThat(status.announced()).isEqualTo(1);
        List<BgpMessage.Update> updates = out.all(BgpMessage.Update.class);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).nlri()).containsExactly(Ipv4Prefix.parse("10.50.0.0/16"));
        assertThat(updates.get(0).attributes()).isEqualTo(PathAttributes.announcement(LOCAL_AS, ROUTER, 30));
        assertThat(updates.get(1).isEndOfRib()).isTrue();
    }

    @Test
    void refusesItsOwnAsAndAnAsOtherThanExpected() {
        for (long as : List.of(LOCAL_AS, 65009L)) {
            BgpPeer peer = peer(OPEN, 65001);
            FakeOutput out = new FakeOutput();
            peer.connected(out, 0);
            feed(peer, open(as, 6), 0);
            BgpError sent = ((BgpMessage.Notification) out.last()).error();
            assertThat(sent.code()).isEqualTo(BgpError.OPEN_MESSAGE);
            assertThat(sent.subcode()).isEqualTo(BgpError.BAD_PEER_AS);
            assertThat(out.closed).isTrue();
            assertThat(peer.status().state()).isEqualTo("Active");
            assertThat(peer.status().lastError()).isEqualTo("sent NOTIFICATION OPEN Message Error/Bad Peer AS");
        }
    }

    @Test
    void acceptsAnyOtherAsWhenNoneIsExpected() {
        BgpPeer peer = peer(OPEN, 0);
        establish(peer, 0);
    }

    @Test
    void answersAnUnexpectedMessageWithAnFsmError() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = new FakeOutput();
        peer.connected(out, 0);
        feed(peer, new BgpMessage.Keepalive(), 0);
        assertThat(((BgpMessage.Notification) out.last()).error().code()).isEqualTo(BgpError.FSM);
        assertThat(((BgpMessage.Notification) out.last()).error().subcode()).isEqualTo(1);
        assertThat(out.closed).isTrue();
    }

    @Test
    void negotiatesTheSmallerHoldTimeKeepsAliveAtAThirdAndExpiresWithdrawing() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = establish(peer, 0);
        feed(peer, announce(5, P1), 0);
        assertThat(peer.learned()).containsExactly(new Route(P1, 5, NODE));
        out.clear();
        peer.tick(2 * SECOND);
        assertThat(out.all(BgpMessage.Keepalive.class)).hasSize(1);
        peer.tick(3 * SECOND);
        assertThat(out.all(BgpMessage.Keepalive.class)).hasSize(1);
        peer.tick(5 * SECOND + 1);
        assertThat(peer.status().up()).isTrue();
        int before = changes;
        peer.tick(6 * SECOND);
        assertThat(((BgpMessage.Notification) out.last()).error().code()).isEqualTo(BgpError.HOLD_TIMER_EXPIRED);
        assertThat(out.closed).isTrue();
        assertThat(peer.learned()).isEmpty();
        assertThat(changes).isGreaterThan(before);
        assertThat(peer.status().lastError()).isEqualTo("hold timer expired");
        assertThat(peer.status().state()).isEqualTo("Active");
    }

    @Test
    void anyMessageRestartsTheHoldTimer() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = establish(peer, 0);
        feed(peer, new BgpMessage.Keepalive(), 5 * SECOND);
        peer.tick(10 * SECOND);
        assertThat(peer.status().up()).isTrue();
        peer.tick(11 * SECOND);
        assertThat(peer.status().up()).isFalse();
        assertThat(out.closed).isTrue();
    }

    @Test
    void learnsWithMedAndTheParticipantAsNextHopAndFiltersOutsideThePolicyAndLoops() {
        BgpPeer peer = peer(OPEN, 65001);
        establish(peer, 0);
        feed(peer, announce(7, P1, Ipv4Prefix.parse("192.168.0.0/16")), 0);
        assertThat(peer.learned()).containsExactly(new Route(P1, 7, NODE));
        PathAttributes loop = new PathAttributes(0, List.of(PathAttributes.AsPathSegment.sequence(65001L, LOCAL_AS)),
            NODE, true, -1, -1, false, null, null, null, null, null, List.of());
        feed(peer, new BgpMessage.Update(List.of(), loop, List.of(P2)), 0);
        assertThat(peer.learned()).containsExactly(new Route(P1, 7, NODE));
        SessionStatus status = peer.status();
        assertThat(status.filtered()).isEqualTo(2);
        assertThat(status.received()).isEqualTo(3);
        assertThat(status.accepted()).isEqualTo(1);

        feed(peer, new BgpMessage.Update(List.of(P1), PathAttributes.NONE, List.of()), 0);
        assertThat(peer.learned()).isEmpty();
    }

    @Test
    void treatAsWithdrawRemovesWhatTheUpdateAnnounces() {
        BgpPeer peer = peer(OPEN, 65001);
        establish(peer, 0);
        feed(peer, announce(0, P1), 0);
        // ORIGIN 3 is invalid: RFC 7606 treat-as-withdraw.
        peer.received(bytes(update("", "40010103" + "4002060201" + "0000fde9" + "4003040a00000a", "100a09")), 0);
        assertThat(peer.learned()).isEmpty();
        assertThat(peer.status().up()).isTrue();
    }

    @Test
    void exceedingMaximumPrefixesCeasesAndWithdrawsAll() {
        BgpPeer peer = peer(new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 2, 100, 200), 65001);
        FakeOutput out = establish(peer, 0);
        feed(peer, announce(0, P1, P2), 0);
        assertThat(peer.learned()).hasSize(2);
        feed(peer, announce(0, P3), 0);
        BgpError sent = ((BgpMessage.Notification) out.last()).error();
        assertThat(sent).isEqualTo(BgpError.reset(BgpError.CEASE, BgpError.MAXIMUM_PREFIXES,
            OpaqueBytes.ofHex("00010100000002")));
        assertThat(out.closed).isTrue();
        assertThat(peer.learned()).isEmpty();
        SessionStatus status = peer.status();
        assertThat(status.overLimit()).isEqualTo(1);
        assertThat(status.lastError()).isEqualTo("sent NOTIFICATION Cease/Maximum Number of Prefixes Reached");
    }

    @Test
    void leavesUpdatesBeyondTheBudgetUnconsumed() {
        BgpPeer peer = peer(new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 1, 1), 65001);
        establish(peer, 0);
        ByteBuffer first = BgpEncoder.encode(announce(0, P1), true);
        ByteBuffer second = BgpEncoder.encode(announce(0, P2), true);
        int firstLength = first.remaining();
        ByteBuffer both = ByteBuffer.allocate(firstLength + second.remaining()).put(first).put(second).flip();
        assertThat(peer.received(both, SECOND / 10)).isEqualTo(firstLength);
        assertThat(both.position()).isEqualTo(firstLength);
        assertThat(peer.awaitingBudget()).isTrue();
        assertThat(peer.status().rateLimited()).isEqualTo(1);
        assertThat(peer.learned()).hasSize(1);
        // Offered again too early, the same UPDATE stays, counted once.
        assertThat(peer.received(both, SECOND / 5)).isZero();
        assertThat(peer.status().rateLimited()).isEqualTo(1);
        // Keepalives are not held back, and a second later the UPDATE goes through.
        assertThat(peer.received(BgpEncoder.encode(new BgpMessage.Keepalive(), true), SECOND / 2)).isEqualTo(19);
        assertThat(peer.received(both, SECOND + SECOND / 10)).isEqualTo(both.limit() - firstLength);
        assertThat(peer.awaitingBudget()).isFalse();
        assertThat(peer.learned()).hasSize(2);
    }

    @Test
    void keepsAGracefulRestartersRoutesUntilItsEndOfRib() {
        BgpPeer peer = peer(OPEN, 65001);
        Capability.GracefulRestart gr = new Capability.GracefulRestart(0, 120, List.of(
            new Capability.GracefulRestart.Family(1, 1, 0x80)));
        establish(peer, 0, gr);
        feed(peer, announce(0, P1, P2), 0);
        peer.disconnected(SECOND);
        assertThat(peer.status().state()).isEqualTo("Active");
        assertThat(peer.status().lastError()).isEqualTo("connection lost");
        assertThat(peer.learned()).hasSize(2);

        establish(peer, 10 * SECOND, gr);
        feed(peer, announce(3, P1), 10 * SECOND);
        assertThat(peer.learned()).hasSize(2);
        feed(peer, BgpMessage.Update.endOfRib(), 10 * SECOND);
        assertThat(peer.learned()).containsExactly(new Route(P1, 3, NODE));
        // The restart time (120 s from the loss) no longer matters once the End-of-RIB came.
        for (long t = 15; t <= 130; t += 5) {
            feed(peer, new BgpMessage.Keepalive(), t * SECOND);
            peer.tick(t * SECOND);
        }
        assertThat(peer.status().up()).isTrue();
        assertThat(peer.learned()).containsExactly(new Route(P1, 3, NODE));
    }

    @Test
    void dropsStaleRoutesWhenTheRestartTimePasses() {
        BgpPeer peer = peer(OPEN, 65001);
        establish(peer, 0, new Capability.GracefulRestart(0, 30, List.of()));
        feed(peer, announce(0, P1), 0);
        peer.disconnected(SECOND);
        peer.tick(30 * SECOND);
        assertThat(peer.learned()).hasSize(1);
        peer.tick(31 * SECOND);
        assertThat(peer.learned()).isEmpty();
    }

    @Test
    void dropsStaleRoutesAtOnceWhenTheNewSessionHasNoGracefulRestart() {
        BgpPeer peer = peer(OPEN, 65001);
        establish(peer, 0, new Capability.GracefulRestart(0, 30, List.of()));
        feed(peer, announce(0, P1), 0);
        peer.disconnected(SECOND);
        FakeOutput out = new FakeOutput();
        peer.connected(out, 2 * SECOND);
        feed(peer, open(65001, 6), 2 * SECOND);
        assertThat(peer.learned()).isEmpty();
    }

    @Test
    void withoutGracefulRestartALostConnectionWithdrawsAll() {
        BgpPeer peer = peer(OPEN, 65001);
        establish(peer, 0);
        feed(peer, announce(0, P1), 0);
        int before = changes;
        peer.disconnected(SECOND);
        assertThat(peer.learned()).isEmpty();
        assertThat(changes).isGreaterThan(before);
    }

    @Test
    void aReceivedNotificationEndsTheSessionAndWithdraws() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = establish(peer, 0, new Capability.GracefulRestart(0, 30, List.of()));
        feed(peer, announce(0, P1), 0);
        feed(peer, new BgpMessage.Notification(BgpError.reset(6, 2)), 0);
        assertThat(out.closed).isTrue();
        assertThat(peer.learned()).isEmpty();
        assertThat(peer.status().lastError()).isEqualTo("received NOTIFICATION Cease/Administrative Shutdown");
    }

    @Test
    void answersRouteRefreshWithTheWholeTableAndEndOfRib() {
        BgpPeer peer = peer(OPEN, 65001);
        peer.announce(List.of(Route.announced(Ipv4Prefix.parse("10.50.0.0/16"), 30)));
        FakeOutput out = establish(peer, 0);
        out.clear();
        feed(peer, new BgpMessage.RouteRefresh(1, 1), 0);
        List<BgpMessage.Update> updates = out.all(BgpMessage.Update.class);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).nlri()).containsExactly(Ipv4Prefix.parse("10.50.0.0/16"));
        assertThat(updates.get(1).isEndOfRib()).isTrue();
        assertThat(peer.refreshesAnswered()).isEqualTo(1);
    }

    @Test
    void announcesOnlyDifferencesOnceEstablished() {
        BgpPeer peer = peer(OPEN, 65001);
        Ipv4Prefix a = Ipv4Prefix.parse("10.50.0.0/16");
        Ipv4Prefix b = Ipv4Prefix.parse("10.51.0.0/16");
        Ipv4Prefix c = Ipv4Prefix.parse("10.52.0.0/16");
        peer.announce(List.of(Route.announced(a, 1), Route.announced(b, 1)));
        FakeOutput out = establish(peer, 0);
        out.clear();
        peer.announce(List.of(Route.announced(b, 2), Route.announced(c, 1)));
        List<BgpMessage.Update> updates = out.all(BgpMessage.Update.class);
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0).withdrawn()).containsExactly(a);
        assertThat(updates.get(1).nlri()).containsExactly(c);
        assertThat(updates.get(1).attributes().med()).isEqualTo(1);
        assertThat(updates.get(2).nlri()).containsExactly(b);
        assertThat(updates.get(2).attributes().med()).isEqualTo(2);
        out.clear();
        peer.announce(List.of(Route.announced(b, 2), Route.announced(c, 1)));
        assertThat(out.messages).isEmpty();
    }

    @Test
    void packsManyPrefixesIntoUpdatesWithinTheMaximumLength() {
        BgpPeer peer = peer(OPEN, 65001);
        List<Route> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(Route.announced(Ipv4Prefix.normalized(Ipv4Address.parse("10.0.0.0") + (i << 8), 24), 1));
        }
        peer.announce(many);
        FakeOutput out = establish(peer, 0);
        List<BgpMessage.Update> updates = out.all(BgpMessage.Update.class);
        assertThat(updates.size()).isGreaterThan(2);
        assertThat(updates.stream().mapToInt(u -> u.nlri().size()).sum()).isEqualTo(2000);
    }

    @Test
    void keepsTheEstablishedConnectionOnACollision() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput first = establish(peer, 0);
        FakeOutput second = new FakeOutput();
        peer.connected(second, SECOND);
        assertThat(((BgpMessage.Notification) second.last()).error()).isEqualTo(
            BgpError.reset(BgpError.CEASE, BgpError.CONNECTION_COLLISION));
        assertThat(second.closed).isTrue();
        assertThat(first.closed).isFalse();
        assertThat(peer.status().up()).isTrue();
    }

    @Test
    void answersGarbageWithANotificationAndDiscardsTheRest() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = establish(peer, 0);
        ByteBuffer garbage = bytes("00".repeat(40));
        assertThat(peer.received(garbage, 0)).isEqualTo(40);
        assertThat(((BgpMessage.Notification) out.last()).error().subcode())
            .isEqualTo(BgpError.CONNECTION_NOT_SYNCHRONIZED);
        assertThat(out.closed).isTrue();
    }

    @Test
    void closeShutsDownAndRefusesConnections() {
        BgpPeer peer = peer(OPEN, 65001);
        FakeOutput out = establish(peer, 0);
        feed(peer, announce(0, P1), 0);
        peer.close();
        assertThat(((BgpMessage.Notification) out.last()).error()).isEqualTo(
            BgpError.reset(BgpError.CEASE, BgpError.ADMINISTRATIVE_SHUTDOWN));
        assertThat(peer.learned()).isEmpty();
        assertThat(peer.status().state()).isEqualTo("Idle");
        FakeOutput later = new FakeOutput();
        peer.connected(later, SECOND);
        assertThat(later.closed).isTrue();
        assertThat(peer.status().state()).isEqualTo("Idle");
    }
}
