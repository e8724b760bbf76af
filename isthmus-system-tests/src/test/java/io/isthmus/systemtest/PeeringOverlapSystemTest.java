package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.systemtest.PeeringLab.Site;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlapping ranges on a peering router (issue 8): tenant Y's second network uses X's 10.0.0.0/24, and its node
 * {@code y0} holds the same address as X's {@code x}, 10.0.0.10 (on the other host). Attaching it is refused with a
 * free range suggested; attached with translation, X reaches y0 at Y's representative address and y0 sees x at an
 * address of the import representative its network sees X's range through, and answers it there.
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
        JsonNode attachment = lab.attach(lab.tenantY, lab.tenantX, router, y0, Map.of("overlap", "translate"));
        JsonNode translation = attachment.path("translations").get(0);
        assertThat(translation.path("block").asText()).isEqualTo("10.0.0.0/24");
        Ipv4Prefix representative = Ipv4Prefix.parse(translation.path("representative").asText());
        assertThat(representative.overlaps(Ipv4Prefix.parse("10.0.0.0/24"))).isFalse();
        String y0AsXSeesIt = sameHost(representative, y0.address());

        // What y0's network sees X's 10.0.0.0/24 as: a free /24 of the controller's choice.
        JsonNode xAsY0SeesIt = lab.seenRangeOf(y0, lab.x.networkId());
        Ipv4Prefix imported = Ipv4Prefix.parse(xAsY0SeesIt.path("prefix").asText());
        assertThat(imported.length()).isEqualTo(24);
        assertThat(imported.overlaps(Ipv4Prefix.parse("10.0.0.0/24"))).isFalse();
        String xAsY0SeesItAddress = sameHost(imported, lab.x.address());

        lab.echoServers(y0, lab.x);
        lab.lab.awaitReply(lab.x.node(), y0AsXSeesIt);
        assertThat(lab.probes.ping(lab.x.node(), y0AsXSeesIt, 3)).isEqualTo(3);
        Optional<String> seenByY0 = lab.probes.tcp(lab.x.node(), y0AsXSeesIt, PeeringLab.ECHO_PORT);
        assertThat(seenByY0).as("TCP x -> y0 at %s", y0AsXSeesIt).isPresent();
        assertThat(seenByY0.get()).as("x as y0 sees it").isEqualTo(xAsY0SeesItAddress);

        // y0 reaches x the other way, at the address it sees x at; x sees y0 at the representative.
        assertThat(lab.probes.ping(y0.node(), xAsY0SeesItAddress, 3)).isEqualTo(3);
        Optional<String> seenByX = lab.probes.tcp(y0.node(), xAsY0SeesItAddress, PeeringLab.ECHO_PORT);
        assertThat(seenByX).as("TCP y0 -> x at %s", xAsY0SeesItAddress).isPresent();
        assertThat(seenByX.get()).as("y0 as x sees it").isEqualTo(y0AsXSeesIt);
        // y0's own 10.0.0.10 is itself, not x.
        assertThat(lab.fixture.exec(y0.node(), "ip", "-4", "-o", "addr", "show", "dev", "eth0").output())
            .contains(lab.x.address() + "/24");
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
