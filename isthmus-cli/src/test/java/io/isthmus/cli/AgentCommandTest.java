package io.isthmus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agent command's tuning options are checked before anything starts. */
class AgentCommandTest {
    private static CommandRun agent(String... tuning) {
        String[] base = {"agent", "--controller", "127.0.0.1:1", "--host-id", "host-1", "--token-file",
            "/nonexistent/token", "--substrate-prefix", "2001:db8:0:100::/72", "--attach-dir", "/nonexistent"};
        String[] args = new String[base.length + tuning.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(tuning, 0, args, base.length, tuning.length);
        return CommandRun.of(args);
    }

    @Test
    void anUnknownIdleStrategyIsAUsageError() {
        CommandRun run = agent("--idle", "busy");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--idle", "expected block, spin[:N] or yield[:N]");
    }

    @Test
    void aQueueCountOutOfRangeIsAUsageError() {
        CommandRun run = agent("--queues", "0");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("queues 0 outside 1..16");
    }

    @Test
    void validTuningGetsAsFarAsTheTokenFile() {
        CommandRun run = agent("--idle", "yield:50", "--queues", "2");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains("cannot read the token file");
    }

    @Test
    void theHelpNamesTheTuningOptions() {
        CommandRun run = CommandRun.of("agent", "--help");
        // Help lines are wrapped: compare with single spaces.
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--idle=STRATEGY", "Default block.", "--queues=N",
            "IFF_MULTI_QUEUE");
    }
}
