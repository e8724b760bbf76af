package io.isthmus.agent.linux;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} for the configuration the agent does not do through system calls (addresses, routes,
 * links, namespaces), with a timeout, failing with the command's own output.
 */
public final class IpCommand {
    /** How long one command may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private IpCommand() {
    }

    /**
     * Runs {@code ip} with {@code args}, in namespace {@code namespace} ({@code ip -n}) unless it is null.
     *
     * @return the command's output
     * @throws IOException when it fails or times out, with its output
     */
    public static String run(NetworkNamespace namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        if (namespace != null) {
            command.add("-n");
            command.add(namespace.name());
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }
}
