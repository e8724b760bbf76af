package io.isthmus.api.resource;

import io.isthmus.routing.RoutingProtocol;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The routing protocols a subnet's virtual router speaks with the nodes of the subnet (DESIGN.md, "Routing with the
 * emulated routers"), and with which nodes. Ranges are judged by {@code io.isthmus.api.validation.RoutingRules};
 * this record only refuses nulls.
 *
 * @param protocols    the protocols the virtual router speaks; empty turns routing off
 * @param routerId     the virtual router's router id (BGP identifier, OSPF router id); 0: the subnet's gateway
 * @param bgp          the BGP settings (used when {@code protocols} has BGP)
 * @param ospf         the OSPF settings (used when {@code protocols} has OSPF)
 * @param rip          the RIP settings (used when {@code protocols} has RIP)
 * @param participants the nodes allowed to peer, each with its protocols and policy
 */
public record SubnetRouting(Set<RoutingProtocol> protocols, int routerId, Bgp bgp, Ospf ospf, Rip rip,
                            List<RoutingParticipant> participants) {
    /** Routing off: what a subnet has unless it opts in. */
    public static final SubnetRouting OFF =
        new SubnetRouting(Set.of(), 0, Bgp.DEFAULTS, Ospf.DEFAULTS, Rip.DEFAULTS, List.of());

    /** Copies the collections; rejects nulls. */
    public SubnetRouting {
        protocols = Set.copyOf(Objects.requireNonNull(protocols, "protocols"));
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(ospf, "ospf");
        Objects.requireNonNull(rip, "rip");
        participants = List.copyOf(Objects.requireNonNull(participants, "participants"));
    }

    /** Whether the virtual router speaks any protocol. */
    public boolean enabled() {
        return !protocols.isEmpty();
    }

    /** The router id in effect for a subnet whose gateway is {@code gateway}. */
    public int effectiveRouterId(int gateway) {
        return routerId == 0 ? gateway : routerId;
    }

    /** The participant that is node {@code node}, if any. */
    public java.util.Optional<RoutingParticipant> participant(NodeId node) {
        return participants.stream().filter(p -> p.node().equals(node)).findFirst();
    }

    /** A copy with {@code participants}. */
    public SubnetRouting withParticipants(List<RoutingParticipant> participants) {
        return new SubnetRouting(protocols, routerId, bgp, ospf, rip, participants);
    }

    /**
     * BGP-4 settings of the virtual router (RFC 4271).
     *
     * @param asn             its AS number, 1..4294967295 except AS_TRANS 23456 (RFC 6793 section 9)
     * @param holdTimeSeconds the hold time it proposes: 0 (no keepalives) or 3..65535 (RFC 4271 section 4.2)
     */
    public record Bgp(long asn, int holdTimeSeconds) {
        /** A private AS (RFC 6996) and the hold time RFC 4271 section 10 suggests. */
        public static final Bgp DEFAULTS = new Bgp(64512, 90);
    }

    /**
     * OSPFv2 settings of the virtual router's interface on the subnet (RFC 2328 appendix C.3).
     *
     * @param area         the area id, as a 32-bit value written like an address
     * @param helloSeconds the HelloInterval
     * @param deadSeconds  the RouterDeadInterval, greater than the HelloInterval
     * @param cost         the interface output cost, 1..65535
     * @param networkType  broadcast (DR/BDR election) or point-to-point
     */
    public record Ospf(int area, int helloSeconds, int deadSeconds, int cost, OspfNetworkType networkType) {
        /** The backbone area and the RFC 2328 appendix C.3 defaults for a broadcast network. */
        public static final Ospf DEFAULTS = new Ospf(0, 10, 40, 10, OspfNetworkType.BROADCAST);

        /** Rejects a null network type. */
        public Ospf {
            Objects.requireNonNull(networkType, "networkType");
        }
    }

    /** The OSPF network types the virtual router's interface may be. */
    public enum OspfNetworkType {
        /** A multi-access network with DR/BDR election (RFC 2328 section 9.4). */
        BROADCAST,
        /** A point-to-point network: no election (RFC 2328 section 9.1). */
        POINT_TO_POINT
    }

    /**
     * RIPv2 settings (RFC 2453).
     *
     * @param authentication how RIP messages are authenticated
     * @param key            the password or MD5 key, up to 16 characters; null with no authentication
     * @param keyId          the MD5 key id, 0..255 (RFC 4822 section 2)
     */
    public record Rip(RipAuthentication authentication, String key, int keyId) {
        /** No authentication. */
        public static final Rip DEFAULTS = new Rip(RipAuthentication.NONE, null, 0);

        /** Rejects a null authentication. */
        public Rip {
            Objects.requireNonNull(authentication, "authentication");
        }
    }

    /** RIPv2 authentication schemes. */
    public enum RipAuthentication {
        /** None. */
        NONE,
        /** A clear-text password (RFC 2453 section 4.1). */
        PASSWORD,
        /** Keyed MD5 (RFC 4822). */
        MD5
    }
}
