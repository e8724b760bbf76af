package io.isthmus.cli.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * Usage errors of {@code isthmus xlat run}, caught before any device is created. The running gateway itself is
 * covered by the system tests (SiitGatewaySystemTest) and the demo.
 */
class RunCommandTest {
    @Test
    void aMappingIsRequired() {
        CommandRun run = CommandRun.of("xlat", "run", "--tun", "isxtnone0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pool6 or --eam");
    }

    @Test
    void aBadIntervalNamesTheOption() {
        CommandRun run = CommandRun.of("xlat", "run", "--pool6", "2001:db8:46::/96", "--counters-every", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--counters-every").contains("soon");
    }

    @Test
    void helpListsTheDeviceAndTheSharedTranslatorOptions() {
        CommandRun run = CommandRun.of("xlat", "run", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--tun", "--counters-every", "--pool6", "--eam", "--error-source-ipv4");
    }
}
