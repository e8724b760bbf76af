package io.isthmus.controller.channel;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.Resolution;
import io.isthmus.api.channel.v1.Resolution.Reason;
import io.isthmus.api.channel.v1.ResolveRequest;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves a destination for a source node of the asking host, with point reads of the store only (no range, no
 * scan): node index, source node, its network, the destination's address claim, the destination node, its host,
 * and (when the pair is in different subnets) the source subnet for its router MAC. Seven reads at most, whatever
 * the size of the network; three in the steady state (source node, address claim, destination node), because what
 * never changes for a resource id is kept in memory: a node's network, a network's overlay id, a host's substrate
 * prefix, a subnet's gateway. Ids are never reused and a resource is deleted only after what refers to it, so a kept
 * fact is never wrong for a resource that can still be reached from a live node.
 *
 * <p>The answer's version is the store revision read first: the answer reflects at least that state. Reads are
 * not one snapshot, so a change racing the resolution may show in part; the agent learns of it through the update
 * stream, whose versions are greater.
 *
 * <p><b>Peering.</b> A destination in another network (its overlay id in the request) is allowed when the source's
 * network reaches it through peering routers: its peering view ({@link PeeringViews}, kept in memory by the peering
 * manager, no store read) has a peer range of that overlay id whose {@code peer_prefix} range holds the destination,
 * which is then the peer's own (real) address, and an interface of the peer network holds that address. The next
 * hop is the destination node's host prefix | the peer's overlay id | the destination, and the MAC is the source
 * subnet's virtual router's (the first hop). The traffic rules are the agents' to enforce. Otherwise the answer is
 * {@link Reason#DIFFERENT_NETWORK} (the overlay id is a network's), or {@link Reason#UNKNOWN_DESTINATION} (no such
 * network, or no interface holds the address in the peer network).
 */
public final class Resolver {
    private final Store store;
    private final OverlayAddressing addressing;
    private final int expiresInMs;
    private final ImmutableFacts<NodeId, NetworkId> nodeNetworks = new ImmutableFacts<>();
    private final ImmutableFacts<NetworkId, Integer> overlayIds = new ImmutableFacts<>();
    private final ImmutableFacts<HostId, Ipv6Prefix> hostPrefixes = new ImmutableFacts<>();
    private final ImmutableFacts<SubnetId, Integer> gateways = new ImmutableFacts<>();
    private final PeeringViews peering;

    /**
     * A resolver on {@code store} without peering: a destination in another network is always refused.
     *
     * @param addressing the overlay layout of the deployment
     * @param expiry how long agents may cache an answer
     */
    public Resolver(Store store, OverlayAddressing addressing, Duration expiry) {
        this(store, addressing, expiry, null);
    }

    /**
     * A resolver on {@code store} that allows destinations in peer networks as {@code peering} says (null: none).
     *
     * @param addressing the overlay layout of the deployment
     * @param expiry how long agents may cache an answer
     */
    public Resolver(Store store, OverlayAddressing addressing, Duration expiry, PeeringViews peering) {
        this.store = store;
        this.addressing = addressing;
        this.expiresInMs = (int) Math.min(Integer.MAX_VALUE, expiry.toMillis());
        this.peering = peering;
    }

    /**
     * Resolves {@code request} for the agent of {@code caller}.
     *
     * @return the answer; refusals carry their reason, never an exception
     */
    public Resolution resolve(HostId caller, ResolveRequest request) {
        Resolution.Builder answer = Resolution.newBuilder().setVersion(store.revision()).setExpiresInMs(expiresInMs);
        NodeId sourceId;
        InterfaceId sourceInterfaceId;
        try {
            sourceId = new NodeId(request.getSourceNodeId());
            sourceInterfaceId = new InterfaceId(request.getSourceInterfaceId());
        } catch (IllegalArgumentException e) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        NetworkId networkId = nodeNetworks.get(sourceId, id -> store.get(Keys.nodeIndex(id))
            .map(kv -> new NetworkId(kv.valueUtf8())).orElse(null));
        if (networkId == null) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        Node source = read(Keys.node(networkId, sourceId), Node.class);
        if (source == null) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        if (!source.hostId().equals(caller)) {
            return refuse(answer, Reason.NOT_YOUR_NODE);
        }
        NetworkInterface sourceInterface = source.networkInterface(sourceInterfaceId).orElse(null);
        Integer overlayId = overlayIds.get(networkId, id -> {
            Network network = read(Keys.network(source.tenantId(), id), Network.class);
            return network == null ? null : network.overlayId();
        });
        if (sourceInterface == null || overlayId == null) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        int destination = request.getDestinationIpv4();
        int destinationOverlayId = request.getDestinationOverlayId();
        NetworkId targetNetworkId = networkId;
        int targetOverlayId = overlayId;
        boolean peered = destinationOverlayId != 0 && destinationOverlayId != overlayId;
        if (peered) {
            Optional<PeerRangeInfo> range = peerRange(networkId, destinationOverlayId, destination);
            if (range.isEmpty()) {
                boolean exists = destinationOverlayId <= Network.MAX_OVERLAY_ID
                    && store.get(Keys.overlayId(destinationOverlayId)).isPresent();
                return refuse(answer, exists ? Reason.DIFFERENT_NETWORK : Reason.UNKNOWN_DESTINATION);
            }
            targetNetworkId = new NetworkId(range.get().getPeerNetworkId());
            targetOverlayId = destinationOverlayId;
        }
        Optional<KeyValue> claim = store.get(Keys.address(targetNetworkId, destination));
        if (claim.isEmpty()) {
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        String holder = claim.get().valueUtf8();
        int slash = holder.indexOf('/');
        NodeId destinationId = new NodeId(holder.substring(0, slash));
        InterfaceId destinationInterfaceId = new InterfaceId(holder.substring(slash + 1));
        Node target = read(Keys.node(targetNetworkId, destinationId), Node.class);
        NetworkInterface targetInterface = target == null ? null
            : target.networkInterface(destinationInterfaceId).orElse(null);
        Ipv6Prefix targetPrefix = target == null ? null : hostPrefixes.get(target.hostId(), id -> {
            Host host = read(Keys.host(id), Host.class);
            return host == null ? null : host.substratePrefix();
        });
        if (targetInterface == null || targetPrefix == null) {
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        Ipv6Slot nextHop = new Ipv6Slot();
        if (!addressing.compose(targetPrefix.high(), targetPrefix.low(), targetOverlayId, destination, nextHop)) {
            // A host prefix or overlay id that does not fit the layout: nothing an agent could send to.
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        long mac;
        if (!peered && targetInterface.subnetId().equals(sourceInterface.subnetId())) {
            mac = targetInterface.mac();
        } else {
            Integer gateway = gateways.get(sourceInterface.subnetId(), id -> {
                Subnet subnet = read(Keys.subnet(networkId, id), Subnet.class);
                return subnet == null ? null : subnet.gateway();
            });
            if (gateway == null) {
                return refuse(answer, Reason.UNKNOWN_SOURCE);
            }
            mac = VirtualMacs.router(gateway);
        }
        return answer.setAllowed(true).setReason(Reason.ALLOWED)
            .setNextHopSubstrate(ChannelCodec.address(nextHop.high, nextHop.low))
            .setDestinationMac(mac)
            .setDestinationNodeId(destinationId.value())
            .setDestinationInterfaceId(destinationInterfaceId.value())
            .build();
    }

    /** The range of {@code network}'s peering view that reaches {@code destination} (real) in overlay {@code peer}. */
    private Optional<PeerRangeInfo> peerRange(NetworkId network, int peer, int destination) {
        if (peering == null) {
            return Optional.empty();
        }
        for (PeerRangeInfo range : peering.view(network).getPeersList()) {
            if (range.getPeerOverlayId() == peer
                && Ipv4Prefix.normalized(range.getPeerPrefix(), range.getLength()).contains(destination)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    private static Resolution refuse(Resolution.Builder answer, Reason reason) {
        return answer.setAllowed(false).setReason(reason).build();
    }

    /**
     * Facts that never change for an id, read once. Bounded: past {@value #MAX} entries it starts over (a re-read
     * costs one store read).
     */
    private static final class ImmutableFacts<K, V> {
        private static final int MAX = 1 << 18;
        private final ConcurrentHashMap<K, V> facts = new ConcurrentHashMap<>();

        /** The fact of {@code key}, read with {@code load} when not kept; null (not kept) when there is none. */
        V get(K key, Function<K, V> load) {
            V value = facts.get(key);
            if (value == null) {
                value = load.apply(key);
                if (value != null) {
                    if (facts.size() >= MAX) {
                        facts.clear();
                    }
                    facts.put(key, value);
                }
            }
            return value;
        }
    }

    private <T extends Record> T read(String key, Class<T> type) {
        return store.get(key).map(kv -> ResourceCodec.decode(kv.value(), type, kv.modRevision())).orElse(null);
    }
}
