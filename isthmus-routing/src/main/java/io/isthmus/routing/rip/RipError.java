package io.isthmus.routing.rip;

/**
 * Why a RIP message, or one route entry of it, was dropped. A {@link RipPort} counts each; the operator reads them
 * with {@link RipPort#dropped(RipError)}.
 */
public enum RipError {
    /** Shorter than the header, or not a whole number of 20-byte entries (RFC 2453 section 4). */
    TRUNCATED("truncated message"),
    /** Longer than 25 entries, the most a RIP message holds (RFC 2453 section 3.6). */
    TOO_LONG("more than 25 entries"),
    /** A command other than request (1) and response (2). */
    BAD_COMMAND("unknown command"),
    /** Version 1: this speaker runs RIPv2 only. */
    VERSION_1("RIPv1 message"),
    /** Version 0 or above 2. */
    BAD_VERSION("unknown version"),
    /** A response not from UDP port 520, or a request this speaker cannot answer (RFC 2453 section 3.9.2). */
    BAD_SOURCE_PORT("source port is not 520"),
    /** From an address that is not the participant's (RFC 2453 section 3.9.2: the source must be on the link). */
    NOT_FROM_PARTICIPANT("source is not the participant"),
    /** Sent to an address other than 224.0.0.9, the router's address or a broadcast address of the link. */
    NOT_FOR_ROUTER("destination is not the router"),
    /** Authentication is configured and the message carries none (RFC 2453 section 4.1). */
    AUTHENTICATION_MISSING("authentication missing"),
    /** Authentication is not configured and the message carries some (RFC 2453 section 4.1). */
    AUTHENTICATION_UNEXPECTED("unexpected authentication"),
    /** An authentication type other than the one configured. */
    AUTHENTICATION_TYPE("wrong authentication type"),
    /** The simple password differs. */
    PASSWORD_MISMATCH("wrong password"),
    /** The keyed-MD5 key id differs from the configured one. */
    KEY_ID_MISMATCH("unknown key id"),
    /** The keyed-MD5 packet length, data length or trailer do not describe the message (RFC 2082 section 3.2). */
    AUTHENTICATION_LAYOUT("malformed authentication"),
    /** The keyed-MD5 digest differs (wrong key, or altered message). */
    DIGEST_MISMATCH("digest mismatch"),
    /** A keyed-MD5 sequence number below the neighbour's last one (RFC 4822 section 3.2.2). */
    REPLAYED_SEQUENCE("replayed sequence number"),
    /** Beyond the peer policy's message rate. */
    RATE_LIMITED("rate limited"),
    /** An entry of an address family other than IPv4 (2), or 0 outside the whole-table request. */
    BAD_ADDRESS_FAMILY("entry of an unknown address family"),
    /** An entry's metric outside 1..16 (RFC 2453 section 3.9.2). */
    BAD_METRIC("entry metric out of range"),
    /** An entry's subnet mask is not contiguous. */
    BAD_MASK("entry mask not contiguous"),
    /** An entry's address has bits set beyond its mask. */
    HOST_BITS_SET("entry address has host bits set"),
    /** An entry's destination is multicast, class E, loopback or in network 0 (RFC 2453 section 3.9.2). */
    BAD_DESTINATION("entry destination not routable");

    private final String description;

    RipError(String description) {
        this.description = description;
    }

    /** What went wrong, as an operator reads it. */
    public String description() {
        return description;
    }
}
