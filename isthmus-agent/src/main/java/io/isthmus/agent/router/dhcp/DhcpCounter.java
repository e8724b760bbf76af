package io.isthmus.agent.router.dhcp;

/**
 * What the DHCP server did with a message: every message handed to it ends in exactly one of these, an answer sent
 * or the reason there was none. An operator reads them by name (agent metrics,
 * {@code isthmus_agent_dhcp_messages_total}).
 */
public enum DhcpCounter {
    // --- answered ---
    /** A DHCPDISCOVER answered with a DHCPOFFER of the interface's address. */
    OFFERED(Kind.ANSWERED),
    /** A DHCPREQUEST selecting this server's offer (server identifier present) answered with DHCPACK. */
    ACKED_SELECTING(Kind.ANSWERED),
    /** A DHCPREQUEST confirming a remembered address after a reboot (INIT-REBOOT) answered with DHCPACK. */
    ACKED_INIT_REBOOT(Kind.ANSWERED),
    /** A lease extension unicast to the server (RENEWING, after T1) answered with DHCPACK. */
    ACKED_RENEWING(Kind.ANSWERED),
    /** A lease extension broadcast to any server (REBINDING, after T2) answered with DHCPACK. */
    ACKED_REBINDING(Kind.ANSWERED),
    /** A DHCPINFORM (parameters only, RFC 2131 section 3.4) answered with a DHCPACK without lease. */
    ACKED_INFORM(Kind.ANSWERED),
    /** A DHCPREQUEST for an address of the subnet that is not the interface's: DHCPNAK. */
    NAKED_WRONG_ADDRESS(Kind.ANSWERED),
    /** A DHCPREQUEST for an address outside the interface's subnet (the client moved): DHCPNAK. */
    NAKED_WRONG_SUBNET(Kind.ANSWERED),

    // --- handled, nothing to answer ---
    /** A DHCPRELEASE: the lease is forgotten. */
    RELEASED(Kind.HANDLED),
    /** A DHCPDECLINE: the client found the interface's address in use; logged for the operator. */
    DECLINED(Kind.HANDLED),
    /**
     * A DHCPREQUEST, DHCPRELEASE or DHCPDECLINE naming another server (the client chose another offer), or a renewal
     * unicast to another address than the router's.
     */
    OTHER_SERVER(Kind.HANDLED),

    // --- ignored ---
    /** {@code chaddr} is not the MAC of the interface the message came in on: an unknown client gets nothing. */
    UNKNOWN_CLIENT(Kind.IGNORED),
    /** Not a well-formed IPv4/UDP datagram to port 67, or a fragment. */
    MALFORMED_DATAGRAM(Kind.IGNORED),
    /** The UDP checksum does not verify. */
    BAD_UDP_CHECKSUM(Kind.IGNORED),
    /** Not a DHCP message: truncated, no magic cookie, malformed options (RFC 2131 section 2, RFC 2132). */
    MALFORMED_DHCP(Kind.IGNORED),
    /** A BOOTREPLY, or a message type a server sends (OFFER, ACK, NAK), or an unknown type or none (plain BOOTP). */
    NOT_A_CLIENT_MESSAGE(Kind.IGNORED),
    /** A hardware type or length other than Ethernet's. */
    NOT_ETHERNET(Kind.IGNORED),
    /** {@code giaddr} is set: relayed from another link, which a virtual subnet does not have. */
    RELAYED(Kind.IGNORED),
    /**
     * A DHCPREQUEST that fits no client state of RFC 2131 section 4.3.2 (a server identifier without requested
     * address, or neither requested address nor {@code ciaddr}), or a DHCPRELEASE of another address.
     */
    INVALID_REQUEST(Kind.IGNORED);

    /** What a counter counts. */
    public enum Kind {
        /** An answer (OFFER, ACK or NAK) was sent. */
        ANSWERED,
        /** The message was handled and needs no answer. */
        HANDLED,
        /** The message was dropped without an answer. */
        IGNORED
    }

    private final Kind kind;

    DhcpCounter(Kind kind) {
        this.kind = kind;
    }

    /** What this counter counts. */
    public Kind kind() {
        return kind;
    }
}
