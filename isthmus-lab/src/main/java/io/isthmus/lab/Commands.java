package io.isthmus.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short system commands ({@code ip}, {@code sysctl}) the lab is built with. */
final class Commands {
    private static final long TIMEOUT_SECONDS = 30;

    private Commands() {
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit status
     * @param output its standard output and error
     */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command and returns its output.
     *
     * @throws LabException when it cannot be started or fails, with its output
     */
    static String run(String... command) {
        Result result = tryRun(command);
        if (!result.succeeded()) {
            throw new LabException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode() + "): "
                + result.output().strip());
        }
        return result.output();
    }

    /** Runs a command and returns its outcome, failed or not; it cannot be started is a {@link LabException}. */
    static Result tryRun(String... command) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new LabException("cannot run '" + command[0] + "': " + e.getMessage(), e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS
                    + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new LabException("cannot read the output of '" + command[0] + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running '" + command[0] + "'", e);
        }
    }
}
