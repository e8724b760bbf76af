package io.isthmus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names, addresses and files of a lab. */
class LabLayoutTest {
    private final LabLayout layout = new LabLayout(Path.of("/run/lab"), "isl-");

    @Test
    void hostsGetTheirNamespaceNameAndAgentPrefixWithTheNumberInHex() {
        assertThat(layout.routerNamespace()).isEqualTo("isl-rt");
        assertThat(layout.hostNamespace(2)).isEqualTo("isl-h2");
        assertThat(LabLayout.hostName(2)).isEqualTo("host-2");
        assertThat(LabLayout.hostPrefix(1)).isEqualTo("2001:db8:0:100::/72");
        assertThat(LabLayout.hostPrefix(2)).isEqualTo("2001:db8:0:200::/72");
        assertThat(LabLayout.hostPrefix(10)).isEqualTo("2001:db8:0:a00::/72");
        assertThat(LabLayout.hostPrefix(16)).isEqualTo("2001:db8:0:1000::/72");
        assertThat(LabLayout.routerLinkAddress(11)).isEqualTo("2001:db8:b::1");
        assertThat(LabLayout.hostLinkAddress(11)).isEqualTo("2001:db8:b::2");
    }

    @Test
    void eachHostHasItsFilesUnderTheLabDirectory() {
        assertThat(layout.stateFile()).isEqualTo(Path.of("/run/lab/lab.json"));
        assertThat(layout.attachDirectory(1)).isEqualTo(Path.of("/run/lab/h1/attach"));
        assertThat(layout.agentLog(2)).isEqualTo(Path.of("/run/lab/h2/agent.log"));
        assertThat(layout.agentPidFile(2)).isEqualTo(Path.of("/run/lab/h2/agent.pid"));
        assertThat(layout.tokenFile(3)).isEqualTo(Path.of("/run/lab/h3/token"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 17, 1000})
    void aLabHasOneToSixteenHosts(int hosts) {
        assertThatThrownBy(() -> LabLayout.checkHostCount(hosts)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a lab has 1 to 16 hosts, not " + hosts);
        assertThatThrownBy(() -> LabLayout.hostPrefix(hosts)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"isl-", "t", "lab7-x", "a234567890123456"})
    void prefixesAreLowercaseNamesOfUpToSixteenCharacters(String prefix) {
        assertThat(new LabLayout(Path.of("/d"), prefix).routerNamespace()).isEqualTo(prefix + "rt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1lab", "Lab-", "is_l", "is l", "a2345678901234567", "../x"})
    void otherPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> new LabLayout(Path.of("/d"), prefix)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("namespace prefix '" + prefix + "'");
    }

    @Test
    void aNodeNamespaceIsItsNameMadeSafe() {
        assertThat(layout.nodeNamespace("web1", "node-abc", Set.of())).isEqualTo("isl-n-web1");
        assertThat(layout.nodeNamespace("Web 1/../x", "node-abc", Set.of())).isEqualTo("isl-n-web-1----x");
        assertThat(layout.nodeNamespace("a".repeat(40), "node-abc", Set.of())).isEqualTo("isl-n-" + "a".repeat(24));
    }

    @Test
    void aTakenNodeNamespaceGetsTheEndOfTheNodeIdAppended() {
        assertThat(layout.nodeNamespace("web1", "node-0123456789ab", Set.of("isl-n-web1")))
            .isEqualTo("isl-n-web1-456789ab");
    }
}
