package io.isthmus.wire;

/** IPv4 addresses as ints (network order: the first octet in the high bits); parsing and formatting. */
public final class Ipv4Address {
    private Ipv4Address() {
    }

    /**
     * Parses dotted-quad notation: four decimal octets 0..255 in ASCII digits, without leading zeros; throws
     * {@link IllegalArgumentException} for anything else. A leading zero is refused because {@code inet_aton} reads
     * {@code 010} as octal 8: accepting it as decimal 10 would let two parsers disagree on one address (RFC 6943
     * section 3.1.1).
     */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            // ASCII only: Character.isDigit and Integer.parseInt also accept Arabic-Indic, fullwidth ... digits.
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Dotted-quad notation. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
            + (address & 0xff);
    }

    /** The network mask of a prefix length 0..32. */
    public static int mask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length out of range: " + prefixLength);
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
