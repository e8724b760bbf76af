package io.isthmus.agent.runtime;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.agent.dataplane.DataplaneContext;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.InboundPipeline;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.MulticastGroups;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.peering.ConnectionTable;
import io.isthmus.agent.peering.PeeringView;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.agent.dataplane.OutboundPipeline;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.ResolutionCache;
import io.isthmus.agent.dataplane.ResolutionRequestQueue;
import io.isthmus.agent.dataplane.RouteTableView;
import io.isthmus.agent.dataplane.RouterPunt;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.agent.linux.FrameDevice;
import io.isthmus.agent.linux.IpCommand;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.PacketSocket;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.agent.peering.UsageReports;
import io.isthmus.agent.router.RouterServiceThread;
import io.isthmus.agent.routing.AgentRouting;
import io.isthmus.agent.router.dhcp.DhcpServer;
import io.isthmus.agent.router.multicast.MulticastMembership;
import io.isthmus.agent.router.snmp.SnmpService;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.GroupHost;
import io.isthmus.api.channel.v1.GroupMembers;
import io.isthmus.api.channel.v1.GroupMembership;
import io.isthmus.api.channel.v1.InterfaceInfo;
import io.isthmus.api.channel.v1.MembershipReport;
import io.isthmus.api.channel.v1.NetworkInfo;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.NodeInfo;
import io.isthmus.api.channel.v1.Registration;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.channel.v1.SubnetInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.MacAddress;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * <p>Threads: a reader per queue of the TUN (inbound pipeline) and per queue of each port's device (outbound
 * pipeline; TUN and TAPs have {@link DeviceTuning#queues} queues, a packet socket one), each with its own pipeline,
 * counters and {@link DeviceReader} loop; the control thread (resolution requests, attachment polling every
 * {@link Config#attachPoll}, counter and usage reports every {@link Config#reportInterval}); the controller client's
 * gRPC threads deliver the updates, which the control thread applies within a cycle. Writes to one queue from several
 * threads are serialized by the queue's lock, which {@link #stop} and detaching also take before closing it.
 */
public final class AgentRuntime implements AutoCloseable {
    /** Largest frame or packet read from a device. */
    public static final int BUFFER_SIZE = 65_536;
    /** MTU of node interfaces before their network's settings arrive: the substrate's 1500 less IPv6's 20 bytes. */
    public static final int TENANT_MTU = NetworkSettings.DEFAULTS.mtu();
    /** Frames the routers' slow path holds at most. */
    private static final int ROUTER_QUEUE = 256;

    /**
     * What the agent needs to run.
     *
     * @param hostId the host id the operator registered (host-...)
     * @param substratePrefix the host's agent prefix, as registered
     * @param tunName the substrate TUN's name
     * @param hostNamespace where the TUN is opened, or null for the agent's own (the host's) namespace
     * @param attachDir the attachment directory: one file per node id, holding either the name of the node's
     *     network namespace (lab mode: the agent creates TAPs {@code eth0}, {@code eth1}... in it and configures
     *     them; followed by {@code dhcp}, only their MACs, the node running a DHCP client) or one line
     *     {@code interface IFNAME} or {@code interface IFNAME netns NS} per node interface, in order (interface mode:
     *     an existing interface in {@code hostNamespace}, or in {@code NS}, attached through a packet socket; the
     *     node configures its own addresses). Blank lines and {@code #} comments are ignored; a malformed file is
     *     logged once and ignored
     * @param attachPoll how often the attachment directory is read
     * @param reportInterval how often the counters are reported to the controller (and the multicast memberships
     *     re-sent)
     * @param igmpTimers the virtual routers' IGMP querier timers
     */
    public record Config(String hostId, Ipv6Prefix substratePrefix, String tunName, NetworkNamespace hostNamespace,
                         Path attachDir, Duration attachPoll, Duration reportInterval,
                         MulticastMembership.Timers igmpTimers) {
        /** A configuration with the RFC 3376 default IGMP timers. */
        public Config(String hostId, Ipv6Prefix substratePrefix, String tunName, NetworkNamespace hostNamespace,
                      Path attachDir, Duration attachPoll, Duration reportInterval) {
            this(hostId, substratePrefix, tunName, hostNamespace, attachDir, attachPoll, reportInterval,
                MulticastMembership.Timers.DEFAULTS);
        }

        /** This configuration with other IGMP timers (shorter ones in tests). */
        public Config withIgmpTimers(MulticastMembership.Timers timers) {
            return new Config(hostId, substratePrefix, tunName, hostNamespace, attachDir, attachPoll, reportInterval,
                timers);
        }

        public Config {
            Objects.requireNonNull(igmpTimers, "igmpTimers");
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
    private final DeviceTuning tuning;
    /** Sends the meters' readings to the controller: every report interval and at shutdown. */
    private final UsageReports usage;
    private final PortTable ports = new PortTable();
    private final ResolutionCache cache = new ResolutionCache(65_536);
    private final ResolutionRequestQueue requests = new ResolutionRequestQueue(4096, TimeUnit.SECONDS.toNanos(1));
    private final List<DataplaneCounters> allCounters = new CopyOnWriteArrayList<>();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, SubnetInfo> subnets = new HashMap<>();
    private final Map<String, NetworkInfo> networks = new HashMap<>();
    /** The route tables the controller pushed, by subnet id. Guarded by {@code this}. */
    private final Map<String, RouteTableInfo> routeTables = new HashMap<>();
    /** The peering views the controller pushed, by network id. Guarded by {@code this}. */
    private final Map<String, NetworkPeeringInfo> peerings = new HashMap<>();
    /** The peered traffic this host's nodes sent, per pair of attachments. */
    private final TrafficMeters trafficMeters = new TrafficMeters();
    /** The peered connections of this host's nodes, shared by every data-plane thread. */
    private final ConnectionTable connections = new ConnectionTable(65_536);
    /** The MTU set on each lab-mode TAP, by "nodeId/interfaceId". Guarded by {@code this}. */
    private final Map<String, Integer> tapMtus = new HashMap<>();
    /** Attached interfaces by "nodeId/interfaceId". Guarded by {@code this}. */
    private final Map<String, Attached> attached = new LinkedHashMap<>();
    /** The last problem logged per attachment file or interface key, logged once. Guarded by {@code this}. */
    private final Map<String, String> reported = new HashMap<>();
    /** Devices by port index, read by the data plane. */
    private volatile Device[] devices = new Device[0];

    private DataplaneContext context;
    private RouterServiceThread routerServices;
    /** The virtual routers' DHCP server, on the router services' thread. */
    private final DhcpServer dhcp;
    /** Who listens to which multicast group, here (from the IGMP service) and on other hosts (from the controller). */
    private final MulticastGroups groups = new MulticastGroups();
    private MulticastMembership membership;
    private AgentRouting routing;
    /**
     * The controller's last GROUP_MEMBERS update per network id, kept even while the network has no view here: a
     * joining network's table comes before the update of the node that brings it. Guarded by {@code this}.
     */
    private final Map<String, Update> groupTables = new HashMap<>();
    /** Control thread only: the membership version last reported, and the networks last reported with groups. */
    private long reportedMembershipVersion = -1;
    private Set<String> reportedGroupNetworks = Set.of();
    private long membershipRetryAt = System.nanoTime();
    /** The virtual routers' SNMP agent, on the routers' slow-path thread. */
    private final SnmpService snmp;
    private Device tun;
    private final List<Thread> tunReaders = new ArrayList<>();
    private Thread control;
    private ControllerClient.Subscription subscription;
    private volatile boolean running;
    /** Whether updates arrived that {@link #applyUpdates} has not applied yet. Guarded by {@code this}. */
    private boolean topologyChanged;

    private AgentRuntime(ControllerClient client, Config config, DeviceTuning tuning, Consumer<String> log) {
        this.client = client;
        this.config = config;
        this.log = log;
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.dhcp = new DhcpServer(log);
        this.snmp = new SnmpService(config.hostId(), System::nanoTime);
        this.usage = new UsageReports(trafficMeters, UsageReports.randomBootId(), client::reportUsage, log);
    }

    /**
     * Registers, opens the substrate TUN (link up, the agent prefix routed into it), follows the update stream and
     * starts the threads.
     *
     * @param log receives one structured line per event ({@code event=... key=value ...})
     * @throws Exception when registration fails or the TUN cannot be opened; nothing is left open then
     */
    public static AgentRuntime start(ControllerClient client, Config config, Consumer<String> log) throws Exception {
        return start(client, config, DeviceTuning.DEFAULT, log);
    }

    /**
     * As {@link #start(ControllerClient, Config, Consumer)}, the device readers run as {@code tuning} says.
     *
     * @throws Exception when registration fails or the TUN cannot be opened; nothing is left open then
     */
    public static AgentRuntime start(ControllerClient client, Config config, DeviceTuning tuning,
                                     Consumer<String> log) throws Exception {
        AgentRuntime runtime = new AgentRuntime(client, config, tuning, log);
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
        routerServices = new RouterServiceThread(ports, sinks, ROUTER_QUEUE, log);
        routerServices.register(RouterPunt.Kind.DHCP, dhcp);
        routerServices.register(RouterPunt.Kind.SNMP, snmp);
        context = DataplaneContext.of(addressing, config.substratePrefix(), ports, cache, requests)
            .withPunt(routerServices).withGroups(groups);
        registerMulticast();
        routing = new AgentRouting(config.hostId(), ports, sinks, log);
        routing.register(routerServices);
        routerServices.start();
        log.accept("event=registered host=" + config.hostId() + " prefix=" + config.substratePrefix()
            + " overlay_prefix_length=" + registration.getOverlayPrefixLength());
        tun = config.hostNamespace() == null
            ? openDevice(config.tunName(), TunDevice.Mode.TUN)
            : config.hostNamespace().runIn(() -> openDevice(config.tunName(), TunDevice.Mode.TUN));
        FrameDevice device = tun.queues[0];
        String[] ns = config.hostNamespace() == null ? new String[0]
            : new String[] {"-n", config.hostNamespace().name()};
        ip(ns, "link", "set", "dev", device.name(), "mtu", Integer.toString(OutboundPipeline.SUBSTRATE_MTU), "up");
        ip(ns, "-6", "route", "replace", config.substratePrefix().toString(), "dev", device.name());
        log.accept("event=tun-open name=" + device.name() + " queues=" + tun.queues.length + " idle=" + tuning.idle());
        running = true;
        for (int q = 0; q < tun.queues.length; q++) {
            DataplaneCounters inboundCounters = new DataplaneCounters();
            allCounters.add(inboundCounters);
            InboundPipeline inbound = new InboundPipeline(context, inboundCounters);
            FrameDevice queue = tun.queues[q];
            tunReaders.add(Thread.ofPlatform().name("agent-tun-" + device.name() + "-q" + q).daemon(true)
                .start(() -> readLoop(tun, queue, (buffer, length) -> inbound.process(buffer, 0, length, sinks))));
        }
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

    /**
     * A device: its queues (one descriptor each, non-blocking; a packet socket has one), each queue's lock (writers
     * and close) and write failure counters (written under that lock), its loop flag. A writer uses the queue picked
     * by its thread id, so that readers of different queues writing to the same device seldom wait for each other.
     */
    private static final class Device {
        final FrameDevice[] queues;
        final DataplaneCounters[] writeCounters;
        volatile boolean reading = true;

        Device(FrameDevice[] queues, DataplaneCounters[] writeCounters) {
            this.queues = queues;
            this.writeCounters = writeCounters;
        }

        void write(MemorySegment segment, long offset, int length) {
            int q = (int) (Thread.currentThread().threadId() % queues.length);
            FrameDevice queue = queues[q];
            synchronized (queue) {
                if (queue.isClosed() || queue.write(segment, offset, length) != length) {
                    writeCounters[q].increment(DataplaneCounter.DEVICE_WRITE_FAILED);
                }
            }
        }

        void close() {
            for (FrameDevice queue : queues) {
                if (queue == null) {
                    continue;
                }
                synchronized (queue) {
                    try {
                        queue.close();
                    } catch (Exception e) {
                        // released anyway
                    }
                }
            }
        }
    }

    /** A device of one queue, opened already (non-blocking); its write counters are counted with the agent's. */
    private Device singleQueue(FrameDevice queue) {
        DataplaneCounters writeCounters = new DataplaneCounters();
        allCounters.add(writeCounters);
        return new Device(new FrameDevice[] {queue}, new DataplaneCounters[] {writeCounters});
    }

    /** Opens the device's queues in the calling thread's namespace, non-blocking; closes what it opened on failure. */
    private Device openDevice(String name, TunDevice.Mode mode) throws Exception {
        int count = tuning.queues();
        TunDevice.Option[] options = count > 1 ? new TunDevice.Option[] {TunDevice.Option.MULTI_QUEUE}
            : new TunDevice.Option[0];
        TunDevice[] queues = new TunDevice[count];
        DataplaneCounters[] writeCounters = new DataplaneCounters[count];
        Device device = new Device(queues, writeCounters);
        try {
            for (int q = 0; q < count; q++) {
                queues[q] = TunDevice.open(q == 0 ? name : queues[0].name(), mode, options);
                queues[q].setNonBlocking(true);
                writeCounters[q] = new DataplaneCounters();
            }
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
        allCounters.addAll(List.of(writeCounters));
        return device;
    }

    private void readLoop(Device device, FrameDevice queue, PacketHandler handler) {
        DeviceReader.run(DeviceReader.of(queue), tuning.idle(), () -> running && device.reading,
            DeviceReader.allocateBuffer(BUFFER_SIZE), handler);
    }

    // ---- control plane

    private void controlLoop() {
        long nextPoll = 0;
        long nextReport = System.nanoTime() + config.reportInterval().toNanos();
        while (running) {
            long now = System.nanoTime();
            try {
                requests.drain(now, this::resolve);
                applyUpdates();
                if (now - nextPoll >= 0) {
                    nextPoll = now + config.attachPoll().toNanos();
                    reconcile();
                }
                boolean periodic = now - nextReport >= 0;
                reportMemberships(now, periodic);
                routing.report(client, now, periodic);
                if (periodic) {
                    nextReport = now + config.reportInterval().toNanos();
                    report();
                    usage.report();
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

    /**
     * The non-zero counters of this agent by name, as it reports them to the controller: the data plane's (IGMP
     * included), summed over its threads, then the DHCP server's and the SNMP agent's, prefixed {@code DHCP_} and
     * {@code SNMP_}.
     */
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>(DataplaneCounters.sum(allCounters));
        dhcp.counters().totals().forEach((counter, value) -> {
            if (value != 0) {
                all.put("DHCP_" + counter.name(), value);
            }
        });
        snmp.counters().forEach((name, value) -> {
            if (value != 0) {
                all.put("SNMP_" + name, value);
            }
        });
        return all;
    }

    /** Every data-plane counter of this agent, zero or not, summed over its threads. */
    public Map<DataplaneCounter, Long> counterTotals() {
        return DataplaneCounters.totals(allCounters);
    }

    /** The virtual routers' DHCP server: its counters and leases. */
    public DhcpServer dhcp() {
        return dhcp;
    }

    /** What the virtual routers' SNMP agent did with the requests it was handed, by outcome. */
    public Map<String, Long> snmpCounters() {
        return snmp.counters();
    }

    /** The meters of the peered traffic this host's nodes sent. */
    public TrafficMeters trafficMeters() {
        return trafficMeters;
    }

    /** The peered connections replaced before their time because their bucket of the table was full. */
    public long peeredConnectionEvictions() {
        return connections.evictions();
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
                    networks.clear();
                    update.getNodesList().forEach(n -> nodes.put(n.getNodeId(), n));
                    update.getSubnetsList().forEach(s -> subnets.put(s.getSubnetId(), s));
                    update.getNetworksList().forEach(n -> networks.put(n.getNetworkId(), n));
                    routeTables.clear();
                    update.getRouteTablesList().forEach(t -> routeTables.put(t.getSubnetId(), t));
                    peerings.clear();
                    update.getPeeringsList().forEach(p -> peerings.put(p.getNetworkId(), p));
                    cache.expireAll();
                }
                case NETWORK_UPSERT -> networks.put(update.getNetwork().getNetworkId(), update.getNetwork());
                case NODE_UPSERT -> {
                    NodeInfo old = nodes.put(update.getNode().getNodeId(), update.getNode());
                    invalidate(old);
                }
                case NODE_DELETE -> invalidate(nodes.remove(update.getNodeId()));
                case SUBNET_UPSERT -> subnets.put(update.getSubnet().getSubnetId(), update.getSubnet());
                case SUBNET_DELETE -> {
                    subnets.remove(update.getSubnetId());
                    routeTables.remove(update.getSubnetId());
                }
                case ROUTE_TABLE_UPSERT -> routeTables.merge(update.getRouteTable().getSubnetId(),
                    update.getRouteTable(), (held, pushed) -> pushed.getVersion() >= held.getVersion() ? pushed : held);
                case GROUP_MEMBERS -> groupTables.put(update.getNetworkId(), update);
                case PEERING_UPSERT -> peerings.merge(update.getPeering().getNetworkId(), update.getPeering(),
                    (held, pushed) -> pushed.getVersion() >= held.getVersion() ? pushed : held);
                default -> {
                    return;
                }
            }
            // Applied by the control thread within a cycle: a joining network arrives as one update per node, and
            // rebuilding the views and re-reading the attachments for each would cost the square of its size.
            topologyChanged = true;
        }
        log.accept("event=update version=" + update.getVersion() + " kind=" + update.getKind());
    }

    /** Publishes the views and attaches what the updates since the last cycle call for, if any arrived. */
    private void applyUpdates() {
        synchronized (this) {
            if (!topologyChanged) {
                return;
            }
            topologyChanged = false;
            publishNetworks();
            publishGroups();
        }
        reconcile();
    }

    // ---- multicast

    /** The virtual routers' routing protocols on this host. */
    public AgentRouting routing() {
        return routing;
    }

    /** The virtual routers' IGMP service, whose memberships the data plane replicates to. */
    private void registerMulticast() {
        DataplaneCounters igmpCounters = new DataplaneCounters();
        allCounters.add(igmpCounters);
        membership = new MulticastMembership(ports, groups, igmpCounters, config.igmpTimers(), System::nanoTime);
        routerServices.register(RouterPunt.Kind.IGMP, membership);
    }

    /**
     * Tells the controller the groups with members here, per network (the full set; an empty one for a network that
     * had some): when they changed, and again every report interval, so that a restarted controller learns them again.
     * Control thread.
     */
    private void reportMemberships(long now, boolean periodic) {
        long version = membership.version();
        if (!periodic && (version == reportedMembershipVersion || now - membershipRetryAt < 0)) {
            return;
        }
        Map<String, MembershipReport.Builder> reports = new HashMap<>();
        for (NetworkView view : ports.snapshot().networks()) {
            Map<Integer, Set<Integer>> byGroup = membership.groupsOf(view.overlayId());
            if (byGroup.isEmpty()) {
                continue;
            }
            MembershipReport.Builder report = MembershipReport.newBuilder().setNetworkId(view.networkId());
            byGroup.forEach((group, subnetAddresses) -> {
                GroupMembership.Builder entry = GroupMembership.newBuilder().setGroup(group);
                for (int address : subnetAddresses) {
                    SubnetView subnet = view.subnetContaining(address);
                    if (subnet != null) {
                        entry.addSubnetIds(subnet.subnetId());
                    }
                }
                report.addGroups(entry);
            });
            reports.put(view.networkId(), report);
        }
        for (String gone : reportedGroupNetworks) {
            reports.putIfAbsent(gone, MembershipReport.newBuilder().setNetworkId(gone));
        }
        boolean complete = true;
        for (MembershipReport.Builder report : reports.values()) {
            try {
                client.reportMemberships(report.build());
            } catch (RuntimeException e) {
                complete = false;
                log.accept("event=membership-report-failed network=" + report.getNetworkId() + " error=\"" + e
                    + "\"");
            }
        }
        if (!complete) {
            // Not every 5 ms while the controller is away: once a second, and at each periodic report.
            membershipRetryAt = now + TimeUnit.SECONDS.toNanos(1);
        } else {
            if (version != reportedMembershipVersion) {
                log.accept("event=memberships-reported networks=" + reports.size() + " groups="
                    + reports.values().stream().mapToInt(MembershipReport.Builder::getGroupsCount).sum());
            }
            reportedMembershipVersion = version;
            reportedGroupNetworks = reports.entrySet().stream().filter(e -> e.getValue().getGroupsCount() > 0)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** Rebuilds the other hosts' group members for the data plane from the controller's tables. Guarded by this. */
    private void publishGroups() {
        List<NetworkView> views = ports.snapshot().networks();
        groups.retainRemote(views.stream().map(NetworkView::overlayId).collect(java.util.stream.Collectors.toSet()));
        for (NetworkView view : views) {
            Update table = groupTables.get(view.networkId());
            Map<Integer, List<MulticastGroups.RemoteHost>> remote = new HashMap<>();
            if (table != null) {
                for (GroupMembers members : table.getGroupMembersList()) {
                    for (GroupHost host : members.getHostsList()) {
                        Ipv6Prefix prefix = ChannelCodec.prefix(host.getHostSubstratePrefix());
                        if (prefix.equals(config.substratePrefix())) {
                            continue;
                        }
                        int[] subnetAddresses = host.getSubnetIdsList().stream().map(view::subnet)
                            .filter(Objects::nonNull).mapToInt(SubnetView::address).toArray();
                        remote.computeIfAbsent(members.getGroup(), g -> new ArrayList<>())
                            .add(new MulticastGroups.RemoteHost(prefix.high(), prefix.low(), subnetAddresses));
                    }
                }
            }
            groups.replaceRemote(view.overlayId(), remote);
        }
    }

    /** The memberships of this host's ports, as its virtual routers learned them from IGMP. */
    public List<MulticastMembership.Membership> multicastMemberships() {
        return membership == null ? List.of() : membership.memberships();
    }

    /** Rebuilds the views of the networks with nodes on this host, for the data plane and the routers' services. */
    private void publishNetworks() {
        Map<String, List<NodeInfo>> byNetwork = new HashMap<>();
        Set<String> here = new HashSet<>();
        for (NodeInfo node : nodes.values()) {
            byNetwork.computeIfAbsent(node.getNetworkId(), id -> new ArrayList<>()).add(node);
            if (node.getHostId().equals(config.hostId())) {
                here.add(node.getNetworkId());
            }
        }
        List<NetworkView> views = new ArrayList<>();
        for (String networkId : here) {
            List<NodeInfo> members = byNetwork.get(networkId);
            List<SubnetView> subnetViews = subnets.values().stream()
                .filter(s -> s.getNetworkId().equals(networkId))
                .map(SubnetView::of)
                .toList();
            List<NetworkView.Member> interfaces = new ArrayList<>();
            for (NodeInfo node : members) {
                Ipv6Prefix prefix = ChannelCodec.prefix(node.getHostSubstratePrefix());
                for (InterfaceInfo nic : node.getInterfacesList()) {
                    interfaces.add(new NetworkView.Member(node.getNodeId(), nic.getInterfaceId(), nic.getSubnetId(),
                        nic.getAddress(), nic.getMac(), node.getHostId(), prefix.high(), prefix.low(),
                        node.getHostId().equals(config.hostId()), node.getAppliance()));
                }
            }
            Map<String, RouteTableView> tables = new HashMap<>();
            for (SubnetView subnet : subnetViews) {
                RouteTableInfo table = routeTables.get(subnet.subnetId());
                if (table != null) {
                    tables.put(subnet.subnetId(), RouteTables.view(table, problem -> reportOnce(
                        "route-table:" + subnet.subnetId(), "event=route-table-inconsistent " + problem)));
                }
            }
            NetworkInfo info = networks.get(networkId);
            NetworkPeeringInfo peering = peerings.get(networkId);
            PeeringView peeringView = peering == null ? PeeringView.NONE : new PeeringView(peering, trafficMeters,
                connections, problem -> reportOnce("peering:" + networkId, "event=peering-inconsistent network="
                    + networkId + " error=\"" + problem + "\""));
            try {
                views.add(new NetworkView(members.getFirst().getOverlayId(), networkId, settings(info), subnetViews,
                    interfaces, tables, peeringView));
            } catch (IllegalArgumentException e) {
                reportOnce("network:" + networkId, "event=network-inconsistent network=" + networkId + " error=\""
                    + e.getMessage() + "\"");
            }
        }
        ports.replaceNetworks(views);
    }

    private static NetworkSettings settings(NetworkInfo info) {
        if (info == null) {
            return NetworkSettings.DEFAULTS;
        }
        return new NetworkSettings(info.getMtu(), info.getDnsServersList(), info.getDhcpLeaseSeconds(),
            info.getSnmpCommunity().isEmpty() ? null : info.getSnmpCommunity(), info.getMulticastAcrossSubnets());
    }

    /** The MTU of the nodes' interfaces in network {@code networkId}. */
    private int mtu(String networkId) {
        NetworkInfo info = networks.get(networkId);
        return info == null ? TENANT_MTU : info.getMtu();
    }

    private void invalidate(NodeInfo node) {
        if (node != null) {
            for (InterfaceInfo nic : node.getInterfacesList()) {
                cache.invalidate(node.getOverlayId(), nic.getAddress());
            }
        }
    }

    /** An interface attached on this host: its port, device, where the device is, and reader. */
    private record Attached(LocalPort port, Device device, Binding binding, List<Thread> readers,
                            List<DataplaneCounters> counters) {
    }

    /**
     * Where a node interface's device is: a TAP the agent creates ({@code existing} false) or an existing interface,
     * named {@code device}, in {@code namespace} (null: the agent's own). The agent configures a TAP's address, route
     * and MTU unless {@code dhcp} says the node does it itself.
     */
    private record Binding(String namespace, String device, boolean existing, boolean dhcp) {
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
                || current.device().queues[0] instanceof PacketSocket socket && !socket.isInterfacePresent()) {
                it.remove();
                detach(current);
            }
        }
        for (var entry : wanted.entrySet()) {
            Attached current = attached.get(entry.getKey());
            if (current != null) {
                updateMtu(entry.getKey(), current);
                continue;
            }
            LocalPort port = entry.getValue();
            LocalPort indexed = new LocalPort(freeIndex(), port.nodeId(), port.interfaceId(), port.overlayId(),
                port.address(), port.mac(), port.subnetAddress(), port.subnetPrefixLength(), port.gateway(),
                port.routerMac(), port.sourceDestCheck());
            Binding binding = bindings.get(entry.getKey());
            try {
                attached.put(entry.getKey(), binding.existing() ? attachExisting(indexed, binding)
                    : attach(indexed, binding));
                reported.remove(entry.getKey());
            } catch (Exception e) {
                reportOnce(entry.getKey(), "event=attach-failed node=" + port.nodeId() + " interface="
                    + port.interfaceId() + " error=\"" + e + "\"");
            }
        }
    }

    /** Sets a lab-mode TAP's MTU to its network's when the network's MTU changed. */
    private void updateMtu(String key, Attached current) {
        Binding binding = current.binding();
        Integer set = tapMtus.get(key);
        int mtu = mtu(nodes.get(current.port().nodeId()).getNetworkId());
        if (binding.existing() || set == null || set == mtu) {
            return;
        }
        try {
            ip(new String[] {"-n", binding.namespace()}, "link", "set", "dev", binding.device(), "mtu",
                Integer.toString(mtu));
            tapMtus.put(key, mtu);
            log.accept("event=port-mtu index=" + current.port().index() + " node=" + current.port().nodeId()
                + " mtu=" + mtu);
        } catch (Exception e) {
            reportOnce(key, "event=port-mtu-failed node=" + current.port().nodeId() + " error=\"" + e + "\"");
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
            case Attachment.Namespace lab -> new Binding(lab.namespace(), "eth" + number, false, lab.dhcp());
            case Attachment.Interfaces existing -> {
                if (number >= existing.interfaces().size()) {
                    yield null;
                }
                Attachment.HostInterface nic = existing.interfaces().get(number);
                String namespace = nic.namespace() != null ? nic.namespace()
                    : config.hostNamespace() == null ? null : config.hostNamespace().name();
                yield new Binding(namespace, nic.name(), true, false);
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

    private Attached attach(LocalPort port, Binding binding) throws Exception {
        String namespace = binding.namespace();
        String tapName = binding.device();
        Device device = NetworkNamespace.named(namespace).runIn(() -> openDevice(tapName, TunDevice.Mode.TAP));
        FrameDevice tap = device.queues[0];
        try {
            String[] ns = {"-n", namespace};
            if (binding.dhcp()) {
                // Like a new NIC: its MAC, the default MTU, no address; the node's DHCP client asks the router.
                ip(ns, "link", "set", "dev", tap.name(), "address", MacAddress.format(port.mac()), "up");
            } else {
                int mtu = mtu(nodes.get(port.nodeId()).getNetworkId());
                ip(ns, "link", "set", "dev", tap.name(), "address", MacAddress.format(port.mac()), "mtu",
                    Integer.toString(mtu), "up");
                tapMtus.put(port.nodeId() + "/" + port.interfaceId(), mtu);
                ip(ns, "addr", "replace", Ipv4Address.format(port.address()) + "/" + port.subnetPrefixLength(),
                    "dev", tap.name());
                if (tapName.equals("eth0")) {
                    ip(ns, "route", "replace", "default", "via", Ipv4Address.format(port.gateway()), "dev",
                        tap.name());
                }
            }
        } catch (Exception | Error e) {
            device.close();
            throw e;
        }
        return attached(port, device, binding);
    }

    private Attached attached(LocalPort port, Device device, Binding binding) {
        Attached started = run(port, device, binding);
        log.accept("event=port-attached index=" + port.index() + " node=" + port.nodeId() + " interface="
            + port.interfaceId() + " netns=" + binding.namespace() + " tap=" + binding.device() + " address="
            + Ipv4Address.format(port.address()) + "/" + port.subnetPrefixLength() + " mac="
            + MacAddress.format(port.mac()) + " overlay=" + Integer.toUnsignedString(port.overlayId()) + " queues="
            + device.queues.length + (binding.dhcp() ? " configured=dhcp" : ""));
        return started;
    }

    /** Publishes the port and its device to the data plane and starts a reader per queue of the device. */
    private Attached run(LocalPort port, Device device, Binding binding) {
        Device[] grown = devices.length > port.index() ? devices.clone()
            : java.util.Arrays.copyOf(devices, port.index() + 1);
        grown[port.index()] = device;
        devices = grown;
        ports.put(port);
        int index = port.index();
        List<Thread> readers = new ArrayList<>();
        List<DataplaneCounters> counters = new ArrayList<>();
        for (int q = 0; q < device.queues.length; q++) {
            DataplaneCounters queueCounters = new DataplaneCounters();
            allCounters.add(queueCounters);
            counters.add(queueCounters);
            OutboundPipeline outbound = new OutboundPipeline(context, queueCounters);
            FrameDevice queue = device.queues[q];
            readers.add(Thread.ofPlatform().name("agent-port-" + port.nodeId() + "-" + binding.device() + "-q" + q)
                .daemon(true).start(() -> readLoop(device, queue,
                    (buffer, length) -> outbound.process(index, buffer, 0, length, sinks))));
        }
        return new Attached(port, device, binding, List.copyOf(readers), List.copyOf(counters));
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
        Device device = singleQueue(socket);
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
        tapMtus.remove(current.port().nodeId() + "/" + current.port().interfaceId());
        ports.remove(current.port().index());
        Device[] shrunk = devices.clone();
        shrunk[current.port().index()] = null;
        devices = shrunk;
        current.device().reading = false;
        current.readers().forEach(AgentRuntime::joinQuietly);
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
                a.readers().forEach(AgentRuntime::joinQuietly);
                a.device().close();
            }
            attached.clear();
        }
        tunReaders.forEach(AgentRuntime::joinQuietly);
        if (context != null) {
            // Once the data plane stopped counting: what it counted since the last interval is not lost.
            usage.report();
        }
        if (routerServices != null) {
            routerServices.close();
        }
        if (routing != null) {
            routing.close();
        }
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
        IpCommand.run(namespace.length == 0 ? null : NetworkNamespace.named(namespace[1]), args);
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
