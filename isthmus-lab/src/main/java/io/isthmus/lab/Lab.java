package io.isthmus.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A lab on this machine (root only): the substrate, one agent process per host, and nodes as namespaces.
 *
 * <pre>
 *   PREFIX n-web1 (eth0: TAP of agent 1)         PREFIX n-web2 (eth0: TAP of agent 2)
 *   PREFIX h1 [TUN sub0, agent prefix :100::/72]  PREFIX h2 [TUN sub0, :200::/72]
 *        | up0                                        | up0
 *        +--------- h1 -- PREFIX rt -- h2 ------------+   (routes each host's /72 to the host)
 * </pre>
 *
 * <p>The agents are {@code isthmus agent} processes in their own session (they outlive the command that started them);
 * they talk to the controller over the root namespace and open their TUN and TAPs in the lab's namespaces. Every
 * operation reads and writes the {@link LabState} in the lab directory, so each may run in a new process.
 */
public final class Lab {
    /** Where {@code ip netns exec} finds a namespace's own {@code /etc} files ({@code ip-netns(8)}). */
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    private static final Duration AGENT_START = Duration.ofSeconds(60);
    private static final Duration AGENT_STOP = Duration.ofSeconds(15);
    private static final Pattern HOST_NAMESPACE = Pattern.compile("h\\d+");

    private final LabLayout layout;

    private Lab(LabLayout layout) {
        this.layout = layout;
    }

    /**
     * The lab of {@code directory}: its prefix is the one in its state, or {@code prefix} when it has none yet.
     *
     * @throws LabException when the state is unreadable
     */
    public static Lab open(Path directory, String prefix) {
        Optional<LabState> state = LabState.read(new LabLayout(directory, LabLayout.DEFAULT_PREFIX).stateFile());
        return new Lab(new LabLayout(directory, state.map(LabState::prefix).orElse(prefix)));
    }

    /** Where this lab keeps its files and what it names. */
    public LabLayout layout() {
        return layout;
    }

    /** The lab's state, empty when it is not up. */
    public Optional<LabState> state() {
        return LabState.read(layout.stateFile());
    }

    /**
     * Brings the lab up: the substrate, the hosts registered in the controller (reused when registered already), and
     * an agent process per host, started with {@code agentCommand} followed by the {@code agent} subcommand and its
     * options. On a failure whatever was built is torn down again.
     *
     * @param hosts the number of hosts, 1 to {@value LabLayout#MAX_HOSTS}
     * @param registry the controller's hosts (operator token)
     * @param agentEndpoint the controller's agent channel, {@code HOST:PORT}
     * @param agentCommand the command that runs {@code isthmus} ({@code bin/isthmus}, or {@code java -cp ... Main})
     * @param reportInterval how often the agents report their counters
     * @param progress receives one line per step
     * @throws LabException when not root, when a lab is up already, or when a step fails
     */
    public LabState up(int hosts, HostRegistry registry, String agentEndpoint, List<String> agentCommand,
                       Duration reportInterval, Consumer<String> progress) {
        LabLayout.checkHostCount(hosts);
        checkEndpoint(agentEndpoint);
        if (agentCommand.isEmpty()) {
            throw new IllegalArgumentException("no agent command");
        }
        requireRoot();
        if (state().isPresent()) {
            throw new LabException("a lab is up already in " + layout.directory() + ": 'isthmus lab down' first");
        }
        List<String> leftovers = namespaces();
        if (!leftovers.isEmpty()) {
            throw new LabException("namespaces of an earlier lab with prefix '" + layout.prefix() + "' remain ("
                + String.join(", ", leftovers) + "): 'isthmus lab down' removes them");
        }
        // The controller first: when it cannot be reached, nothing is built.
        LabState state = new LabState(layout.prefix(), agentEndpoint, List.of(), List.of());
        List<String> credentials = new ArrayList<>();
        for (int n = 1; n <= hosts; n++) {
            String name = LabLayout.hostName(n);
            String prefix = LabLayout.hostPrefix(n);
            String id = registry.host(name, prefix);
            credentials.add(registry.credential(id));
            state = state.withHost(new LabState.Host(n, name, id, prefix, layout.hostNamespace(n), 0));
        }
        try {
            state.write(layout.stateFile());
            buildSubstrate(hosts, progress);
            for (LabState.Host host : state.hosts()) {
                Files.createDirectories(layout.attachDirectory(host.index()));
                writeSecret(layout.tokenFile(host.index()), credentials.get(host.index() - 1));
                progress.accept("host " + host.name() + " (" + host.id() + "): namespace " + host.namespace()
                    + ", agent prefix " + host.substratePrefix());
            }
            for (LabState.Host host : state.hosts()) {
                long pid = startAgent(host, agentEndpoint, agentCommand, reportInterval);
                state = state.withHost(host.withAgentPid(pid));
                state.write(layout.stateFile());
            }
            for (LabState.Host host : state.hosts()) {
                awaitAgent(host);
                progress.accept("agent of " + host.name() + " running (pid " + host.agentPid() + ", log "
                    + layout.agentLog(host.index()) + ")");
            }
            return state;
        } catch (IOException e) {
            down(line -> { });
            throw new LabException("cannot write the lab directory " + layout.directory() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            down(line -> { });
            throw e;
        }
    }

    /**
     * Places a node: creates its namespace and names it in its host's attachment directory, then waits (up to
     * {@code wait}) until the host's agent has given it {@code eth0} with a default route.
     *
     * @return the node as the lab keeps it (unchanged when it was placed already)
     * @throws LabException when no lab is up, the node's host is not a lab host, or the agent does not attach it
     */
    public LabState.Node attach(NodePlacement placement, Duration wait, Consumer<String> progress) {
        return attach(placement, false, wait, progress);
    }

    /**
     * Places a node as {@link #attach(NodePlacement, Duration, Consumer)} does; with {@code dhcp}, its agent gives
     * its {@code eth0} only its MAC (attachment {@code NAMESPACE dhcp}) and the wait ends when the interface is up:
     * the node configures itself with a DHCP client run inside it.
     */
    public LabState.Node attach(NodePlacement placement, boolean dhcp, Duration wait, Consumer<String> progress) {
        LabState state = requireState();
        requireRoot();
        LabState.Host host = state.hostById(placement.hostId()).orElseThrow(() -> new LabException("node "
            + placement.name() + " (" + placement.id() + ") is placed on host " + placement.hostId()
            + ", which is not a host of the lab; its hosts are " + state.hosts().stream()
            .map(h -> h.name() + " " + h.id()).collect(Collectors.joining(", "))));
        Optional<LabState.Node> existing = state.nodes().stream().filter(n -> n.id().equals(placement.id()))
            .findFirst();
        LabState.Node node;
        if (existing.isPresent()) {
            node = existing.get();
            progress.accept("node " + node.name() + " is in the lab already (namespace " + node.namespace() + ")");
        } else {
            Set<String> taken = new HashSet<>();
            state.nodes().forEach(n -> taken.add(n.namespace()));
            String namespace = layout.nodeNamespace(placement.name(), placement.id(), taken);
            node = new LabState.Node(placement.id(), placement.name(), placement.hostId(), namespace);
            Commands.run("ip", "netns", "add", namespace);
            Commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
            if (dhcp) {
                ownResolvConf(namespace);
            }
            state.withNode(node).write(layout.stateFile());
            writeAttachment(host, node, dhcp);
            progress.accept("node " + node.name() + " (" + node.id() + "): namespace " + namespace + " on "
                + host.name());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!(dhcp ? up(node) : attached(node))) {
            if (System.nanoTime() > deadline) {
                throw new LabException("the agent of " + host.name() + " has not attached node " + node.name()
                    + " within " + wait.toSeconds() + " s; see " + layout.agentLog(host.index()));
            }
            sleep(200);
        }
        return node;
    }

    /**
     * Removes a node from the lab: its attachment (the agent takes its TAP away), the processes in its namespace,
     * and the namespace.
     *
     * @throws LabException when no lab is up or it has no such node
     */
    public LabState.Node detach(String idOrName, Consumer<String> progress) {
        LabState state = requireState();
        LabState.Node node = node(state, idOrName);
        requireRoot();
        state.hostById(node.hostId()).ifPresent(host -> {
            try {
                Files.deleteIfExists(layout.attachDirectory(host.index()).resolve(node.id()));
            } catch (IOException e) {
                throw new LabException("cannot remove the attachment of " + node.name() + ": " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Commands.tryRun("ip", "-n", node.namespace(), "link", "show", "eth0").succeeded()
                && System.nanoTime() < deadline) {
                sleep(200);
            }
        });
        deleteNamespace(node.namespace());
        state.withoutNode(node.id()).write(layout.stateFile());
        progress.accept("node " + node.name() + " removed (namespace " + node.namespace() + ")");
        return node;
    }

    /**
     * Runs {@code command} inside a node's namespace with this process's standard input, output and error.
     *
     * @return the command's exit status
     * @throws LabException when no lab is up, it has no such node, or the command cannot be started
     */
    public int exec(String idOrName, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        LabState.Node node = node(requireState(), idOrName);
        requireRoot();
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        full.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(full).inheritIO().start();
        } catch (IOException e) {
            throw new LabException("cannot run 'ip netns exec': " + e.getMessage(), e);
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running a command in " + node.name(), e);
        }
    }

    /** The namespace of a lab node named by id or name. */
    public String namespaceOf(String idOrName) {
        return node(requireState(), idOrName).namespace();
    }

    /**
     * Tears the lab down: stops its agents (SIGTERM, then SIGKILL) and reports the counters they log as they stop, ends
     * every process inside its namespaces, deletes the namespaces (every one with the lab's prefix, placed or left
     * over) and removes the lab's files. Does nothing harmful when no lab is up.
     *
     * @return whether there was anything to remove
     */
    public boolean down(Consumer<String> progress) {
        requireRoot();
        Optional<LabState> state;
        try {
            state = state();
        } catch (LabException e) {
            progress.accept("ignoring the unreadable state: " + e.getMessage());
            state = Optional.empty();
        }
        Set<String> namespaces = new LinkedHashSet<>(namespaces());
        state.ifPresent(s -> {
            s.hosts().forEach(h -> namespaces.add(h.namespace()));
            s.nodes().forEach(n -> namespaces.add(n.namespace()));
        });
        List<ProcessHandle> agents = new ArrayList<>();
        state.ifPresent(s -> s.hosts().forEach(h -> ProcessHandle.of(h.agentPid())
            .filter(p -> isAgentIn(p, h.namespace())).ifPresent(agents::add)));
        ProcessHandle.allProcesses().filter(p -> namespaces.stream().anyMatch(ns -> isAgentIn(p, ns)))
            .filter(p -> agents.stream().noneMatch(a -> a.pid() == p.pid())).forEach(agents::add);
        boolean found = state.isPresent() || !namespaces.isEmpty() || !agents.isEmpty();
        if (!agents.isEmpty()) {
            progress.accept("stopping " + agents.size() + " agent(s): pid "
                + agents.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" ")));
            stop(agents);
        }
        // An agent logs its data-plane counters when it stops: the last word on what each host forwarded and dropped.
        state.ifPresent(s -> s.hosts().forEach(host -> readQuietly(layout.agentLog(host.index())).lines()
            .filter(line -> line.contains("event=counters")).reduce((first, last) -> last)
            .ifPresent(line -> progress.accept("agent of " + host.name() + ": "
                + line.substring(line.indexOf("event=counters"))))));
        List<String> ordered = new ArrayList<>(namespaces);
        // Nodes first, the router last: the agents' devices are gone already, the veths go with either end.
        ordered.sort(Comparator.comparingInt(ns -> ns.equals(layout.routerNamespace()) ? 2
            : isHostNamespace(ns) ? 1 : 0));
        for (String namespace : ordered) {
            deleteNamespace(namespace);
        }
        if (!ordered.isEmpty()) {
            progress.accept("deleted namespaces " + String.join(" ", ordered));
        }
        removeFiles(state.map(s -> s.hosts().size()).orElse(0));
        return found;
    }

    /** The namespaces whose name starts with the lab's prefix. */
    public List<String> namespaces() {
        Commands.Result list = Commands.tryRun("ip", "netns", "list");
        if (!list.succeeded()) {
            throw new LabException("'ip netns list' failed: " + list.output().strip());
        }
        return list.output().lines().map(line -> line.split(" ", 2)[0]).filter(ns -> ns.startsWith(layout.prefix()))
            .sorted().toList();
    }

    /**
     * Whether this process runs as root (the lab creates namespaces and devices).
     *
     * @throws LabException when it does not
     */
    public static void requireRoot() {
        String uid;
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            uid = lines.filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
        } catch (IOException e) {
            throw new LabException("the lab runs on Linux only (cannot read /proc/self/status)", e);
        }
        if (!uid.equals("0")) {
            throw new LabException("the lab builds network namespaces and devices: run it as root");
        }
    }

    private void buildSubstrate(int hosts, Consumer<String> progress) {
        String router = layout.routerNamespace();
        progress.accept("substrate: router " + router + " routes each host's agent prefix to the host's namespace");
        Commands.run("ip", "netns", "add", router);
        Commands.run("ip", "-n", router, "link", "set", "lo", "up");
        Commands.run("ip", "netns", "exec", router, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        for (int n = 1; n <= hosts; n++) {
            String host = layout.hostNamespace(n);
            String link = "h" + n;
            Commands.run("ip", "netns", "add", host);
            Commands.run("ip", "-n", host, "link", "set", "lo", "up");
            Commands.run("ip", "link", "add", link, "netns", router, "type", "veth", "peer", "name", "up0",
                "netns", host);
            Commands.run("ip", "-n", router, "-6", "address", "add", LabLayout.routerLinkAddress(n) + "/64", "dev",
                link, "nodad");
            Commands.run("ip", "-n", router, "link", "set", link, "up");
            Commands.run("ip", "-n", router, "-6", "route", "add", LabLayout.hostPrefix(n), "via",
                LabLayout.hostLinkAddress(n));
            // Forwarding: what the agent writes into its TUN is received by the host and routed to the router.
            Commands.run("ip", "netns", "exec", host, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            Commands.run("ip", "-n", host, "-6", "address", "add", LabLayout.hostLinkAddress(n) + "/64", "dev",
                "up0", "nodad");
            Commands.run("ip", "-n", host, "link", "set", "up0", "up");
            Commands.run("ip", "-n", host, "-6", "route", "add", "default", "via", LabLayout.routerLinkAddress(n));
        }
    }

    private long startAgent(LabState.Host host, String agentEndpoint, List<String> agentCommand,
                            Duration reportInterval) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // A session of its own: a Ctrl-C at the terminal that ran 'lab up' does not reach the agents.
            command.add("/usr/bin/setsid");
        }
        command.addAll(agentCommand);
        command.addAll(List.of("agent", "--controller", agentEndpoint, "--host-id", host.id(),
            "--token-file", layout.tokenFile(host.index()).toString(), "--substrate-prefix", host.substratePrefix(),
            "--tun", LabLayout.SUBSTRATE_TUN, "--netns", host.namespace(),
            "--attach-dir", layout.attachDirectory(host.index()).toString(),
            "--report-interval", reportInterval.toMillis() + "ms"));
        Path log = layout.agentLog(host.index());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Files.writeString(layout.agentPidFile(host.index()), process.pid() + "\n");
        return process.pid();
    }

    private void awaitAgent(LabState.Host host) {
        Path log = layout.agentLog(host.index());
        long deadline = System.nanoTime() + AGENT_START.toNanos();
        while (true) {
            String text = readQuietly(log);
            if (text.contains("event=started")) {
                return;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(host.agentPid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                throw new LabException("the agent of " + host.name() + " exited; the end of " + log + ":\n"
                    + tail(text, 10));
            }
            if (System.nanoTime() > deadline) {
                throw new LabException("the agent of " + host.name() + " did not start within "
                    + AGENT_START.toSeconds() + " s; the end of " + log + ":\n" + tail(text, 10));
            }
            sleep(100);
        }
    }

    private void writeAttachment(LabState.Host host, LabState.Node node, boolean dhcp) {
        // Written beside the attachment directory and renamed into it: the agent never reads half a file.
        Path temporary = layout.hostDirectory(host.index()).resolve(node.id() + ".tmp");
        try {
            Files.writeString(temporary, node.namespace() + (dhcp ? " dhcp\n" : "\n"));
            Files.move(temporary, layout.attachDirectory(host.index()).resolve(node.id()),
                StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write the attachment of " + node.name() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the node's eth0 is up: what the agent does last before it reads a DHCP node's frames. */
    private static boolean up(LabState.Node node) {
        Commands.Result link = Commands.tryRun("ip", "-n", node.namespace(), "link", "show", "dev", "eth0");
        return link.succeeded() && link.output().matches("(?s).*<[^>]*\\bUP\\b[^>]*>.*");
    }

    private static boolean attached(LabState.Node node) {
        Commands.Result route = Commands.tryRun("ip", "-n", node.namespace(), "-4", "route", "show", "default");
        return route.succeeded() && route.output().contains("eth0");
    }

    private LabState requireState() {
        return state().orElseThrow(() -> new LabException("no lab is up in " + layout.directory()
            + ": 'isthmus lab up' first"));
    }

    private LabState.Node node(LabState state, String idOrName) {
        return state.node(idOrName).orElseThrow(() -> new LabException("the lab has no node '" + idOrName
            + "'; its nodes are " + (state.nodes().isEmpty() ? "none"
            : state.nodes().stream().map(n -> n.name() + " " + n.id()).collect(Collectors.joining(", ")))));
    }

    private boolean isHostNamespace(String namespace) {
        return namespace.startsWith(layout.prefix())
            && HOST_NAMESPACE.matcher(namespace.substring(layout.prefix().length())).matches();
    }

    /** Whether {@code process} is an {@code isthmus agent} with {@code --netns namespace}. */
    private static boolean isAgentIn(ProcessHandle process, String namespace) {
        List<String> list = commandLine(process.pid());
        int netns = list.indexOf("--netns");
        return list.contains("agent") && netns >= 0 && netns + 1 < list.size()
            && list.get(netns + 1).equals(namespace);
    }

    /**
     * The arguments of a process from {@code /proc/PID/cmdline}, whole ({@link ProcessHandle.Info#arguments()} reads
     * only its first page, and an agent's class path may be longer); empty when it is gone.
     */
    private static List<String> commandLine(long pid) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return List.of();
        }
        return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\0"));
    }

    private static void stop(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + AGENT_STOP.toNanos();
        for (ProcessHandle process : processes) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                sleep(100);
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Gives a DHCP node a {@code resolv.conf} of its own: {@code ip netns exec} mounts
     * {@code /etc/netns/NAMESPACE/resolv.conf} over {@code /etc/resolv.conf}, so the DHCP client's script writes the
     * name servers it got there rather than into the machine's. Removed with the namespace.
     */
    private static void ownResolvConf(String namespace) {
        Path directory = NETNS_ETC.resolve(namespace);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("resolv.conf"), "");
        } catch (IOException e) {
            throw new LabException("cannot create " + directory + "/resolv.conf: " + e.getMessage(), e);
        }
    }

    private static void deleteNamespace(String namespace) {
        for (int round = 0; round < 2; round++) {
            Commands.Result pids = Commands.tryRun("ip", "netns", "pids", namespace);
            if (!pids.succeeded() || pids.output().isBlank()) {
                break;
            }
            pids.output().lines().map(String::strip).filter(p -> p.matches("\\d+"))
                .map(p -> ProcessHandle.of(Long.parseLong(p))).flatMap(Optional::stream)
                .forEach(round == 0 ? ProcessHandle::destroy : ProcessHandle::destroyForcibly);
            sleep(500);
        }
        Commands.Result delete = Commands.tryRun("ip", "netns", "del", namespace);
        if (!delete.succeeded() && NetnsFile.exists(namespace)) {
            throw new LabException("cannot delete namespace " + namespace + ": " + delete.output().strip());
        }
        Path etc = NETNS_ETC.resolve(namespace);
        if (Files.isDirectory(etc)) {
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new LabException("cannot remove " + etc + ": " + e.getMessage(), e);
            }
            try (Stream<Path> left = Files.list(NETNS_ETC)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(NETNS_ETC);
                }
            } catch (IOException e) {
                // another namespace's files appeared meanwhile: /etc/netns stays
            }
        }
    }

    private void removeFiles(int hosts) {
        try {
            for (int n = 1; n <= Math.max(hosts, LabLayout.MAX_HOSTS); n++) {
                deleteTree(layout.hostDirectory(n));
            }
            Files.deleteIfExists(layout.agentJar());
            Files.deleteIfExists(layout.stateFile());
            Files.deleteIfExists(layout.stateFile().resolveSibling(layout.stateFile().getFileName() + ".tmp"));
            try (Stream<Path> rest = Files.exists(layout.directory()) ? Files.list(layout.directory())
                : Stream.empty()) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(layout.directory());
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot remove the lab's files in " + layout.directory() + ": " + e.getMessage(),
                e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }

    private static void checkEndpoint(String endpoint) {
        int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
        boolean valid = colon > 0 && endpoint.substring(colon + 1).matches("\\d{1,5}")
            && Integer.parseInt(endpoint.substring(colon + 1)) <= 65535;
        if (!valid) {
            throw new IllegalArgumentException("agent endpoint '" + endpoint + "' is not HOST:PORT");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    /** The files {@code ip netns} keeps its named namespaces in. */
    private static final class NetnsFile {
        static boolean exists(String namespace) {
            return Files.exists(Path.of("/var/run/netns", namespace));
        }
    }
}
