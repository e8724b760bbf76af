package io.isthmus.routing;

import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * A set of prefixes: those inside {@code prefix} whose length is from {@code minLength} to {@code maxLength}. Written
 * {@code 10.1.0.0/16} (the prefix itself and everything more specific) or {@code 10.1.0.0/16{16,24}} (lengths 16 to
 * 24), as BIRD writes prefix sets.
 */
public record PrefixRange(Ipv4Prefix prefix, int minLength, int maxLength) {

    /** Rejects lengths outside {@code prefix.length()..32} or in the wrong order. */
    public PrefixRange {
        Objects.requireNonNull(prefix, "prefix");
        if (minLength < prefix.length() || maxLength > 32 || minLength > maxLength) {
            throw new IllegalArgumentException("the lengths of " + prefix + " must satisfy " + prefix.length()
                + " <= min <= max <= 32, were " + minLength + " and " + maxLength);
        }
    }

    /** {@code prefix} and every prefix inside it. */
    public static PrefixRange orLonger(Ipv4Prefix prefix) {
        return new PrefixRange(prefix, prefix.length(), 32);
    }

    /**
     * Parses {@code a.b.c.d/n} or {@code a.b.c.d/n{min,max}}; the address must be the prefix's network address.
     *
     * @throws IllegalArgumentException with a message that names what is wrong
     */
    public static PrefixRange parse(String text) {
        Objects.requireNonNull(text, "text");
        int brace = text.indexOf('{');
        if (brace < 0) {
            return orLonger(Ipv4Prefix.parse(text.strip()));
        }
        if (!text.endsWith("}")) {
            throw new IllegalArgumentException("a prefix range is a.b.c.d/n or a.b.c.d/n{min,max}, was " + text);
        }
        Ipv4Prefix prefix = Ipv4Prefix.parse(text.substring(0, brace).strip());
        String[] lengths = text.substring(brace + 1, text.length() - 1).split(",", -1);
        if (lengths.length != 2) {
            throw new IllegalArgumentException("a prefix range is a.b.c.d/n or a.b.c.d/n{min,max}, was " + text);
        }
        try {
            return new PrefixRange(prefix, Integer.parseInt(lengths[0].strip()), Integer.parseInt(lengths[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the lengths of a prefix range are numbers, was " + text, e);
        }
    }

    /** Whether {@code candidate} is in this set. */
    public boolean matches(Ipv4Prefix candidate) {
        return candidate.length() >= minLength && candidate.length() <= maxLength && prefix.contains(candidate);
    }

    @Override
    public String toString() {
        return minLength == prefix.length() && maxLength == 32 ? prefix.toString()
            : prefix + "{" + minLength + "," + maxLength + "}";
    }
}
