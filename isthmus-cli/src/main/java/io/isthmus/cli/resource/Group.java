package io.isthmus.cli.resource;

import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of a resource's command group ({@code isthmus network}): a subcommand is required. */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n")
abstract class Group implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Invoked for a bare group: a command is required. */
    @Override
    public void run() {
        throw IsthmusCommand.missingSubcommand(spec);
    }
}
