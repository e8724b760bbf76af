package io.isthmus.wire;

/**
 * IANA protocol numbers (IPv4 protocol field, IPv6 next header) that Isthmus reads or writes. Values are ints
 * 0..255 so the data plane can switch on them without boxing; unknown values are simply passed through.
 */
public final class IpProtocol {
    /** IPv6 hop-by-hop options (RFC 8200 section 4.3); only valid right after the IPv6 header. */
    public static final int HOP_BY_HOP = 0;
    /** Internet control message protocol (RFC 792). */
    public static final int ICMP = 1;
    /** Internet group management protocol (RFC 3376). */
    public static final int IGMP = 2;
    /** Transmission control protocol (RFC 9293). */
    public static final int TCP = 6;
    /** User datagram protocol (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 routing header (RFC 8200 section 4.4). */
    public static final int IPV6_ROUTING = 43;
    /** IPv6 fragment header (RFC 8200 section 4.5). */
    public static final int IPV6_FRAGMENT = 44;
    /** Encapsulating security payload (RFC 4303); ends the walkable part of an IPv6 header chain. */
    public static final int ESP = 50;
    /** Authentication header (RFC 4302); its length field counts 4-octet units minus two. */
    public static final int AH = 51;
    /** ICMP for IPv6 (RFC 4443). */
    public static final int ICMPV6 = 58;
    /** IPv6 no next header (RFC 8200 section 4.7). */
    public static final int IPV6_NO_NEXT = 59;
    /** IPv6 destination options (RFC 8200 section 4.6). */
    public static final int IPV6_DESTINATION_OPTIONS = 60;
    /** Open shortest path first (RFC 2328, RFC 5340). */
    public static final int OSPF = 89;
    /** IPv6 mobility header (RFC 6275). */
    public static final int IPV6_MOBILITY = 135;
    /** Host identity protocol (RFC 7401), an extension header in IPv6. */
    public static final int HIP = 139;
    /** Shim6 (RFC 5533), an extension header in IPv6. */
    public static final int SHIM6 = 140;
    /** Reserved for experimentation and testing (RFC 3692, RFC 4727); an extension header in IPv6 (RFC 7045). */
    public static final int EXPERIMENT_1 = 253;
    /** Reserved for experimentation and testing (RFC 3692, RFC 4727); an extension header in IPv6 (RFC 7045). */
    public static final int EXPERIMENT_2 = 254;

    private IpProtocol() {
    }

    /**
     * Whether {@code nextHeader} starts an IPv6 extension header that a node can walk past: the generic
     * (next header, length) shape of RFC 8200 section 4 and RFC 6564, the IANA "IPv6 Extension Header Types"
     * registry as RFC 7045 lists it, minus ESP (whose next header is encrypted). The fragment header, though
     * fixed-size, is included.
     */
    public static boolean isIpv6ExtensionHeader(int nextHeader) {
        return switch (nextHeader) {
            case HOP_BY_HOP, IPV6_ROUTING, IPV6_FRAGMENT, IPV6_DESTINATION_OPTIONS, AH, IPV6_MOBILITY, HIP, SHIM6,
                 EXPERIMENT_1, EXPERIMENT_2 -> true;
            default -> false;
        };
    }
}
