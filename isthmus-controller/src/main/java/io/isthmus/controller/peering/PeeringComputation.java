package io.isthmus.controller.peering;

import io.isthmus.api.allocation.PeeringRanges;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.PeeringAttachmentInfo;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.TrafficRule;
import io.isthmus.api.resource.Translation;
import io.isthmus.routing.PrefixRange;
import io.isthmus.wire.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes what each attached network reaches through peering routers (DESIGN.md, "Peering routers"), as the agents
 * apply it ({@code NetworkPeeringInfo}). Pure: everything comes from a {@link PeeringState}.
 *
 * <p><b>What connects.</b> Only {@link PeeringAttachmentState#ACTIVE} attachments that have not expired at
 * {@link PeeringState#now()} ({@link PeeringAttachment#at}) and {@code ACTIVE} links count. A network N reaches the
 * network of attachment P through its own attachment L when P's router is L's router, or is reached from it through
 * links. The path is the list of routers crossed, L's first: the fewest routers win, ties go to the path whose router
 * ids are lower, compared router by router. Paths are found breadth first from L's router, each router kept with the
 * first (so best) path that reaches it: a router never appears twice on a path, and cycles in the links never loop.
 *
 * <p><b>Filters.</b> L and P must allow each other: each policy's {@code peers} is empty or names the other
 * attachment (with a fabric, the two are on different routers; the lists name attachments, wherever they are). The
 * ranges P offers are its network's blocks as they are now (a block added after attaching is offered too: the
 * router's overlap check saw the blocks of that time, so the overlap handling below keeps what N sees apart); a block
 * is offered whole when P's exports allow it (on P's own addresses) and L's imports allow it as N is offered it (after
 * P's translation, before any import representative: the filter does not depend on the controller's choice of
 * ranges); otherwise each of P's subnets in the block that both filters allow is offered on its own. An empty
 * filter allows everything.
 *
 * <p><b>Translation.</b> A range of a block P translates ({@link PeeringAttachment#translations}) is offered at the
 * same offset in the representative. When the offered range overlaps N's own blocks (its network's and its
 * attachments') or a range N already sees, and L's overlap mode is {@link OverlapMode#TRANSLATE}, N sees it through
 * an import representative: the lowest free range of the same length ({@link PeeringRanges}) that overlaps neither
 * N's blocks nor any range offered to N. Otherwise (mode {@link OverlapMode#REFUSE}, or no free range) the range is
 * left out and reported in {@link Result#leftOut()}.
 *
 * <p><b>Choice.</b> Offers are taken in order of path (length, then router ids), then peer network id, the range,
 * L's id and P's id. An offer of a peer network's addresses already reached by an earlier offer is dropped: each
 * peer address is reached one way. The result is deterministic: equal states give equal views.
 */
public final class PeeringComputation {
    private static final Comparator<PeeringRouterId> ROUTER_ORDER = Comparator.comparing(PeeringRouterId::value);
    private static final Comparator<List<PeeringRouterId>> PATH_ORDER = (a, b) -> {
        int c = Integer.compare(a.size(), b.size());
        for (int i = 0; c == 0 && i < a.size(); i++) {
            c = ROUTER_ORDER.compare(a.get(i), b.get(i));
        }
        return c;
    };
    private static final Comparator<Offer> OFFER_ORDER = Comparator
        .comparing(Offer::path, PATH_ORDER)
        .thenComparing(o -> o.peer().networkId().value())
        .thenComparing(Offer::real)
        .thenComparing(o -> o.local().id().value())
        .thenComparing(o -> o.peer().id().value());

    private PeeringComputation() {
    }

    /**
     * One network's view.
     *
     * @param info the view, as pushed to the agents
     * @param leftOut the ranges offered to the network that it cannot see (overlapping, not translated)
     */
    public record Result(NetworkPeeringInfo info, List<Ipv4Prefix> leftOut) {
        /** Copies. */
        public Result {
            leftOut = List.copyOf(leftOut);
        }
    }

    /** One range a peer offers to the network, by one path. */
    private record Offer(List<PeeringRouterId> path, PeeringAttachment local, PeeringAttachment peer,
                         Network peerNetwork, Ipv4Prefix real, Ipv4Prefix offered) {
    }

    /** The view of every network with an active attachment in {@code state}, by network. */
    public static Map<NetworkId, Result> computeAll(PeeringState state) {
        Active active = new Active(state);
        Map<NetworkId, Result> out = new LinkedHashMap<>();
        for (NetworkId network : active.byNetwork.keySet()) {
            out.put(network, compute(network, state, active));
        }
        return out;
    }

    /** The view of {@code network} (no attachment and no peer when it has no active attachment). */
    public static Result compute(NetworkId network, PeeringState state) {
        return compute(network, state, new Active(state));
    }

    private static Result compute(NetworkId network, PeeringState state, Active active) {
        NetworkPeeringInfo.Builder info = NetworkPeeringInfo.newBuilder().setNetworkId(network.value())
            .setVersion(state.version());
        List<PeeringAttachment> locals = active.byNetwork.getOrDefault(network, List.of());
        for (PeeringAttachment local : locals) {
            info.addAttachments(PeeringAttachmentInfo.newBuilder().setAttachmentId(local.id().value())
                .setRouterId(local.routerId().value()).setResponsesOnly(local.policy().responsesOnly())
                .addAllRules(rules(local.policy().rules())));
        }
        List<Ipv4Prefix> own = new ArrayList<>();
        Optional.ofNullable(state.networks().get(network)).ifPresent(n -> own.addAll(n.cidrBlocks()));
        locals.forEach(l -> own.addAll(l.blocks()));
        List<Offer> offers = offers(network, locals, state, active);
        List<Ipv4Prefix> reserved = new ArrayList<>(own);
        offers.forEach(o -> reserved.add(o.offered()));
        List<PeerRangeInfo> chosen = new ArrayList<>();
        List<Offer> chosenOffers = new ArrayList<>();
        List<Ipv4Prefix> seen = new ArrayList<>();
        List<Ipv4Prefix> leftOut = new ArrayList<>();
        for (Offer offer : offers) {
            if (chosenOffers.stream().anyMatch(c -> c.peer().networkId().equals(offer.peer().networkId())
                && c.real().overlaps(offer.real()))) {
                continue;
            }
            Ipv4Prefix view = offer.offered();
            if (overlapsAny(view, own) || overlapsAny(view, seen)) {
                Optional<Ipv4Prefix> representative = offer.local().policy().overlap() == OverlapMode.TRANSLATE
                    ? PeeringRanges.lowestFree(view.length(), reserved) : Optional.empty();
                if (representative.isEmpty()) {
                    leftOut.add(view);
                    continue;
                }
                view = representative.get();
                reserved.add(view);
            }
            seen.add(view);
            chosenOffers.add(offer);
            chosen.add(range(offer, view, state));
        }
        chosen.sort(Comparator.comparing((PeerRangeInfo r) -> Integer.toUnsignedLong(r.getPrefix()))
            .thenComparingInt(PeerRangeInfo::getLength));
        return new Result(info.addAllPeers(chosen).build(), leftOut);
    }

    /** Every range offered to {@code network} by every path, in {@link #OFFER_ORDER}. */
    private static List<Offer> offers(NetworkId network, List<PeeringAttachment> locals, PeeringState state,
                                      Active active) {
        List<Offer> offers = new ArrayList<>();
        for (PeeringAttachment local : locals) {
            paths(local.routerId(), active.links).forEach((router, path) -> {
                for (PeeringAttachment peer : active.byRouter.getOrDefault(router, List.of())) {
                    Network peerNetwork = state.networks().get(peer.networkId());
                    if (peer.networkId().equals(network) || peerNetwork == null || !allows(local, peer)
                        || !allows(peer, local)) {
                        continue;
                    }
                    List<Subnet> subnets = state.subnets().getOrDefault(peer.networkId(), List.of());
                    for (Ipv4Prefix block : peerNetwork.cidrBlocks()) {
                        for (Ipv4Prefix real : offered(block, peer, local, subnets)) {
                            offers.add(new Offer(path, local, peer, peerNetwork, real, translate(peer, block, real)));
                        }
                    }
                }
            });
        }
        offers.sort(OFFER_ORDER);
        return offers;
    }

    /** Whether {@code a}'s peers list lets it exchange with {@code b}. */
    private static boolean allows(PeeringAttachment a, PeeringAttachment b) {
        return a.policy().peers().isEmpty() || a.policy().peers().contains(b.id());
    }

    /** The ranges of {@code block} that {@code peer} exports and {@code local} imports, in the peer's addresses. */
    private static List<Ipv4Prefix> offered(Ipv4Prefix block, PeeringAttachment peer, PeeringAttachment local,
                                            List<Subnet> subnets) {
        if (passes(block, block, peer, local)) {
            return List.of(block);
        }
        List<Ipv4Prefix> out = new ArrayList<>();
        for (Subnet subnet : subnets) {
            if (block.contains(subnet.cidr()) && !subnet.cidr().equals(block)
                && passes(block, subnet.cidr(), peer, local)) {
                out.add(subnet.cidr());
            }
        }
        return out;
    }

    private static boolean passes(Ipv4Prefix block, Ipv4Prefix real, PeeringAttachment peer,
                                  PeeringAttachment local) {
        return matches(peer.policy().exports(), real)
            && matches(local.policy().imports(), translate(peer, block, real));
    }

    private static boolean matches(List<PrefixRange> filter, Ipv4Prefix prefix) {
        return filter.isEmpty() || filter.stream().anyMatch(r -> r.matches(prefix));
    }

    /** {@code real} (inside {@code block}) as {@code peer} shows it: at the same offset in its representative. */
    private static Ipv4Prefix translate(PeeringAttachment peer, Ipv4Prefix block, Ipv4Prefix real) {
        for (Translation t : peer.translations()) {
            if (t.block().equals(block)) {
                return new Ipv4Prefix(t.representative().address() + (real.address() - block.address()),
                    real.length());
            }
        }
        return real;
    }

    private static boolean overlapsAny(Ipv4Prefix prefix, List<Ipv4Prefix> others) {
        return others.stream().anyMatch(prefix::overlaps);
    }

    /**
     * The best path from {@code from} to every router reachable through {@code links}: breadth first, the frontier
     * kept in path order and neighbours taken in id order, so that the first path found to a router is the shortest
     * with the lowest router ids.
     */
    static Map<PeeringRouterId, List<PeeringRouterId>> paths(PeeringRouterId from,
                                                            Map<PeeringRouterId, SortedSet<PeeringRouterId>> links) {
        Map<PeeringRouterId, List<PeeringRouterId>> paths = new LinkedHashMap<>();
        paths.put(from, List.of(from));
        List<PeeringRouterId> frontier = List.of(from);
        while (!frontier.isEmpty()) {
            List<PeeringRouterId> next = new ArrayList<>();
            for (PeeringRouterId router : frontier) {
                for (PeeringRouterId neighbour : links.getOrDefault(router, new TreeSet<>())) {
                    if (!paths.containsKey(neighbour)) {
                        List<PeeringRouterId> path = new ArrayList<>(paths.get(router));
                        path.add(neighbour);
                        paths.put(neighbour, List.copyOf(path));
                        next.add(neighbour);
                    }
                }
            }
            frontier = next;
        }
        return paths;
    }

    private static PeerRangeInfo range(Offer offer, Ipv4Prefix view, PeeringState state) {
        PeerRangeInfo.Builder range = PeerRangeInfo.newBuilder().setPrefix(view.address()).setLength(view.length())
            .setPeerNetworkId(offer.peer().networkId().value()).setPeerOverlayId(offer.peerNetwork().overlayId())
            .setPeerPrefix(offer.real().address()).setLocalAttachmentId(offer.local().id().value())
            .setPeerAttachmentId(offer.peer().id().value())
            .setPeerResponsesOnly(offer.peer().policy().responsesOnly())
            .addAllPeerRules(rules(offer.peer().policy().rules()));
        for (PeeringRouterId router : offer.path()) {
            range.addRouterHops(RouterHops.address(router)).addRouterIds(router.value());
        }
        int shift = view.address() - offer.real().address();
        state.subnets().getOrDefault(offer.peer().networkId(), List.of()).stream()
            .filter(s -> offer.real().contains(s.cidr())).sorted(Comparator.comparing(Subnet::cidr))
            .forEach(s -> range.addPeerSubnets(PeerSubnetInfo.newBuilder().setPrefix(s.cidr().address() + shift)
                .setLength(s.cidr().length()).setGateway(s.gateway() + shift)));
        return range.build();
    }

    /** An attachment's traffic rules as the agents enforce them. */
    static List<TrafficRuleInfo> rules(List<TrafficRule> rules) {
        List<TrafficRuleInfo> out = new ArrayList<>(rules.size());
        for (TrafficRule rule : rules) {
            boolean ports = rule.protocol().hasPorts();
            out.add(TrafficRuleInfo.newBuilder()
                .setDirection(rule.direction() == TrafficRule.Direction.IN ? TrafficRuleInfo.Direction.IN
                    : TrafficRuleInfo.Direction.OUT)
                .setProtocol(protocolNumber(rule.protocol()))
                .setFromPort(ports ? rule.fromPort() : 0).setToPort(ports ? rule.toPort() : 65535)
                .setDestination(rule.destination().address()).setDestinationLength(rule.destination().length())
                .build());
        }
        return out;
    }

    /** The IP protocol number (IANA): TCP 6, UDP 17, ICMP 1, any 0. */
    static int protocolNumber(TrafficRule.Protocol protocol) {
        return switch (protocol) {
            case TCP -> 6;
            case UDP -> 17;
            case ICMP -> 1;
            case ANY -> 0;
        };
    }

    /** The active attachments by router and by network (each in id order) and the active links as adjacency. */
    private static final class Active {
        final Map<PeeringRouterId, List<PeeringAttachment>> byRouter = new HashMap<>();
        final Map<NetworkId, List<PeeringAttachment>> byNetwork = new TreeMap<>(Comparator.comparing(NetworkId::value));
        final Map<PeeringRouterId, SortedSet<PeeringRouterId>> links = new HashMap<>();

        Active(PeeringState state) {
            List<PeeringAttachment> active = state.attachments().stream().map(a -> a.at(state.now()))
                .filter(a -> a.state() == PeeringAttachmentState.ACTIVE)
                .sorted(Comparator.comparing(a -> a.id().value())).toList();
            for (PeeringAttachment a : active) {
                byRouter.computeIfAbsent(a.routerId(), r -> new ArrayList<>()).add(a);
                byNetwork.computeIfAbsent(a.networkId(), n -> new ArrayList<>()).add(a);
            }
            for (PeeringLink link : state.links()) {
                if (link.state() == PeeringAttachmentState.ACTIVE && !link.routerId().equals(link.peerRouterId())) {
                    links.computeIfAbsent(link.routerId(), r -> new TreeSet<>(ROUTER_ORDER)).add(link.peerRouterId());
                    links.computeIfAbsent(link.peerRouterId(), r -> new TreeSet<>(ROUTER_ORDER)).add(link.routerId());
                }
            }
        }
    }
}
