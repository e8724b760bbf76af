package io.isthmus.cli.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code xlat translate} on one of Jool's SIIT vectors with Jool's configuration, end to end through the command
 * line; the translator itself is checked on all 42 vectors in isthmus-xlat.
 */
class JoolVectorTest {

    @Test
    void udpSixToFourMatchesJool(@TempDir Path out) throws IOException {
        Path vectors = SharedVectors.joolSiit();
        Assumptions.assumeTrue(Files.isRegularFile(vectors.resolve("sender/6-udp-csumok-df-nofrag.pkt")),
            "Jool SIIT vectors not found at " + vectors + ": place the shared directory beside the checkout or set "
                + "ISTHMUS_SHARED to run this test");

        CommandRun run = CommandRun.of("xlat", "translate",
            "--pool6", "2001:db8:100::/40",
            "--eam", "1.0.0.0/24=2001:db8:3::/120",
            "--eam", "10.0.0.0/24=2001:db8:2::/120",
            "--rfc6791", "203.0.113.8/32",
            "--out-dir", out.toString(),
            vectors.resolve("sender/6-udp-csumok-df-nofrag.pkt").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().getFirst()).startsWith("out-1.pkt  translated  IPv4 ").doesNotContain("bad-");
        assertThat(run.outLines().getLast()).isEqualTo("result: TRANSLATED");
        byte[] actual = Files.readAllBytes(out.resolve("out-1.pkt"));
        byte[] expected = Files.readAllBytes(vectors.resolve("receiver/4-udp-csumok-df-nofrag.pkt"));
        assertThat(actual).hasSameSizeAs(expected);
        // Identification (4, 5) is chosen by the translator, and the header checksum (10, 11) follows it.
        Set<Integer> ignored = Set.of(4, 5, 10, 11);
        for (int i = 0; i < expected.length; i++) {
            if (!ignored.contains(i)) {
                assertThat(actual[i]).as("byte %d", i).isEqualTo(expected[i]);
            }
        }
    }
}
