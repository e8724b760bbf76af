package io.isthmus.agent.peering;

import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.PeeringAttachmentInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one network reaches through peering routers, as the controller pushed it ({@link NetworkPeeringInfo}), for the
 * data plane: the peer ranges (by longest prefix match on a destination as the network sees it, or by a peer's
 * overlay id and own address), their stateless 1:1 translations, the routers on the way (hops), the far subnets'
 * gateways, both attachments' policies, and the meter of each pair. Immutable and allocation-free to read; the host's
 * {@link ConnectionTable} and {@link TrafficMeters} outlive it.
 */
public final class PeeringView {
    /** A network with no active attachment. */
    public static final PeeringView NONE = new PeeringView(NetworkPeeringInfo.getDefaultInstance(), null,
        new ConnectionTable(64), problem -> { });

    /** By decreasing prefix length, so the first match is the longest. */
    private final int[] prefixes;
    private final int[] masks;
    private final int[] peerOverlayIds;
    private final int[] peerPrefixes;
    private final boolean[] localResponsesOnly;
    private final TrafficRules[] localRules;
    private final boolean[] peerResponsesOnly;
    private final TrafficRules[] peerRules;
    private final int[][] hops;
    private final int[][] farPrefixes;
    private final int[][] farMasks;
    private final int[][] farGateways;
    private final int[] meters;
    private final TrafficMeters trafficMeters;
    private final ConnectionTable connections;

    /**
     * The view of {@code info}. Ranges naming an attachment the info does not list are left out and reported to
     * {@code problems}, as are ranges with a malformed prefix.
     *
     * @param trafficMeters where each pair's traffic is counted (null: not metered)
     * @param connections the host's connection table
     */
    public PeeringView(NetworkPeeringInfo info, TrafficMeters trafficMeters, ConnectionTable connections,
                       Consumer<String> problems) {
        this.trafficMeters = trafficMeters;
        this.connections = connections;
        Map<String, PeeringAttachmentInfo> attachments = new HashMap<>();
        info.getAttachmentsList().forEach(a -> attachments.put(a.getAttachmentId(), a));
        List<PeerRangeInfo> ranges = new ArrayList<>();
        for (PeerRangeInfo range : info.getPeersList()) {
            if (!attachments.containsKey(range.getLocalAttachmentId())) {
                problems.accept("peer range " + describe(range) + " names attachment " + range.getLocalAttachmentId()
                    + " which the network does not have");
            } else if (range.getLength() > 32 || (range.getPrefix() & ~TrafficRules.mask(range.getLength())) != 0
                || (range.getPeerPrefix() & ~TrafficRules.mask(range.getLength())) != 0) {
                problems.accept("peer range " + describe(range) + " is not a prefix");
            } else {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingInt(PeerRangeInfo::getLength).reversed());
        int n = ranges.size();
        prefixes = new int[n];
        masks = new int[n];
        peerOverlayIds = new int[n];
        peerPrefixes = new int[n];
        localResponsesOnly = new boolean[n];
        localRules = new TrafficRules[n];
        peerResponsesOnly = new boolean[n];
        peerRules = new TrafficRules[n];
        hops = new int[n][];
        farPrefixes = new int[n][];
        farMasks = new int[n][];
        farGateways = new int[n][];
        meters = new int[n];
        for (int i = 0; i < n; i++) {
            PeerRangeInfo range = ranges.get(i);
            PeeringAttachmentInfo local = attachments.get(range.getLocalAttachmentId());
            prefixes[i] = range.getPrefix();
            masks[i] = TrafficRules.mask(range.getLength());
            peerOverlayIds[i] = range.getPeerOverlayId();
            peerPrefixes[i] = range.getPeerPrefix();
            localResponsesOnly[i] = local.getResponsesOnly();
            localRules[i] = new TrafficRules(local.getRulesList());
            peerResponsesOnly[i] = range.getPeerResponsesOnly();
            peerRules[i] = new TrafficRules(range.getPeerRulesList());
            hops[i] = range.getRouterHopsList().stream().mapToInt(Integer::intValue).toArray();
            List<PeerSubnetInfo> subnets = range.getPeerSubnetsList();
            farPrefixes[i] = new int[subnets.size()];
            farMasks[i] = new int[subnets.size()];
            farGateways[i] = new int[subnets.size()];
            for (int s = 0; s < subnets.size(); s++) {
                farMasks[i][s] = TrafficRules.mask(subnets.get(s).getLength());
                farPrefixes[i][s] = subnets.get(s).getPrefix() & farMasks[i][s];
                farGateways[i][s] = subnets.get(s).getGateway();
            }
            meters[i] = trafficMeters == null ? -1
                : trafficMeters.meter(range.getLocalAttachmentId(), range.getPeerAttachmentId());
        }
    }

    private static String describe(PeerRangeInfo range) {
        return io.isthmus.wire.Ipv4Address.format(range.getPrefix()) + "/" + range.getLength();
    }

    /** The range holding {@code destination}, an address as the network sees it (longest match), or -1. */
    public int byDestination(int destination) {
        for (int i = 0; i < prefixes.length; i++) {
            if ((destination & masks[i]) == prefixes[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The range of peer network {@code overlayId} holding {@code address}, the peer's own address, or -1. */
    public int bySource(int overlayId, int address) {
        for (int i = 0; i < prefixes.length; i++) {
            if (peerOverlayIds[i] == overlayId && (address & masks[i]) == peerPrefixes[i]) {
                return i;
            }
        }
        return -1;
    }

    /** {@code seen}, an address of range {@code i} as the network sees it, in the peer's own addresses. */
    public int toPeer(int i, int seen) {
        return seen & ~masks[i] | peerPrefixes[i];
    }

    /** {@code address}, a peer's own address in range {@code i}, as the network sees it. */
    public int fromPeer(int i, int address) {
        return address & ~masks[i] | prefixes[i];
    }

    /** The overlay id of range {@code i}'s network. */
    public int peerOverlayId(int i) {
        return peerOverlayIds[i];
    }

    /** The number of peering routers between the network and range {@code i}. */
    public int routerCount(int i) {
        return hops[i].length;
    }

    /** The hop address of the {@code k}-th peering router (from 0) on the way to range {@code i}. */
    public int routerHop(int i, int k) {
        return hops[i][k];
    }

    /** The gateway, as the network sees it, of the far subnet holding {@code seen} in range {@code i}, or 0. */
    public int farGateway(int i, int seen) {
        int[] far = farPrefixes[i];
        for (int s = 0; s < far.length; s++) {
            if ((seen & farMasks[i][s]) == far[s]) {
                return farGateways[i][s];
            }
        }
        return 0;
    }

    /** Whether only answers to the network's own connections may come in from range {@code i}. */
    public boolean localResponsesOnly(int i) {
        return localResponsesOnly[i];
    }

    /** The rules of the network's attachment that range {@code i} is reached by. */
    public TrafficRules localRules(int i) {
        return localRules[i];
    }

    /** Whether only answers to range {@code i}'s own connections may go to it. */
    public boolean peerResponsesOnly(int i) {
        return peerResponsesOnly[i];
    }

    /** The rules of range {@code i}'s attachment, in the peer's own addresses. */
    public TrafficRules peerRules(int i) {
        return peerRules[i];
    }

    /** Meters a packet of {@code length} IPv4 bytes sent to range {@code i}. */
    public void meter(int i, int length) {
        if (trafficMeters != null) {
            trafficMeters.count(meters[i], length);
        }
    }

    /** The host's connection table. */
    public ConnectionTable connections() {
        return connections;
    }
}
