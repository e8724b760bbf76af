package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant whose daemon misbehaves (issue 7): it announces prefixes it may not, more prefixes than its limit,
 * or floods updates. Its routes are filtered, its session is limited, each is counted where the API shows the
 * session, and the rest of the network carries on.
 */
@RequiresRoot
@Timeout(300)
class RoutingAbuseSystemTest {
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RoutingLab lab;
    private AgentLab.Appliance fw;

    @BeforeEach
    void start() throws Exception {
        lab = RoutingLab.start(dir);
        fw = lab.appliance("fw", lab.host2, "10.0.1.5", "10.1.0.5");
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    /** BIRD on the appliance announcing {@code routes} (static-protocol route lines) over BGP. */
    private RoutingDaemon bird(String routes) {
        return RoutingDaemon.bird(lab.fixture, fw.namespace(), """
            router id 10.0.1.5;
            protocol device {}
            protocol static own { ipv4; %s }
            protocol bgp vr {
              local 10.0.1.5 as 65001;
              neighbor 10.0.1.1 as 65000;
              hold time 9;
              error wait time 30, 60;
              ipv4 { import all; export where proto = "own"; };
            }
            """.formatted(routes));
    }

    private void peer(int maxPrefixes, Integer messagesPerSecond) {
        Map<String, Object> participant = new java.util.LinkedHashMap<>(RoutingLab.participant(fw.id(), List.of("BGP"),
            65001, List.of("10.1.0.0/16"), maxPrefixes));
        if (messagesPerSecond != null) {
            participant.put("messagesPerSecond", messagesPerSecond);
            participant.put("burst", messagesPerSecond);
        }
        lab.setRouting(lab.subnetA, Map.of("protocols", List.of("BGP"), "bgp", Map.of("asn", 65000,
            "holdTimeSeconds", 9), "participants", List.of(participant)));
    }

    @Test
    void prefixesOutsideTheAllowedRangesAreFilteredAndCounted() throws Exception {
        RoutingDaemon bird = bird("route 10.1.0.0/16 blackhole; route 192.168.0.0/16 blackhole; "
            + "route 10.0.0.0/8 blackhole;");
        peer(10, null);
        bird.awaitShow("show protocols vr", s -> s.contains("Established"), CONVERGENCE);
        JsonNode session = lab.awaitSession(s -> s.path("accepted").asInt() == 1 && s.path("filtered").asLong() >= 2,
            "one accepted and two filtered prefixes", CONVERGENCE);
        assertThat(session.path("received").asInt()).isEqualTo(3);
        // The controller merges the reported routes a moment after the report (recomputation is coalesced).
        AgentLab.awaitTrue(() -> lab.routeTable(lab.subnetA).toString().contains("10.1.0.0/16"),
            "the accepted prefix in the route table");
        assertThat(lab.routeTable(lab.subnetA).toString()).doesNotContain("192.168.0.0/16");
        lab.lab.awaitReply(lab.a, "10.1.0.20");
    }

    @Test
    void morePrefixesThanTheLimitEndTheSessionAndLeaveNoRoute() throws Exception {
        String routes = IntStream.range(0, 5).mapToObj(i -> "route 10.1." + i + ".0/24 blackhole;")
            .collect(Collectors.joining(" "));
        RoutingDaemon bird = bird(routes);
        peer(3, null);
        bird.awaitShow("show protocols all vr", s -> s.toLowerCase(java.util.Locale.ROOT).contains("maximum"),
            CONVERGENCE);
        JsonNode session = lab.awaitSession(s -> s.path("overLimit").asLong() > 0, "the limit counted",
            CONVERGENCE);
        assertThat(session.path("lastError").asText().toLowerCase(java.util.Locale.ROOT)).contains("maximum");
        assertThat(session.path("accepted").asInt()).isZero();
        assertThat(lab.routeTable(lab.subnetA).toString()).doesNotContain("10.1.0.0/24");
        lab.lab.awaitReply(lab.a, "10.1.0.20");
    }

    @Test
    void aFloodOfUpdatesIsRateLimitedAndTheNetworkCarriesOn() throws Exception {
        // Each route has its own MED, so that each needs an UPDATE of its own.
        String routes = IntStream.range(0, 60).mapToObj(i -> "route 10.1." + i + ".0/24 blackhole { bgp_med = "
            + i + "; };").collect(Collectors.joining(" "));
        RoutingDaemon bird = bird(routes);
        peer(100, 10);
        bird.awaitShow("show protocols vr", s -> s.contains("Established"), CONVERGENCE);
        lab.lab.awaitReply(lab.a, "10.1.0.20");
        JsonNode limited = lab.awaitSession(s -> s.path("rateLimited").asLong() > 0, "the flood held back",
            CONVERGENCE);
        assertThat(limited.path("accepted").asInt()).isLessThan(60);
        // The data plane and the API serve everyone else meanwhile.
        assertThat(lab.lab.ping(lab.a, 3, "10.1.0.20")).isEqualTo(3);
        JsonNode done = lab.awaitSession(s -> s.path("accepted").asInt() == 60, "every update taken in the end",
            CONVERGENCE);
        assertThat(done.path("state").asText()).isEqualTo("Established");
    }
}
