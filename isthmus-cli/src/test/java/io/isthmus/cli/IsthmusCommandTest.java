package io.isthmus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The top-level command, run in-process through {@link CommandRun} exactly as {@link IsthmusCommand#main} runs it.
 * The launcher {@code bin/isthmus} is not run by the tests (Maven's {@code package}, which builds the jar it
 * executes, comes after {@code test}); it is exercised by hand.
 */
class IsthmusCommandTest {

    @Test
    void versionNamesTheProjectVersionAndTheRuntime() {
        CommandRun run = CommandRun.of("--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines().getFirst()).matches("isthmus \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run.out()).contains("Java " + Runtime.version().feature());
    }

    @Test
    void helpListsTheXlatGroup() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: isthmus").contains("xlat");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void bareCommandIsAUsageErrorPointingAtHelp() {
        CommandRun run = CommandRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: missing command; try 'isthmus --help' for the list");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void bareGroupIsAUsageErrorPointingAtItsHelp() {
        CommandRun run = CommandRun.of("xlat");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
            "isthmus: missing command; try 'isthmus xlat --help' for the list");
    }

    @Test
    void unknownOptionIsOneLineWithASuggestion() {
        CommandRun run = CommandRun.of("xlat", "translate", "--pool", "64:ff9b::/96", "in.pkt");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("isthmus: Unknown option").contains("'--pool'").contains("--pool6");
    }
}
