package io.isthmus.systemtest;

import java.util.List;

/**
 * The outcome of a command the harness ran.
 *
 * @param command the argument vector
 * @param exitCode the exit status, or -1 when the command timed out and was killed
 * @param output standard output and standard error, interleaved
 * @param timedOut whether the command was killed for exceeding its timeout
 */
public record CommandResult(List<String> command, int exitCode, String output, boolean timedOut) {
    /** Whether the command ran to completion with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** A description for assertion messages: the command, how it ended, and its output. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\n"
            + (timedOut ? "(timed out, killed)" : "(exit " + exitCode + ")") + "\n" + output;
    }

    /** Throws an {@link AssertionError} carrying {@link #describe()} unless the command succeeded. */
    public CommandResult assertSuccess() {
        if (!succeeded()) {
            throw new AssertionError("command failed:\n" + describe());
        }
        return this;
    }
}
