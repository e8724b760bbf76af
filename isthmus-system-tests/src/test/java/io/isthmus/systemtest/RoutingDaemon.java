package io.isthmus.systemtest;

import io.isthmus.agent.linux.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real routing daemon from Debian's packages, BIRD 2 or FRR, running inside a test's namespace with its
 * configuration, sockets and pid files in a directory of its own. {@link #show} asks it for its state through its
 * own client ({@code birdc}, {@code vtysh}); {@link #close} stops it and deletes its directory. Hand it to
 * {@link NetnsFixture#track} so that it stops when the test does, pass or fail.
 */
public final class RoutingDaemon implements AutoCloseable {
    /** The FRR daemons a configuration may need besides zebra. */
    public enum FrrDaemon { BGPD, OSPFD, RIPD, STATICD }

    private final NetnsFixture fixture;
    private final NetworkNamespace namespace;
    private final Path directory;
    private final List<String> client;
    private final List<Path> pidFiles;

    private RoutingDaemon(NetnsFixture fixture, NetworkNamespace namespace, Path directory, List<String> client,
                          List<Path> pidFiles) {
        this.fixture = fixture;
        this.namespace = namespace;
        this.directory = directory;
        this.client = client;
        this.pidFiles = pidFiles;
    }

    /** Starts BIRD 2 in {@code namespace} with {@code config} (bird.conf syntax); tracked by {@code fixture}. */
    public static RoutingDaemon bird(NetnsFixture fixture, NetworkNamespace namespace, String config) {
        Path directory = directory("bird");
        Path conf = write(directory.resolve("bird.conf"), config);
        Path socket = directory.resolve("bird.ctl");
        Path pid = directory.resolve("bird.pid");
        RoutingDaemon daemon = fixture.track(new RoutingDaemon(fixture, namespace, directory,
            List.of("birdc", "-s", socket.toString()), List.of(pid)));
        fixture.exec(namespace, "bird", "-c", conf.toString(), "-s", socket.toString(), "-P", pid.toString())
            .assertSuccess();
        return daemon;
    }

    /**
     * Starts FRR's zebra and {@code daemons} in {@code namespace} with {@code config} (frr.conf syntax, one file for
     * all of them); tracked by {@code fixture}.
     */
    public static RoutingDaemon frr(NetnsFixture fixture, NetworkNamespace namespace, String config,
                                    FrrDaemon... daemons) {
        Path directory = directory("frr");
        Path conf = write(directory.resolve("frr.conf"), config);
        fixture.run("chown", "-R", "frr:frr", directory.toString()).assertSuccess();
        List<Path> pids = new ArrayList<>();
        RoutingDaemon daemon = fixture.track(new RoutingDaemon(fixture, namespace, directory,
            List.of("vtysh", "--vty_socket", directory.toString()), pids));
        List<String> names = new ArrayList<>(List.of("zebra"));
        for (FrrDaemon d : daemons) {
            names.add(d.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String name : names) {
            Path pid = directory.resolve(name + ".pid");
            pids.add(pid);
            List<String> command = new ArrayList<>(List.of("/usr/lib/frr/" + name, "-d", "-f", conf.toString(),
                "-i", pid.toString(), "-z", directory.resolve("zserv.api").toString(), "--vty_socket",
                directory.toString()));
            if (name.equals("bgpd")) {
                command.addAll(List.of("-p", "0"));
            }
            fixture.exec(namespace, command.toArray(String[]::new)).assertSuccess();
            if (name.equals("zebra")) {
                waitFor(() -> Files.exists(directory.resolve("zserv.api")), Duration.ofSeconds(10), "zebra's socket");
            }
        }
        return daemon;
    }

    /** The daemon's answer to {@code command} ({@code show protocols all}, {@code show ip bgp summary}, ...). */
    public String show(String command) {
        List<String> argv = new ArrayList<>(client);
        argv.add(client.getFirst().equals("birdc") ? command : "-c");
        if (!client.getFirst().equals("birdc")) {
            argv.add(command);
        }
        return fixture.tryExec(namespace, argv.toArray(String[]::new)).output();
    }

    /** Runs FRR's {@code commands} in one vtysh session ({@code configure terminal}, ...); returns its output. */
    public String vtysh(String... commands) {
        if (client.getFirst().equals("birdc")) {
            throw new IllegalStateException("vtysh is FRR's");
        }
        List<String> argv = new ArrayList<>(client);
        for (String command : commands) {
            argv.add("-c");
            argv.add(command);
        }
        return fixture.tryExec(namespace, argv.toArray(String[]::new)).output();
    }

    /**
     * Waits until {@code condition} holds for {@link #show}'s answer to {@code command}, or fails with the last
     * answer.
     */
    public String awaitShow(String command, Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String answer = show(command);
        while (!condition.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + ", `" + command + "` still answers:\n" + answer);
            }
            sleep(200);
            answer = show(command);
        }
        return answer;
    }

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to the daemon's processes: {@code STOP} freezes it, as a
     * hung node would be, until {@code CONT}.
     */
    public void signal(String signal) throws IOException {
        for (Path pid : pidFiles) {
            fixture.run("kill", "-" + signal, Files.readString(pid).strip()).assertSuccess();
        }
    }

    /** Where the daemon keeps its files. */
    public Path directory() {
        return directory;
    }

    /** Stops the daemon and deletes its directory; does nothing the second time. */
    @Override
    public void close() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        for (Path pid : pidFiles) {
            if (Files.exists(pid)) {
                String value = Files.readString(pid).strip();
                // A frozen daemon would not see the TERM.
                NetnsFixture.tryRun(Duration.ofSeconds(5), "kill", "-CONT", value);
                NetnsFixture.tryRun(Duration.ofSeconds(5), "kill", value);
                waitFor(() -> !Files.exists(Path.of("/proc", value)), Duration.ofSeconds(5), "pid " + value);
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path directory(String prefix) {
        try {
            Path directory = Files.createTempDirectory("isxt-" + prefix + "-");
            directory.toFile().setReadable(true, false);
            directory.toFile().setWritable(true, false);
            directory.toFile().setExecutable(true, false);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path path, String text) {
        try {
            return Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
