package io.isthmus.routing.ospf;

import io.isthmus.wire.Ipv4Prefix;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The routing table computation of RFC 2328 section 16 over one area's database, rooted at a router: Dijkstra over
 * the router- and network-LSAs (16.1), the stub networks of the routers reached, inter-area routes from summary-LSAs
 * of reachable border routers (16.2), then AS-external routes through AS boundary routers reached in the area or
 * through an ASBR-summary-LSA (16.4). LSAs at
 * MaxAge take no part. Routes of the root's own LSAs are left out: they are the root's, not learned.
 */
public final class ShortestPathTree {
    private ShortestPathTree() {
    }

    /** How a route was found, in order of preference (RFC 2328 section 11). */
    public enum PathType {
        /** Inside the area. */
        INTRA_AREA,
        /** From another area through a border router. */
        INTER_AREA,
        /** An external route with a type-1 metric (comparable to the internal cost). */
        EXTERNAL_TYPE_1,
        /** An external route with a type-2 metric (larger than any internal cost). */
        EXTERNAL_TYPE_2
    }

    /**
     * One computed route.
     *
     * @param prefix   the destination
     * @param cost     the path cost from the root; for a type-2 external route its external metric
     * @param type     how it was found
     * @param tieBreak for a type-2 external route the cost to its boundary router, else 0
     */
    public record PathRoute(Ipv4Prefix prefix, int cost, PathType type, int tieBreak) {
        boolean betterThan(PathRoute other) {
            if (type != other.type) {
                return type.compareTo(other.type) < 0;
            }
            if (cost != other.cost) {
                return cost < other.cost;
            }
            return tieBreak < other.tieBreak;
        }
    }

    private record Candidate(LsaKey vertex, long cost) {
    }

    /** The best route to each destination reachable from {@code root} in {@code database} at {@code nanoTime}. */
    public static Map<Ipv4Prefix, PathRoute> compute(LinkStateDatabase database, int root, long nanoTime) {
        Map<LsaKey, Long> distance = dijkstra(database, root, nanoTime);
        Map<Ipv4Prefix, PathRoute> routes = new TreeMap<>();
        Map<Integer, Long> routerDistance = new HashMap<>();
        for (Map.Entry<LsaKey, Long> reached : distance.entrySet()) {
            LsaKey key = reached.getKey();
            Lsa lsa = database.get(key).lsa();
            long cost = reached.getValue();
            if (key.type() == NetworkLsa.TYPE && lsa.body() instanceof NetworkLsa network) {
                offer(routes, prefix(key.linkStateId(), network.mask()), cost, PathType.INTRA_AREA, 0);
            } else if (lsa.body() instanceof RouterLsa router) {
                routerDistance.put(key.advertisingRouter(), cost);
                if (key.advertisingRouter() == root) {
                    continue;
                }
                for (RouterLsa.Link link : router.links()) {
                    if (link.type() == RouterLsa.LINK_STUB) {
                        offer(routes, prefix(link.id(), link.data()), cost + link.metric(), PathType.INTRA_AREA, 0);
                    }
                }
            }
        }
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.lsa().header();
            Long toOriginator = routerDistance.get(header.advertisingRouter());
            if (entry.age(nanoTime) >= LsaHeader.MAX_AGE || header.advertisingRouter() == root
                || toOriginator == null) {
                continue;
            }
            if (header.type() == SummaryLsa.TYPE_NETWORK && entry.lsa().body() instanceof SummaryLsa summary
                && summary.metric() < ExternalLsa.LS_INFINITY) {
                offer(routes, prefix(header.linkStateId(), summary.mask()), toOriginator + summary.metric(),
                    PathType.INTER_AREA, 0);
            }
        }
        // Section 16.2 for ASBR-summary-LSAs: boundary routers of other areas, reached through a border router.
        Map<Integer, Long> boundaryDistance = new HashMap<>(routerDistance);
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.lsa().header();
            Long toBorder = routerDistance.get(header.advertisingRouter());
            if (header.type() == SummaryLsa.TYPE_ASBR && entry.lsa().body() instanceof SummaryLsa summary
                && toBorder != null && header.advertisingRouter() != root && entry.age(nanoTime) < LsaHeader.MAX_AGE
                && summary.metric() < ExternalLsa.LS_INFINITY && !routerDistance.containsKey(header.linkStateId())) {
                boundaryDistance.merge(header.linkStateId(), toBorder + summary.metric(), Math::min);
            }
        }
        Map<Ipv4Prefix, PathRoute> internal = new TreeMap<>(routes);
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.lsa().header();
            Long toBoundary = boundaryDistance.get(header.advertisingRouter());
            if (header.type() != ExternalLsa.TYPE || !(entry.lsa().body() instanceof ExternalLsa external)
                || entry.age(nanoTime) >= LsaHeader.MAX_AGE || header.advertisingRouter() == root
                || toBoundary == null || external.metric() >= ExternalLsa.LS_INFINITY) {
                continue;
            }
            long toForwarding = toBoundary;
            if (external.forwardingAddress() != 0) {
                PathRoute via = longestMatch(internal, external.forwardingAddress());
                if (via == null) {
                    continue;
                }
                toForwarding = via.cost();
            }
            Ipv4Prefix destination = prefix(header.linkStateId(), external.mask());
            if (external.type2()) {
                offer(routes, destination, external.metric(), PathType.EXTERNAL_TYPE_2, toForwarding);
            } else {
                offer(routes, destination, toForwarding + external.metric(), PathType.EXTERNAL_TYPE_1, 0);
            }
        }
        return routes;
    }

    private static Map<LsaKey, Long> dijkstra(LinkStateDatabase database, int root, long nanoTime) {
        Map<LsaKey, Long> done = new HashMap<>();
        LsaKey rootKey = new LsaKey(RouterLsa.TYPE, root, root);
        if (usable(database, rootKey, nanoTime) == null) {
            return done;
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> Long.compare(a.cost(), b.cost()));
        queue.add(new Candidate(rootKey, 0));
        while (!queue.isEmpty()) {
            Candidate next = queue.poll();
            if (done.containsKey(next.vertex())) {
                continue;
            }
            done.put(next.vertex(), next.cost());
            Lsa vertex = database.get(next.vertex()).lsa();
            if (vertex.body() instanceof RouterLsa router) {
                int routerId = next.vertex().advertisingRouter();
                for (RouterLsa.Link link : router.links()) {
                    LsaKey target = switch (link.type()) {
                        case RouterLsa.LINK_POINT_TO_POINT -> pointToPointTarget(database, link, routerId, nanoTime);
                        case RouterLsa.LINK_TRANSIT -> transitTarget(database, link, routerId, nanoTime);
                        default -> null;
                    };
                    if (target != null && !done.containsKey(target)) {
                        queue.add(new Candidate(target, next.cost() + link.metric()));
                    }
                }
            } else if (vertex.body() instanceof NetworkLsa network) {
                for (int attached : network.attachedRouters()) {
                    LsaKey target = new LsaKey(RouterLsa.TYPE, attached, attached);
                    Lsa router = usable(database, target, nanoTime);
                    if (router != null && !done.containsKey(target)
                        && linksBack(router, RouterLsa.LINK_TRANSIT, next.vertex().linkStateId())) {
                        queue.add(new Candidate(target, next.cost()));
                    }
                }
            }
        }
        return done;
    }

    private static LsaKey pointToPointTarget(LinkStateDatabase database, RouterLsa.Link link, int from,
                                             long nanoTime) {
        LsaKey target = new LsaKey(RouterLsa.TYPE, link.id(), link.id());
        Lsa router = usable(database, target, nanoTime);
        return router != null && linksBack(router, RouterLsa.LINK_POINT_TO_POINT, from) ? target : null;
    }

    private static LsaKey transitTarget(LinkStateDatabase database, RouterLsa.Link link, int from, long nanoTime) {
        for (LinkStateDatabase.Entry entry : database.entries()) {
            LsaHeader header = entry.lsa().header();
            if (header.type() == NetworkLsa.TYPE && header.linkStateId() == link.id()
                && entry.age(nanoTime) < LsaHeader.MAX_AGE && entry.lsa().body() instanceof NetworkLsa network
                && network.attachedRouters().contains(from)) {
                return header.key();
            }
        }
        return null;
    }

    private static Lsa usable(LinkStateDatabase database, LsaKey key, long nanoTime) {
        LinkStateDatabase.Entry entry = database.get(key);
        return entry == null || entry.age(nanoTime) >= LsaHeader.MAX_AGE ? null : entry.lsa();
    }

    /** RFC 2328 16.1 step 2(b): a vertex is only reached when its LSA links back to where the path comes from. */
    private static boolean linksBack(Lsa router, int linkType, int id) {
        if (router.body() instanceof RouterLsa body) {
            for (RouterLsa.Link link : body.links()) {
                if (link.type() == linkType && link.id() == id) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PathRoute longestMatch(Map<Ipv4Prefix, PathRoute> routes, int address) {
        PathRoute best = null;
        for (PathRoute route : routes.values()) {
            if (route.prefix().contains(address) && (best == null || route.prefix().length() > best.prefix().length())) {
                best = route;
            }
        }
        return best;
    }

    private static void offer(Map<Ipv4Prefix, PathRoute> routes, Ipv4Prefix prefix, long cost, PathType type,
                              long tieBreak) {
        if (prefix == null) {
            return;
        }
        PathRoute candidate = new PathRoute(prefix, (int) Math.min(cost, ExternalLsa.LS_INFINITY), type,
            (int) Math.min(tieBreak, Integer.MAX_VALUE));
        PathRoute current = routes.get(prefix);
        if (current == null || candidate.betterThan(current)) {
            routes.put(prefix, candidate);
        }
    }

    /** The prefix of {@code address} under {@code mask}, or null when the mask is not contiguous. */
    static Ipv4Prefix prefix(int address, int mask) {
        int length = Integer.bitCount(mask);
        if (mask != (length == 0 ? 0 : -1 << (32 - length))) {
            return null;
        }
        return Ipv4Prefix.normalized(address, length);
    }
}
