package io.isthmus.routing.ospf;

/** Why an OSPF packet was dropped before any state machine saw it; each is a counter of the session. */
public enum OspfRejection {
    /** Fewer bytes than the 24-byte header, or than the header's packet length. */
    TRUNCATED,
    /** Not version 2. */
    BAD_VERSION,
    /** A packet length below the header's or not matching its type's structure. */
    BAD_LENGTH,
    /** A packet type other than 1 to 5. */
    UNKNOWN_TYPE,
    /** The packet checksum does not match (RFC 2328 section 8.2). */
    BAD_CHECKSUM,
    /** An authentication type other than null (0): this speaker is configured with null authentication (D.2). */
    AUTHENTICATION_MISMATCH,
    /** An LSA in the packet whose length runs past the packet or whose body does not parse. */
    MALFORMED_LSA
}
