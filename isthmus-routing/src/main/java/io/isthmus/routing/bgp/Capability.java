package io.isthmus.routing.bgp;

/**
 * A capability an OPEN message advertises (RFC 5492): optional parameter type 2, each capability a (code, length,
 * value) triple. Codes this speaker understands become their own record; others are kept as {@link Unknown}.
 */
public sealed interface Capability {
    /** Address family identifier of IPv4 (IANA). */
    int AFI_IPV4 = 1;
    /** Subsequent address family identifier of unicast (IANA). */
    int SAFI_UNICAST = 1;

    /** The capability code (IANA "Capability Codes"). */
    int code();

    /**
     * Multiprotocol extensions, code 1 (RFC 4760 section 8): AFI (2 octets), reserved (1), SAFI (1).
     *
     * @param afi address family
     * @param safi subsequent address family
     */
    record Multiprotocol(int afi, int safi) implements Capability {
        /** The capability code. */
        public static final int CODE = 1;

        /** IPv4 unicast, the only family this speaker carries. */
        public static Multiprotocol ipv4Unicast() {
            return new Multiprotocol(AFI_IPV4, SAFI_UNICAST);
        }

        @Override
        public int code() {
            return CODE;
        }
    }

    /** Route refresh, code 2 (RFC 2918 section 2), without a value. */
    record RouteRefresh() implements Capability {
        /** The capability code. */
        public static final int CODE = 2;

        @Override
        public int code() {
            return CODE;
        }
    }

    /**
     * Graceful restart, code 64 (RFC 4724 section 3): restart flags (4 bits) and restart time in seconds (12 bits),
     * then per address family AFI (2), SAFI (1) and its flags (1; bit 0x80: forwarding state preserved).
     *
     * @param restartFlags the 4 restart flag bits (0x8: the sender has restarted, "R")
     * @param restartTime seconds the receiver keeps the sender's routes after the connection is lost, 0 to 4095
     * @param families the families whose forwarding state the sender preserves across a restart
     */
    record GracefulRestart(int restartFlags, int restartTime, java.util.List<Family> families) implements Capability {
        /** The capability code. */
        public static final int CODE = 64;

        /** Copies {@code families}. */
        public GracefulRestart {
            families = java.util.List.copyOf(families);
        }

        @Override
        public int code() {
            return CODE;
        }

        /**
         * One address family of a graceful restart capability.
         *
         * @param afi address family
         * @param safi subsequent address family
         * @param flags the family's flags (0x80: forwarding state preserved)
         */
        public record Family(int afi, int safi, int flags) {
        }
    }

    /**
     * Support for 4-octet AS numbers, code 65 (RFC 6793 section 3): the sender's AS number in 4 octets.
     *
     * @param asNumber the sender's AS number, unsigned 32 bits held in a long
     */
    record FourOctetAs(long asNumber) implements Capability {
        /** The capability code. */
        public static final int CODE = 65;

        @Override
        public int code() {
            return CODE;
        }
    }

    /**
     * A capability this speaker does not interpret.
     *
     * @param code its code
     * @param value its value
     */
    record Unknown(int code, OpaqueBytes value) implements Capability {
    }
}
