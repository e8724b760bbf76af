package io.isthmus.wire;

/**
 * An IPv4 prefix: a network address (an int, first octet in the high bits) and a length 0..32. The constructor
 * rejects host bits set beyond the length; {@link #normalized} masks them off instead. For configuration and the
 * control plane; lookups on the data plane work on the primitive {@link #address()} and {@link #mask()}.
 */
public record Ipv4Prefix(int address, int length) implements Comparable<Ipv4Prefix> {

    /** Validates the length (0..32) and that no bit beyond it is set. */
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length out of range 0..32: " + length);
        }
        int mask = Ipv4Address.mask(length);
        if ((address & ~mask) != 0) {
            throw new IllegalArgumentException("host bits set in IPv4 prefix " + Ipv4Address.format(address) + "/"
                + length + " (did you mean " + Ipv4Address.format(address & mask) + "/" + length + "?)");
        }
    }

    /** The prefix of length {@code length} that contains {@code address}, host bits cleared. */
    public static Ipv4Prefix normalized(int address, int length) {
        return new Ipv4Prefix(address & Ipv4Address.mask(length), length);
    }

    /** The /32 prefix of one address. */
    public static Ipv4Prefix host(int address) {
        return new Ipv4Prefix(address, 32);
    }

    /**
     * Parses {@code a.b.c.d/len}, or a bare address as a /32. Host bits beyond the length are rejected (see
     * {@link #parseNormalized} for the lenient form).
     */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Ipv4Address.parse(text));
        }
        return new Ipv4Prefix(Ipv4Address.parse(text.substring(0, slash)), parseLength(text, slash, 32));
    }

    /** Parses like {@link #parse} but clears host bits instead of rejecting them. */
    public static Ipv4Prefix parseNormalized(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Ipv4Address.parse(text));
        }
        return normalized(Ipv4Address.parse(text.substring(0, slash)), parseLength(text, slash, 32));
    }

    static int parseLength(String text, int slash, int max) {
        String digits = text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a prefix length in " + text);
        }
        int length = Integer.parseInt(digits);
        if (length > max) {
            throw new IllegalArgumentException("prefix length out of range 0.." + max + " in " + text);
        }
        return length;
    }

    /** The network mask. */
    public int mask() {
        return Ipv4Address.mask(length);
    }

    /** Number of bits after the prefix (32 - length). */
    public int suffixLength() {
        return 32 - length;
    }

    /** The last address of the prefix. */
    public int lastAddress() {
        return address | ~mask();
    }

    /** Whether {@code ipv4} lies in this prefix. */
    public boolean contains(int ipv4) {
        return (ipv4 & mask()) == address;
    }

    /** Whether {@code other} lies entirely in this prefix (true for equal prefixes). */
    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    /** Whether the two prefixes share at least one address (for CIDR prefixes: one contains the other). */
    public boolean overlaps(Ipv4Prefix other) {
        return contains(other) || other.contains(this);
    }

    /** Orders by address (unsigned), then by length. */
    @Override
    public int compareTo(Ipv4Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    /** {@code a.b.c.d/len}. */
    @Override
    public String toString() {
        return Ipv4Address.format(address) + "/" + length;
    }
}
