package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.systemtest.PeeringLab.Site;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fabric of peering routers (issue 8): each tenant owns a router with its own network attached (X on r1, Y on r2,
 * Z on r3). Linked r1-r2, X reaches Y across two routers; linked into a triangle, every network still sees each
 * other range once, by the shortest loop-free path; with r1-r2 cut, X reaches Y the long way round.
 */
@RequiresRoot
@Timeout(150)
class PeeringFabricSystemTest {
    @TempDir
    Path dir;

    private PeeringLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = PeeringLab.start(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aTriangleOfRoutersLoopsNoRouteAndTrafficCrossesTheFabric() throws Exception {
        String r1 = lab.router(lab.tenantX, "r1");
        String r2 = lab.router(lab.tenantY, "r2");
        String r3 = lab.router(lab.tenantZ, "r3");
        lab.attach(lab.tenantX, lab.tenantX, r1, lab.x, Map.of());
        lab.attach(lab.tenantY, lab.tenantY, r2, lab.y, Map.of());
        lab.attach(lab.tenantZ, lab.tenantZ, r3, lab.z, Map.of());
        lab.echoServers(lab.x, lab.y, lab.z);

        // Two routers: X reaches Y through r1 then r2, and the traceroute shows both.
        String link12 = lab.link(lab.tenantX, r1, lab.tenantY, r2);
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        assertThat(lab.path(lab.x, "10.1.0.0/24")).containsExactly(r1, r2);
        String hop1 = lab.routerHop(lab.x, "10.1.0.0/24", 0);
        String hop2 = lab.routerHop(lab.x, "10.1.0.0/24", 1);
        assertThat(lab.probes.traceroute(lab.x.node(), lab.y.address(), true))
            .containsExactly("1 10.0.0.1", "2 " + hop1, "3 " + hop2, "4 10.1.0.1", "5 " + lab.y.address());
        lab.assertReaches(lab.x, lab.y);
        assertThat(destinations(lab.x)).as("Z is not linked yet").doesNotContain("10.2.0.0/24");

        // A triangle: r2-r3 and r3-r1 close the loop.
        lab.link(lab.tenantY, r2, lab.tenantZ, r3);
        lab.link(lab.tenantZ, r3, lab.tenantX, r1);
        lab.lab.awaitReply(lab.x.node(), lab.z.address());
        lab.lab.awaitReply(lab.y.node(), lab.z.address());
        Map<Site, Map<String, List<String>>> shortest = Map.of(
            lab.x, Map.of("10.1.0.0/24", List.of(r1, r2), "10.2.0.0/24", List.of(r1, r3)),
            lab.y, Map.of("10.0.0.0/24", List.of(r2, r1), "10.2.0.0/24", List.of(r2, r3)),
            lab.z, Map.of("10.0.0.0/24", List.of(r3, r1), "10.1.0.0/24", List.of(r3, r2)));
        for (Map.Entry<Site, Map<String, List<String>>> site : shortest.entrySet()) {
            assertLoopFree(site.getKey(), site.getValue());
        }
        for (Site from : List.of(lab.x, lab.y, lab.z)) {
            for (Site to : List.of(lab.x, lab.y, lab.z)) {
                if (from != to) {
                    lab.assertReaches(from, to);
                }
            }
        }

        // r1-r2 cut: X's way to Y goes round by r3, still without a loop.
        lab.unlink(lab.tenantX, link12);
        assertLoopFree(lab.x, Map.of("10.1.0.0/24", List.of(r1, r3, r2), "10.2.0.0/24", List.of(r1, r3)));
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        lab.assertReaches(lab.x, lab.y);
        assertThat(lab.probes.traceroute(lab.x.node(), lab.y.address(), true)).containsExactly("1 10.0.0.1",
            "2 " + hop1, "3 " + lab.routerHop(lab.x, "10.1.0.0/24", 1), "4 " + hop2, "5 10.1.0.1",
            "6 " + lab.y.address());
    }

    /**
     * {@code site}'s network sees exactly the ranges of {@code paths}, each once, by the path given (no router
     * twice), and its route table has one propagated route to each, by that path.
     */
    private void assertLoopFree(Site site, Map<String, List<String>> paths) throws InterruptedException {
        List<Map.Entry<String, List<String>>> expected = paths.entrySet().stream()
            .sorted(Map.Entry.comparingByKey()).toList();
        JsonNode view = lab.awaitView(site, v -> PeeringLab.paths(v).stream().sorted(Map.Entry.comparingByKey())
            .toList().equals(expected), "the ranges " + paths + ", each once");
        for (Map.Entry<String, List<String>> range : PeeringLab.paths(view)) {
            assertThat(new HashSet<>(range.getValue())).as("no router twice on %s", range).hasSameSizeAs(
                range.getValue());
        }
        List<JsonNode> routes = lab.awaitRoutes(site, r -> peeringDestinations(r).containsAll(paths.keySet()),
            "propagated routes to " + paths.keySet());
        assertThat(peeringDestinations(routes)).as("%s's propagated routes", site.nodeName())
            .containsExactlyInAnyOrderElementsOf(paths.keySet());
        for (JsonNode route : routes) {
            List<String> path = paths.get(route.path("destination").asText());
            if (path != null) {
                List<String> routers = new ArrayList<>();
                route.path("peering").path("routers").forEach(r -> routers.add(r.path("routerId").asText()));
                assertThat(routers).as("the routers of %s's route %s", site.nodeName(), route).isEqualTo(path);
            }
        }
    }

    private List<String> destinations(Site site) {
        return peeringDestinations(lab.routes(site));
    }

    private static List<String> peeringDestinations(List<JsonNode> routes) {
        return routes.stream().filter(r -> r.path("action").asText().equals("PEERING"))
            .map(r -> r.path("destination").asText()).toList();
    }
}
