package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.routing.BgpListener;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.SessionStatus;
import io.isthmus.routing.bgp.BgpPeer;
import io.isthmus.routing.bgp.BgpPeerConfig;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The virtual router's BGP speaker ({@link BgpListener} driving {@link BgpPeer}s) against real BIRD 2 and FRR bgpd in
 * test namespaces. BIRD shares our namespace and connects over loopback to our listener on 127.0.0.1:1790, from
 * 127.0.0.2 (and 127.0.0.4 to 127.0.0.5:1790 for a second session). FRR sits in a namespace of its own at 10.255.0.3
 * behind a veth, our listener at 10.255.0.1:1790. Hold times are 6 seconds so that timers show quickly.
 */
@RequiresRoot
class BgpInteropSystemTest {
    private static final int PORT = 1790;
    private static final long LOCAL_AS = 65000;
    private static final int ROUTER = Ipv4Address.parse("127.0.0.1");
    private static final int BIRD = Ipv4Address.parse("127.0.0.2");
    private static final int FRR = Ipv4Address.parse("10.255.0.3");
    private static final int FRR_ROUTER = Ipv4Address.parse("10.255.0.1");
    private static final int BIRD_SECOND = Ipv4Address.parse("127.0.0.4");
    private static final Duration UP = Duration.ofSeconds(20);
    private static final PeerPolicy OPEN_POLICY = new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 100,
        PeerPolicy.DEFAULT_MESSAGES_PER_SECOND, PeerPolicy.DEFAULT_BURST);
    private static final Ipv4Prefix OURS = Ipv4Prefix.parse("10.50.0.0/16");

    /** BIRD's bgp protocol towards us, with short timers so that reconnecting takes a second, not minutes. */
    private static String birdProtocol(String name, String local, String extra, String exportFilter) {
        return birdProtocol(name, local, "127.0.0.1", extra, exportFilter);
    }

    private static String birdProtocol(String name, String local, String neighbor, String extra, String exportFilter) {
        return """
            protocol bgp %s {
              local %s as 65001;
              neighbor %s port %d as 65000;
              multihop;
              hold time 6;
              connect delay time 1;
              connect retry time 1;
              error wait time 1, 2;
              %s
              ipv4 { import all; export %s; };
            }
            """.formatted(name, local, neighbor, PORT, extra, exportFilter);
    }

    private static final String BIRD_BASE = """
        router id 192.0.2.1;
        protocol device {}
        protocol direct { ipv4; interface "lo"; }
        protocol static s1 { ipv4; route 10.9.0.0/16 blackhole; }
        protocol static s2 { ipv4; route 10.10.0.0/16 blackhole; }
        """;

    private static final String BIRD_STATIC_WITH_MED = """
        filter { if source != RTS_STATIC then reject; if net = 10.10.0.0/16 then bgp_med = 7; accept; }""";

    @Test
    void birdEstablishesExchangesRoutesWithdrawsAndRefreshes() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Speaker speaker = Speaker.start(fixture, ns);
            BgpPeer peer = speaker.add(BIRD, 65001, OPEN_POLICY);
            speaker.run(() -> {
                peer.announce(List.of(Route.announced(OURS, 30)));
                return null;
            });
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, BIRD_BASE
                + birdProtocol("isthmus", "127.0.0.2", "", BIRD_STATIC_WITH_MED));

            bird.awaitShow("show protocols isthmus", a -> a.contains("Established"), UP);
            speaker.await(peer, p -> p.status().up() && p.learned().size() == 2, UP);
            SessionStatus status = speaker.run(peer::status);
            assertThat(status.state()).isEqualTo("Established");
            assertThat(speaker.run(peer::learned)).containsExactlyInAnyOrder(
                new Route(Ipv4Prefix.parse("10.9.0.0/16"), 0, BIRD),
                new Route(Ipv4Prefix.parse("10.10.0.0/16"), 7, BIRD));
            String ours = bird.awaitShow("show route for 10.50.0.0/16 all", a -> a.contains("BGP.med"), UP);
            assertThat(ours).contains("BGP.med: 30").contains("BGP.next_hop: 127.0.0.1").contains("BGP.as_path: 65000");

            // A withdrawal on BIRD's side reaches learned().
            bird.show("disable s2");
            speaker.await(peer, p -> p.learned().equals(List.of(new Route(Ipv4Prefix.parse("10.9.0.0/16"), 0, BIRD))),
                UP);

            // A route refresh makes us send the whole table again.
            long refreshes = speaker.run(peer::refreshesAnswered);
            bird.show("reload in isthmus");
            speaker.await(peer, p -> p.refreshesAnswered() > refreshes, UP);
            bird.awaitShow("show route for 10.50.0.0/16 all", a -> a.contains("BGP.med: 30"), UP);

            // Our withdrawal reaches BIRD.
            speaker.run(() -> {
                peer.announce(List.of());
                return null;
            });
            bird.awaitShow("show route", a -> !a.contains("10.50.0.0/16"), UP);
            assertThat(speaker.run(peer::status).messagesIn()).isPositive();
            assertThat(speaker.listener.errors()).isZero();
        }
    }

    @Test
    void frrEstablishesExchangesRoutesWithdrawsAndRefreshes() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            // FRR in a namespace of its own behind a veth, as a node is behind its port: bgpd refuses a NEXT_HOP that
            // is one of its own addresses, and wants a connected route to its neighbor, which zebra never takes from
            // the loopback.
            NetworkNamespace node = fixture.createNamespace();
            fixture.createVeth(ns, "rt0", node, "frr0");
            fixture.exec(ns, "ip", "address", "add", "10.255.0.1/24", "dev", "rt0").assertSuccess();
            fixture.exec(ns, "ip", "link", "set", "rt0", "up").assertSuccess();
            fixture.exec(node, "ip", "address", "add", "10.255.0.3/24", "dev", "frr0").assertSuccess();
            fixture.exec(node, "ip", "link", "set", "frr0", "up").assertSuccess();
            Speaker speaker = Speaker.start(fixture, ns, "10.255.0.1");
            BgpPeer peer = speaker.add(FRR, FRR_ROUTER, 65002, OPEN_POLICY);
            speaker.run(() -> {
                peer.announce(List.of(Route.announced(OURS, 30)));
                return null;
            });
            RoutingDaemon frr = RoutingDaemon.frr(fixture, node, """
                frr defaults traditional
                hostname t2
                router bgp 65002
                 bgp router-id 192.0.2.3
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor 10.255.0.1 remote-as 65000
                 neighbor 10.255.0.1 port 1790
                 neighbor 10.255.0.1 update-source 10.255.0.3
                 neighbor 10.255.0.1 timers 2 6
                 neighbor 10.255.0.1 timers connect 1
                 address-family ipv4 unicast
                  network 10.20.0.0/16
                  network 10.21.0.0/16
                 exit-address-family
                """, RoutingDaemon.FrrDaemon.BGPD);

            frr.awaitShow("show bgp neighbors 10.255.0.1", a -> a.contains("BGP state = Established"), UP);
            speaker.await(peer, p -> p.status().up() && p.learned().size() == 2, UP);
            assertThat(speaker.run(peer::status).state()).isEqualTo("Established");
            assertThat(speaker.run(peer::learned)).containsExactlyInAnyOrder(
                new Route(Ipv4Prefix.parse("10.20.0.0/16"), 0, FRR), new Route(Ipv4Prefix.parse("10.21.0.0/16"), 0, FRR));
            String ours = frr.awaitShow("show bgp ipv4 unicast 10.50.0.0/16", a -> a.contains("metric 30"), UP);
            assertThat(ours).contains("10.255.0.1").contains("65000");

            // A withdrawal on FRR's side reaches learned().
            fixture.exec(node, "vtysh", "--vty_socket", frr.directory().toString(), "-c", "configure terminal",
                "-c", "router bgp 65002", "-c", "address-family ipv4 unicast", "-c", "no network 10.21.0.0/16")
                .assertSuccess();
            speaker.await(peer, p -> p.learned().equals(List.of(new Route(Ipv4Prefix.parse("10.20.0.0/16"), 0, FRR))),
                UP);

            // A route refresh (FRR sends ROUTE-REFRESH on a soft inbound clear) makes us resend.
            long refreshes = speaker.run(peer::refreshesAnswered);
            frr.show("clear bgp * soft in");
            speaker.await(peer, p -> p.refreshesAnswered() > refreshes, UP);
            frr.awaitShow("show bgp ipv4 unicast 10.50.0.0/16", a -> a.contains("metric 30"), UP);

            speaker.run(() -> {
                peer.announce(List.of());
                return null;
            });
            frr.awaitShow("show bgp ipv4 unicast 10.50.0.0/16", a -> a.contains("Network not in table"), UP);
            assertThat(speaker.listener.errors()).isZero();
        }
    }

    @Test
    void filterAndMaximumPrefixesHoldAgainstAMisbehavingBird() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            // BIRD keeps one session per neighbor address: the second session goes to 127.0.0.5.
            Speaker speaker = Speaker.start(fixture, ns, "0.0.0.0");
            // The first session may only announce inside 10.9.0.0/16; the second at most 2 prefixes.
            BgpPeer filteredPeer = speaker.add(BIRD, 65001, new PeerPolicy(List.of(PrefixRange.parse("10.9.0.0/16")),
                100, PeerPolicy.DEFAULT_MESSAGES_PER_SECOND, PeerPolicy.DEFAULT_BURST));
            BgpPeer limitedPeer = speaker.add(BIRD_SECOND, 65001, new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")),
                2, PeerPolicy.DEFAULT_MESSAGES_PER_SECOND, PeerPolicy.DEFAULT_BURST));
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, BIRD_BASE
                + "protocol static s3 { ipv4; route 192.168.0.0/16 blackhole; }\n"
                + birdProtocol("narrow", "127.0.0.2", "", "where source = RTS_STATIC")
                + birdProtocol("few", "127.0.0.4", "127.0.0.5", "", "where source = RTS_STATIC"));

            bird.awaitShow("show protocols narrow", a -> a.contains("Established"), UP);
            speaker.await(filteredPeer, p -> p.status().filtered() >= 2 && p.learned().size() == 1, UP);
            assertThat(speaker.run(filteredPeer::learned))
                .containsExactly(new Route(Ipv4Prefix.parse("10.9.0.0/16"), 0, BIRD));
            SessionStatus filteredStatus = speaker.run(filteredPeer::status);
            assertThat(filteredStatus.received()).isEqualTo(3);
            assertThat(filteredStatus.accepted()).isEqualTo(1);

            speaker.await(limitedPeer, p -> p.status().overLimit() >= 1, UP, () -> bird.show("show protocols all few"));
            SessionStatus limited = speaker.run(limitedPeer::status);
            assertThat(limited.lastError()).isEqualTo("sent NOTIFICATION Cease/Maximum Number of Prefixes Reached");
            assertThat(bird.show("show protocols all few")).containsIgnoringCase("Maximum number of prefixes");
            assertThat(speaker.run(limitedPeer::learned)).isEmpty();
        }
    }

    @Test
    void holdTimerExpiryWithdrawsTheRoutesOfAFrozenBird() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Speaker speaker = Speaker.start(fixture, ns);
            BgpPeer peer = speaker.add(BIRD, 65001, OPEN_POLICY);
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, BIRD_BASE
                + birdProtocol("isthmus", "127.0.0.2", "", "where source = RTS_STATIC"));
            speaker.await(peer, p -> p.status().up() && p.learned().size() == 2, UP);

            String pid = Files.readString(bird.directory().resolve("bird.pid")).strip();
            fixture.run("kill", "-STOP", pid).assertSuccess();
            try {
                long frozenAt = System.nanoTime();
                speaker.await(peer, p -> !p.status().up(), Duration.ofSeconds(12));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt);
                SessionStatus status = speaker.run(peer::status);
                assertThat(status.lastError()).isEqualTo("hold timer expired");
                assertThat(status.state()).isEqualTo("Active");
                assertThat(seconds).isBetween(3L, 8L);
                assertThat(speaker.run(peer::learned)).isEmpty();
            } finally {
                fixture.run("kill", "-CONT", pid);
            }
            // Thawed, BIRD comes back and so do its routes.
            speaker.await(peer, p -> p.status().up() && p.learned().size() == 2, UP);
        }
    }

    @Test
    void gracefulRestartKeepsBirdsRoutesUntilItsEndOfRib() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Speaker speaker = Speaker.start(fixture, ns);
            BgpPeer peer = speaker.add(BIRD, 65001, OPEN_POLICY);
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, BIRD_BASE
                + birdProtocol("isthmus", "127.0.0.2", "graceful restart on;", "where source = RTS_STATIC"));
            speaker.await(peer, p -> p.status().up() && p.learned().size() == 2, UP);

            String pid = Files.readString(bird.directory().resolve("bird.pid")).strip();
            fixture.run("kill", "-KILL", pid).assertSuccess();
            speaker.await(peer, p -> !p.status().up(), UP);
            SessionStatus down = speaker.run(peer::status);
            assertThat(down.lastError()).isEqualTo("connection lost");
            // Kept while BIRD is away (its restart time is 120 s).
            Thread.sleep(2000);
            assertThat(speaker.run(peer::learned)).hasSize(2);

            // BIRD comes back announcing only 10.9.0.0/16: its End-of-RIB removes the stale 10.10.0.0/16.
            RoutingDaemon restarted = RoutingDaemon.bird(fixture, ns, """
                router id 192.0.2.1;
                protocol device {}
                protocol direct { ipv4; interface "lo"; }
                protocol static s1 { ipv4; route 10.9.0.0/16 blackhole; }
                """ + birdProtocol("isthmus", "127.0.0.2", "graceful restart on;", "where source = RTS_STATIC"));
            restarted.awaitShow("show protocols isthmus", a -> a.contains("Established"), UP);
            speaker.await(peer, p -> p.status().up()
                && p.learned().equals(List.of(new Route(Ipv4Prefix.parse("10.9.0.0/16"), 0, BIRD))), UP);
        }
    }

    /** Our side: the listener in the namespace, and a way to use its peers on its thread. */
    private record Speaker(BgpListener listener) {
        static Speaker start(NetnsFixture fixture, NetworkNamespace ns) throws Exception {
            return start(fixture, ns, "127.0.0.1");
        }

        static Speaker start(NetnsFixture fixture, NetworkNamespace ns, String address) throws Exception {
            BgpListener listener = BgpListener.start(ns, new InetSocketAddress(address, PORT));
            fixture.track(listener);
            return new Speaker(listener);
        }

        BgpPeer add(int participant, long peerAs, PeerPolicy policy) {
            return add(participant, ROUTER, peerAs, policy);
        }

        BgpPeer add(int participant, int routerAddress, long peerAs, PeerPolicy policy) {
            BgpPeerConfig config = BgpPeerConfig.of(LOCAL_AS, ROUTER, routerAddress, participant, peerAs, policy)
                .withHoldTime(6);
            BgpPeer peer = new BgpPeer(config, session -> { }, System.nanoTime());
            listener.addPeer(peer);
            return peer;
        }

        <T> T run(Callable<T> task) throws Exception {
            return listener.submit(task).get(10, TimeUnit.SECONDS);
        }

        void await(BgpPeer peer, Predicate<BgpPeer> condition, Duration timeout) throws Exception {
            await(peer, condition, timeout, () -> "");
        }

        /** Waits until {@code condition} holds for {@code peer}, or fails showing it and {@code daemonView}. */
        void await(BgpPeer peer, Predicate<BgpPeer> condition, Duration timeout, Supplier<String> daemonView)
            throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!run(() -> condition.test(peer))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + ": " + run(peer::status) + " learned "
                        + run(peer::learned) + "\n" + daemonView.get());
                }
                Thread.sleep(100);
            }
        }
    }
}
