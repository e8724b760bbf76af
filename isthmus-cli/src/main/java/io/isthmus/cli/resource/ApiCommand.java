package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.VersionProvider;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.ApiException;
import io.isthmus.cli.client.ConnectionOptions;
import io.isthmus.cli.client.Environment;
import io.isthmus.cli.client.Json;
import io.isthmus.cli.client.SettingsException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every command that calls the controller: the connection and output options, the resolution of the
 * connection, and the exit status. A subclass sends its requests in {@link #run} and prints with {@link #show}.
 *
 * <p>Exit status: 0 success; 1 the controller answered an error (its problem printed on standard error) or could
 * not be reached; 2 usage errors, including a missing endpoint or token.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:success", " 1:the controller answered an error, or cannot be reached",
        " 2:usage error, or no endpoint or token"})
public abstract class ApiCommand implements Callable<Integer> {
    /** Output forms. */
    enum Output { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", order = 103,
        description = "table (aligned columns) or json (the API's JSON, pretty-printed); default: ${DEFAULT-VALUE}.")
    Output output;

    private Environment environment = Environment.system();

    /** Replaces the process environment this command reads (for tests). */
    void useEnvironment(Environment replacement) {
        this.environment = replacement;
    }

    @Override
    public final Integer call() {
        ApiClient client;
        try {
            client = new ApiClient(connection.resolve(environment));
        } catch (SettingsException e) {
            throw usage(e.getMessage());
        }
        try {
            run(client);
            return 0;
        } catch (ApiException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(IsthmusCommand.ERROR_PREFIX + e.lines().getFirst());
            e.lines().stream().skip(1).forEach(err::println);
            err.flush();
            return 1;
        } finally {
            out().flush();
        }
    }

    /** Sends this command's requests and prints the outcome. */
    protected abstract void run(ApiClient client);

    /** Standard output. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A usage error with one line of explanation (exit status 2). */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Prints one resource: as {@code view} for {@code -o table}, as its JSON for {@code -o json}. */
    protected void show(JsonNode resource, View view) {
        if (output == Output.json) {
            out().println(Json.pretty(resource));
        } else {
            view.printOne(resource, out());
        }
    }
}
