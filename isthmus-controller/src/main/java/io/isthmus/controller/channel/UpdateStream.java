package io.isthmus.controller.channel;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.SubnetRoutingCodec;
import io.isthmus.api.channel.v1.InterfaceInfo;
import io.isthmus.api.channel.v1.NetworkInfo;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.NodeInfo;
import io.isthmus.api.channel.v1.RouteInfo;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.channel.v1.SubnetInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.TenantId;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.store.CompactedException;
import io.isthmus.controller.store.Event;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.Watch;
import io.isthmus.controller.store.WatchCancelledException;
import io.isthmus.controller.store.WatchListener;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.wire.Ipv6Prefix;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One agent's {@code Watch} stream: the changes of the networks that have nodes on its host (their options, nodes
 * and subnets), read from the store's change log, so that a stream resumed from a version replays exactly what
 * followed it.
 *
 * <p>The watched networks are those with a node on the host when the stream starts, plus any network in which a
 * node comes to the host during the stream (seen on its {@code /host-nodes/} index or on the node itself, so the
 * node's own update is never missed). A network that joins is sent whole first: its options, subnets and other nodes as
 * they are then, at the version of the change that brought it. A network is not dropped during a stream; the agent
 * ignores what it no longer needs.
 *
 * <p>Start: with {@code fromVersion} 0, newer than the store, or older than the retained log, the stream begins
 * with one {@link Update.Kind#SNAPSHOT} at version V read before the state, then the changes after V (some may
 * already show in the snapshot; updates are idempotent). Otherwise it replays the changes after
 * {@code fromVersion}. Every change today writes one node or subnet key per store revision, so "the last version
 * received" is an exact resume point.
 *
 * <p>A store watch cancelled for a slow consumer or a closing store ends the stream with {@code UNAVAILABLE}; the
 * agent reconnects from its last version. Updates are sent from the store watch's delivery thread, one at a time.
 *
 * <p>Multicast memberships ({@link GroupMemberships}) are not in the change log: the stream sends the
 * {@link Update.Kind#GROUP_MEMBERS} table of each watched network when it starts and when a network joins, and again
 * whenever a host's report changes it (from the reporting call's thread, under the same lock). They carry version 0.
 *
 * <p>Route tables ({@link RoutingService}): the effective table of every subnet of a watched network is in the
 * snapshot and follows a joining network's subnets as {@link Update.Kind#ROUTE_TABLE_UPSERT}. Afterwards a change
 * of a route table (a static route, a network's blocks, a subnet created) or of a node that is a next hop (deleted,
 * moved, no longer an appliance) recomputes the network's tables, and those that differ from what this stream last
 * sent are sent again, at the version of the change. A resumed stream has sent nothing yet: its first such change
 * sends every table of the network, so that what the agent missed while away is covered.
 *
 * <p>Peering views ({@link PeeringViews}) are computed from the store by the peering manager, after the change that
 * caused them: the snapshot holds the view of every watched network with an active attachment, a joining network's
 * view follows its subnets (when it has an attachment), and a resumed stream begins with the view of every watched
 * network (an empty one replaces a view that went while the agent was away). Afterwards, whenever a watched
 * network's view changes, the stream sends it as {@link Update.Kind#PEERING_UPSERT}, then the network's route tables
 * that differ (their propagated routes), in updates of version 0 like learned routes.
 */
final class UpdateStream implements WatchListener {
    private static final int PAGE = 500;

    private final Store store;
    private final HostId host;
    private final ServerCallStreamObserver<Update> out;
    private final Set<NetworkId> networks = new HashSet<>();
    private final Map<NetworkId, Integer> overlayIds = new HashMap<>();
    private final Map<HostId, Ipv6Prefix> hostPrefixes = new HashMap<>();
    private final Object lock = new Object();
    private final String hostNodes;
    private final GroupMemberships memberships;
    private final RoutingService routing;
    private final PeeringViews peering;
    /** Per watched network: the routes last sent for each subnet (by subnet id). */
    private final Map<NetworkId, Map<String, List<RouteInfo>>> sentRoutes = new HashMap<>();
    /** Per watched network: the nodes its routes target, when known. */
    private final Map<NetworkId, Set<NodeId>> nextHopNodes = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Watch watch;
    private volatile AutoCloseable membershipListener;
    private volatile AutoCloseable routingListener;
    private volatile AutoCloseable peeringListener;
    private volatile boolean closed;

    private UpdateStream(Store store, GroupMemberships memberships, RoutingService routing, PeeringViews peering,
                         HostId host, ServerCallStreamObserver<Update> out) {
        this.store = store;
        this.memberships = memberships;
        this.routing = routing;
        this.peering = peering;
        this.host = host;
        this.out = out;
        this.hostNodes = Keys.hostNodes(host);
    }

    /** Starts the stream for {@code host} from {@code fromVersion} (0: a snapshot first). */
    static void start(Store store, GroupMemberships memberships, RoutingService routing, PeeringViews peering,
                      HostId host, long fromVersion, ServerCallStreamObserver<Update> out) {
        UpdateStream stream = new UpdateStream(store, memberships, routing, peering, host, out);
        memberships.streamOpened(host);
        out.setOnCancelHandler(stream::close);
        try {
            stream.begin(fromVersion);
        } catch (RuntimeException e) {
            stream.release();
            throw e;
        }
    }

    private void begin(long fromVersion) {
        synchronized (lock) {
            // Held until the snapshot is out: the watch's listener waits for it, so updates follow the snapshot.
            boolean snapshot = fromVersion <= 0 || fromVersion > store.revision();
            if (!snapshot) {
                readNetworks();
                try {
                    watch = store.watch("", fromVersion + 1, this);
                } catch (CompactedException e) {
                    snapshot = true;
                }
            }
            if (snapshot) {
                long version = store.revision();
                watch = store.watch("", version + 1, this);
                readNetworks();
                sendSnapshot(version);
            }
            // Memberships are not in the change log: every stream starts with the current tables, which replace
            // whatever the agent kept from before a reconnect or a controller restart.
            membershipListener = memberships.listen(this::onMembershipsChanged);
            networks.forEach(this::sendGroupMembers);
            routingListener = routing.listen(this::onLearnedRoutesChanged);
            peeringListener = peering.listen(this::onPeeringChanged);
            if (!snapshot) {
                // What changed while the agent was away: every watched network's view replaces the one it holds.
                networks.forEach(network -> sendPeering(peering.view(network), 0));
            }
        }
        if (closed) {
            watch.close();
            release();
            stopListening();
        }
    }

    private void onMembershipsChanged(NetworkId network) {
        synchronized (lock) {
            if (!closed && networks.contains(network)) {
                sendGroupMembers(network);
            }
        }
    }

    /**
     * The routes learned in {@code network} changed: its tables that differ are sent labelled with the store's
     * current revision (later than any the agent holds), in an update of version 0 (not a resume point: the store
     * did not change).
     */
    private void onLearnedRoutesChanged(NetworkId network) {
        synchronized (lock) {
            if (!closed && networks.contains(network)) {
                sendRoutes(network, store.revision(), 0);
            }
        }
    }

    /**
     * The peering view of {@code network} changed: it is sent, then the network's tables that differ (their
     * propagated routes), labelled with the store's current revision, in updates of version 0.
     */
    private void onPeeringChanged(NetworkId network) {
        synchronized (lock) {
            if (!closed && networks.contains(network)) {
                sendPeering(peering.view(network), 0);
                sendRoutes(network, store.revision(), 0);
            }
        }
    }

    private void sendPeering(NetworkPeeringInfo view, long version) {
        send(Update.newBuilder().setVersion(version).setKind(Update.Kind.PEERING_UPSERT)
            .setNetworkId(view.getNetworkId()).setPeering(view).build());
    }

    private void sendGroupMembers(NetworkId network) {
        send(Update.newBuilder().setKind(Update.Kind.GROUP_MEMBERS).setNetworkId(network.value())
            .addAllGroupMembers(memberships.table(network)).build());
    }

    private void readNetworks() {
        forEach(hostNodes, kv -> networks.add(new NetworkId(kv.valueUtf8())));
    }

    private void sendSnapshot(long version) {
        Update.Builder snapshot = Update.newBuilder().setVersion(version).setKind(Update.Kind.SNAPSHOT);
        for (NetworkId network : networks) {
            forEach(Keys.nodes(network), kv -> {
                NodeInfo info = nodeInfo(ResourceCodec.decode(kv.value(), Node.class, kv.modRevision()));
                if (info != null) {
                    snapshot.addNodes(info);
                }
            });
            forEach(Keys.subnets(network), kv -> {
                Subnet subnet = ResourceCodec.decode(kv.value(), Subnet.class, kv.modRevision());
                snapshot.addSubnets(subnetInfo(subnet));
                if (snapshot.getNetworksList().stream().noneMatch(n -> n.getNetworkId().equals(network.value()))) {
                    networkInfo(subnet.tenantId(), network).ifPresent(snapshot::addNetworks);
                }
            });
            RoutingService.NetworkRoutes routes = routing.routes(network, version);
            nextHopNodes.put(network, routes.nextHopNodes());
            Map<String, List<RouteInfo>> sent = sentRoutes.computeIfAbsent(network, n -> new HashMap<>());
            for (RouteTableInfo table : routes.tables()) {
                sent.put(table.getSubnetId(), table.getRoutesList());
                snapshot.addRouteTables(table);
            }
            NetworkPeeringInfo view = peering.view(network);
            if (view.getAttachmentsCount() > 0) {
                snapshot.addPeerings(view);
            }
        }
        send(snapshot.build());
    }

    @Override
    public void onEvent(Event event) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            String key = event.key();
            if (key.startsWith(hostNodes)) {
                if (event.type() == Event.Type.PUT) {
                    join(new NetworkId(event.kv().valueUtf8()), key.substring(hostNodes.length()), event.revision());
                }
            } else if (key.startsWith("/nodes/")) {
                onNode(event, key);
            } else if (key.startsWith("/subnets/")) {
                onSubnet(event, key);
            } else if (key.startsWith("/route-tables/")) {
                NetworkId network = new NetworkId(key.substring("/route-tables/".length(), key.lastIndexOf('/')));
                if (networks.contains(network)) {
                    sendRoutes(network, event.revision());
                }
            } else if (key.startsWith("/networks/") && event.type() == Event.Type.PUT) {
                NetworkId network = new NetworkId(key.substring(key.lastIndexOf('/') + 1));
                if (networks.contains(network)) {
                    Network changed = ResourceCodec.decode(event.kv().value(), Network.class, event.revision());
                    send(Update.newBuilder().setVersion(event.revision()).setNetworkId(network.value())
                        .setKind(Update.Kind.NETWORK_UPSERT).setNetwork(networkInfo(changed)).build());
                }
            }
        }
    }

    private void onNode(Event event, String key) {
        int slash = key.indexOf('/', "/nodes/".length());
        NetworkId network = new NetworkId(key.substring("/nodes/".length(), slash));
        String nodeId = key.substring(slash + 1);
        Update.Builder update = Update.newBuilder().setVersion(event.revision()).setNetworkId(network.value());
        if (event.type() == Event.Type.PUT) {
            Node node = ResourceCodec.decode(event.kv().value(), Node.class, event.revision());
            if (node.hostId().equals(host)) {
                join(network, nodeId, event.revision());
            }
            if (!networks.contains(network)) {
                return;
            }
            NodeInfo info = nodeInfo(node);
            if (info != null) {
                send(update.setKind(Update.Kind.NODE_UPSERT).setNodeId(nodeId).setNode(info).build());
            }
        } else {
            boolean ours = event.prevKv().map(prev -> ResourceCodec.decode(prev.value(), Node.class,
                prev.modRevision()).hostId().equals(host)).orElse(false);
            if (ours || networks.contains(network)) {
                send(update.setKind(Update.Kind.NODE_DELETE).setNodeId(nodeId).build());
            }
        }
        if (networks.contains(network) && nextHopNodes(network).contains(new NodeId(nodeId))) {
            sendRoutes(network, event.revision());
        }
    }

    /** The nodes {@code network}'s routes target, read once and then kept up to date by {@link #sendRoutes}. */
    private Set<NodeId> nextHopNodes(NetworkId network) {
        return nextHopNodes.computeIfAbsent(network, n -> routing.routes(n, 0).nextHopNodes());
    }

    /**
     * Recomputes {@code network}'s route tables and sends, at {@code version}, those that differ from what this
     * stream last sent (every table when it has sent none).
     */
    private void sendRoutes(NetworkId network, long version) {
        sendRoutes(network, version, version);
    }

    /** {@link #sendRoutes(NetworkId, long)} with tables labelled {@code version} in updates of {@code updateVersion}. */
    private void sendRoutes(NetworkId network, long version, long updateVersion) {
        RoutingService.NetworkRoutes routes = routing.routes(network, version);
        nextHopNodes.put(network, routes.nextHopNodes());
        Map<String, List<RouteInfo>> sent = sentRoutes.computeIfAbsent(network, n -> new HashMap<>());
        Set<String> present = new HashSet<>();
        for (RouteTableInfo table : routes.tables()) {
            present.add(table.getSubnetId());
            if (!table.getRoutesList().equals(sent.get(table.getSubnetId()))) {
                sent.put(table.getSubnetId(), table.getRoutesList());
                send(Update.newBuilder().setVersion(updateVersion).setNetworkId(network.value())
                    .setSubnetId(table.getSubnetId()).setKind(Update.Kind.ROUTE_TABLE_UPSERT).setRouteTable(table)
                    .build());
            }
        }
        sent.keySet().retainAll(present);
    }

    /**
     * Watches {@code network} from now on when it is new to this stream (node {@code nodeId} came to the host): sends
     * the network's subnets, their route tables and its other nodes as they are now, at {@code version}, so that
     * the agent can attach the node (its subnet) and knows its neighbours; the node's own update follows from its
     * event.
     */
    private void join(NetworkId network, String nodeId, long version) {
        if (!networks.add(network)) {
            return;
        }
        Update.Builder update = Update.newBuilder().setVersion(version).setNetworkId(network.value());
        boolean[] sent = {false};
        forEach(Keys.subnets(network), kv -> {
            Subnet subnet = ResourceCodec.decode(kv.value(), Subnet.class, kv.modRevision());
            if (!sent[0]) {
                sent[0] = true;
                networkInfo(subnet.tenantId(), network).ifPresent(info -> send(update.clone()
                    .setKind(Update.Kind.NETWORK_UPSERT).setNetwork(info).build()));
            }
            send(update.clone().setKind(Update.Kind.SUBNET_UPSERT).setSubnetId(subnet.id().value())
                .setSubnet(subnetInfo(subnet)).build());
        });
        NetworkPeeringInfo view = peering.view(network);
        if (view.getAttachmentsCount() > 0) {
            sendPeering(view, version);
        }
        sendRoutes(network, version);
        forEach(Keys.nodes(network), kv -> {
            Node node = ResourceCodec.decode(kv.value(), Node.class, kv.modRevision());
            // The node itself follows from its own event; a node whose network or host is gone has no info.
            NodeInfo info = node.id().value().equals(nodeId) ? null : nodeInfo(node);
            if (info != null) {
                send(update.clone().setKind(Update.Kind.NODE_UPSERT).setNodeId(node.id().value()).setNode(info)
                    .build());
            }
        });
        sendGroupMembers(network);
    }

    private void onSubnet(Event event, String key) {
        int slash = key.indexOf('/', "/subnets/".length());
        NetworkId network = new NetworkId(key.substring("/subnets/".length(), slash));
        if (!networks.contains(network)) {
            return;
        }
        Update.Builder update = Update.newBuilder().setVersion(event.revision()).setNetworkId(network.value())
            .setSubnetId(key.substring(slash + 1));
        if (event.type() == Event.Type.PUT) {
            Subnet subnet = ResourceCodec.decode(event.kv().value(), Subnet.class, event.revision());
            send(update.setKind(Update.Kind.SUBNET_UPSERT).setSubnet(subnetInfo(subnet)).build());
            if (subnet.routing().enabled() || !routing.sessions(network).isEmpty()) {
                // Its routing may have changed: which participants' learned routes are accepted.
                sendRoutes(network, event.revision());
            }
        } else {
            send(update.setKind(Update.Kind.SUBNET_DELETE).build());
        }
    }

    @Override
    public void onCancelled(WatchCancelledException reason) {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                try {
                    out.onError(Status.UNAVAILABLE.withDescription("update stream interrupted ("
                        + reason.reason() + "); resume from the last version received").asRuntimeException());
                } catch (RuntimeException e) {
                    // the call is already gone
                }
            }
        }
        release();
    }

    /** Stops the stream (the agent went away). */
    private void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        release();
    }

    /** Once per stream: stops listening to memberships and tells them the host's stream ended. */
    private void release() {
        if (released.compareAndSet(false, true)) {
            stopListening();
            memberships.streamClosed(host);
        }
    }

    private void stopListening() {
        for (AutoCloseable listener : new AutoCloseable[] {membershipListener, routingListener, peeringListener}) {
            if (listener != null) {
                try {
                    listener.close();
                } catch (Exception e) {
                    // a removal from a list: cannot fail
                }
            }
        }
    }


    private void send(Update update) {
        try {
            out.onNext(update);
        } catch (StatusRuntimeException | IllegalStateException e) {
            // Cancelled under us: the cancel handler closes the watch.
            closed = true;
        }
    }

    /** The node as agents see it, or null when its host or network vanished meanwhile (a delete follows). */
    private NodeInfo nodeInfo(Node node) {
        Integer overlayId = overlayIds.computeIfAbsent(node.networkId(), id ->
            store.get(Keys.network(node.tenantId(), id)).map(kv -> ResourceCodec.decode(kv.value(), Network.class,
                kv.modRevision()).overlayId()).orElse(null));
        Ipv6Prefix prefix = hostPrefixes.computeIfAbsent(node.hostId(), id ->
            store.get(Keys.host(id)).map(kv -> ResourceCodec.decode(kv.value(), Host.class, kv.modRevision())
                .substratePrefix()).orElse(null));
        if (overlayId == null || prefix == null) {
            return null;
        }
        NodeInfo.Builder info = NodeInfo.newBuilder().setNodeId(node.id().value())
            .setNetworkId(node.networkId().value()).setOverlayId(overlayId).setHostId(node.hostId().value())
            .setHostSubstratePrefix(ChannelCodec.prefix(prefix)).setAppliance(node.isAppliance());
        for (NetworkInterface i : node.interfaces()) {
            info.addInterfaces(InterfaceInfo.newBuilder().setInterfaceId(i.id().value())
                .setSubnetId(i.subnetId().value()).setAddress(i.address()).setMac(i.mac()));
        }
        return info.build();
    }

    /** The network as agents see it, or empty when it is gone (a node of it cannot be attached then either). */
    private Optional<NetworkInfo> networkInfo(TenantId tenant, NetworkId network) {
        return store.get(Keys.network(tenant, network))
            .map(kv -> networkInfo(ResourceCodec.decode(kv.value(), Network.class, kv.modRevision())));
    }

    private static NetworkInfo networkInfo(Network network) {
        NetworkOptions options = network.options();
        return NetworkInfo.newBuilder().setNetworkId(network.id().value()).setOverlayId(network.overlayId())
            .setMtu(options.mtu()).addAllDnsServers(options.dnsServers())
            .setDhcpLeaseSeconds(options.dhcpLeaseSeconds())
            .setSnmpCommunity(options.snmpCommunity() == null ? "" : options.snmpCommunity())
            .setMulticastAcrossSubnets(options.multicastAcrossSubnets()).build();
    }

    /** The subnet as agents see it, with its routing participants' interfaces read from the store. */
    private SubnetInfo subnetInfo(Subnet subnet) {
        SubnetInfo.Builder info = SubnetInfo.newBuilder().setSubnetId(subnet.id().value())
            .setNetworkId(subnet.networkId().value()).setCidrAddress(subnet.cidr().address())
            .setCidrLength(subnet.cidr().length()).setGateway(subnet.gateway())
            .setRouterMac(VirtualMacs.router(subnet.gateway()));
        if (subnet.routing().enabled()) {
            info.setRouting(SubnetRoutingCodec.info(subnet, node -> store.get(Keys.node(subnet.networkId(), node))
                .map(kv -> ResourceCodec.decode(kv.value(), Node.class, kv.modRevision()))));
        }
        return info.build();
    }

    private void forEach(String prefix, Consumer<KeyValue> action) {
        String after = null;
        RangePage page;
        do {
            page = store.range(prefix, after, PAGE);
            page.kvs().forEach(action);
            after = page.lastKey().orElse(null);
        } while (page.more());
    }
}
