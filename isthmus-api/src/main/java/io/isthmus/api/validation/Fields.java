package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;

/**
 * Parsing of the text fields of a request body into model values, for the REST layer: a malformed value is an
 * {@link ProblemType#INVALID_FIELD} at its pointer, with the parser's explanation (host bits set in a prefix name
 * the prefix the caller probably meant).
 */
public final class Fields {
    private Fields() {
    }

    /** Parses {@code a.b.c.d/len} (host bits must be clear). */
    public static Ipv4Prefix ipv4Prefix(String pointer, String text) {
        try {
            if (text == null || text.indexOf('/') < 0) {
                throw new IllegalArgumentException("expected a CIDR prefix a.b.c.d/len, got " + text);
            }
            return Ipv4Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, pointer, e.getMessage());
        }
    }

    /** Parses a dotted-quad IPv4 address. */
    public static int ipv4Address(String pointer, String text) {
        try {
            if (text == null) {
                throw new IllegalArgumentException("expected an IPv4 address a.b.c.d");
            }
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, pointer, e.getMessage());
        }
    }

    /** Parses an IPv6 prefix {@code addr/len} (host bits must be clear). */
    public static Ipv6Prefix ipv6Prefix(String pointer, String text) {
        try {
            if (text == null || text.indexOf('/') < 0) {
                throw new IllegalArgumentException("expected an IPv6 prefix addr/len, got " + text);
            }
            return Ipv6Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(ProblemType.INVALID_FIELD, pointer, e.getMessage());
        }
    }
}
