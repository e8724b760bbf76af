package io.isthmus.cli.resource;

import io.isthmus.cli.CommandRun;
import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.client.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code isthmus} in-process like {@link CommandRun}, with the resource commands seeing a given environment. */
final class ApiRun {
    private ApiRun() {
    }

    /** Runs with the endpoint and token of {@code controller} in the environment, and no home directory. */
    static CommandRun of(FakeController controller, String... args) {
        return with(Environment.of(Map.of("ISTHMUS_ENDPOINT", controller.endpoint(), "ISTHMUS_TOKEN", "t0ken"),
            null), args);
    }

    /** Runs with this environment. */
    static CommandRun with(Environment environment, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine commandLine = IsthmusCommand.newCommandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof ApiCommand command) {
                    command.useEnvironment(environment);
                }
                return made;
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** An environment of these variables and home directory. */
    static Environment environment(Map<String, String> variables, Path home) {
        return Environment.of(variables, home);
    }
}
