package io.isthmus.cli;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.agent.runtime.DeviceTuning;
import io.isthmus.agent.runtime.IdleStrategy;
import io.isthmus.wire.Ipv6Prefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus agent}: runs a host's agent (the data plane between the nodes' TAPs and the substrate TUN) until
 * SIGINT or SIGTERM. Needs root (TUN/TAP, network namespaces).
 */
@Command(name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Runs the agent of one host: registers with the controller, opens the substrate TUN (link up, the host's "
            + "prefix routed into it), and for each interface of the nodes placed on this host opens a TAP named "
            + "eth0, eth1... inside the node's network namespace and configures it (MAC, address, MTU, default "
            + "route) with 'ip'. Runs until interrupted.",
        "",
        "Lab attach mode: --attach-dir holds one file per node id containing the name of the node's network "
            + "namespace (as 'ip netns' knows it); the directory is read every second."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:stopped by a signal", " 1:the agent could not start (token, registration, devices)",
        " 2:usage error"})
public final class AgentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--controller", paramLabel = "HOST:PORT", required = true,
        description = "Address of the controller's agent channel.")
    private String controller;

    @Option(names = "--host-id", paramLabel = "ID", required = true, description = "This host's id (host-...).")
    private String hostId;

    @Option(names = "--token-file", paramLabel = "FILE", required = true,
        description = "File holding the host's token (POST /v1/hosts/{hostId}/credentials).")
    private Path tokenFile;

    @Option(names = "--substrate-prefix", paramLabel = "PREFIX", required = true,
        description = "The host's agent prefix, as the operator registered it (e.g. 2001:db8:0:100::/72).")
    private String substratePrefix;

    @Option(names = "--tun", paramLabel = "NAME", defaultValue = "isthmus0",
        description = "Name of the substrate TUN (default ${DEFAULT-VALUE}).")
    private String tun;

    @Option(names = "--netns", paramLabel = "NAME",
        description = "Network namespace to open the substrate TUN in (default: the agent's own).")
    private String netns;

    @Option(names = "--attach-dir", paramLabel = "DIR", required = true,
        description = "Attachment directory: one file per node id holding the node's network namespace name.")
    private Path attachDir;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "10s",
        converter = DurationConverter.class,
        description = "How often the counters are reported to the controller (default ${DEFAULT-VALUE}).")
    private Duration reportInterval;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "block",
        description = "What a device reader does when it finds no packet: block (park in poll at once), spin[:N] "
            + "(N empty reads with a spin hint, then park) or yield[:N] (N empty reads yielding the CPU, then park). "
            + "Default ${DEFAULT-VALUE}.")
    private String idle;

    @Option(names = "--queues", paramLabel = "N", defaultValue = "1",
        description = "Queues per TAP and for the substrate TUN (IFF_MULTI_QUEUE), one reader thread each; the "
            + "kernel spreads flows over them by hash. Default ${DEFAULT-VALUE}.")
    private int queues;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress endpoint = ControllerCommand.address(spec, "--controller", controller);
        Ipv6Prefix prefix;
        try {
            prefix = Ipv6Prefix.parse(substratePrefix);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                "Invalid value for option '--substrate-prefix': '" + substratePrefix + "': " + e.getMessage());
        }
        DeviceTuning tuning;
        try {
            tuning = new DeviceTuning(IdleStrategy.parse(idle), queues);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--idle' or '--queues': "
                + e.getMessage());
        }
        String token;
        try {
            token = Files.readString(tokenFile).strip();
        } catch (IOException e) {
            err.println(IsthmusCommand.ERROR_PREFIX + "cannot read the token file " + tokenFile + ": " + e);
            err.flush();
            return 1;
        }
        Object lock = new Object();
        java.util.function.Consumer<String> log = line -> {
            synchronized (lock) {
                out.println("ts=" + Instant.now() + " " + line);
                out.flush();
            }
        };
        ControllerClient client = ControllerClient.connect(endpoint, token);
        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(client, new AgentRuntime.Config(hostId, prefix, tun,
                netns == null ? null : NetworkNamespace.named(netns), attachDir, Duration.ofSeconds(1),
                reportInterval), tuning, log);
        } catch (Exception e) {
            client.close();
            err.println(IsthmusCommand.ERROR_PREFIX + "cannot start the agent: " + e.getMessage());
            err.flush();
            return 1;
        }
        log.accept("event=started host=" + hostId + " controller=" + controller + " tun=" + tun + " attach_dir="
            + attachDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            runtime.stop();
            client.close();
            log.accept("event=counters " + runtime.counters().entrySet().stream()
                .map(e -> e.getKey().toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue())
                .reduce((a, b) -> a + " " + b).orElse(""));
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
