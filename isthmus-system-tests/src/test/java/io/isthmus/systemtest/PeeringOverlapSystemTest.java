package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.systemtest.PeeringLab.Site;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlapping ranges on a peering router (issue 8): tenant Y's network y0 uses X's 10.0.0.0/24, and its node
 * {@code y0} holds the same address as X's {@code x}, 10.0.0.10 (on the other host). Attaching it is refused with a
 * free range suggested; attached with translation (and another such network of Y, y9, with a representative Y
 * gives), X reaches each at its representative address and each sees x at an address of the import representative
 * its network sees X's range through, and answers it there.
 */
@RequiresRoot
@Timeout(120)
class PeeringOverlapSystemTest {
    private static final Pattern SUGGESTED = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+/24) is free");

    @TempDir
    Path dir;

    private PeeringLab lab;
    private String router;
    private Site y0;

    @BeforeEach
    void start() throws Exception {
        lab = PeeringLab.start(dir);
        router = lab.router(lab.tenantX, "hub");
        lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of());
        y0 = lab.site(lab.tenantY, "y0", "10.0.0.0/24", lab.x.address(), 2);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void anOverlappingNetworkIsRefusedWithAFreeRangeSuggested() throws Exception {
        ApiClient.Answer refused = lab.requestAttachment(lab.tenantY, router, y0, Map.of());
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.problemType()).isEqualTo("overlapping-peering-range");
        JsonNode error = refused.body().path("errors").get(0);
        assertThat(error.path("pointer").asText()).isEqualTo("/networkId");
        String detail = error.path("detail").asText();
        assertThat(detail).contains("10.0.0.0/24");
        Matcher suggested = SUGGESTED.matcher(detail);
        assertThat(suggested.find()).as("a suggested range in: %s", detail).isTrue();
        Ipv4Prefix suggestion = Ipv4Prefix.parse(suggested.group(1));
        assertThat(suggestion.overlaps(Ipv4Prefix.parse("10.0.0.0/24"))).isFalse();
        assertThat(lab.lab.api.get("/v1/networks/" + y0.networkId() + "/peering-attachments", lab.tenantY.token())
            .body().path("items")).as("nothing stored").isEmpty();

        // The suggestion holds: Y's network renumbered to it attaches.
        Site renumbered = lab.site(lab.tenantY, "y1", suggestion.toString(), hostIn(suggestion), 2);
        lab.attach(lab.tenantY, lab.tenantX, router, renumbered, Map.of());
        lab.lab.awaitReply(lab.x.node(), renumbered.address());
    }

    @Test
    void withTranslationXReachesYAtTheRepresentativeAndYSeesXThroughAnImportRepresentative() throws Exception {
        // y0's network: the representative is the controller's choice; y9's (also 10.0.0.0/24, its node also
        // 10.0.0.10, on x's host): Y gives it, the example 210.0.0.0/24.
        Site y9 = lab.site(lab.tenantY, "y9", "10.0.0.0/24", lab.x.address(), 1);
        Ipv4Prefix chosen = representative(lab.attach(lab.tenantY, lab.tenantX, router, y0,
            Map.of("overlap", "translate")));
        assertThat(chosen.overlaps(Ipv4Prefix.parse("10.0.0.0/24"))).isFalse();
        Ipv4Prefix given = representative(lab.attach(lab.tenantY, lab.tenantX, router, y9, Map.of("overlap",
            "translate", "translations", List.of(Map.of("block", "10.0.0.0/24", "representative",
                "210.0.0.0/24")))));
        assertThat(given).isEqualTo(Ipv4Prefix.parse("210.0.0.0/24"));
        lab.echoServers(lab.x, y0, y9);

        for (Map.Entry<Site, Ipv4Prefix> y : List.of(Map.entry(y0, chosen), Map.entry(y9, given))) {
            Site node = y.getKey();
            String yAsXSeesIt = sameHost(y.getValue(), node.address());
            // What y's network sees X's 10.0.0.0/24 as: a free /24 of the controller's choice.
            Ipv4Prefix imported = Ipv4Prefix.parse(lab.seenRangeOf(node, lab.x.networkId()).path("prefix")
                .asText());
            assertThat(imported.length()).isEqualTo(24);
            assertThat(imported.overlaps(Ipv4Prefix.parse("10.0.0.0/24"))).isFalse();
            String xAsYSeesIt = sameHost(imported, lab.x.address());

            lab.lab.awaitReply(lab.x.node(), yAsXSeesIt);
            assertThat(lab.probes.ping(lab.x.node(), yAsXSeesIt, 3)).as("ping x -> %s at %s", node.nodeName(),
                yAsXSeesIt).isEqualTo(3);
            assertThat(lab.probes.tcp(lab.x.node(), yAsXSeesIt, PeeringLab.ECHO_PORT))
                .as("TCP x -> %s at %s: the source %s sees", node.nodeName(), yAsXSeesIt, node.nodeName())
                .contains(xAsYSeesIt);
            // y reaches x the other way, at the address it sees x at; x sees y at the representative.
            assertThat(lab.probes.ping(node.node(), xAsYSeesIt, 3)).as("ping %s -> x at %s", node.nodeName(),
                xAsYSeesIt).isEqualTo(3);
            assertThat(lab.probes.tcp(node.node(), xAsYSeesIt, PeeringLab.ECHO_PORT))
                .as("TCP %s -> x at %s: the source x sees", node.nodeName(), xAsYSeesIt).contains(yAsXSeesIt);
            // Both ways, traceroute shows the far router at its gateway as seen, and the destination's answer (for
            // UDP probes, an ICMP error quoting the probe) comes back translated.
            String hop = lab.routerHop(lab.x, sameHost(y.getValue(), "0.0.0.0") + "/24", 0);
            for (boolean icmp : List.of(false, true)) {
                assertThat(lab.probes.traceroute(lab.x.node(), yAsXSeesIt, icmp)).as("traceroute x -> %s",
                    node.nodeName()).containsExactly("1 10.0.0.1", "2 " + hop,
                    "3 " + sameHost(y.getValue(), "0.0.0.1"), "4 " + yAsXSeesIt);
                assertThat(lab.probes.traceroute(node.node(), xAsYSeesIt, icmp)).as("traceroute %s -> x",
                    node.nodeName()).containsExactly("1 10.0.0.1", "2 " + hop, "3 " + sameHost(imported, "0.0.0.1"),
                    "4 " + xAsYSeesIt);
            }
        }
        // y0 and y9, both 10.0.0.10 too, reach each other at their representatives.
        assertThat(lab.probes.tcp(y0.node(), sameHost(given, y9.address()), PeeringLab.ECHO_PORT))
            .as("TCP y0 -> y9").contains(sameHost(chosen, y0.address()));
        // Each node's own 10.0.0.10 is itself.
        for (Site node : List.of(lab.x, y0, y9)) {
            assertThat(lab.fixture.exec(node.node(), "ip", "-4", "-o", "addr", "show", "dev", "eth0").output())
                .contains("10.0.0.10/24");
        }
    }

    /** The representative of the (only) translated block of an attachment. */
    private static Ipv4Prefix representative(JsonNode attachment) {
        JsonNode translations = attachment.path("translations");
        assertThat(translations.size()).as("translations %s", translations).isEqualTo(1);
        assertThat(translations.get(0).path("block").asText()).isEqualTo("10.0.0.0/24");
        return Ipv4Prefix.parse(translations.get(0).path("representative").asText());
    }

    /** The address at the host offset of {@code address} (in a /24) within {@code prefix}. */
    private static String sameHost(Ipv4Prefix prefix, String address) {
        String network = prefix.toString().substring(0, prefix.toString().lastIndexOf('.'));
        return network + address.substring(address.lastIndexOf('.'));
    }

    /** Address .10 of the /24 {@code prefix}. */
    private static String hostIn(Ipv4Prefix prefix) {
        return sameHost(prefix, "0.0.0.10");
    }
}
