package io.isthmus.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.DurationConverter;
import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.VersionProvider;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.ConnectionOptions;
import io.isthmus.cli.client.Json;
import io.isthmus.cli.client.Table;
import io.isthmus.lab.Lab;
import io.isthmus.lab.LabException;
import io.isthmus.lab.LabLayout;
import io.isthmus.lab.LabState;
import io.isthmus.lab.NodePlacement;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus lab}: a lab on this machine (root): hosts with their agents and the substrate between them, and
 * nodes as network namespaces.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
    description = {"A lab on this machine, as root: a substrate router namespace, a namespace and an 'isthmus agent' "
        + "process per host, and nodes as namespaces the agents attach. The controller must be running.",
        "",
        "  isthmus lab up --hosts 2 --agent-endpoint 127.0.0.1:9090     (operator token)",
        "  isthmus node create ... --host HOST_ID; isthmus lab attach NODE_ID   (tenant token)",
        "  isthmus node exec NODE -- ping 10.0.0.5",
        "  isthmus lab down"},
    subcommands = {LabCommand.Up.class, LabCommand.Attach.class, LabCommand.Detach.class, LabCommand.Status.class,
        LabCommand.Down.class})
public final class LabCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Invoked for a bare {@code isthmus lab}: a command is required. */
    @Override
    public void run() {
        throw IsthmusCommand.missingSubcommand(spec);
    }

    /**
     * The command that runs {@code isthmus} again, for the agent processes: this JVM's {@code java} with its class
     * path. A class path of one jar (the shaded jar under {@code bin/isthmus}) is copied to {@code jarCopy} first
     * (written beside it and renamed over it, so agents running from an earlier copy keep theirs), so that a rebuild
     * of the jar never changes it under the running agents.
     */
    static List<String> selfCommand(Path jarCopy) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Path jar = Path.of(classPath);
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && Files.isRegularFile(jar)) {
            try {
                Files.createDirectories(jarCopy.toAbsolutePath().getParent());
                Path temporary = jarCopy.resolveSibling(jarCopy.getFileName() + ".tmp");
                Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, jarCopy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                classPath = jarCopy.toString();
            } catch (IOException e) {
                throw new LabException("cannot copy " + jar + " to " + jarCopy + ": " + e.getMessage(), e);
            }
        }
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, IsthmusCommand.class.getName());
    }

    /** {@code isthmus lab up --hosts N}. */
    @Command(name = "up", description = "Build the substrate and the hosts, register the hosts with the controller "
        + "(host-1, host-2... with prefixes 2001:db8:0:100::/72, 2001:db8:0:200::/72...; reused when registered "
        + "already) and start their agents. Needs the operator token.")
    static final class Up extends LabSubcommand {
        @Option(names = "--hosts", paramLabel = "N", required = true, order = 1,
            description = "Number of hosts, 1 to " + LabLayout.MAX_HOSTS + ".")
        private int hosts;

        @Option(names = "--agent-endpoint", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090", order = 2,
            description = "The controller's agent channel, as the agents reach it (default ${DEFAULT-VALUE}).")
        private String agentEndpoint;

        @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = LabLayout.DEFAULT_PREFIX, order = 3,
            description = "Start of the lab's namespace names (default ${DEFAULT-VALUE}).")
        private String prefix;

        @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "10s", order = 4,
            converter = DurationConverter.class,
            description = "How often the agents report their counters (default ${DEFAULT-VALUE}).")
        private Duration reportInterval;

        @Mixin
        private ConnectionOptions connection = new ConnectionOptions();

        @Override
        protected int run() {
            LabLayout.checkHostCount(hosts);
            new LabLayout(labDirectory(), prefix);
            ApiClient client = client(connection);
            Lab lab = Lab.open(labDirectory(), prefix);
            if (lab.state().isPresent()) {
                throw new LabException("a lab is up already in " + lab.layout().directory()
                    + ": 'isthmus lab down' first");
            }
            LabState state;
            try {
                state = lab.up(hosts, new ApiHostRegistry(client), agentEndpoint,
                    selfCommand(lab.layout().agentJar()), reportInterval, this::progress);
            } catch (RuntimeException e) {
                if (lab.state().isEmpty()) {
                    try {
                        Files.deleteIfExists(lab.layout().agentJar());
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            progress("lab up: " + state.hosts().size() + " host(s) in " + lab.layout().directory() + "; place nodes "
                + "with 'isthmus lab attach NODE_ID'");
            return 0;
        }
    }

    /** {@code isthmus lab attach NODE_ID}. */
    @Command(name = "attach", description = "Place a node of the controller in the lab: create its namespace and "
        + "have its host's agent attach it (eth0 with its address and default route). The node must be on a lab "
        + "host; reading it takes its tenant's token.")
    static final class Attach extends LabSubcommand {
        @Parameters(paramLabel = "NODE_ID", description = "The node's id (node-...).")
        private String nodeId;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", order = 1,
            converter = DurationConverter.class,
            description = "How long to wait for the agent to attach it (default ${DEFAULT-VALUE}).")
        private Duration wait;

        @Option(names = "--dhcp", order = 2, description = "Leave eth0 unconfigured (only its MAC): the node gets "
            + "its address, route, MTU and DNS servers by running a DHCP client, e.g. 'isthmus node exec NODE -- "
            + "udhcpc -i eth0 -q'.")
        private boolean dhcp;

        @Mixin
        private ConnectionOptions connection = new ConnectionOptions();

        @Override
        protected int run() {
            ApiClient client = client(connection);
            Lab lab = Lab.open(labDirectory(), LabLayout.DEFAULT_PREFIX);
            lab.state().orElseThrow(() -> new LabException("no lab is up in "
                + lab.layout().directory() + ": 'isthmus lab up' first"));
            JsonNode node = client.send("GET", "/v1/nodes/" + ApiClient.segment(nodeId), null, null).body();
            NodePlacement placement = new NodePlacement(node.path("id").asText(), node.path("name").asText(),
                node.path("hostId").asText());
            LabState.Node placed = lab.attach(placement, dhcp, wait, this::progress);
            List<String> addresses = new ArrayList<>();
            node.path("interfaces").forEach(i -> addresses.add(i.path("address").asText()));
            progress("node " + placed.name() + " attached" + (dhcp ? " for DHCP (its address to come: " : ": ")
                + String.join(", ", addresses) + (dhcp ? ")" : "") + " in namespace " + placed.namespace()
                + " ('isthmus node exec " + placed.name() + " -- CMD')");
            return 0;
        }
    }

    /** {@code isthmus lab detach NODE}. */
    @Command(name = "detach", description = "Take a node out of the lab: its TAP, its processes and its namespace "
        + "(the node stays in the controller).")
    static final class Detach extends LabSubcommand {
        @Parameters(paramLabel = "NODE", description = "The node's id or its name in the lab.")
        private String node;

        @Override
        protected int run() {
            Lab.open(labDirectory(), LabLayout.DEFAULT_PREFIX).detach(node, this::progress);
            return 0;
        }
    }

    /** {@code isthmus lab status}. */
    @Command(name = "status", description = "Show the lab's hosts, whether their agents run, and its nodes. "
        + "Exits with 1 when no lab is up.")
    static final class Status extends LabSubcommand {
        @Override
        protected int run() {
            Lab lab = Lab.open(labDirectory(), LabLayout.DEFAULT_PREFIX);
            Optional<LabState> found = lab.state();
            if (found.isEmpty()) {
                throw new LabException("no lab is up in " + lab.layout().directory());
            }
            LabState state = found.get();
            out().println("lab " + lab.layout().directory() + ": namespaces " + state.prefix() + "*, agent channel "
                + state.agentEndpoint());
            out().println();
            ArrayNode hosts = Json.object().putArray("rows");
            for (LabState.Host host : state.hosts()) {
                boolean running = ProcessHandle.of(host.agentPid()).map(ProcessHandle::isAlive).orElse(false);
                ObjectNode row = hosts.addObject().put("name", host.name()).put("id", host.id())
                    .put("prefix", host.substratePrefix()).put("namespace", host.namespace())
                    .put("agent", (running ? "running" : "stopped") + " (pid " + host.agentPid() + ")")
                    .put("log", lab.layout().agentLog(host.index()).toString());
                row.put("nodes", state.nodes().stream().filter(n -> n.hostId().equals(host.id())).count());
            }
            Table.of(Table.column("HOST", "name"), Table.column("ID", "id"), Table.column("AGENT PREFIX", "prefix"),
                Table.column("NAMESPACE", "namespace"), Table.column("NODES", "nodes"),
                Table.column("AGENT", "agent"), Table.column("LOG", "log")).print(hosts, out());
            if (!state.nodes().isEmpty()) {
                out().println();
                ArrayNode nodes = Json.object().putArray("rows");
                for (LabState.Node node : state.nodes()) {
                    String host = state.hostById(node.hostId()).map(LabState.Host::name).orElse(node.hostId());
                    nodes.addObject().put("name", node.name()).put("id", node.id()).put("host", host)
                        .put("namespace", node.namespace());
                }
                Table.of(Table.column("NODE", "name"), Table.column("ID", "id"), Table.column("HOST", "host"),
                    Table.column("NAMESPACE", "namespace")).print(nodes, out());
            }
            return 0;
        }
    }

    /** {@code isthmus lab down}. */
    @Command(name = "down", description = "Stop the agents, end every process in the lab's namespaces, delete the "
        + "namespaces and the lab's files. The hosts and nodes stay registered in the controller.")
    static final class Down extends LabSubcommand {
        @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = LabLayout.DEFAULT_PREFIX, order = 1,
            description = "Namespace prefix of a lab whose state is lost (default ${DEFAULT-VALUE}); a lab's state "
                + "names its own.")
        private String prefix;

        @Override
        protected int run() {
            Lab lab = Lab.open(labDirectory(), prefix);
            boolean removed = lab.down(this::progress);
            progress(removed ? "lab down" : "no lab to remove in " + lab.layout().directory() + " (prefix "
                + lab.layout().prefix() + ")");
            return 0;
        }
    }
}
