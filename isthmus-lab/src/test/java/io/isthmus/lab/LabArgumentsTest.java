package io.isthmus.lab;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a lab refuses before it touches the machine: bad arguments, and node commands without a lab. */
class LabArgumentsTest {
    @TempDir
    Path dir;

    private static final HostRegistry UNUSED = new HostRegistry() {
        @Override
        public String host(String name, String substratePrefix) {
            throw new AssertionError("not to be called");
        }

        @Override
        public String credential(String hostId) {
            throw new AssertionError("not to be called");
        }
    };

    @Test
    void upRefusesAHostCountOutOfRange() {
        Lab lab = Lab.open(dir, "t-");
        assertThatThrownBy(() -> lab.up(0, UNUSED, "127.0.0.1:9090", List.of("isthmus"), Duration.ofSeconds(1),
            line -> { })).isInstanceOf(IllegalArgumentException.class).hasMessage("a lab has 1 to 16 hosts, not 0");
    }

    @Test
    void upRefusesAnAgentEndpointWithoutAPort() {
        Lab lab = Lab.open(dir, "t-");
        for (String endpoint : List.of("127.0.0.1", "127.0.0.1:", ":9090", "host:99999", "host:port")) {
            assertThatThrownBy(() -> lab.up(2, UNUSED, endpoint, List.of("isthmus"), Duration.ofSeconds(1),
                line -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent endpoint '" + endpoint + "' is not HOST:PORT");
        }
    }

    @Test
    void nodeCommandsWithoutALabSaySo() {
        Lab lab = Lab.open(dir, "t-");
        String noLab = "no lab is up in " + dir + ": 'isthmus lab up' first";

        assertThatThrownBy(() -> lab.exec("web1", List.of("true"))).isInstanceOf(LabException.class)
            .hasMessage(noLab);
        assertThatThrownBy(() -> lab.attach(new NodePlacement("node-1", "web1", "host-1"), Duration.ofSeconds(1),
            line -> { })).isInstanceOf(LabException.class).hasMessage(noLab);
        assertThatThrownBy(() -> lab.detach("web1", line -> { })).isInstanceOf(LabException.class)
            .hasMessage(noLab);
    }

    @Test
    void anUnknownNodeIsNamedWithTheNodesTheLabHas() {
        new LabState("t-", "127.0.0.1:9090", List.of(), List.of(new LabState.Node("node-1", "web1", "host-1",
            "t-n-web1"))).write(dir.resolve("lab.json"));
        Lab lab = Lab.open(dir, "other-");

        assertThatThrownBy(() -> lab.exec("web2", List.of("true"))).isInstanceOf(LabException.class)
            .hasMessage("the lab has no node 'web2'; its nodes are web1 node-1");
        assertThatThrownBy(() -> lab.exec("web1", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStatesPrefixWinsOverTheOneGiven() {
        new LabState("t-", "127.0.0.1:9090", List.of(), List.of()).write(dir.resolve("lab.json"));

        org.assertj.core.api.Assertions.assertThat(Lab.open(dir, "other-").layout().prefix()).isEqualTo("t-");
        org.assertj.core.api.Assertions.assertThat(Lab.open(dir.resolve("none"), "other-").layout().prefix())
            .isEqualTo("other-");
    }

    @Test
    void aPlacementNeedsEveryField() {
        assertThatThrownBy(() -> new NodePlacement("node-1", "", "host-1"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodePlacement(null, "web1", "host-1"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
