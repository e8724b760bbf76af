package io.isthmus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's state file: round trip, absence, damage, and finding nodes by id or name. */
class LabStateTest {
    @TempDir
    Path dir;

    private static final LabState.Host H1 = new LabState.Host(1, "host-1", "host-a", "2001:db8:0:100::/72", "isl-h1",
        41);
    private static final LabState.Host H2 = new LabState.Host(2, "host-2", "host-b", "2001:db8:0:200::/72", "isl-h2",
        42);
    private static final LabState.Node WEB1 = new LabState.Node("node-1", "web1", "host-a", "isl-n-web1");
    private static final LabState.Node WEB1_OTHER = new LabState.Node("node-2", "web1", "host-b", "isl-n-web1-node-2");
    private static final LabState.Node DB = new LabState.Node("node-3", "db", "host-a", "isl-n-db");

    @Test
    void writtenStateReadsBackEqual() {
        LabState state = new LabState("isl-", "127.0.0.1:9090", List.of(H1, H2), List.of(WEB1, DB));
        Path file = dir.resolve("lab/lab.json");

        state.write(file);

        assertThat(LabState.read(file)).contains(state);
        assertThat(file.resolveSibling("lab.json.tmp")).doesNotExist();
    }

    @Test
    void noFileIsNoLab() {
        assertThat(LabState.read(dir.resolve("lab.json"))).isEmpty();
    }

    @Test
    void aDamagedFileIsAnErrorNamingTheFileAndTheWayOut() throws Exception {
        Path file = dir.resolve("lab.json");
        Files.writeString(file, "{\"prefix\": \"isl-\", \"hosts\": [");

        assertThatThrownBy(() -> LabState.read(file)).isInstanceOf(LabException.class)
            .hasMessageStartingWith("the lab state " + file + " is not readable")
            .hasMessageEndingWith("'isthmus lab down' removes the lab");
    }

    @Test
    void aStateWithoutItsPrefixIsDamaged() throws Exception {
        Path file = dir.resolve("lab.json");
        Files.writeString(file, "{\"hosts\": []}");

        assertThatThrownBy(() -> LabState.read(file)).isInstanceOf(LabException.class)
            .hasMessageContaining("is not readable");
    }

    @Test
    void unknownFieldsAndMissingListsAreAccepted() throws Exception {
        Path file = dir.resolve("lab.json");
        Files.writeString(file, "{\"prefix\": \"t-\", \"agentEndpoint\": \"[::1]:9090\", \"later\": 1}");

        LabState state = LabState.read(file).orElseThrow();

        assertThat(state.hosts()).isEmpty();
        assertThat(state.nodes()).isEmpty();
        assertThat(state.agentEndpoint()).isEqualTo("[::1]:9090");
    }

    @Test
    void nodesAreFoundByIdThenByName() {
        LabState state = new LabState("isl-", "e:1", List.of(H1), List.of(WEB1, DB));

        assertThat(state.node("node-3")).contains(DB);
        assertThat(state.node("web1")).contains(WEB1);
        assertThat(state.node("web2")).isEmpty();
    }

    @Test
    void aNameTwoNodesShareMustBeGivenAsAnId() {
        LabState state = new LabState("isl-", "e:1", List.of(H1, H2), List.of(WEB1, WEB1_OTHER));

        assertThat(state.node("node-2")).contains(WEB1_OTHER);
        assertThatThrownBy(() -> state.node("web1")).isInstanceOf(LabException.class)
            .hasMessage("several nodes of the lab are named 'web1': give the id, one of node-1, node-2");
    }

    @Test
    void changesReturnCopies() {
        LabState empty = new LabState("isl-", "e:1", List.of(), List.of());

        LabState hosts = empty.withHost(H2).withHost(H1).withHost(H1.withAgentPid(99));
        LabState nodes = hosts.withNode(WEB1).withNode(DB).withoutNode("node-1");

        assertThat(empty.hosts()).isEmpty();
        assertThat(hosts.hosts()).extracting(LabState.Host::index).containsExactly(1, 2);
        assertThat(hosts.hostById("host-a")).map(LabState.Host::agentPid).contains(99L);
        assertThat(nodes.nodes()).containsExactly(DB);
    }
}
