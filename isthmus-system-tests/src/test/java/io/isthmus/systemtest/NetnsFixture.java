package io.isthmus.systemtest;

import io.isthmus.agent.linux.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns the kernel objects a system test makes: network namespaces named {@value #PREFIX} plus a random suffix,
 * veth pairs between them, and any {@link AutoCloseable} (devices, sockets) handed to {@link #track}.
 *
 * <p>{@link #close()} closes the tracked resources in reverse order, then deletes the namespaces, and reports
 * every cleanup failure at once. Use it in try-with-resources or from {@code @AfterEach} so that it runs when a
 * test fails; a shutdown hook deletes the namespaces if the JVM exits before that (for example on a surefire
 * timeout). Names are random, so runs in parallel (other worktrees, other forks) do not collide; veth ends are
 * created directly inside their namespaces for the same reason.
 *
 * <p>Every command runs with a timeout ({@link #COMMAND_TIMEOUT} unless given) and, when asserted, puts its
 * output into the assertion message.
 */
public final class NetnsFixture implements AutoCloseable {
    /** Prefix of every namespace this harness makes. */
    public static final String PREFIX = "isxt-";
    /** Default command timeout. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread shutdownHook;
    private boolean closed;

    private NetnsFixture() {
        shutdownHook = new Thread(this::deleteNamespacesQuietly, "netns-fixture-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A fixture; checks first that the test runs as root on Linux, aborting it otherwise. */
    public static NetnsFixture create() {
        RootOnLinuxExtension.check();
        return new NetnsFixture();
    }

    /**
     * Creates a namespace with a fresh unique name and its loopback up.
     *
     * @throws AssertionError when {@code ip netns add} fails, with its output
     */
    public synchronized NetworkNamespace createNamespace() {
        ensureOpen();
        String name = PREFIX + HexFormat.of().toHexDigits(RANDOM.nextInt());
        run("ip", "netns", "add", name);
        NetworkNamespace namespace = NetworkNamespace.named(name);
        namespaces.add(namespace);
        run("ip", "-n", name, "link", "set", "dev", "lo", "up");
        return namespace;
    }

    /**
     * Creates a veth pair with one end in each namespace, both ends down and unaddressed.
     *
     * @throws AssertionError when {@code ip link add} fails, with its output
     */
    public VethPair createVeth(NetworkNamespace first, String firstName, NetworkNamespace second, String secondName) {
        ensureOpen();
        run("ip", "link", "add", "name", firstName, "netns", first.name(), "type", "veth",
            "peer", "name", secondName, "netns", second.name());
        return new VethPair(first, firstName, second, secondName);
    }

    /**
     * A veth pair: {@code firstName} in {@code first} and {@code secondName} in {@code second}. Deleted with its
     * namespaces.
     */
    public record VethPair(NetworkNamespace first, String firstName, NetworkNamespace second, String secondName) {
    }

    /** Closes {@code resource} when the fixture closes, before the namespaces are deleted; returns it. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        ensureOpen();
        resources.push(resource);
        return resource;
    }

    /** Runs {@code command} in the test's namespace, asserting it succeeds within {@link #COMMAND_TIMEOUT}. */
    public CommandResult run(String... command) {
        return tryRun(COMMAND_TIMEOUT, command).assertSuccess();
    }

    /** Runs {@code command} inside {@code namespace} ({@code ip netns exec}), asserting it succeeds. */
    public CommandResult exec(NetworkNamespace namespace, String... command) {
        return tryRun(COMMAND_TIMEOUT, inNamespace(namespace, command)).assertSuccess();
    }

    /** Runs {@code command} inside {@code namespace} and returns its result, whatever it is. */
    public CommandResult tryExec(NetworkNamespace namespace, String... command) {
        return tryRun(COMMAND_TIMEOUT, inNamespace(namespace, command));
    }

    private static String[] inNamespace(NetworkNamespace namespace, String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = namespace.name();
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    /**
     * Runs {@code command}, killing it after {@code timeout}, and returns its result, whatever it is. Standard input
     * is empty; standard output and error are captured together.
     */
    public static CommandResult tryRun(Duration timeout, String... command) {
        List<String> argv = List.of(command);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new CommandResult(argv, -1, "cannot start: " + e, false);
        }
        // Drained on another thread so that a chatty command cannot block on a full pipe.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()),
            runnable -> Thread.ofVirtual().start(runnable));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(1, TimeUnit.SECONDS);
            }
            String text = output.get(2, TimeUnit.SECONDS);
            return new CommandResult(argv, finished ? process.exitValue() : -1, text, !finished);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(argv, -1, "interrupted", true);
        } catch (ExecutionException | TimeoutException e) {
            return new CommandResult(argv, process.isAlive() ? -1 : process.exitValue(), "output lost: " + e,
                process.isAlive());
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The namespaces made so far, oldest first. */
    public synchronized List<NetworkNamespace> namespaces() {
        return List.copyOf(namespaces);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("fixture closed");
        }
    }

    /**
     * Closes tracked resources (last tracked first), then deletes every namespace this fixture made. Runs every
     * step even when one fails, then throws an {@link AssertionError} listing the failures.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                failures.add("closing " + resource + ": " + e);
                causes.add(e);
            }
        }
        for (NetworkNamespace namespace : namespaces) {
            CommandResult result = tryRun(COMMAND_TIMEOUT, "ip", "netns", "delete", namespace.name());
            if (!result.succeeded() && namespace.exists()) {
                failures.add(result.describe());
            }
        }
        namespaces.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it finds nothing left to delete.
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("cleanup failed:\n" + String.join("\n", failures));
            causes.forEach(error::addSuppressed);
            throw error;
        }
    }

    private synchronized void deleteNamespacesQuietly() {
        for (NetworkNamespace namespace : namespaces) {
            tryRun(COMMAND_TIMEOUT, "ip", "netns", "delete", namespace.name());
        }
    }
}
