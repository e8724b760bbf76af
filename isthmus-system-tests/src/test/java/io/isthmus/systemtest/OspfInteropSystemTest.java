package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.ospf.OspfConfig;
import io.isthmus.routing.ospf.OspfInterface;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The virtual router's OSPFv2 interface against real BIRD 2 and FRR ospfd: the test plays the virtual router 10.0.0.1
 * on a TAP whose other side, 10.0.0.10, is the daemon's interface {@code rt0}. Hello 1 s and dead 4 s on both sides.
 */
@RequiresRoot
class OspfInteropSystemTest {
    private static final int ROUTER = Ipv4Address.parse("10.0.0.1");
    private static final int NODE = Ipv4Address.parse("10.0.0.10");
    private static final Ipv4Prefix ANNOUNCED = Ipv4Prefix.parse("10.9.0.0/16");
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final PeerPolicy POLICY = new PeerPolicy(List.of(PrefixRange.parse("10.0.0.0/8")), 100, 100,
        200);

    private static String birdConfig(String networkType, String statics) {
        return """
            router id 10.0.0.10;
            protocol device {}
            protocol static s1 { ipv4; %s }
            protocol ospf v2 o1 {
              ipv4 { import all; export where source = RTS_STATIC; };
              area 0 { interface "rt0" { type %s; hello 1; dead 4; }; };
            }
            """.formatted(statics, networkType);
    }

    private static String frrConfig(String networkType) {
        return """
            frr defaults traditional
            hostname n1
            log file /dev/null
            interface rt0
             ip ospf hello-interval 1
             ip ospf dead-interval 4
             ip ospf network %s
            router ospf
             ospf router-id 10.0.0.10
             network 10.0.0.0/24 area 0
             redistribute kernel
            """.formatted(networkType);
    }

    @Test
    void birdBecomesFullExchangesRoutesBothWaysWithdrawsFiltersAndGoesDownAfterTheDeadInterval() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, birdConfig("broadcast",
                "route 10.1.0.0/16 blackhole; route 192.168.50.0/24 blackhole;"));
            Driver driver = new Driver(link, OspfConfig.NetworkType.BROADCAST);

            driver.runUntil(() -> driver.session.status().up(), CONVERGE, "our side Full");
            bird.awaitShow("show ospf neighbors", a -> a.contains("10.0.0.1") && a.contains("Full"), CONVERGE);
            assertThat(driver.session.status().state()).isEqualTo("Full");

            Route fromBird = new Route(Ipv4Prefix.parse("10.1.0.0/16"), 10000, NODE);
            driver.runUntil(() -> driver.session.learned().contains(fromBird), CONVERGE, "BIRD's static route");
            driver.runUntil(() -> driver.session.status().filtered() >= 1, CONVERGE, "192.168.50.0/24 filtered");
            assertThat(driver.session.learned()).noneMatch(r -> r.prefix().equals(Ipv4Prefix.parse("192.168.50.0/24")));

            driver.session.announce(List.of(Route.announced(ANNOUNCED, 20)));
            driver.runUntilShows(bird, "show route all", a -> routeBlock(a, "10.9.0.0/16").contains("E2 (150/10/20)")
                && routeBlock(a, "10.9.0.0/16").contains("via 10.0.0.1"));

            driver.session.announce(List.of());
            driver.runUntilShows(bird, "show route", a -> !a.contains("10.9.0.0/16"));

            bird.show("disable s1");
            driver.runUntil(() -> driver.session.learned().stream().noneMatch(r -> r.prefix().equals(fromBird.prefix())),
                CONVERGE, "BIRD's route withdrawn");
            bird.show("enable s1");
            driver.runUntil(() -> driver.session.learned().contains(fromBird), CONVERGE, "BIRD's route back");

            String pid = Files.readString(bird.directory().resolve("bird.pid")).strip();
            fixture.run("kill", "-STOP", pid).assertSuccess();
            try {
                long stopped = System.nanoTime();
                driver.runUntil(() -> driver.session.learned().isEmpty() && !driver.session.status().up(),
                    Duration.ofSeconds(10), "learned routes gone after the dead interval");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofMillis(5500));
                assertThat(driver.session.status().state()).isEqualTo("Down");
            } finally {
                fixture.run("kill", "-CONT", pid);
            }
        }
    }

    @Test
    void frrBecomesFullAndExchangesAndWithdrawsRoutesBothWays() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            fixture.exec(ns, "ip", "route", "add", "blackhole", "10.2.0.0/16").assertSuccess();
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, frrConfig("broadcast"),
                RoutingDaemon.FrrDaemon.OSPFD);
            Driver driver = new Driver(link, OspfConfig.NetworkType.BROADCAST);

            driver.runUntil(() -> driver.session.status().up(), CONVERGE, "our side Full");
            driver.runUntilShows(frr, "show ip ospf neighbor", a -> a.contains("10.0.0.1") && a.contains("Full"));

            Route fromFrr = new Route(Ipv4Prefix.parse("10.2.0.0/16"), 20, NODE);
            driver.runUntil(() -> driver.session.learned().contains(fromFrr), CONVERGE, "FRR's kernel route");

            driver.session.announce(List.of(Route.announced(ANNOUNCED, 20)));
            driver.runUntilShows(frr, "show ip ospf route", a -> a.contains("10.9.0.0/16")
                && a.contains("[10/20]") && a.contains("via 10.0.0.1"));
            driver.runUntilShows(frr, "show ip route 10.9.0.0/16", a -> a.contains("ospf") && a.contains("metric 20"));

            driver.session.announce(List.of());
            driver.runUntilShows(frr, "show ip ospf route", a -> !a.contains("10.9.0.0/16"));

            fixture.exec(ns, "ip", "route", "del", "blackhole", "10.2.0.0/16").assertSuccess();
            driver.runUntil(() -> driver.session.learned().stream().noneMatch(r -> r.prefix().equals(fromFrr.prefix())),
                CONVERGE, "FRR's route withdrawn");
        }
    }

    @Test
    void frrStoppedIsDeclaredDownWithinTheDeadInterval() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            fixture.exec(ns, "ip", "route", "add", "blackhole", "10.2.0.0/16").assertSuccess();
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, frrConfig("broadcast"),
                RoutingDaemon.FrrDaemon.OSPFD);
            Driver driver = new Driver(link, OspfConfig.NetworkType.BROADCAST);
            Route fromFrr = new Route(Ipv4Prefix.parse("10.2.0.0/16"), 20, NODE);
            driver.runUntil(() -> driver.session.learned().contains(fromFrr), CONVERGE, "FRR's kernel route");

            String pid = Files.readString(frr.directory().resolve("ospfd.pid")).strip();
            fixture.run("kill", "-STOP", pid).assertSuccess();
            try {
                long stopped = System.nanoTime();
                driver.runUntil(() -> driver.session.learned().isEmpty(), Duration.ofSeconds(10),
                    "learned routes gone after the dead interval");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofMillis(5500));
                assertThat(driver.session.status().state()).isEqualTo("Down");
            } finally {
                fixture.run("kill", "-CONT", pid);
            }
        }
    }

    @Test
    void birdWithOtherIntervalsIsRefusedAndCounted() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            RoutingDaemon.bird(fixture, ns, birdConfig("broadcast", "route 10.1.0.0/16 blackhole;")
                .replace("hello 1; dead 4;", "hello 2; dead 8;"));
            Driver driver = new Driver(link, OspfConfig.NetworkType.BROADCAST);
            driver.runUntil(() -> driver.session.dropped(OspfInterface.DropReason.HELLO_MISMATCH) >= 2, CONVERGE,
                "BIRD's Hellos refused");
            assertThat(driver.session.status().state()).isEqualTo("Down");
            assertThat(driver.session.status().lastError()).isEqualTo("Hello/dead interval 2/8 s instead of 1/4 s");
            assertThat(driver.session.learned()).isEmpty();
        }
    }

    @Test
    void frrOnAPointToPointLinkBecomesFullAndExchangesRoutes() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            fixture.exec(ns, "ip", "route", "add", "blackhole", "10.2.0.0/16").assertSuccess();
            RoutingDaemon frr = RoutingDaemon.frr(fixture, ns, frrConfig("point-to-point"),
                RoutingDaemon.FrrDaemon.OSPFD);
            Driver driver = new Driver(link, OspfConfig.NetworkType.POINT_TO_POINT);

            driver.runUntil(() -> driver.session.status().up(), CONVERGE, "our side Full");
            driver.runUntilShows(frr, "show ip ospf neighbor", a -> a.contains("10.0.0.1") && a.contains("Full"));
            Route fromFrr = new Route(Ipv4Prefix.parse("10.2.0.0/16"), 20, NODE);
            driver.runUntil(() -> driver.session.learned().contains(fromFrr), CONVERGE, "FRR's kernel route");
            driver.session.announce(List.of(Route.announced(ANNOUNCED, 20)));
            driver.runUntilShows(frr, "show ip ospf route", a -> a.contains("10.9.0.0/16")
                && a.contains("[10/20]") && a.contains("via 10.0.0.1"));
        }
    }

    @Test
    void birdOnAPointToPointLinkBecomesFullAndExchangesRoutes() throws Exception {
        try (NetnsFixture fixture = NetnsFixture.create()) {
            NetworkNamespace ns = fixture.createNamespace();
            TapLink link = TapLink.open(fixture, ns, "rt0", "10.0.0.10/24", "10.0.0.1");
            RoutingDaemon bird = RoutingDaemon.bird(fixture, ns, birdConfig("ptp", "route 10.1.0.0/16 blackhole;"));
            Driver driver = new Driver(link, OspfConfig.NetworkType.POINT_TO_POINT);

            driver.runUntil(() -> driver.session.status().up(), CONVERGE, "our side Full");
            bird.awaitShow("show ospf neighbors", a -> a.contains("10.0.0.1") && a.contains("Full"), CONVERGE);
            driver.runUntil(() -> driver.session.learned().contains(new Route(Ipv4Prefix.parse("10.1.0.0/16"), 10000,
                NODE)), CONVERGE, "BIRD's static route");
            driver.session.announce(List.of(Route.announced(ANNOUNCED, 20)));
            driver.runUntilShows(bird, "show route all", a -> routeBlock(a, "10.9.0.0/16").contains("E2 (150/10/20)"));
        }
    }

    /** The lines of BIRD's {@code show route all} answer about {@code prefix}, or empty. */
    private static String routeBlock(String answer, String prefix) {
        int start = answer.indexOf(prefix);
        if (start < 0) {
            return "";
        }
        int end = answer.indexOf("\n", start);
        while (end >= 0 && end + 1 < answer.length() && Character.isWhitespace(answer.charAt(end + 1))) {
            end = answer.indexOf("\n", end + 1);
        }
        return answer.substring(start, end < 0 ? answer.length() : end);
    }

    /** Plays the virtual router: feeds the node's OSPF packets to the session and runs its timers. */
    private static final class Driver {
        final TapLink link;
        final OspfInterface session;

        Driver(TapLink link, OspfConfig.NetworkType type) {
            this.link = link;
            OspfConfig config = OspfConfig.defaults(ROUTER, ROUTER, 24, POLICY, InstantSource.system())
                .withIntervals(1, 4).withNetworkType(type);
            this.session = new OspfInterface(config, NODE,
                (destination, payload) -> link.sendIpv4(destination, IpProtocol.OSPF, payload), s -> { },
                System.nanoTime());
        }

        void step() throws InterruptedException {
            ByteBuffer packet = link.poll(Duration.ofMillis(50));
            while (packet != null) {
                if (packet.get(9) == IpProtocol.OSPF) {
                    int headerLength = (packet.get(0) & 0x0f) * 4;
                    int total = packet.getShort(2) & 0xffff;
                    ByteBuffer payload = packet.slice(headerLength, total - headerLength);
                    session.receive(packet.getInt(12), packet.getInt(16), payload, System.nanoTime());
                }
                packet = link.poll(Duration.ZERO);
            }
            session.tick(System.nanoTime());
        }

        void runUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + ", not yet: " + what + "; status "
                        + session.status() + ", learned " + session.learned());
                }
                step();
            }
        }

        /** Drives the session while polling the daemon's answer, so our side keeps talking as the daemon converges. */
        void runUntilShows(RoutingDaemon daemon, String command, java.util.function.Predicate<String> condition)
            throws InterruptedException {
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            long nextShow = 0;
            String answer = "";
            while (true) {
                if (System.nanoTime() >= nextShow) {
                    answer = daemon.show(command);
                    if (condition.test(answer)) {
                        return;
                    }
                    nextShow = System.nanoTime() + 300_000_000L;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + CONVERGE + ", `" + command + "` still answers:\n" + answer
                        + "\nstatus " + session.status());
                }
                step();
            }
        }
    }
}
