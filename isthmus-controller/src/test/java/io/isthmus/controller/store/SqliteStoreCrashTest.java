package io.isthmus.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a burst of creates loses no acknowledged create: a child JVM ({@link CrashWriter})
 * writes and prints each create once its transaction returned; the test SIGKILLs it mid-burst,
 * reopens the store and checks every acknowledged create, repeatedly on the same directory.
 */
class SqliteStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    void killDuringBurstLosesNoAcknowledgedCreate() throws Exception {
        int[][] rounds = {{1, 150}, {4, 300}, {1, 40}, {2, 500}};
        long lastRevision = 0;
        int totalAcked = 0;
        for (int round = 0; round < rounds.length; round++) {
            int threads = rounds[round][0];
            int killAfter = rounds[round][1];
            List<String> acked = new ArrayList<>();
            int ackedBeforeKill;
            long maxAckedRevision = 0;
            Process child = start("r" + round, threads);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = out.readLine();
                assertThat(ready).as("child start (stderr: see test output)").startsWith("ready ");
                // The store reopened after the previous kill at the revision the last round reached.
                assertThat(Long.parseLong(ready.substring(6))).isGreaterThanOrEqualTo(lastRevision);
                String line;
                while (acked.size() < killAfter && (line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    acked.add(f[1]);
                    maxAckedRevision = Math.max(maxAckedRevision, Long.parseLong(f[2]));
                }
                assertThat(acked).as("acknowledgements before the kill").hasSize(killAfter);
                ackedBeforeKill = acked.size();
                // SIGKILL. Through the handle, which (unlike Process.destroyForcibly) leaves the
                // pipe readable, so the acknowledgements already written can still be read.
                assertThat(child.toHandle().destroyForcibly()).isTrue();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                // Lines already in the pipe were acknowledged before the kill, so they count too.
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f.length < 3) break; // a torn last line was not acknowledged
                    acked.add(f[1]);
                    maxAckedRevision = Math.max(maxAckedRevision, Long.parseLong(f[2]));
                }
            } finally {
                child.destroyForcibly();
            }
            assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

            try (SqliteStore store = SqliteStore.open(dir)) {
                assertThat(store.integrityCheck()).isEqualTo("ok");
                assertThat(store.revision()).isGreaterThanOrEqualTo(maxAckedRevision);
                totalAcked += acked.size();
                assertThat(store.revision()).isGreaterThanOrEqualTo(totalAcked);
                for (String base : acked) {
                    assertThat(store.get(base + "/a")).as("acknowledged %s", base).isPresent();
                }
                // Atomicity: every create in the file (acknowledged or not) has both keys.
                List<KeyValue> all = new ArrayList<>();
                String after = null;
                RangePage page;
                do {
                    page = store.range("/crash/r" + round + "/", after, 1000);
                    all.addAll(page.kvs());
                    after = page.lastKey().orElse(after);
                } while (page.more());
                assertThat(all.size() % 2).as("a and b of every create").isZero();
                for (int i = 0; i < all.size(); i += 2) {
                    String a = all.get(i).key();
                    assertThat(a).endsWith("/a");
                    assertThat(all.get(i + 1).key()).isEqualTo(a.substring(0, a.length() - 1) + "b");
                    assertThat(all.get(i + 1).modRevision()).isEqualTo(all.get(i).modRevision());
                }
                assertThat(all.size() / 2).isGreaterThanOrEqualTo(acked.size());
                lastRevision = store.revision();
                System.out.printf("crash round %d: %d writer thread(s), SIGKILL after %d acks, %d acks in total,"
                        + " %d creates found, revision %d%n", round, threads, ackedBeforeKill, acked.size(),
                        all.size() / 2, store.revision());
            }
        }
    }

    private Process start(String run, int threads) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(), run,
                Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
