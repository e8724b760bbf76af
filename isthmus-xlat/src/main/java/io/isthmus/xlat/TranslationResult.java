package io.isthmus.xlat;

/**
 * How the translation of one packet ended. Every outcome is a constant so the caller counts it without allocating;
 * the {@code DROPPED_*} outcomes are the drop reasons an operator reads from the counters.
 */
public enum TranslationResult {
    /** The packet was translated and emitted whole. */
    TRANSLATED(false),
    /** The packet was translated and emitted as several fragments. */
    FRAGMENTED(false),
    /** Not an IPv4 packet: truncated, wrong version, inconsistent lengths. */
    DROPPED_MALFORMED_IPV4(true),
    /** The IPv4 header checksum does not verify. */
    DROPPED_BAD_IPV4_HEADER_CHECKSUM(true),
    /** Not an IPv6 packet, or its extension header chain is malformed or too long. */
    DROPPED_MALFORMED_IPV6(true),
    /** The transport header that must be rewritten is truncated or inconsistent. */
    DROPPED_MALFORMED_TRANSPORT(true),
    /** TTL or hop limit ran out; an ICMP time exceeded went back to the sender when allowed. */
    DROPPED_HOP_LIMIT_EXCEEDED(true),
    /** The source address has no counterpart in the other family. */
    DROPPED_UNTRANSLATABLE_SOURCE(true),
    /** The destination address has no counterpart in the other family. */
    DROPPED_UNTRANSLATABLE_DESTINATION(true),
    /** The IPv4 source is not a unicast address a sender may use (0/8, 127/8, 224/4, 240/4). */
    DROPPED_ILLEGAL_SOURCE(true),
    /** An IPv4 packet with an unexpired source route option (RFC 7915 section 4.1). */
    DROPPED_SOURCE_ROUTE(true),
    /** An IPv6 routing header with segments left (RFC 7915 section 5.1). */
    DROPPED_ROUTING_HEADER(true),
    /** An ICMP type or code that RFC 7915 says to drop silently (single-hop, obsolete or unknown messages). */
    DROPPED_UNTRANSLATABLE_ICMP(true),
    /** A fragmented ICMP message: its checksum cannot be translated without reassembly. */
    DROPPED_FRAGMENTED_ICMP(true),
    /** An ICMP error whose invoking packet cannot be translated (truncated, nested error, unknown addresses). */
    DROPPED_BAD_ICMP_ERROR_PAYLOAD(true),
    /** An IPv4 UDP fragment with a zero checksum, which cannot be computed without reassembly. */
    DROPPED_UDP_ZERO_CHECKSUM_FRAGMENT(true),
    /** The translated packet exceeds the next-hop MTU and may not be fragmented; an ICMP error went back. */
    DROPPED_PACKET_TOO_BIG(true);

    private final boolean drop;

    TranslationResult(boolean drop) {
        this.drop = drop;
    }

    /** Whether the packet was not forwarded. */
    public boolean isDrop() {
        return drop;
    }
}
