package io.isthmus.cli;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.controller.Controller;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus controller}: runs the controller (embedded store in its data directory, REST API, agent channel)
 * until SIGINT or SIGTERM.
 */
@Command(name = "controller",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Runs the controller: the embedded store in the data directory, the REST API under /v1 "
            + "(OpenAPI document at /v1/openapi.json) and the agent channel. Runs until interrupted.",
        "",
        "The operator's bearer token is read from --operator-token-file, or from 'operator-token' in the data "
            + "directory, created with a random secret on first start."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:stopped by a signal", " 1:the controller could not start (data directory, port)",
        " 2:usage error"})
public final class ControllerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/var/lib/isthmus",
        description = "Directory of the embedded store (default ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
        description = "Address of the REST API (default ${DEFAULT-VALUE}).")
    private String listen;

    @Option(names = "--network-ids", paramLabel = "FIRST-LAST", defaultValue = "1-16777215",
        description = "Range of 24-bit network ids the controller allocates from (default ${DEFAULT-VALUE}).")
    private String networkIds;

    @Option(names = "--agent-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090",
        description = "Address of the agent channel, gRPC over HTTP/2 (default ${DEFAULT-VALUE}). Agents "
            + "authenticate with their host's token: POST /v1/hosts/{hostId}/credentials.")
    private String agentListen;

    @Option(names = "--operator-token-file", paramLabel = "FILE",
        description = "File holding the operator's bearer token (default: DIR/operator-token).")
    private Path operatorTokenFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress address = address("--listen", listen);
        InetSocketAddress agentAddress = address("--agent-listen", agentListen);
        NetworkIdRange range = networkIdRange();
        Controller controller;
        try {
            controller = Controller.start(dataDir, address, operatorTokenFile, agentAddress, range);
        } catch (IOException | RuntimeException e) {
            err.println(IsthmusCommand.ERROR_PREFIX + "cannot start the controller: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println("ts=" + Instant.now() + " event=started api=http://" + controller.apiAddress().getHostString()
            + ":" + controller.apiAddress().getPort() + " agent_channel="
            + controller.agentChannelAddress().getHostString() + ":" + controller.agentChannelAddress().getPort()
            + " data_dir=" + dataDir + " operator_token_file="
            + controller.operatorTokenFile());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            controller.close();
            out.println("ts=" + Instant.now() + " event=stopped");
            out.flush();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private InetSocketAddress address(String option, String listen) {
        return address(spec, option, listen);
    }

    /**
     * Parses {@code listen} as HOST:PORT (an IPv6 host in brackets or not).
     *
     * @throws picocli.CommandLine.ParameterException naming {@code option} when it is not
     */
    static InetSocketAddress address(CommandSpec spec, String option, String listen) {
        int colon = listen.lastIndexOf(':');
        try {
            if (colon < 0) {
                throw new NumberFormatException();
            }
            String host = listen.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': '" + listen + "' is not HOST:PORT");
        }
    }

    private NetworkIdRange networkIdRange() {
        int dash = networkIds.indexOf('-');
        try {
            if (dash < 0) {
                throw new IllegalArgumentException("not FIRST-LAST");
            }
            return new NetworkIdRange(Integer.parseInt(networkIds.substring(0, dash).strip()),
                Integer.parseInt(networkIds.substring(dash + 1).strip()));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--network-ids': '" + networkIds + "': " + e.getMessage());
        }
    }
}
