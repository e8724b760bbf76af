package io.isthmus.wire;

/**
 * An IPv6 prefix: a network address as two longs ({@code high} holds bytes 0..7) and a length 0..128. The
 * constructor rejects host bits set beyond the length; {@link #normalized} masks them off instead. For configuration
 * and the control plane; data-plane lookups use {@link #high()}, {@link #low()} and the static masks.
 */
public record Ipv6Prefix(long high, long low, int length) implements Comparable<Ipv6Prefix> {

    /** Validates the length (0..128) and that no bit beyond it is set. */
    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length out of range 0..128: " + length);
        }
        if ((high & ~highMask(length)) != 0 || (low & ~lowMask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in IPv6 prefix " + new Ipv6Address(high, low) + "/"
                + length + " (did you mean " + new Ipv6Address(high & highMask(length), low & lowMask(length))
                + "/" + length + "?)");
        }
    }

    /** The prefix of {@code length} bits of {@code address}. */
    public Ipv6Prefix(Ipv6Address address, int length) {
        this(address.high(), address.low(), length);
    }

    /** The prefix of length {@code length} that contains {@code high:low}, host bits cleared. */
    public static Ipv6Prefix normalized(long high, long low, int length) {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length out of range 0..128: " + length);
        }
        return new Ipv6Prefix(high & highMask(length), low & lowMask(length), length);
    }

    /**
     * Parses {@code address/len} (RFC 4291 section 2.3), or a bare address as a /128. Host bits beyond the length
     * are rejected (see {@link #parseNormalized} for the lenient form).
     */
    public static Ipv6Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv6Prefix(Ipv6Address.parse(text), 128);
        }
        return new Ipv6Prefix(Ipv6Address.parse(text.substring(0, slash)), Ipv4Prefix.parseLength(text, slash, 128));
    }

    /** Parses like {@link #parse} but clears host bits instead of rejecting them. */
    public static Ipv6Prefix parseNormalized(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv6Prefix(Ipv6Address.parse(text), 128);
        }
        Ipv6Address a = Ipv6Address.parse(text.substring(0, slash));
        return normalized(a.high(), a.low(), Ipv4Prefix.parseLength(text, slash, 128));
    }

    /** Mask of the first 64 bits of a prefix of {@code length} bits (0..128; not checked). */
    public static long highMask(int length) {
        return length <= 0 ? 0L : length >= 64 ? -1L : -1L << (64 - length);
    }

    /** Mask of the last 64 bits of a prefix of {@code length} bits (0..128; not checked). */
    public static long lowMask(int length) {
        return length <= 64 ? 0L : length >= 128 ? -1L : -1L << (128 - length);
    }

    /** The network address. */
    public Ipv6Address address() {
        return new Ipv6Address(high, low);
    }

    /** Number of bits after the prefix (128 - length). */
    public int suffixLength() {
        return 128 - length;
    }

    /** Whether the address {@code addressHigh:addressLow} lies in this prefix. Allocation-free. */
    public boolean contains(long addressHigh, long addressLow) {
        return (addressHigh & highMask(length)) == high && (addressLow & lowMask(length)) == low;
    }

    /** Whether {@code address} lies in this prefix. */
    public boolean contains(Ipv6Address address) {
        return contains(address.high(), address.low());
    }

    /** Whether {@code other} lies entirely in this prefix (true for equal prefixes). */
    public boolean contains(Ipv6Prefix other) {
        return other.length >= length && contains(other.high, other.low);
    }

    /** Whether the two prefixes share at least one address (for CIDR prefixes: one contains the other). */
    public boolean overlaps(Ipv6Prefix other) {
        return contains(other) || other.contains(this);
    }

    /** Orders by address (unsigned), then by length. */
    @Override
    public int compareTo(Ipv6Prefix o) {
        int c = Long.compareUnsigned(high, o.high);
        if (c == 0) {
            c = Long.compareUnsigned(low, o.low);
        }
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    /** RFC 5952 text of the address, then {@code /len}. */
    @Override
    public String toString() {
        return new Ipv6Address(high, low) + "/" + length;
    }
}
