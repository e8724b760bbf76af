package io.isthmus.controller.channel;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.ChannelCodec;
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
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves a destination for a source node of the asking host, with point reads of the store only (no range, no
 * scan): node index, source node, its network, the destination's address claim, the destination node, its host,
 * and (when the pair is in different subnets) the source subnet for its router MAC. Seven reads at most, whatever
 * the size of the network.
 *
 * <p>The answer's version is the store revision read first: the answer reflects at least that state. Reads are
 * not one snapshot, so a change racing the resolution may show in part; the agent learns of it through the update
 * stream, whose versions are greater.
 *
 * <p>Peering does not exist yet: a destination in another network is always refused with
 * {@link Reason#DIFFERENT_NETWORK}.
 */
public final class Resolver {
    private final Store store;
    private final OverlayAddressing addressing;
    private final int expiresInMs;

    /**
     * A resolver on {@code store}.
     *
     * @param addressing the overlay layout of the deployment
     * @param expiry how long agents may cache an answer
     */
    public Resolver(Store store, OverlayAddressing addressing, Duration expiry) {
        this.store = store;
        this.addressing = addressing;
        this.expiresInMs = (int) Math.min(Integer.MAX_VALUE, expiry.toMillis());
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
        Optional<KeyValue> index = store.get(Keys.nodeIndex(sourceId));
        if (index.isEmpty()) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        NetworkId networkId = new NetworkId(index.get().valueUtf8());
        Node source = read(Keys.node(networkId, sourceId), Node.class);
        if (source == null) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        if (!source.hostId().equals(caller)) {
            return refuse(answer, Reason.NOT_YOUR_NODE);
        }
        NetworkInterface sourceInterface = source.networkInterface(sourceInterfaceId).orElse(null);
        Network network = read(Keys.network(source.tenantId(), networkId), Network.class);
        if (sourceInterface == null || network == null) {
            return refuse(answer, Reason.UNKNOWN_SOURCE);
        }
        int destinationOverlayId = request.getDestinationOverlayId();
        if (destinationOverlayId != 0 && destinationOverlayId != network.overlayId()) {
            boolean exists = destinationOverlayId <= Network.MAX_OVERLAY_ID
                && store.get(Keys.overlayId(destinationOverlayId)).isPresent();
            return refuse(answer, exists ? Reason.DIFFERENT_NETWORK : Reason.UNKNOWN_DESTINATION);
        }
        int destination = request.getDestinationIpv4();
        Optional<KeyValue> claim = store.get(Keys.address(networkId, destination));
        if (claim.isEmpty()) {
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        String holder = claim.get().valueUtf8();
        int slash = holder.indexOf('/');
        NodeId destinationId = new NodeId(holder.substring(0, slash));
        InterfaceId destinationInterfaceId = new InterfaceId(holder.substring(slash + 1));
        Node target = read(Keys.node(networkId, destinationId), Node.class);
        NetworkInterface targetInterface = target == null ? null
            : target.networkInterface(destinationInterfaceId).orElse(null);
        Host targetHost = target == null ? null : read(Keys.host(target.hostId()), Host.class);
        if (targetInterface == null || targetHost == null) {
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        Ipv6Slot nextHop = new Ipv6Slot();
        if (!addressing.compose(targetHost.substratePrefix().high(), targetHost.substratePrefix().low(),
                network.overlayId(), destination, nextHop)) {
            // A host prefix or overlay id that does not fit the layout: nothing an agent could send to.
            return refuse(answer, Reason.UNKNOWN_DESTINATION);
        }
        long mac;
        if (targetInterface.subnetId().equals(sourceInterface.subnetId())) {
            mac = targetInterface.mac();
        } else {
            Subnet subnet = read(Keys.subnet(networkId, sourceInterface.subnetId()), Subnet.class);
            if (subnet == null) {
                return refuse(answer, Reason.UNKNOWN_SOURCE);
            }
            mac = VirtualMacs.router(subnet.gateway());
        }
        return answer.setAllowed(true).setReason(Reason.ALLOWED)
            .setNextHopSubstrate(ChannelCodec.address(nextHop.high, nextHop.low))
            .setDestinationMac(mac)
            .setDestinationNodeId(destinationId.value())
            .setDestinationInterfaceId(destinationInterfaceId.value())
            .build();
    }

    private static Resolution refuse(Resolution.Builder answer, Reason reason) {
        return answer.setAllowed(false).setReason(reason).build();
    }

    private <T extends Record> T read(String key, Class<T> type) {
        return store.get(key).map(kv -> ResourceCodec.decode(kv.value(), type, kv.modRevision())).orElse(null);
    }
}
