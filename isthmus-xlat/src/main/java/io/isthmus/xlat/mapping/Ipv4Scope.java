package io.isthmus.xlat.mapping;

/**
 * Classifies IPv4 addresses as global or not, for the Well-Known Prefix restriction of RFC 6052 section 3.1.
 * Allocation-free.
 *
 * <p>Non-global are the RFC 1918 private blocks and the special-purpose blocks that RFC 6052 section 3.1 points to
 * (RFC 5735 section 3, now the IANA IPv4 Special-Purpose Address Registry entries that are not globally reachable):
 * 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.0.2.0/24,
 * 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, 224.0.0.0/4 (multicast) and 240.0.0.0/4 (reserved,
 * including the limited broadcast address).
 */
public final class Ipv4Scope {
    private Ipv4Scope() {
    }

    /** Whether {@code ipv4} is a global unicast address (none of the blocks listed in the class comment). */
    public static boolean isGlobal(int ipv4) {
        int a = ipv4 >>> 24;
        int b = (ipv4 >>> 16) & 0xff;
        int c = (ipv4 >>> 8) & 0xff;
        return switch (a) {
            case 0, 10, 127 -> false;
            case 100 -> (b & 0xc0) != 64;
            case 169 -> b != 254;
            case 172 -> (b & 0xf0) != 16;
            case 192 -> !(b == 0 && (c == 0 || c == 2)) && b != 168;
            case 198 -> (b & 0xfe) != 18 && !(b == 51 && c == 100);
            case 203 -> !(b == 0 && c == 113);
            default -> a < 224;
        };
    }
}
