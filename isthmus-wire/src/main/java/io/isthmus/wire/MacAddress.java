package io.isthmus.wire;

/**
 * IEEE 802 MAC-48 addresses as longs: the six octets in the low 48 bits, the first octet (the one sent first) in
 * bits 47..40, the high 16 bits zero. The data plane passes MACs as primitives; only {@link #parse} and
 * {@link #format} allocate.
 *
 * <p>The individual/group (I/G) bit is the least significant bit of the first octet; the universal/local (U/L) bit
 * the next one (IEEE 802 section 8.2, RFC 7042 section 2.1).
 */
public final class MacAddress {
    /** The bits a MAC-48 occupies. */
    public static final long MASK = 0xffff_ffff_ffffL;
    /** {@code ff:ff:ff:ff:ff:ff}. */
    public static final long BROADCAST = MASK;
    /** {@code 00:00:00:00:00:00}. */
    public static final long ZERO = 0L;
    /** Number of octets in a MAC-48. */
    public static final int LENGTH = 6;

    private static final long GROUP_BIT = 1L << 40;
    private static final long LOCAL_BIT = 1L << 41;
    private static final String HEX = "0123456789abcdef";

    private MacAddress() {
    }

    /**
     * Parses six two-digit hex octets separated by all colons or all hyphens ({@code 02:00:5e:10:00:01},
     * {@code 02-00-5E-10-00-01}); throws {@link IllegalArgumentException} for anything else.
     */
    public static long parse(String text) {
        if (text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        char separator = text.charAt(2);
        if (separator != ':' && separator != '-') {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long value = 0;
        for (int i = 0; i < LENGTH; i++) {
            int at = 3 * i;
            int high = hexDigit(text.charAt(at));
            int low = hexDigit(text.charAt(at + 1));
            if (high < 0 || low < 0 || (i < LENGTH - 1 && text.charAt(at + 2) != separator)) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            value = (value << 8) | (high << 4) | low;
        }
        return value;
    }

    private static int hexDigit(char c) {
        // ASCII only: Character.digit would also accept fullwidth and other Unicode digits.
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Lowercase colon-separated text ({@code 02:00:5e:10:00:01}) of the low 48 bits of {@code address}. */
    public static String format(long address) {
        char[] text = new char[17];
        for (int i = 0; i < LENGTH; i++) {
            int octet = (int) (address >>> (40 - 8 * i)) & 0xff;
            text[3 * i] = HEX.charAt(octet >>> 4);
            text[3 * i + 1] = HEX.charAt(octet & 0x0f);
            if (i < LENGTH - 1) {
                text[3 * i + 2] = ':';
            }
        }
        return new String(text);
    }

    /** Whether {@code address} fits in 48 bits (its high 16 bits are zero). */
    public static boolean isValid(long address) {
        return (address & ~MASK) == 0;
    }

    /** Whether the I/G bit is set: a group address, broadcast included. */
    public static boolean isMulticast(long address) {
        return (address & GROUP_BIT) != 0;
    }

    /** Whether {@code address} is {@code ff:ff:ff:ff:ff:ff}. */
    public static boolean isBroadcast(long address) {
        return (address & MASK) == BROADCAST;
    }

    /** Whether the I/G bit is clear: an individual address. */
    public static boolean isUnicast(long address) {
        return (address & GROUP_BIT) == 0;
    }

    /** Whether the U/L bit is set: a locally administered address (as the emulated routers' MACs are). */
    public static boolean isLocallyAdministered(long address) {
        return (address & LOCAL_BIT) != 0;
    }

    /** The octet {@code index} (0..5, 0 first on the wire). */
    public static int octet(long address, int index) {
        return (int) (address >>> (40 - 8 * index)) & 0xff;
    }

    /** The group MAC of an IPv4 multicast group: {@code 01:00:5e} and the low 23 bits (RFC 1112 section 6.4). */
    public static long ofIpv4Multicast(int group) {
        return 0x0100_5e00_0000L | (group & 0x7f_ffff);
    }

    /** The group MAC of an IPv6 multicast address: {@code 33:33} and its low 32 bits (RFC 2464 section 7). */
    public static long ofIpv6Multicast(long low) {
        return 0x3333_0000_0000L | (low & 0xffff_ffffL);
    }
}
