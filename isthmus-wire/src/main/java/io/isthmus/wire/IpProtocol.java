package io.isthmus.wire;

/** IANA protocol numbers (IPv4 protocol field, IPv6 next header) that Isthmus reads or writes. */
public final class IpProtocol {
    /** IPv6 hop-by-hop options (RFC 8200). */
    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6 routing header. */
    public static final int IPV6_ROUTING = 43;
    /** IPv6 fragment header. */
    public static final int IPV6_FRAGMENT = 44;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    /** IPv6 no next header. */
    public static final int IPV6_NO_NEXT = 59;
    /** IPv6 destination options. */
    public static final int IPV6_DESTINATION_OPTIONS = 60;
    public static final int OSPF = 89;
    /** IPv6 mobility header (RFC 6275). */
    public static final int IPV6_MOBILITY = 135;
    /** Host identity protocol (RFC 7401), an extension header in IPv6. */
    public static final int HIP = 139;
    /** Shim6 (RFC 5533), an extension header in IPv6. */
    public static final int SHIM6 = 140;

    private IpProtocol() {
    }

    /**
     * Whether {@code nextHeader} starts an IPv6 extension header with the generic (next header, length) shape
     * (RFC 8200 section 4 and RFC 7045); the fragment header, though fixed-size, is included.
     */
    public static boolean isIpv6ExtensionHeader(int nextHeader) {
        return switch (nextHeader) {
            case HOP_BY_HOP, IPV6_ROUTING, IPV6_FRAGMENT, IPV6_DESTINATION_OPTIONS, AH, IPV6_MOBILITY, HIP, SHIM6 ->
                true;
            default -> false;
        };
    }
}
