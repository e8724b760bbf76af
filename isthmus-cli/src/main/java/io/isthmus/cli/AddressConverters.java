package io.isthmus.cli;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for addresses and prefixes in option values. A bad value becomes a
 * {@link TypeConversionException} whose message picocli prefixes with the option's name, so the user reads, for
 * example, {@code Invalid value for option '--pool6': '2001:db8::1/40' is not a valid IPv6 prefix: host bits set
 * ...}.
 */
public final class AddressConverters {
    private AddressConverters() {
    }

    /** Dotted-quad IPv4 address, as an int (first octet in the high bits). */
    public static final class Ipv4AddressConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Ipv4Address.parse(value.strip());
            } catch (IllegalArgumentException e) {
                throw invalid(value, "an IPv4 address (like 192.0.2.1)", e);
            }
        }
    }

    /** IPv6 address in RFC 4291 text form. */
    public static final class Ipv6AddressConverter implements ITypeConverter<Ipv6Address> {
        @Override
        public Ipv6Address convert(String value) {
            try {
                return Ipv6Address.parse(value.strip());
            } catch (IllegalArgumentException e) {
                throw invalid(value, "an IPv6 address (like 2001:db8::1)", e);
            }
        }
    }

    /** IPv4 prefix {@code a.b.c.d/len}, or a bare address as a /32; host bits beyond the length are refused. */
    public static final class Ipv4PrefixConverter implements ITypeConverter<Ipv4Prefix> {
        @Override
        public Ipv4Prefix convert(String value) {
            return parseIpv4Prefix(value);
        }
    }

    /** IPv6 prefix {@code address/len}, or a bare address as a /128; host bits beyond the length are refused. */
    public static final class Ipv6PrefixConverter implements ITypeConverter<Ipv6Prefix> {
        @Override
        public Ipv6Prefix convert(String value) {
            return parseIpv6Prefix(value);
        }
    }

    /** Parses an IPv4 prefix strictly, or throws a {@link TypeConversionException} that quotes {@code value}. */
    public static Ipv4Prefix parseIpv4Prefix(String value) {
        try {
            return Ipv4Prefix.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(value, "an IPv4 prefix (like 192.0.2.0/24)", e);
        }
    }

    /** Parses an IPv6 prefix strictly, or throws a {@link TypeConversionException} that quotes {@code value}. */
    public static Ipv6Prefix parseIpv6Prefix(String value) {
        try {
            return Ipv6Prefix.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(value, "an IPv6 prefix (like 2001:db8::/32)", e);
        }
    }

    private static TypeConversionException invalid(String value, String expected, IllegalArgumentException cause) {
        String reason = cause.getMessage();
        // The parsers' "not an IPv4 address: x" repeats the value; say only what was expected then.
        boolean repeatsValue = reason == null || reason.startsWith("not a");
        return new TypeConversionException("'" + value + "' is not " + expected
            + (repeatsValue ? "" : ": " + reason));
    }
}
