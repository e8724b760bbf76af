package io.isthmus.cli.xlat;

import io.isthmus.cli.IsthmusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code isthmus xlat}: the group of stateless IP/ICMP translation (SIIT, RFC 7915) commands. */
@Command(name = "xlat",
    mixinStandardHelpOptions = true,
    versionProvider = io.isthmus.cli.VersionProvider.class,
    description = "Stateless IP/ICMP translation (SIIT, RFC 7915) between IPv4 and IPv6.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {TranslateCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class XlatCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Invoked for a bare {@code isthmus xlat}: a command is required. */
    @Override
    public void run() {
        throw IsthmusCommand.missingSubcommand(spec);
    }
}
