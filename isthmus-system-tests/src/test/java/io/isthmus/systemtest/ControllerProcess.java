package io.isthmus.systemtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller as a real process: {@code isthmus controller} in a child JVM on the test class path, on loopback
 * with free ports (the same ones again on {@link #restart}), its data directory given by the test. Its log is
 * drained so it never blocks.
 */
final class ControllerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("event=started api=http://([^ :]+):(\\d+)"
        + " agent_channel=([^ :]+):(\\d+)");

    private final Process process;
    private final Path dataDir;
    private final InetSocketAddress api;
    private final InetSocketAddress agentChannel;

    private ControllerProcess(Process process, Path dataDir, InetSocketAddress api, InetSocketAddress agentChannel) {
        this.process = process;
        this.dataDir = dataDir;
        this.api = api;
        this.agentChannel = agentChannel;
    }

    /** Starts a controller on {@code dataDir} with these extra options, and waits until its API listens. */
    static ControllerProcess start(Path dataDir, String... options) throws IOException {
        return startOn(dataDir, "127.0.0.1:0", "127.0.0.1:0", options);
    }

    /**
     * Starts it again on its data directory and on the same ports (agents keep their agent-channel address), once
     * the process is gone; retries while the ports are still held for up to 10 s.
     */
    ControllerProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the controller still runs");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return startOn(dataDir, "127.0.0.1:" + api.getPort(), "127.0.0.1:" + agentChannel.getPort());
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
                System.out.println("controller restart: ports still held, retrying");
                Thread.sleep(200);
            }
        }
    }

    private static ControllerProcess startOn(Path dataDir, String listen, String agentListen, String... options)
        throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"), "io.isthmus.cli.IsthmusCommand", "controller",
            "--data-dir", dataDir.toString(), "--listen", listen, "--agent-listen", agentListen));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out));
                return new ControllerProcess(process, dataDir,
                    new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))),
                    new InetSocketAddress(m.group(3), Integer.parseInt(m.group(4))));
            }
        }
        throw new AssertionError("controller did not start:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the log is not checked here
            }
        } catch (IOException e) {
            // the process ended and its output with it
        }
    }

    /** Where the REST API listens. */
    InetSocketAddress api() {
        return api;
    }

    /** Where the agent channel listens. */
    InetSocketAddress agentChannel() {
        return agentChannel;
    }

    /** The base URI of the REST API. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + api.getPort());
    }

    /** The operator's bearer token, from the data directory. */
    String operatorToken() throws IOException {
        return Files.readString(dataDir.resolve("operator-token")).strip();
    }

    /** Stops it as an operator would (SIGTERM) and waits. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("controller did not stop on SIGTERM");
        }
    }

    /** Kills it (SIGKILL) and waits. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
