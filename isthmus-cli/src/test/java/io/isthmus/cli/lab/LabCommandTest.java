package io.isthmus.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors and the failures a lab command reports before it touches the machine, run in-process. Building a lab
 * needs root and a controller: the system test {@code LabSystemTest} does that.
 */
class LabCommandTest {
    @TempDir
    Path dir;

    @Test
    void bareLabIsAUsageErrorPointingAtItsHelp() {
        CommandRun run = CommandRun.of("lab");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: missing command; try 'isthmus lab --help' for the list");
    }

    @Test
    void helpListsTheLabCommands() {
        CommandRun run = CommandRun.of("lab", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("up", "attach", "detach", "status", "down");
    }

    @Test
    void upNeedsAHostCount() {
        CommandRun run = CommandRun.of("lab", "up", "--lab-dir", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: Missing required option: '--hosts=N'");
    }

    @Test
    void upRefusesAHostCountOutOfRange() {
        CommandRun run = CommandRun.of("lab", "up", "--hosts", "17", "--lab-dir", dir.toString(), "--endpoint",
            "http://127.0.0.1:1", "--token", "t");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: a lab has 1 to 16 hosts, not 17");
    }

    @Test
    void upRefusesABadPrefix() {
        CommandRun run = CommandRun.of("lab", "up", "--hosts", "2", "--prefix", "Lab_", "--lab-dir",
            dir.toString(), "--endpoint", "http://127.0.0.1:1", "--token", "t");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("isthmus: namespace prefix 'Lab_' must be a lowercase letter");
    }

    @Test
    void upRefusesAnEndpointThatIsNotAUrl() {
        CommandRun run = CommandRun.of("lab", "up", "--hosts", "2", "--lab-dir", dir.toString(), "--endpoint",
            "127.0.0.1:8080", "--token", "t");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("isthmus: endpoint '127.0.0.1:8080' is not an http or https URL");
    }

    @Test
    void attachWithoutALabSaysSoWithoutCallingTheController() {
        CommandRun run = CommandRun.of("lab", "attach", "node-1", "--lab-dir", dir.toString(), "--endpoint",
            "http://127.0.0.1:1", "--token", "t");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: no lab is up in " + dir + ": 'isthmus lab up' first");
    }

    @Test
    void attachTakesDhcpAndDescribesIt() {
        CommandRun run = CommandRun.of("lab", "attach", "node-1", "--dhcp", "--lab-dir", dir.toString(),
            "--endpoint", "http://127.0.0.1:1", "--token", "t");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: no lab is up in " + dir + ": 'isthmus lab up' first");

        CommandRun help = CommandRun.of("lab", "attach", "--help");
        assertThat(help.out()).contains("--dhcp", "DHCP client");
    }

    @Test
    void statusWithoutALabIsAFailure() {
        CommandRun run = CommandRun.of("lab", "status", "--lab-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: no lab is up in " + dir);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void nodeExecNeedsANodeAndACommand() {
        CommandRun none = CommandRun.of("node", "exec", "--lab-dir", dir.toString());
        CommandRun noCommand = CommandRun.of("node", "exec", "--lab-dir", dir.toString(), "web1");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("isthmus: Missing required parameters: 'NODE', 'COMMAND'");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("isthmus: Missing required parameter: 'COMMAND'");
        CommandRun onlyDashes = CommandRun.of("node", "exec", "--lab-dir", dir.toString(), "web1", "--");
        assertThat(onlyDashes.exitCode()).isEqualTo(2);
        assertThat(onlyDashes.errLines()).containsExactly("isthmus: no command after '--'");
    }

    @Test
    void nodeExecTakesOptionsAfterTheNodeAsTheCommands() {
        CommandRun run = CommandRun.of("node", "exec", "--lab-dir", dir.toString(), "web1", "ping", "-c", "1",
            "10.0.0.5");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: no lab is up in " + dir + ": 'isthmus lab up' first");
    }

    @Test
    void nodeExecWithoutALabSaysSo() {
        CommandRun run = CommandRun.of("node", "exec", "--lab-dir", dir.toString(), "web1", "--", "ping", "-c", "1",
            "10.0.0.5");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: no lab is up in " + dir + ": 'isthmus lab up' first");
    }
}
