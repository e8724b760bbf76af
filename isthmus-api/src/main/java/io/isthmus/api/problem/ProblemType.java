package io.isthmus.api.problem;

import java.net.URI;

/**
 * The catalogue of problem types: every rejection the controller can answer, each with a stable type URI
 * ({@code https://isthmus.dev/problems/<slug>}), a short human-readable title that does not change from occurrence
 * to occurrence (RFC 9457 section 3.1.3), and the HTTP status it is answered with.
 *
 * <p>Statuses follow one convention: 400 for a request that is wrong whatever the state (bad field, prefix length
 * out of bounds, a target of the wrong kind), 409 for a request that conflicts with existing state (overlap,
 * address in use, quota reached, resource still in use), 401/403/404/412 with their HTTP meaning, 503 when the
 * service itself has run out of something the caller cannot free.
 *
 * <p>{@link #raisedBy()} says where a type is raised: by a rule of this module ({@link Layer#MODEL}), or only by the
 * REST layer ({@link Layer#REST}: authentication, authorization, unknown resources in a path). A test checks that
 * every {@code MODEL} type is raised by at least one rule.
 */
public enum ProblemType {
    /** A field is missing, malformed or out of its allowed range (names, lengths, formats). */
    INVALID_FIELD("invalid-field", "Invalid field", 400, Layer.MODEL),
    /** A network CIDR block is not a unicast range (this-network, loopback, link-local, multicast, reserved). */
    CIDR_NOT_UNICAST("cidr-not-unicast", "CIDR block is not unicast", 400, Layer.MODEL),
    /** A prefix is longer than allowed (a /29 subnet: too few addresses). */
    PREFIX_TOO_SMALL("prefix-too-small", "Prefix too small", 400, Layer.MODEL),
    /** A prefix is shorter than allowed (a /15 subnet: too many addresses). */
    PREFIX_TOO_LARGE("prefix-too-large", "Prefix too large", 400, Layer.MODEL),
    /** Two CIDR blocks of one network overlap. */
    OVERLAPPING_NETWORK_CIDR("overlapping-network-cidr", "Overlapping network CIDR blocks", 409, Layer.MODEL),
    /** A CIDR block cannot be removed from a network while a subnet lies in it. */
    CIDR_BLOCK_IN_USE("cidr-block-in-use", "CIDR block in use", 409, Layer.MODEL),
    /** A subnet's CIDR is not inside any of its network's blocks. */
    CIDR_OUTSIDE_NETWORK("cidr-outside-network", "CIDR outside the network", 400, Layer.MODEL),
    /** A subnet overlaps a sibling subnet of the same network. */
    OVERLAPPING_SUBNET("overlapping-subnet", "Overlapping subnet", 409, Layer.MODEL),
    /** A subnet cannot be deleted while interfaces are attached to it. */
    SUBNET_HAS_INTERFACES("subnet-has-interfaces", "Subnet has interfaces", 409, Layer.MODEL),
    /** An interface address is not inside its subnet. */
    ADDRESS_OUTSIDE_SUBNET("address-outside-subnet", "Address outside the subnet", 400, Layer.MODEL),
    /** An interface address is one the subnet reserves (network, gateway, DNS, future use, broadcast). */
    ADDRESS_RESERVED("address-reserved", "Address reserved", 400, Layer.MODEL),
    /** An interface address is already used by another interface. */
    ADDRESS_IN_USE("address-in-use", "Address in use", 409, Layer.MODEL),
    /** A subnet has no free address left to allocate. */
    SUBNET_FULL("subnet-full", "Subnet full", 409, Layer.MODEL),
    /** The controller's range of 24-bit network ids is exhausted. */
    NETWORK_ID_EXHAUSTED("network-id-exhausted", "Network ids exhausted", 503, Layer.MODEL),
    /** A node names a host that is not registered. */
    UNKNOWN_HOST("unknown-host", "Unknown host", 400, Layer.MODEL),
    /** An interface names a subnet that does not exist in the node's network. */
    UNKNOWN_SUBNET("unknown-subnet", "Unknown subnet", 400, Layer.MODEL),
    /** A host's substrate prefix overlaps another registered host's. */
    OVERLAPPING_HOST_PREFIX("overlapping-host-prefix", "Overlapping host prefix", 409, Layer.MODEL),
    /** A name is already used by a sibling resource (same tenant or same network). */
    NAME_IN_USE("name-in-use", "Name in use", 409, Layer.MODEL),
    /** A route table already holds a route for that destination (or that target twice). */
    DUPLICATE_ROUTE("duplicate-route", "Duplicate route", 409, Layer.MODEL),
    /** A route's destination is not routable through the table (it lies in the table's own subnet). */
    INVALID_ROUTE_DESTINATION("invalid-route-destination", "Invalid route destination", 400, Layer.MODEL),
    /** A route target names a node or interface that does not exist. */
    UNKNOWN_ROUTE_TARGET("unknown-route-target", "Unknown route target", 400, Layer.MODEL),
    /** A route target interface belongs to a node whose source/destination check is on. */
    TARGET_NOT_APPLIANCE("target-not-appliance", "Route target is not an appliance", 400, Layer.MODEL),
    /** A route target interface is not attached to the route table's subnet. */
    TARGET_NOT_IN_SUBNET("target-not-in-subnet", "Route target not in the subnet", 400, Layer.MODEL),
    /** A route target kind is reserved for later (peering routers) or not settable by callers. */
    UNSUPPORTED_ROUTE_TARGET("unsupported-route-target", "Unsupported route target", 400, Layer.MODEL),
    /** A node cannot be deleted, nor its source/destination check turned on, while routes target it. */
    NODE_IS_ROUTE_TARGET("node-is-route-target", "Node is a route target", 409, Layer.MODEL),
    /** A routing participant names a node that is not in the subnet's network. */
    UNKNOWN_PARTICIPANT("unknown-participant", "Unknown routing participant", 400, Layer.MODEL),
    /** A routing participant's node has its source/destination check on: learned routes could not forward to it. */
    PARTICIPANT_NOT_APPLIANCE("participant-not-appliance", "Routing participant is not an appliance", 400,
        Layer.MODEL),
    /** A routing participant's node has no interface in the subnet whose virtual router it would peer with. */
    PARTICIPANT_NOT_IN_SUBNET("participant-not-in-subnet", "Routing participant not in the subnet", 400, Layer.MODEL),
    /** A route table holds the maximum number of static routes. */
    ROUTE_LIMIT_EXCEEDED("route-limit-exceeded", "Route limit exceeded", 409, Layer.MODEL),
    /** Another quota of {@code Limits} is reached (CIDR blocks, subnets, interfaces, ECMP targets). */
    LIMIT_EXCEEDED("limit-exceeded", "Limit exceeded", 409, Layer.MODEL),
    /** A peering router's restrictions do not let this tenant or network attach. */
    PEERING_NOT_ALLOWED("peering-not-allowed", "Peering not allowed", 403, Layer.MODEL),
    /** A peering router is outside all of its availability windows. */
    OUTSIDE_AVAILABILITY_WINDOW("outside-availability-window", "Outside the availability windows", 409, Layer.MODEL),
    /** An attached network's range overlaps a range already visible on the peering router. */
    OVERLAPPING_PEERING_RANGE("overlapping-peering-range", "Overlapping peering range", 409, Layer.MODEL),
    /** No free range of the needed size is left for a translation. */
    PEERING_RANGE_EXHAUSTED("peering-range-exhausted", "Peering ranges exhausted", 409, Layer.MODEL),
    /** An attachment event is not allowed in the attachment's state, or not by this party. */
    INVALID_ATTACHMENT_TRANSITION("invalid-attachment-transition", "Invalid attachment transition", 409,
        Layer.MODEL),
    /** A network is already attached to the peering router (or two routers are already linked). */
    ALREADY_ATTACHED("already-attached", "Already attached", 409, Layer.MODEL),
    /** An attachment policy names a peer that is not another attachment of the same router. */
    UNKNOWN_PEER_ATTACHMENT("unknown-peer-attachment", "Unknown peer attachment", 400, Layer.MODEL),
    /** A peering router cannot be deleted while networks are attached to it. */
    ROUTER_HAS_ATTACHMENTS("router-has-attachments", "Peering router has attachments", 409, Layer.MODEL),
    /** An {@code If-Match} version differs from the resource's current version. */
    VERSION_MISMATCH("version-mismatch", "Version mismatch", 412, Layer.MODEL),
    /** No valid API token was presented. */
    UNAUTHORIZED("unauthorized", "Unauthorized", 401, Layer.REST),
    /** The token's tenant may not act on the resource. */
    FORBIDDEN("forbidden", "Forbidden", 403, Layer.REST),
    /** The resource named in the path does not exist (or is not visible to the tenant). */
    NOT_FOUND("not-found", "Not found", 404, Layer.REST),
    /** The resource is still used by others (a tenant with networks, a host with nodes). */
    RESOURCE_IN_USE("resource-in-use", "Resource in use", 409, Layer.REST),
    /** The store could not be reached or did not answer in time. */
    STORE_UNAVAILABLE("store-unavailable", "Store unavailable", 503, Layer.REST);

    /** Where a problem type is raised. */
    public enum Layer {
        /** By a validation or allocation rule of this module. */
        MODEL,
        /**
         * Only by the controller's services and REST layer (authentication, authorization, lookups by path, resources
         * still in use, store failures).
         */
        REST
    }

    /** The base every type URI starts with. */
    public static final String BASE = "https://isthmus.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;
    private final Layer raisedBy;
    private final URI uri;

    ProblemType(String slug, String title, int status, Layer raisedBy) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.raisedBy = raisedBy;
        this.uri = URI.create(BASE + slug);
    }

    /** The last path segment of the type URI, e.g. {@code overlapping-subnet}. */
    public String slug() {
        return slug;
    }

    /** The short summary, the same for every occurrence. */
    public String title() {
        return title;
    }

    /** The HTTP status answered with this problem. */
    public int status() {
        return status;
    }

    /** Where this type is raised. */
    public Layer raisedBy() {
        return raisedBy;
    }

    /** The stable type URI, {@code https://isthmus.dev/problems/<slug>}. */
    public URI uri() {
        return uri;
    }

    /** The type with that URI; throws {@link IllegalArgumentException} for an unknown one. */
    public static ProblemType ofUri(URI uri) {
        for (ProblemType type : values()) {
            if (type.uri.equals(uri)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown problem type " + uri);
    }
}
