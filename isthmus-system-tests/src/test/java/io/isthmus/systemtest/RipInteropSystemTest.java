package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.rip.RipAuthentication;
import io.isthmus.routing.rip.RipError;
import io.isthmus.routing.rip.RipPort;
import io.isthmus.routing.rip.RipPortConfig;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The virtual router's RIPv2 port against real BIRD 2 and FRR ripd on a TAP link, without authentication, with a
 * simple password and with keyed MD5: routes cross both ways with their metrics, withdrawals cross both ways, the
 * daemon's routes time out when it dies, and a wrong key keeps everything out (counted).
 */
@RequiresRoot
class RipInteropSystemTest {
    private static final int ROUTER = Ipv4Address.parse("10.0.0.1");
    private static final int NODE = Ipv4Address.parse("10.0.0.10");
    private static final Ipv4Prefix OURS = Ipv4Prefix.parse("10.9.0.0/16");
    private static final Ipv4Prefix BIRD_STATIC = Ipv4Prefix.parse("10.20.0.0/16");
    private static final Ipv4Prefix FRR_STATIC = Ipv4Prefix.parse("10.30.0.0/16");
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(6);
    /** FRR's shortest timers: updates every 5 s, +/- 50 %. */
    private static final Duration FRR_PORT_TIMEOUT = Duration.ofSeconds(12);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void birdWithoutAuthentication() throws Exception {
        exchangeWithBird("", RipAuthentication.NONE);
    }

    @Test
    void birdWithSimplePassword() throws Exception {
        exchangeWithBird("authentication plaintext; password \"isthmus\";", new RipAuthentication.SimplePassword(
            "isthmus"));
    }

    @Test
    void birdWithKeyedMd5() throws Exception {
        exchangeWithBird("authentication cryptographic; password \"isthmus-secret\" { id 7; algorithm keyed md5; };",
            new RipAuthentication.KeyedMd5(7, "isthmus-secret"));
    }

    @Test
    void frrWithoutAuthentication() throws Exception {
        exchangeWithFrr("", RipAuthentication.NONE);
    }

    @Test
    void frrWithKeyedMd5() throws Exception {
        exchangeWithFrr("""
            interface rt0
             ip rip authentication mode md5
             ip rip authentication key-chain isthmus
            """, new RipAuthentication.KeyedMd5(5, "isthmus-secret"));
    }

    @Test
    void birdWithAnotherMd5KeyTeachesNothingAndIsCounted() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Lab lab = new Lab(TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1"),
                new RipAuthentication.KeyedMd5(7, "not-the-secret"), PORT_TIMEOUT);
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, birdConfig(
                "authentication cryptographic; password \"isthmus-secret\" { id 7; algorithm keyed md5; };"));
            lab.port.announce(List.of(Route.announced(OURS, 3)));
            lab.pumpUntil(() -> lab.port.dropped(RipError.DIGEST_MISMATCH) >= 3, WAIT, "digest mismatches");
            assertThat(lab.port.learned()).isEmpty();
            assertThat(lab.port.status().up()).isFalse();
            assertThat(lab.port.status().lastError()).contains("digest mismatch");
            assertThat(bird.show("show route protocol r1")).doesNotContain(OURS.toString());
        }
    }

    @Test
    void frrWithAnotherMd5KeyTeachesNothingAndIsCounted() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Lab lab = new Lab(TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1"),
                new RipAuthentication.KeyedMd5(5, "not-the-secret"), FRR_PORT_TIMEOUT);
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, frrConfig("""
                interface rt0
                 ip rip authentication mode md5
                 ip rip authentication key-chain isthmus
                """), RoutingDaemon.FrrDaemon.RIPD);
            lab.port.announce(List.of(Route.announced(OURS, 3)));
            lab.pumpUntil(() -> lab.port.dropped(RipError.DIGEST_MISMATCH) >= 2, WAIT, "digest mismatches");
            assertThat(lab.port.learned()).isEmpty();
            assertThat(lab.port.status().up()).isFalse();
            assertThat(frr.show("show ip rip")).doesNotContain(OURS.toString());
            // FRR counts our messages as bad packets from 10.0.0.1.
            lab.awaitDaemon(frr, "show ip rip status",
                Pattern.compile("10\\.0\\.0\\.1\\s+[1-9]\\d*\\s").asPredicate());
        }
    }

    private static void exchangeWithBird(String authentication, RipAuthentication ours) throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Lab lab = new Lab(TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1"), ours, PORT_TIMEOUT);
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, birdConfig(authentication));
            lab.port.announce(List.of(Route.announced(OURS, 3)));

            // BIRD exports its static route with metric 1; the virtual router learns it at 1 + 1 via BIRD.
            lab.pumpUntil(() -> lab.port.learned().equals(List.of(new Route(BIRD_STATIC, 2, NODE))), WAIT,
                "BIRD's static route");
            assertThat(lab.port.status().state()).isEqualTo("Up");
            // Our metric 3 arrives in BIRD as 3 + the interface's cost 1.
            lab.awaitDaemon(bird, "show route protocol r1 all",
                Pattern.compile("(?s)" + Pattern.quote(OURS.toString()) + ".*via 10\\.0\\.0\\.1 on rt0.*RIP\\.metric: 4")
                    .asPredicate());

            lab.port.announce(List.of());
            lab.awaitDaemon(bird, "show route protocol r1", answer -> !answer.contains(OURS.toString()));

            bird.show("disable s1");
            lab.pumpUntil(() -> lab.port.learned().isEmpty(), WAIT, "BIRD's withdrawal");
            bird.show("enable s1");
            lab.pumpUntil(() -> !lab.port.learned().isEmpty(), WAIT, "BIRD's route again");

            assertRoutesTimeOutWhenTheDaemonDies(fixture, ns, lab, bird.directory().resolve("bird.pid").toString(),
                PORT_TIMEOUT);
            assertThat(lab.port.dropped(RipError.DIGEST_MISMATCH) + lab.port.dropped(RipError.PASSWORD_MISMATCH)
                + lab.port.dropped(RipError.AUTHENTICATION_MISSING)).isZero();
        }
    }

    private static void exchangeWithFrr(String interfaceConfig, RipAuthentication ours) throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            Lab lab = new Lab(TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1"), ours, FRR_PORT_TIMEOUT);
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, frrConfig(interfaceConfig),
                RoutingDaemon.FrrDaemon.RIPD);
            lab.port.announce(List.of(Route.announced(OURS, 3)));

            lab.pumpUntil(() -> lab.port.learned().equals(List.of(new Route(FRR_STATIC, 2, NODE))), WAIT,
                "FRR's static route");
            assertThat(lab.port.status().state()).isEqualTo("Up");
            lab.awaitDaemon(frr, "show ip rip", Pattern.compile(
                Pattern.quote(OURS.toString()) + "\\s+10\\.0\\.0\\.1\\s+4\\s").asPredicate());
            lab.awaitDaemon(frr, "show ip route " + OURS, answer -> answer.contains("10.0.0.1, via rt0"));

            lab.port.announce(List.of());
            // FRR keeps a withdrawn route at metric 16 for its garbage-collection time.
            lab.awaitDaemon(frr, "show ip rip", Pattern.compile(
                Pattern.quote(OURS.toString()) + "\\s+10\\.0\\.0\\.1\\s+([1-9]|1[0-5])\\s").asPredicate().negate());

            fixture.exec(ns, "vtysh", "--vty_socket", frr.directory().toString(), "-c", "configure terminal", "-c",
                "router rip", "-c", "no route " + FRR_STATIC).assertSuccess();
            lab.pumpUntil(() -> lab.port.learned().isEmpty(), WAIT, "FRR's withdrawal");
            fixture.exec(ns, "vtysh", "--vty_socket", frr.directory().toString(), "-c", "configure terminal", "-c",
                "router rip", "-c", "route " + FRR_STATIC).assertSuccess();
            lab.pumpUntil(() -> !lab.port.learned().isEmpty(), WAIT, "FRR's route again");

            assertRoutesTimeOutWhenTheDaemonDies(fixture, ns, lab, frr.directory().resolve("ripd.pid").toString(),
                FRR_PORT_TIMEOUT);
        }
    }

    /** Kills the daemon without a goodbye: its routes stay until the port's timeout, then go, and the port is down. */
    private static void assertRoutesTimeOutWhenTheDaemonDies(NetnsFixture fixture, NetworkNamespace ns, Lab lab,
                                                             String pidFile, Duration timeout) throws Exception {
        String pid = Files.readString(java.nio.file.Path.of(pidFile)).strip();
        fixture.run("kill", "-9", pid).assertSuccess();
        long killed = System.nanoTime();
        lab.pumpUntil(() -> lab.port.learned().isEmpty(), timeout.plus(WAIT), "the routes' timeout");
        Duration lasted = Duration.ofNanos(System.nanoTime() - killed);
        // The last update may have come up to one update interval before the kill.
        assertThat(lasted).isGreaterThan(timeout.minusSeconds(timeout.toSeconds() / 2 + 1));
        lab.pumpUntil(() -> !lab.port.status().up(), WAIT, "the port going down");
        assertThat(lab.port.status().state()).isEqualTo("Down");
    }

    private static String birdConfig(String authentication) {
        return """
            router id 10.0.0.10;
            protocol device {}
            protocol static s1 { ipv4; route %s blackhole; }
            protocol rip r1 {
              ipv4 { import all; export where source = RTS_STATIC; };
              interface "rt0" { version 2; update time 1; timeout time 5; %s };
            }
            """.formatted(BIRD_STATIC, authentication);
    }

    /** FRR's ripd without staticd: its own {@code route} statement originates the route, as a static one. */
    private static String frrConfig(String interfaceConfig) {
        return """
            frr defaults traditional
            hostname rip-node
            key chain isthmus
             key 5
              key-string isthmus-secret
            %s
            router rip
             version 2
             network rt0
             route %s
             timers basic 5 15 10
            """.formatted(interfaceConfig, FRR_STATIC);
    }

    /** The virtual router's side: a {@link RipPort} fed from the TAP link on the test's thread. */
    private static final class Lab {
        final TapLink link;
        final RipPort port;

        Lab(TapLink link, RipAuthentication authentication, Duration timeout) {
            this.link = link;
            RipPortConfig config = new RipPortConfig(ROUTER, 24, NODE, authentication, Duration.ofSeconds(1),
                timeout, Duration.ofSeconds(3),
                new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 50, 100), InstantSource.system(),
                true);
            this.port = new RipPort(config, (destination, payload) -> link.sendUdp(destination, RipPort.RIP_PORT,
                payload), session -> { }, System.nanoTime());
        }

        void pumpUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + ", still waiting for " + what + "; learned "
                        + port.learned() + ", status " + port.status());
                }
                pump(Duration.ofMillis(50));
            }
        }

        void awaitDaemon(RoutingDaemon daemon, String command, Predicate<String> condition)
            throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String answer = daemon.show(command);
            while (!condition.test(answer)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + WAIT + ", `" + command + "` still answers:\n" + answer
                        + "\nport status " + port.status());
                }
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (System.nanoTime() < until) {
                    pump(Duration.ofMillis(50));
                }
                answer = daemon.show(command);
            }
        }

        private void pump(Duration wait) throws InterruptedException {
            ByteBuffer packet = link.poll(wait);
            while (packet != null) {
                deliver(packet);
                packet = link.poll(Duration.ZERO);
            }
            port.tick(System.nanoTime());
        }

        private void deliver(ByteBuffer packet) {
            int headerLength = (packet.get(0) & 0x0f) * 4;
            if (packet.get(9) != IpProtocol.UDP || packet.limit() < headerLength + 8
                || (packet.getShort(headerLength + 2) & 0xffff) != RipPort.RIP_PORT) {
                return;
            }
            ByteBuffer payload = packet.slice(headerLength + 8, packet.limit() - headerLength - 8);
            port.receive(packet.getInt(12), packet.getShort(headerLength) & 0xffff, packet.getInt(16), payload,
                System.nanoTime());
        }
    }
}
