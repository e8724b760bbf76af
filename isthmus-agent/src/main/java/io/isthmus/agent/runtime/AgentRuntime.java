package io.isthmus.agent.runtime;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.dataplane.DataplaneContext;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.InboundPipeline;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.OutboundPipeline;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.ResolutionCache;
import io.isthmus.agent.dataplane.ResolutionRequestQueue;
import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.FrameDevice;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.PacketSocket;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.InterfaceInfo;
import io.isthmus.api.channel.v1.NodeInfo;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.SubnetInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.MacAddress;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host's agent on Linux (see the package documentation): {@link #start} registers and brings the data plane up,
 * {@link #stop} takes it down and closes every device it opened. Ports come and go while it runs, as the
 * controller's updates and the attachment directory say.
 *
 * <p>Attach modes, per file of the attachment directory (see {@link Config#attachDir}): in lab mode the agent creates
 * a TAP per node interface inside the node's namespace and configures the node's side; in interface mode it attaches
 * to an existing host-side interface (a VM's TAP, a container's veth end) with a {@link PacketSocket}, sets it up
 * and leaves the node's addresses to the node. Both run the same pipelines.
 *
 * <p>Threads: the TUN reader (inbound pipeline), one reader per TAP (outbound pipeline), each with its own pipeline
 * and counters; the control thread (resolution requests, attachment polling every {@link Config#attachPoll}, counter
 * reports every {@link Config#reportInterval}); the controller client's gRPC threads deliver the updates. Writes to
 * one device from several threads are serialized by the device's lock, which {@link #stop} and detaching also take
 * before closing it.
 */
public final class AgentRuntime implements AutoCloseable {
    /** Largest frame or packet read from a device. */
    public static final int BUFFER_SIZE = 65_536;
    /** MTU of the node's interfaces: the substrate's 1500 less the 20 bytes IPv6 adds over IPv4. */
    public static final int TENANT_MTU = 1480;
    private static final int POLL_MILLIS = 200;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What the agent needs to run.
     *
     * @param hostId the host id the operator registered (host-...)
     * @param substratePrefix the host's agent prefix, as registered
     * @param tunName the substrate TUN's name
     * @param hostNamespace where the TUN is opened, or null for the agent's own (the host's) namespace
     * @param attachDir the attachment directory: one file per node id, holding either the name of the node's
     *     network namespace (lab mode: the agent creates TAPs {@code eth0}, {@code eth1}... in it and configures
     *     them) or one line {@code interface IFNAME} or {@code interface IFNAME netns NS} per node interface, in
     *     order (interface mode: an existing interface in {@code hostNamespace}, or in {@code NS}, attached through a
     *     packet socket; the node configures its own addresses). Blank lines and {@code #} comments are ignored; a
     *     malformed file is logged once and ignored
     * @param attachPoll how often the attachment directory is read
     * @param reportInterval how often the counters are reported to the controller
     */
    public record Config(String hostId, Ipv6Prefix substratePrefix, String tunName, NetworkNamespace hostNamespace,
                         Path attachDir, Duration attachPoll, Duration reportInterval) {
        public Config {
            Objects.requireNonNull(hostId, "hostId");
            Objects.requireNonNull(substratePrefix, "substratePrefix");
            Objects.requireNonNull(tunName, "tunName");
            Objects.requireNonNull(attachDir, "attachDir");
            Objects.requireNonNull(attachPoll, "attachPoll");
            Objects.requireNonNull(reportInterval, "reportInterval");
        }

        /** A configuration polling the directory each second and reporting every 10 s. */
        public static Config of(String hostId, Ipv6Prefix substratePrefix, String tunName,
                                NetworkNamespace hostNamespace, Path attachDir) {
            return new Config(hostId, substratePrefix, tunName, hostNamespace, attachDir, Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        }
    }

    private final ControllerClient client;
    private final Config config;
    private final Consumer<String> log;
    private final PortTable ports = new PortTable();
    private final ResolutionCache cache = new ResolutionCache(65_536);
    private final ResolutionRequestQueue requests = new ResolutionRequestQueue(4096, TimeUnit.SECONDS.toNanos(1));
    private final List<DataplaneCounters> allCounters = new CopyOnWriteArrayList<>();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, SubnetInfo> subnets = new HashMap<>();
    /** Attached interfaces by "nodeId/interfaceId". Guarded by {@code this}. */
    private final Map<String, Attached> attached = new LinkedHashMap<>();
    /** The last problem logged per attachment file or interface key, logged once. Guarded by {@code this}. */
    private final Map<String, String> reported = new HashMap<>();
    /** Devices by port index, read by the data plane. */
    private volatile Device[] devices = new Device[0];

    private DataplaneContext context;
    private Device tun;
    private Thread tunReader;
    private Thread control;
    private ControllerClient.Subscription subscription;
    private volatile boolean running;

    private AgentRuntime(ControllerClient client, Config config, Consumer<String> log) {
        this.client = client;
        this.config = config;
        this.log = log;
    }

    /**
     * Registers, opens the substrate TUN (link up, the agent prefix routed into it), follows the update stream and
     * starts the threads.
     *
     * @param log receives one structured line per event ({@code event=... key=value ...})
     * @throws Exception when registration fails or the TUN cannot be opened; nothing is left open then
     */
    public static AgentRuntime start(ControllerClient client, Config config, Consumer<String> log) throws Exception {
        AgentRuntime runtime = new AgentRuntime(client, config, log);
        try {
            runtime.begin();
        } catch (Exception | Error e) {
            runtime.stop();
            throw e;
        }
        return runtime;
    }

    private void begin() throws Exception {
        Registration registration = client.register(config.hostId(), config.substratePrefix(), "isthmus-agent");
        OverlayAddressing addressing = new OverlayAddressing(registration.getOverlayPrefixLength());
        context = DataplaneContext.of(addressing, config.substratePrefix(), ports, cache, requests);
        log.accept("event=registered host=" + config.hostId() + " prefix=" + config.substratePrefix()
            + " overlay_prefix_length=" + registration.getOverlayPrefixLength());
        TunDevice device = config.hostNamespace() == null
            ? TunDevice.open(config.tunName(), TunDevice.Mode.TUN)
            : config.hostNamespace().runIn(() -> TunDevice.open(config.tunName(), TunDevice.Mode.TUN));
        tun = new Device(device);
        device.setNonBlocking(true);
        String[] ns = config.hostNamespace() == null ? new String[0]
            : new String[] {"-n", config.hostNamespace().name()};
        ip(ns, "link", "set", "dev", device.name(), "mtu", "1500", "up");
        ip(ns, "-6", "route", "replace", config.substratePrefix().toString(), "dev", device.name());
        log.accept("event=tun-open name=" + device.name());
        running = true;
        DataplaneCounters inboundCounters = new DataplaneCounters();
        allCounters.add(inboundCounters);
        InboundPipeline inbound = new InboundPipeline(context, inboundCounters);
        tunReader = Thread.ofPlatform().name("agent-tun-" + device.name()).daemon(true)
            .start(() -> readLoop(tun, (buffer, length) -> inbound.process(buffer, 0, length, sinks)));
        subscription = client.watch(0, this::onUpdate);
        control = Thread.ofPlatform().name("agent-control").daemon(true).start(this::controlLoop);
    }

    // ---- data plane

    private final DataplaneSinks sinks = new DataplaneSinks() {
        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            Device[] all = devices;
            if (portIndex >= 0 && portIndex < all.length && all[portIndex] != null) {
                all[portIndex].write(segment, offset, length);
            }
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
            tun.write(segment, offset, length);
        }
    };

    @FunctionalInterface
    private interface PacketHandler {
        void handle(MemorySegment buffer, int length);
    }

    /** A device, its lock (writers and close) and its loop flag. */
    private static final class Device {
        final FrameDevice device;
        volatile boolean reading = true;
        long writeErrors;

        Device(FrameDevice device) {
            this.device = device;
        }

        synchronized void write(MemorySegment segment, long offset, int length) {
            if (device.isClosed() || device.write(segment, offset, length) != length) {
                writeErrors++;
            }
        }

        synchronized void close() {
            try {
                device.close();
            } catch (Exception e) {
                // released anyway
            }
        }
    }

    private void readLoop(Device device, PacketHandler handler) {
        MemorySegment buffer = Arena.ofAuto().allocate(BUFFER_SIZE, 64);
        while (running && device.reading) {
            int length = device.device.read(buffer, 0, BUFFER_SIZE);
            if (length == -Errno.EAGAIN) {
                device.device.awaitReadable(POLL_MILLIS);
                continue;
            }
            if (length <= 0) {
                if (length == -Errno.EBADF) {
                    return;
                }
                if (length != -Errno.EINTR) {
                    sleepQuietly(10);
                }
                continue;
            }
            handler.handle(buffer, length);
        }
    }

    // ---- control plane

    private void controlLoop() {
        long nextPoll = 0;
        long nextReport = System.nanoTime() + config.reportInterval().toNanos();
        while (running) {
            long now = System.nanoTime();
            try {
                requests.drain(now, this::resolve);
                if (now - nextPoll >= 0) {
                    nextPoll = now + config.attachPoll().toNanos();
                    reconcile();
                }
                if (now - nextReport >= 0) {
                    nextReport = now + config.reportInterval().toNanos();
                    report();
                }
            } catch (RuntimeException e) {
                log.accept("event=control-error error=\"" + e + "\"");
            }
            sleepQuietly(5);
        }
    }

    private void resolve(int portIndex, int overlayId, int ipv4) {
        LocalPort port = ports.snapshot().byIndex(portIndex);
        if (port == null) {
            requests.complete(overlayId, ipv4);
            return;
        }
        Resolution answer;
        try {
            answer = client.resolve(ResolveRequest.newBuilder().setSourceNodeId(port.nodeId())
                .setSourceInterfaceId(port.interfaceId()).setDestinationIpv4(ipv4)
                .setDestinationOverlayId(overlayId).build());
        } catch (RuntimeException e) {
            // Left in flight: the data plane asks again after the retry interval.
            log.accept("event=resolve-failed destination=" + Ipv4Address.format(ipv4) + " error=\"" + e + "\"");
            return;
        }
        long high = 0;
        long low = 0;
        if (answer.getAllowed()) {
            Ipv6Address nextHop = ChannelCodec.address(answer.getNextHopSubstrate());
            high = nextHop.high();
            low = nextHop.low();
        }
        long expires = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1000, answer.getExpiresInMs()));
        cache.install(overlayId, ipv4, answer.getAllowed(), high, low, expires);
        requests.complete(overlayId, ipv4);
        log.accept("event=resolved source=" + port.nodeId() + " destination=" + Ipv4Address.format(ipv4)
            + " overlay=" + Integer.toUnsignedString(overlayId) + " allowed=" + answer.getAllowed() + " reason="
            + answer.getReason() + (answer.getAllowed() ? " next_hop=" + new Ipv6Address(high, low) : ""));
    }

    private void report() {
        try {
            client.reportCounters(counters());
        } catch (RuntimeException e) {
            log.accept("event=report-failed error=\"" + e + "\"");
        }
    }

    /** Every data-plane counter of this agent, summed over its threads (non-zero ones, by name). */
    public Map<String, Long> counters() {
        return DataplaneCounters.sum(allCounters);
    }

    /** Every data-plane counter of this agent, zero or not, summed over its threads. */
    public Map<DataplaneCounter, Long> counterTotals() {
        return DataplaneCounters.totals(allCounters);
    }

    /** The number of entries in the resolution cache, fresh or stale. */
    public int cachedResolutions() {
        return cache.size();
    }

    private void onUpdate(Update update) {
        synchronized (this) {
            switch (update.getKind()) {
                case SNAPSHOT -> {
                    nodes.clear();
                    subnets.clear();
                    update.getNodesList().forEach(n -> nodes.put(n.getNodeId(), n));
                    update.getSubnetsList().forEach(s -> subnets.put(s.getSubnetId(), s));
                    cache.expireAll();
                }
                case NODE_UPSERT -> {
                    NodeInfo old = nodes.put(update.getNode().getNodeId(), update.getNode());
                    invalidate(old);
                }
                case NODE_DELETE -> invalidate(nodes.remove(update.getNodeId()));
                case SUBNET_UPSERT -> subnets.put(update.getSubnet().getSubnetId(), update.getSubnet());
                case SUBNET_DELETE -> subnets.remove(update.getSubnetId());
                default -> {
                    return;
                }
            }
        }
        log.accept("event=update version=" + update.getVersion() + " kind=" + update.getKind());
        if (running) {
            reconcile();
        }
    }

    private void invalidate(NodeInfo node) {
        if (node != null) {
            for (InterfaceInfo nic : node.getInterfacesList()) {
                cache.invalidate(node.getOverlayId(), nic.getAddress());
            }
        }
    }

    /** An interface attached on this host: its port, device, where the device is, and reader. */
    private record Attached(LocalPort port, Device device, Binding binding, Thread reader,
                            DataplaneCounters counters) {
    }

    /**
     * Where a node interface's device is: a TAP the agent creates ({@code existing} false) or an existing interface,
     * named {@code device}, in {@code namespace} (null: the agent's own).
     */
    private record Binding(String namespace, String device, boolean existing) {
    }

    /** Brings the attached interfaces in line with the nodes of this host and the attachment directory. */
    private synchronized void reconcile() {
        if (!running) {
            return;
        }
        Map<String, Attachment> attachments = readAttachments();
        Map<String, LocalPort> wanted = new LinkedHashMap<>();
        Map<String, Binding> bindings = new HashMap<>();
        for (NodeInfo node : nodes.values()) {
            Attachment attachment = attachments.get(node.getNodeId());
            if (!node.getHostId().equals(config.hostId()) || attachment == null) {
                continue;
            }
            int number = 0;
            for (InterfaceInfo nic : node.getInterfacesList()) {
                SubnetInfo subnet = subnets.get(nic.getSubnetId());
                Binding binding = binding(attachment, number);
                if (subnet != null && binding != null) {
                    String key = node.getNodeId() + "/" + nic.getInterfaceId();
                    Attached current = attached.get(key);
                    int index = current != null ? current.port().index() : -1;
                    wanted.put(key, new LocalPort(Math.max(index, 0), node.getNodeId(), nic.getInterfaceId(),
                        node.getOverlayId(), nic.getAddress(), nic.getMac(), subnet.getCidrAddress(),
                        subnet.getCidrLength(), subnet.getGateway(), subnet.getRouterMac(), !node.getAppliance()));
                    bindings.put(key, binding);
                }
                number++;
            }
        }
        for (var it = attached.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            LocalPort want = wanted.get(entry.getKey());
            Attached current = entry.getValue();
            if (want == null || !want.equals(current.port())
                || !current.binding().equals(bindings.get(entry.getKey()))
                || current.device().device instanceof PacketSocket socket && !socket.isInterfacePresent()) {
                it.remove();
                detach(current);
            }
        }
        for (var entry : wanted.entrySet()) {
            if (attached.containsKey(entry.getKey())) {
                continue;
            }
            LocalPort port = entry.getValue();
            LocalPort indexed = new LocalPort(freeIndex(), port.nodeId(), port.interfaceId(), port.overlayId(),
                port.address(), port.mac(), port.subnetAddress(), port.subnetPrefixLength(), port.gateway(),
                port.routerMac(), port.sourceDestCheck());
            Binding binding = bindings.get(entry.getKey());
            try {
                attached.put(entry.getKey(), binding.existing() ? attachExisting(indexed, binding)
                    : attach(indexed, binding.namespace(), binding.device()));
                reported.remove(entry.getKey());
            } catch (Exception e) {
                reportOnce(entry.getKey(), "event=attach-failed node=" + port.nodeId() + " interface="
                    + port.interfaceId() + " error=\"" + e + "\"");
            }
        }
    }

    private int freeIndex() {
        int index = 0;
        while (true) {
            int candidate = index;
            if (attached.values().stream().noneMatch(a -> a.port().index() == candidate)) {
                return index;
            }
            index++;
        }
    }

    /** The device of a node's {@code number}th interface, or null when the attachment names none. */
    private Binding binding(Attachment attachment, int number) {
        return switch (attachment) {
            case Attachment.Namespace lab -> new Binding(lab.namespace(), "eth" + number, false);
            case Attachment.Interfaces existing -> {
                if (number >= existing.interfaces().size()) {
                    yield null;
                }
                Attachment.HostInterface nic = existing.interfaces().get(number);
                String namespace = nic.namespace() != null ? nic.namespace()
                    : config.hostNamespace() == null ? null : config.hostNamespace().name();
                yield new Binding(namespace, nic.name(), true);
            }
        };
    }

    private Map<String, Attachment> readAttachments() {
        Map<String, Attachment> out = new HashMap<>();
        try (var files = Files.list(config.attachDir())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    // a file being written or removed: looked at again next time
                    continue;
                }
                if (text.isBlank()) {
                    // created but not written yet
                    continue;
                }
                Attachment attachment;
                try {
                    attachment = Attachment.parse(text);
                } catch (IllegalArgumentException e) {
                    reportOnce("file:" + name, "event=attachment-malformed file=" + name + " error=\""
                        + e.getMessage() + "\"");
                    continue;
                }
                reported.remove("file:" + name);
                // A lab node's namespace may not exist yet: it is attached once it does.
                if (!(attachment instanceof Attachment.Namespace lab)
                    || NetworkNamespace.named(lab.namespace()).exists()) {
                    out.put(name, attachment);
                }
            }
        } catch (IOException e) {
            // no directory yet: nothing attached
        }
        return out;
    }

    /** Logs {@code line} unless the same line was the last one logged for {@code key}. */
    private void reportOnce(String key, String line) {
        if (!line.equals(reported.put(key, line))) {
            log.accept(line);
        }
    }

    private Attached attach(LocalPort port, String namespace, String tapName) throws Exception {
        TunDevice tap = NetworkNamespace.named(namespace).runIn(() -> TunDevice.open(tapName, TunDevice.Mode.TAP));
        Device device = new Device(tap);
        try {
            tap.setNonBlocking(true);
            String[] ns = {"-n", namespace};
            ip(ns, "link", "set", "dev", tap.name(), "address", MacAddress.format(port.mac()), "mtu",
                Integer.toString(TENANT_MTU), "up");
            ip(ns, "addr", "replace", Ipv4Address.format(port.address()) + "/" + port.subnetPrefixLength(), "dev",
                tap.name());
            if (tapName.equals("eth0")) {
                ip(ns, "route", "replace", "default", "via", Ipv4Address.format(port.gateway()), "dev", tap.name());
            }
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
        Attached started = run(port, device, new Binding(namespace, tapName, false));
        log.accept("event=port-attached index=" + port.index() + " node=" + port.nodeId() + " interface="
            + port.interfaceId() + " netns=" + namespace + " tap=" + tap.name() + " address="
            + Ipv4Address.format(port.address()) + "/" + port.subnetPrefixLength() + " mac="
            + MacAddress.format(port.mac()) + " overlay=" + Integer.toUnsignedString(port.overlayId()));
        return started;
    }

    /** Publishes the port and its device to the data plane and starts the device's reader. */
    private Attached run(LocalPort port, Device device, Binding binding) {
        Device[] grown = devices.length > port.index() ? devices.clone()
            : java.util.Arrays.copyOf(devices, port.index() + 1);
        grown[port.index()] = device;
        devices = grown;
        ports.put(port);
        DataplaneCounters counters = new DataplaneCounters();
        allCounters.add(counters);
        OutboundPipeline outbound = new OutboundPipeline(context, counters);
        int index = port.index();
        Thread reader = Thread.ofPlatform().name("agent-tap-" + port.nodeId() + "-" + binding.device()).daemon(true)
            .start(() -> readLoop(device, (buffer, length) -> outbound.process(index, buffer, 0, length, sinks)));
        return new Attached(port, device, binding, reader, counters);
    }

    /**
     * Interface mode: a packet socket on an existing interface, which is set up (its IPv6 turned off, so that the
     * host's stack does not speak on the node's link); the node's addresses are the node's business. When the
     * interface goes away, or is replaced by a new one of the same name, {@link #reconcile} detaches the port and
     * attaches it again once the interface is there.
     */
    private Attached attachExisting(LocalPort port, Binding binding) throws Exception {
        NetworkNamespace namespace = binding.namespace() == null ? null : NetworkNamespace.named(binding.namespace());
        Callable<PacketSocket> open = () -> PacketSocket.open(binding.device(), PacketSocket.Option.PROMISCUOUS);
        PacketSocket socket = namespace == null ? open.call() : namespace.runIn(open);
        Device device = new Device(socket);
        try {
            socket.setNonBlocking(true);
            String[] ns = namespace == null ? new String[0] : new String[] {"-n", namespace.name()};
            ip(ns, "link", "set", "dev", binding.device(), "up");
            Path sysctl = Path.of("/proc/sys/net/ipv6/conf", binding.device(), "disable_ipv6");
            Callable<Void> noIpv6 = () -> {
                Files.writeString(sysctl, "1");
                return null;
            };
            try {
                if (namespace == null) {
                    noIpv6.call();
                } else {
                    namespace.runIn(noIpv6);
                }
            } catch (IOException e) {
                // A kernel without IPv6: nothing to turn off.
            }
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
        Attached started = run(port, device, binding);
        log.accept("event=port-attached index=" + port.index() + " node=" + port.nodeId() + " interface="
            + port.interfaceId() + " mode=interface device=" + binding.device()
            + (namespace == null ? "" : " netns=" + namespace.name()) + " mac=" + MacAddress.format(port.mac())
            + " overlay=" + Integer.toUnsignedString(port.overlayId()));
        return started;
    }

    private void detach(Attached current) {
        ports.remove(current.port().index());
        Device[] shrunk = devices.clone();
        shrunk[current.port().index()] = null;
        devices = shrunk;
        current.device().reading = false;
        joinQuietly(current.reader());
        current.device().close();
        log.accept("event=port-detached index=" + current.port().index() + " node=" + current.port().nodeId()
            + " interface=" + current.port().interfaceId());
    }

    /** The indexes of the ports attached now, by node id and interface id ("node/interface"). */
    public synchronized Map<String, Integer> attachedPorts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        attached.forEach((key, a) -> out.put(key, a.port().index()));
        return out;
    }

    /** Stops every thread, closes every TAP and the TUN, and stops following the update stream. Idempotent. */
    public void stop() {
        running = false;
        if (subscription != null) {
            subscription.close();
        }
        joinQuietly(control);
        synchronized (this) {
            for (Attached a : attached.values()) {
                ports.remove(a.port().index());
                a.device().reading = false;
            }
            devices = new Device[0];
            for (Attached a : attached.values()) {
                joinQuietly(a.reader());
                a.device().close();
            }
            attached.clear();
        }
        joinQuietly(tunReader);
        if (tun != null) {
            tun.close();
            log.accept("event=stopped host=" + config.hostId());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void ip(String[] namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(namespace));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
