package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.IsthmusCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code isthmus node exec NODE [--] COMMAND...}: what reaches the command run in the node. */
class NodeExecParsingTest {
    private static List<String> command(String... args) {
        ParseResult result = IsthmusCommand.newCommandLine().parseArgs(args);
        ParseResult exec = result.subcommand().subcommand();
        return ((NodeCommand.ExecNode) exec.commandSpec().userObject()).command();
    }

    @Test
    void everythingAfterTheNodeIsTheCommandWithItsOptions() {
        assertThat(command("node", "exec", "web1", "ping", "-c", "1", "--help", "10.0.0.5"))
            .containsExactly("ping", "-c", "1", "--help", "10.0.0.5");
    }

    @Test
    void aDoubleDashBeforeTheCommandIsDropped() {
        assertThat(command("node", "exec", "--lab-dir", "/tmp/x", "web1", "--", "ip", "-4", "addr"))
            .containsExactly("ip", "-4", "addr");
    }

    @Test
    void aDoubleDashInsideTheCommandIsKept() {
        assertThat(command("node", "exec", "web1", "--", "sh", "-c", "echo", "--", "x"))
            .containsExactly("sh", "-c", "echo", "--", "x");
    }
}
