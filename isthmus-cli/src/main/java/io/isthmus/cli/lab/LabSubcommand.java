package io.isthmus.cli.lab;

import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.VersionProvider;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.ApiException;
import io.isthmus.cli.client.ConnectionOptions;
import io.isthmus.cli.client.Environment;
import io.isthmus.cli.client.SettingsException;
import io.isthmus.lab.LabException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of the lab commands: the lab directory option, progress lines on standard output, and the exit status:
 * 0 success, 1 the lab or the controller reports a failure (one {@code isthmus: ...} message on standard error), 2
 * usage errors.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:success", " 1:the lab or the controller reports a failure (not root, no lab, ...)",
        " 2:usage error"})
public abstract class LabSubcommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private LabDirectory labDirectory = new LabDirectory();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } catch (LabException e) {
            return fail(e.getMessage());
        } catch (ApiException e) {
            return fail(String.join("\n", e.lines()));
        } finally {
            out().flush();
        }
    }

    /** A usage error with one line of explanation (exit status 2). */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Does the command's work; returns the exit status. */
    protected abstract int run();

    /** The lab directory the options name. */
    protected Path labDirectory() {
        return labDirectory.resolve();
    }

    /** A client for the controller {@code options} name; a missing or unusable endpoint or token is a usage error. */
    protected ApiClient client(ConnectionOptions options) {
        try {
            return new ApiClient(options.resolve(Environment.system()));
        } catch (SettingsException e) {
            throw usage(e.getMessage());
        }
    }

    /** Standard output. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints a progress line. */
    protected void progress(String line) {
        out().println(line);
        out().flush();
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(IsthmusCommand.ERROR_PREFIX + message);
        err.flush();
        return 1;
    }
}
