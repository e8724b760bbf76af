package io.isthmus.cli;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.metrics.AgentMetrics;
import io.isthmus.agent.metrics.MetricsServer;
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
 * {@code isthmus agent}: runs a host's agent (the data plane between the nodes' devices and the substrate TUN) until
 * SIGINT or SIGTERM. Needs root (TUN/TAP, packet sockets, network namespaces).
 */
@Command(name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Runs the agent of one host: registers with the controller, opens the substrate TUN (link up, the host's "
            + "prefix routed into it), attaches the interfaces of the nodes placed on this host as the attachment "
            + "directory says, and runs the data plane between them and the substrate. Runs until interrupted.",
        "",
        "--attach-dir holds one file per node id, read every second, in one of two forms.",
        "",
        "Lab mode, the file holds NETNS: the name of the node's network namespace (as 'ip netns' knows it). The "
            + "agent creates a TAP eth0, eth1... per node interface in it and configures MAC, address, MTU and "
            + "default route with 'ip'.",
        "",
        "Interface mode, the file holds one line 'interface IFNAME' or 'interface IFNAME netns NS' per node "
            + "interface, in order: an existing host-side interface (a VM's TAP, a container's veth end) in "
            + "--netns's namespace, or in NS. The agent sets it up, turns its IPv6 off and attaches to it through "
            + "an AF_PACKET socket; the node configures its own addresses, with the MAC the controller assigned.",
        "",
        "Blank lines and '#' comments are ignored; a malformed file is logged once and ignored."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {" 0:stopped by a signal",
        " 1:the agent could not start (token, registration, devices, metrics address)",
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
        description = "Network namespace to open the substrate TUN in, and where interface-mode attachments "
            + "are looked for (default: the agent's own).")
    private String netns;

    @Option(names = "--attach-dir", paramLabel = "DIR", required = true,
        description = "Attachment directory: one file per node id holding the node's network namespace name "
            + "or 'interface IFNAME [netns NS]' lines (see above).")
    private Path attachDir;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "10s",
        converter = DurationConverter.class,
        description = "How often the counters are reported to the controller (default ${DEFAULT-VALUE}).")
    private Duration reportInterval;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
        description = "Serve GET /metrics (Prometheus text format: every data-plane counter by outcome, drops by "
            + "reason, and gauges) on this address, without authentication: use a management address such as "
            + "127.0.0.1:9464. Off by default.")
    private String metricsListen;

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
        InetSocketAddress metricsAddress = metricsListen == null ? null
            : ControllerCommand.address(spec, "--metrics-listen", metricsListen);
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
        MetricsServer metrics = null;
        if (metricsAddress != null) {
            try {
                metrics = MetricsServer.start(metricsAddress, () -> AgentMetrics.of(runtime).toPrometheusText());
            } catch (IOException e) {
                runtime.stop();
                client.close();
                err.println(IsthmusCommand.ERROR_PREFIX + "cannot serve metrics on " + metricsListen + ": " + e);
                err.flush();
                return 1;
            }
            log.accept("event=metrics-listening address=" + metrics.address().getHostString() + ":"
                + metrics.address().getPort() + " path=" + MetricsServer.PATH);
        }
        log.accept("event=started host=" + hostId + " controller=" + controller + " tun=" + tun + " attach_dir="
            + attachDir);
        MetricsServer metricsServer = metrics;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            if (metricsServer != null) {
                metricsServer.close();
            }
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
