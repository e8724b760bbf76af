package io.isthmus.agent.dataplane;

import io.isthmus.xlat.TranslationResult;

/**
 * What happened to a packet: every packet the pipelines see ends in exactly one outcome counter (a forward or a drop),
 * and may bump event counters on the way. Drop reasons are the constants whose {@link #isDrop()} is true; an operator
 * reads them by name.
 */
public enum DataplaneCounter {
    // --- outcomes: forwarded ---
    /** An ARP request of a node answered on its own port. */
    ARP_REPLIED(Kind.FORWARD),
    /** An ICMP echo request to the subnet's virtual router answered on the node's own port. */
    ROUTER_ECHO_REPLIED(Kind.FORWARD),
    /** An IPv4 packet delivered to another port on this host without leaving it. */
    DELIVERED_LOCAL(Kind.FORWARD),
    /** An IPv4 packet translated and written to the substrate (fragments count once). */
    SENT_TO_SUBSTRATE(Kind.FORWARD),
    /** A substrate packet translated back and delivered to a local port. */
    DELIVERED_FROM_SUBSTRATE(Kind.FORWARD),
    /**
     * An IPv4 packet a route of the sender's subnet forwards to an appliance interface on this host, written to the
     * appliance's port with its destination unchanged.
     */
    FORWARDED_TO_LOCAL_APPLIANCE(Kind.FORWARD),
    /**
     * An IPv4 packet a route of the sender's subnet forwards to an appliance interface on another host, translated
     * with the appliance's host prefix and the final destination, and written to the substrate.
     */
    FORWARDED_TO_REMOTE_APPLIANCE(Kind.FORWARD),
    /**
     * A substrate packet for an address that is no port on this host, delivered to the local appliance interface
     * that the route table of the source's subnet forwards the destination to.
     */
    DELIVERED_TO_APPLIANCE(Kind.FORWARD),
    /**
     * An IPv4 packet to a peered network that both attachments' policies let through, its TTL decremented once per
     * router on the way, translated with the peer's own address and written to the substrate.
     */
    SENT_TO_PEER(Kind.FORWARD),
    /**
     * A substrate packet from a peered network that the policies let in, translated with its source as the receiving
     * network sees it, and delivered to a local port.
     */
    DELIVERED_FROM_PEER(Kind.FORWARD),

    // --- outcomes: handled, nothing to send ---
    /** A frame for a virtual router's service (DHCP, SNMP, IGMP) handed to the router's slow path. */
    PUNTED_TO_ROUTER(Kind.CONSUMED),
    /** A gratuitous ARP (request or reply) announcing the node's own address: nothing to answer. */
    ARP_ANNOUNCEMENT_IGNORED(Kind.CONSUMED),
    /** An ARP probe (sender 0.0.0.0, RFC 5227): never answered, so a node's duplicate address detection passes. */
    ARP_PROBE_IGNORED(Kind.CONSUMED),

    // --- outcomes: dropped, frame level ---
    /** Shorter than an Ethernet header, 802.3 length instead of EtherType, group source MAC. */
    MALFORMED_FRAME(Kind.DROP),
    /** An 802.1Q-tagged frame: node ports are untagged. */
    TAGGED_FRAME(Kind.DROP),
    /** Neither IPv4 nor ARP (IPv6 from nodes is not offered yet). */
    NOT_IPV4_OR_ARP(Kind.DROP),
    /** The port index names no attached port (removed while the frame was in flight). */
    UNKNOWN_SOURCE_PORT(Kind.DROP),

    // --- dropped: ARP ---
    /** Not ARP for IPv4 over Ethernet, or truncated. */
    MALFORMED_ARP(Kind.DROP),
    /** An ARP reply or another operation from a node: the agent never asks, so there is nothing to learn. */
    ARP_NOT_REQUEST(Kind.DROP),
    /** A gratuitous ARP claiming an address that is not the node's: never answered, never learned. */
    GRATUITOUS_ARP_CONFLICT(Kind.DROP),
    /** An ARP request for the subnet's network or broadcast address. */
    ARP_RESERVED_TARGET(Kind.DROP),
    /** An ARP request for an address of the subnet that no interface holds: not answered, as on a real link. */
    ARP_NO_SUCH_HOST(Kind.DROP),

    // --- dropped: IPv4 from a node ---
    /** Truncated, wrong version or inconsistent lengths. */
    MALFORMED_IPV4(Kind.DROP),
    /** The IPv4 header checksum does not verify. */
    BAD_IPV4_HEADER_CHECKSUM(Kind.DROP),
    /** The frame's (or ARP sender's) MAC is not the port's, and the port checks sources. */
    SPOOFED_SOURCE_MAC(Kind.DROP),
    /** The IPv4 (or ARP sender) address is not the port's, and the port checks sources. */
    SPOOFED_SOURCE_IP(Kind.DROP),
    /**
     * The destination can have no route: 0.0.0.0/8, 127.0.0.0/8 or 169.254.0.0/16 (RFC 1122 section 3.2.1.3,
     * RFC 3927).
     */
    NO_ROUTE_LOCAL(Kind.DROP),
    /** The route of the sender's subnet's table for the destination is a blackhole. */
    ROUTE_BLACKHOLE(Kind.DROP),
    /**
     * The route of the sender's subnet's table forwards to appliances, and none is healthy: dropped, not delivered
     * directly, which would let the traffic skip the appliance (a firewall).
     */
    NO_HEALTHY_NEXT_HOP(Kind.DROP),
    /** No subnet of the network holds the destination: answered with ICMP network unreachable from the router. */
    NO_ROUTE(Kind.DROP),
    /**
     * No interface holds the destination address: answered with ICMP host unreachable from the destination subnet's
     * router, or dropped (within the subnet, like a frame to a MAC nobody has).
     */
    NO_SUCH_HOST(Kind.DROP),
    /**
     * Larger than the network's MTU, with DF set, at a virtual router: answered with ICMP fragmentation needed and the
     * MTU (RFC 1191).
     */
    FRAGMENTATION_NEEDED(Kind.DROP),
    /** Larger than the network's MTU within a subnet: a link drops what it cannot carry. */
    EXCEEDS_LINK_MTU(Kind.DROP),
    /** To another subnet's broadcast address: routers do not forward directed broadcasts (RFC 2644). */
    DIRECTED_BROADCAST(Kind.DROP),
    /** A frame for a virtual router's service that its slow path refused: its queue is full, or the service is off. */
    PUNT_REFUSED(Kind.DROP),
    /**
     * Addressed to the subnet's virtual router, and nothing it serves: not an ICMP echo request it answers (fragmented
     * requests and requests with IP options are not answered), not SNMP, not a routing protocol of a participant.
     */
    ADDRESSED_TO_ROUTER(Kind.DROP),
    /** An ICMP message to the virtual router whose checksum does not verify. */
    BAD_ICMP_CHECKSUM(Kind.DROP),
    /**
     * TTL ran out crossing a virtual router; the router answered with an ICMP time exceeded (counted as
     * {@link #ICMP_ERROR_TO_SENDER}) unless the packet was an ICMP error or a non-first fragment.
     */
    TTL_EXPIRED(Kind.DROP),
    /** No cache entry for the destination (or a stale one while its refresh could not be queued): first packet of a flow. */
    RESOLUTION_MISS(Kind.DROP),
    /** The controller refused the pair. */
    NOT_ALLOWED(Kind.DROP),
    /**
     * To or from a peered network, not an answer to a connection the receiving side initiated, and the receiving
     * side's attachment is responses-only.
     */
    PEERING_RESPONSES_ONLY(Kind.DROP),
    /** To or from a peered network, not an answer, and no traffic rule of the attachments lets it through. */
    PEERING_RULE_DENIED(Kind.DROP),

    // --- dropped: IPv6 from the substrate ---
    /** Truncated or not version 6. */
    MALFORMED_IPV6(Kind.DROP),
    /** The destination is not under this host's agent prefix. */
    NOT_OUR_PREFIX(Kind.DROP),
    /** The destination's (overlay id, IPv4) is no port on this host. */
    UNKNOWN_DESTINATION_PORT(Kind.DROP),
    /** The claimed source is in another network than the receiving port, and no range of its peering view. */
    SOURCE_IN_OTHER_NETWORK(Kind.DROP),
    /** No cache entry yet to check the source against: the source's first packet. */
    SOURCE_RESOLUTION_MISS(Kind.DROP),
    /** The controller refused the pair (seen from the receiving port). */
    SOURCE_NOT_ALLOWED(Kind.DROP),
    /** The source substrate address is not the one the controller maps the claimed source node to. */
    SUBSTRATE_SOURCE_MISMATCH(Kind.DROP),

    // --- dropped by the translator (one per TranslationResult drop) ---
    TRANSLATION_MALFORMED_IPV4(Kind.DROP),
    TRANSLATION_BAD_IPV4_HEADER_CHECKSUM(Kind.DROP),
    TRANSLATION_MALFORMED_IPV6(Kind.DROP),
    TRANSLATION_MALFORMED_TRANSPORT(Kind.DROP),
    TRANSLATION_HOP_LIMIT_EXCEEDED(Kind.DROP),
    TRANSLATION_UNTRANSLATABLE_SOURCE(Kind.DROP),
    TRANSLATION_UNTRANSLATABLE_DESTINATION(Kind.DROP),
    TRANSLATION_ILLEGAL_SOURCE(Kind.DROP),
    TRANSLATION_SOURCE_ROUTE(Kind.DROP),
    TRANSLATION_ROUTING_HEADER(Kind.DROP),
    TRANSLATION_UNTRANSLATABLE_ICMP(Kind.DROP),
    TRANSLATION_FRAGMENTED_ICMP(Kind.DROP),
    TRANSLATION_BAD_ICMP_ERROR_PAYLOAD(Kind.DROP),
    TRANSLATION_UDP_ZERO_CHECKSUM_FRAGMENT(Kind.DROP),
    TRANSLATION_PACKET_TOO_BIG(Kind.DROP),
    /** A translator drop this enum does not name yet (a newer isthmus-xlat). */
    TRANSLATION_OTHER(Kind.DROP),
    /** The kernel refused or cut short the write of a packet to a TAP or the TUN (queue full, device gone). */
    DEVICE_WRITE_FAILED(Kind.DROP),

    // --- broadcast and multicast (the data plane) ---
    /** A subnet broadcast (or 224.0.0.0/24 link-local multicast) replicated to its subnet's ports and hosts. */
    BROADCAST_REPLICATED(Kind.FORWARD),
    /** A multicast packet replicated to the member ports of this host and the hosts with members. */
    MULTICAST_REPLICATED(Kind.FORWARD),
    /** A broadcast or multicast packet nobody else listens to: no copy to make. */
    MULTICAST_NO_MEMBERS(Kind.CONSUMED),
    /** A destination in 240.0.0.0/4 other than the limited broadcast: reserved (RFC 1112 section 4). */
    RESERVED_DESTINATION(Kind.DROP),
    /** A broadcast or multicast copy from the substrate delivered to this host's ports (one per packet). */
    MULTICAST_DELIVERED_FROM_SUBSTRATE(Kind.FORWARD),
    /** A broadcast or multicast copy from the substrate for which no port of this host listens (a stale table). */
    MULTICAST_NO_LOCAL_MEMBERS(Kind.CONSUMED),
    /** One copy of a broadcast or multicast packet written to a port. */
    REPLICA_TO_PORT(Kind.EVENT),
    /** One copy of a broadcast or multicast packet written to the substrate, for one host. */
    REPLICA_TO_SUBSTRATE(Kind.EVENT),
    /** The translation of a replicated packet failed, so the copies for other hosts were not sent. */
    REPLICA_TRANSLATION_FAILED(Kind.EVENT),
    // --- IGMP, at the virtual router's membership service (the frame's outcome was PUNTED_TO_ROUTER; its drops are
    // counted by reason here too, so that an operator sees why a node's report did nothing) ---
    /** An IGMP report or leave processed (it may have changed nothing). */
    IGMP_REPORT_ACCEPTED(Kind.EVENT),
    /** An IGMP query or unknown message from a node: nothing for the router to do. */
    IGMP_IGNORED(Kind.EVENT),
    /** Not a valid IGMP message (truncated, a fragment, a bad IPv4 header). */
    IGMP_MALFORMED(Kind.DROP),
    /** An IGMP message whose checksum does not verify. */
    IGMP_BAD_CHECKSUM(Kind.DROP),
    /** An IGMP message whose MAC or IPv4 source is not the port's, and the port checks sources. */
    IGMP_SPOOFED_SOURCE(Kind.DROP),
    /** A port joined a group. */
    IGMP_JOINED(Kind.EVENT),
    /** A port left a group (v2 leave, or a v3 record saying it wants no source). */
    IGMP_LEFT(Kind.EVENT),
    /** A membership was not refreshed within the group membership interval. */
    IGMP_MEMBERSHIP_EXPIRED(Kind.EVENT),
    /** A general query sent to a port. */
    IGMP_QUERY_SENT(Kind.EVENT),
    // --- events (not outcomes) ---
    /**
     * Event: a packet larger than the network's MTU, without DF, fragmented by a virtual router (RFC 1812 section
     * 4.2.2.7); the packet's outcome is its first fragment's.
     */
    ROUTER_FRAGMENTED(Kind.EVENT),
    /**
     * A packet forwarded (or, inbound, a source verified) on the network's view from the controller's updates while
     * the cache had no fresh answer: the first packets of a flow, and those after a node moved.
     */
    FORWARDED_ON_NETWORK_VIEW(Kind.EVENT),
    /**
     * Inbound, a packet whose source substrate address is not its node's host but the host of an appliance with an
     * interface in the receiving port's subnet, accepted as what the appliance forwards (sent under its own host's
     * prefix, with the original source address).
     */
    FROM_APPLIANCE(Kind.EVENT),
    /** A packet forwarded on an expired cache entry while its refresh is in flight (stale-while-revalidate). */
    FORWARDED_ON_STALE_ENTRY(Kind.EVENT),
    /** A resolution (or refresh) queued for the control thread. */
    RESOLUTION_REQUESTED(Kind.EVENT),
    /** A resolution already in flight was not asked again. */
    RESOLUTION_REQUEST_DEDUPED(Kind.EVENT),
    /** The request queue was full or contended: the request was not queued (the next packet asks again). */
    RESOLUTION_QUEUE_FULL(Kind.EVENT),
    /** A virtual router's ICMP error not sent: over {@code OutboundPipeline.ICMP_ERRORS_PER_SECOND} (RFC 1812). */
    ICMP_ERROR_RATE_LIMITED(Kind.EVENT),
    /** The sender was answered with an ICMP error: the translator's (fragmentation needed, unreachable) or a router's. */
    ICMP_ERROR_TO_SENDER(Kind.EVENT),
    /** A translated packet went out as several fragments. */
    FRAGMENTED(Kind.EVENT);

    /** What a counter counts. */
    public enum Kind {
        /** The packet went on. */
        FORWARD,
        /** The packet was handled and needs no answer. */
        CONSUMED,
        /** The packet was dropped. */
        DROP,
        /** Something that happened to a packet on the way; not its outcome. */
        EVENT
    }

    private static final DataplaneCounter[] BY_TRANSLATION_RESULT = byTranslationResult();

    private final Kind kind;

    DataplaneCounter(Kind kind) {
        this.kind = kind;
    }

    /** What this counter counts. */
    public Kind kind() {
        return kind;
    }

    /** Whether this counter is a drop reason. */
    public boolean isDrop() {
        return kind == Kind.DROP;
    }

    /**
     * The drop counter of a translator drop ({@code DROPPED_X} is {@code TRANSLATION_X}); {@link #TRANSLATION_OTHER}
     * for a result this enum does not name, or for a result that is not a drop. Allocation-free.
     */
    public static DataplaneCounter ofTranslationDrop(TranslationResult result) {
        return BY_TRANSLATION_RESULT[result.ordinal()];
    }

    private static DataplaneCounter[] byTranslationResult() {
        TranslationResult[] results = TranslationResult.values();
        DataplaneCounter[] table = new DataplaneCounter[results.length];
        for (TranslationResult result : results) {
            DataplaneCounter counter = TRANSLATION_OTHER;
            String name = result.name();
            if (result.isDrop() && name.startsWith("DROPPED_")) {
                for (DataplaneCounter candidate : values()) {
                    if (candidate.name().equals("TRANSLATION_" + name.substring("DROPPED_".length()))) {
                        counter = candidate;
                    }
                }
            }
            table[result.ordinal()] = counter;
        }
        return table;
    }
}
