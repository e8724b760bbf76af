package io.isthmus.cli;

import io.isthmus.cli.lab.LabCommand;
import io.isthmus.cli.resource.DeviceCommand;
import io.isthmus.cli.resource.FeeScheduleCommand;
import io.isthmus.cli.resource.HostCommand;
import io.isthmus.cli.resource.InvoiceCommand;
import io.isthmus.cli.resource.NetworkCommand;
import io.isthmus.cli.resource.NodeCommand;
import io.isthmus.cli.resource.RouteCommand;
import io.isthmus.cli.resource.RouteTableCommand;
import io.isthmus.cli.resource.PeeringAttachmentCommand;
import io.isthmus.cli.resource.PeeringLinkCommand;
import io.isthmus.cli.resource.PeeringRouterCommand;
import io.isthmus.cli.resource.RoutingCommand;
import io.isthmus.cli.resource.SubnetCommand;
import io.isthmus.cli.resource.TenantCommand;
import io.isthmus.cli.resource.TokenCommand;
import io.isthmus.cli.xlat.XlatCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code isthmus} command: holds the subcommand groups (the controller's resources, {@code xlat},
 * {@code lab}) and the {@code --help}/{@code --version} options. Run it with {@link #main} from the shaded jar, or
 * in-process (tests, embedding) through {@link #newCommandLine()}.
 */
@Command(name = "isthmus",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Isthmus network virtualization service: operator and developer tools.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        " 0:success",
        " 1:the command ran and reports a failure (see the command)",
        " 2:usage error or unusable input"},
    subcommands = {TenantCommand.class, TokenCommand.class, HostCommand.class, NetworkCommand.class,
        SubnetCommand.class, NodeCommand.class, RouteTableCommand.class, RouteCommand.class, RoutingCommand.class,
        DeviceCommand.class, PeeringRouterCommand.class, PeeringAttachmentCommand.class,
        PeeringLinkCommand.class, InvoiceCommand.class, FeeScheduleCommand.class, XlatCommand.class,
        ControllerCommand.class, AgentCommand.class, LabCommand.class, CommandLine.HelpCommand.class})
public final class IsthmusCommand implements Runnable {
    /** Prefix of every error line the command prints on standard error. */
    public static final String ERROR_PREFIX = "isthmus: ";

    @Spec
    private CommandSpec spec;

    /** Invoked for a bare {@code isthmus}: a command is required. */
    @Override
    public void run() {
        throw missingSubcommand(spec);
    }

    /**
     * A usage error for a command group invoked without one of its subcommands, pointing at its help.
     *
     * @param group the spec of the group command
     */
    public static ParameterException missingSubcommand(CommandSpec group) {
        return new ParameterException(group.commandLine(),
            "missing command; try '" + group.qualifiedName() + " --help' for the list");
    }

    /**
     * A command line for {@code isthmus} with the project's error handling: usage errors print one
     * {@code isthmus: ...} line on standard error and exit with status 2.
     */
    public static CommandLine newCommandLine() {
        return newCommandLine(CommandLine.defaultFactory());
    }

    /** {@link #newCommandLine()} with the subcommands created by {@code factory} (tests inject through it). */
    public static CommandLine newCommandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new IsthmusCommand(), factory);
        commandLine.setParameterExceptionHandler(IsthmusCommand::handleUsageError);
        // 'isthmus node exec NODE ping -c 1 ...': everything after the node belongs to the command run in it.
        commandLine.getSubcommands().get("node").getSubcommands().get("exec").setStopAtPositional(true);
        return commandLine;
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    private static int handleUsageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        StringBuilder line = new StringBuilder(ERROR_PREFIX).append(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append("?)");
        }
        err.println(line);
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }
}
