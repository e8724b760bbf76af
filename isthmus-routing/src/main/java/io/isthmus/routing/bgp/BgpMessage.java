package io.isthmus.routing.bgp;

import io.isthmus.wire.Ipv4Prefix;
import java.util.List;

/**
 * A BGP-4 message (RFC 4271 section 4), without its 19-octet header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                           Marker (16 octets of 0xff)          +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length (19..4096)    |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface BgpMessage {
    /** The length of the header. */
    int HEADER_LENGTH = 19;
    /** The largest message (RFC 4271 section 4.1). */
    int MAX_LENGTH = 4096;
    /** Type code of OPEN. */
    int OPEN = 1;
    /** Type code of UPDATE. */
    int UPDATE = 2;
    /** Type code of NOTIFICATION. */
    int NOTIFICATION = 3;
    /** Type code of KEEPALIVE. */
    int KEEPALIVE = 4;
    /** Type code of ROUTE-REFRESH (RFC 2918). */
    int ROUTE_REFRESH = 5;
    /** AS_TRANS, the 2-octet stand-in for a 4-octet AS number (RFC 6793 section 9). */
    int AS_TRANS = 23456;

    /** The message's type code. */
    int type();

    /**
     * OPEN (RFC 4271 section 4.2): version (1), My Autonomous System (2), Hold Time (2), BGP Identifier (4), optional
     * parameters; each capability travels in an optional parameter of type 2 (RFC 5492).
     *
     * @param version the protocol version, 4
     * @param myAs the 2-octet AS field (AS_TRANS when the sender's AS needs 4 octets)
     * @param holdTime proposed hold time in seconds: 0 or at least 3
     * @param bgpIdentifier the sender's router id
     * @param capabilities the advertised capabilities, in order
     */
    record Open(int version, int myAs, int holdTime, int bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {
        /** Copies {@code capabilities}. */
        public Open {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public int type() {
            return OPEN;
        }

        /** The sender's AS number: the 4-octet capability's if present (RFC 6793 section 4.1), else My AS. */
        public long asNumber() {
            for (Capability c : capabilities) {
                if (c instanceof Capability.FourOctetAs four) {
                    return four.asNumber();
                }
            }
            return myAs;
        }

        /** Whether the sender advertised 4-octet AS support. */
        public boolean supportsFourOctetAs() {
            return capabilities.stream().anyMatch(c -> c instanceof Capability.FourOctetAs);
        }

        /** Whether the sender advertised route refresh. */
        public boolean supportsRouteRefresh() {
            return capabilities.stream().anyMatch(c -> c instanceof Capability.RouteRefresh);
        }

        /** The sender's graceful restart capability, or null. */
        public Capability.GracefulRestart gracefulRestart() {
            for (Capability c : capabilities) {
                if (c instanceof Capability.GracefulRestart gr) {
                    return gr;
                }
            }
            return null;
        }
    }

    /**
     * UPDATE (RFC 4271 section 4.3): withdrawn routes, path attributes, NLRI. The IPv4 unicast prefixes of
     * MP_REACH_NLRI and MP_UNREACH_NLRI stay inside {@link #attributes()}; {@link #announced()} and {@link
     * #withdrawnAll()} merge them.
     *
     * @param withdrawn the Withdrawn Routes field
     * @param attributes the path attributes
     * @param nlri the Network Layer Reachability Information field
     */
    record Update(List<Ipv4Prefix> withdrawn, PathAttributes attributes, List<Ipv4Prefix> nlri)
        implements BgpMessage {
        /** Copies the lists. */
        public Update {
            withdrawn = List.copyOf(withdrawn);
            nlri = List.copyOf(nlri);
        }

        /** An End-of-RIB marker for IPv4 unicast: an UPDATE with nothing in it (RFC 4724 section 2). */
        public static Update endOfRib() {
            return new Update(List.of(), PathAttributes.NONE, List.of());
        }

        @Override
        public int type() {
            return UPDATE;
        }

        /**
         * Whether this is an End-of-RIB marker for IPv4 unicast (RFC 4724 section 2): an empty UPDATE, or one whose
         * only attribute is an empty MP_UNREACH_NLRI for IPv4 unicast.
         */
        public boolean isEndOfRib() {
            if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
                return false;
            }
            if (attributes.equals(PathAttributes.NONE)) {
                return true;
            }
            PathAttributes.MpUnreach unreach = attributes.mpUnreach();
            return unreach != null && unreach.isIpv4Unicast() && unreach.withdrawn().isEmpty()
                && attributes.equals(PathAttributes.NONE.withMpUnreach(unreach));
        }

        /** The IPv4 unicast prefixes announced: the NLRI field and MP_REACH_NLRI's. */
        public List<Ipv4Prefix> announced() {
            PathAttributes.MpReach reach = attributes.mpReach();
            if (reach == null || !reach.isIpv4Unicast() || reach.nlri().isEmpty()) {
                return nlri;
            }
            return java.util.stream.Stream.concat(nlri.stream(), reach.nlri().stream()).toList();
        }

        /** The IPv4 unicast prefixes withdrawn: the Withdrawn Routes field and MP_UNREACH_NLRI's. */
        public List<Ipv4Prefix> withdrawnAll() {
            PathAttributes.MpUnreach unreach = attributes.mpUnreach();
            if (unreach == null || !unreach.isIpv4Unicast() || unreach.withdrawn().isEmpty()) {
                return withdrawn;
            }
            return java.util.stream.Stream.concat(withdrawn.stream(), unreach.withdrawn().stream()).toList();
        }
    }

    /**
     * NOTIFICATION (RFC 4271 section 4.5): error code (1), subcode (1), data.
     *
     * @param error the error it reports
     */
    record Notification(BgpError error) implements BgpMessage {
        @Override
        public int type() {
            return NOTIFICATION;
        }
    }

    /** KEEPALIVE (RFC 4271 section 4.4): the header alone. */
    record Keepalive() implements BgpMessage {
        @Override
        public int type() {
            return KEEPALIVE;
        }
    }

    /**
     * ROUTE-REFRESH (RFC 2918 section 3): AFI (2), reserved (1), SAFI (1).
     *
     * @param afi address family to resend
     * @param safi subsequent address family to resend
     */
    record RouteRefresh(int afi, int safi) implements BgpMessage {
        @Override
        public int type() {
            return ROUTE_REFRESH;
        }
    }
}
