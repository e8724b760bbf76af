package io.isthmus.cli.xlat;

import io.isthmus.cli.AddressConverters;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.ExplicitAddressMapping;
import io.isthmus.xlat.mapping.ExplicitAddressMappingTable;
import io.isthmus.xlat.mapping.Rfc6052Mapper;
import io.isthmus.xlat.mapping.Rfc6791Source;
import io.isthmus.xlat.mapping.Rfc7757Mapper;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The translator settings shared by the {@code xlat} commands (a picocli mixin): address mappings, MTUs, hop
 * behaviour and the sources of generated ICMP errors. {@link #config()} turns them into a {@link TranslatorConfig},
 * reporting bad values as usage errors that name the option.
 */
public final class TranslatorOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--pool6", paramLabel = "PREFIX", converter = Pool6Converter.class,
        description = "RFC 6052 prefix of length 32, 40, 48, 56, 64 or 96 for IPv4-embedded IPv6 addresses.")
    private Rfc6052Mapper pool6;

    @Option(names = "--eam", paramLabel = "V4PREFIX=V6PREFIX", converter = EamConverter.class,
        description = "Explicit address mapping (RFC 7757): an IPv4 and an IPv6 prefix whose suffixes are "
            + "equally long (a /24 pairs with a /120). Repeatable.")
    private List<ExplicitAddressMapping> eams = new ArrayList<>();

    @Option(names = "--rfc6791", paramLabel = "V4PREFIX", converter = AddressConverters.Ipv4PrefixConverter.class,
        description = "IPv4 source pool (RFC 6791) for translated ICMPv6 errors from IPv6 routers without an IPv4 "
            + "mapping; without it such errors are dropped. Repeatable.")
    private List<Ipv4Prefix> rfc6791 = new ArrayList<>();

    @Option(names = "--lowest-ipv6-mtu", paramLabel = "N", defaultValue = "1280",
        description = "IPv4 packets without DF that would become larger IPv6 packets are fragmented to this size "
            + "(RFC 7915 section 4; ${DEFAULT-VALUE} to 65535, default ${DEFAULT-VALUE}).")
    private int lowestIpv6Mtu;

    @Option(names = "--ipv6-mtu", paramLabel = "N",
        description = "MTU of the IPv6 next hop (1280 to 65583); default unlimited.")
    private Integer ipv6Mtu;

    @Option(names = "--ipv4-mtu", paramLabel = "N",
        description = "MTU of the IPv4 next hop (68 to 65535); default unlimited.")
    private Integer ipv4Mtu;

    @Option(names = "--no-hop-limit-decrement",
        description = "Do not act as a router hop: leave TTL and hop limit as they are.")
    private boolean noHopLimitDecrement;

    @Option(names = "--reset-traffic-class",
        description = "Write the IPv6 traffic class and IPv4 TOS as zero instead of copying them.")
    private boolean resetTrafficClass;

    @Option(names = "--error-source-ipv4", paramLabel = "ADDR",
        converter = AddressConverters.Ipv4AddressConverter.class,
        description = "Source of the ICMPv4 errors the translator sends back to IPv4 senders; without it none "
            + "are sent.")
    private Integer errorSourceIpv4;

    @Option(names = "--error-source-ipv6", paramLabel = "ADDR",
        converter = AddressConverters.Ipv6AddressConverter.class,
        description = "Source of the ICMPv6 errors the translator sends back to IPv6 senders; without it none "
            + "are sent.")
    private Ipv6Address errorSourceIpv6;

    /** The translator settings the options describe; option errors become usage errors naming the option. */
    public TranslatorConfig config() {
        if (pool6 == null && eams.isEmpty()) {
            throw usage("Missing required option: at least one of --pool6 or --eam (the address mapping)");
        }
        ExplicitAddressMappingTable eamt;
        try {
            eamt = ExplicitAddressMappingTable.builder().addAll(eams).build();
        } catch (IllegalArgumentException e) {
            throw usage("Invalid value for option '--eam': " + e.getMessage());
        }
        TranslatorConfig config = TranslatorConfig.defaults(new Rfc7757Mapper(eamt, pool6));
        if (!rfc6791.isEmpty()) {
            try {
                config = config.withRfc6791(new Rfc6791Source(rfc6791));
            } catch (IllegalArgumentException e) {
                throw usage("Invalid value for option '--rfc6791': " + e.getMessage());
            }
        }
        checkRange("--lowest-ipv6-mtu", lowestIpv6Mtu, Ipv6Packet.MINIMUM_MTU, TranslatorConfig.MAX_PACKET);
        int ipv6 = ipv6Mtu == null ? config.ipv6NextHopMtu() : ipv6Mtu;
        int ipv4 = ipv4Mtu == null ? config.ipv4NextHopMtu() : ipv4Mtu;
        checkRange("--ipv6-mtu", ipv6, Ipv6Packet.MINIMUM_MTU, TranslatorConfig.MAX_PACKET + 48);
        checkRange("--ipv4-mtu", ipv4, 68, TranslatorConfig.MAX_PACKET);
        return config.withLowestIpv6Mtu(lowestIpv6Mtu)
            .withNextHopMtus(ipv6, ipv4)
            .withDecrementHopLimit(!noHopLimitDecrement)
            .withCopyTrafficClass(!resetTrafficClass)
            .withErrorSources(errorSourceIpv4, errorSourceIpv6);
    }

    private void checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage("Invalid value for option '" + option + "': " + value + " is outside " + min + ".."
                + max);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Parses {@code --pool6}: an IPv6 prefix of a length RFC 6052 allows. */
    static final class Pool6Converter implements ITypeConverter<Rfc6052Mapper> {
        @Override
        public Rfc6052Mapper convert(String value) {
            try {
                return new Rfc6052Mapper(AddressConverters.parseIpv6Prefix(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code --eam V4PREFIX=V6PREFIX}. */
    static final class EamConverter implements ITypeConverter<ExplicitAddressMapping> {
        @Override
        public ExplicitAddressMapping convert(String value) {
            int equals = value.indexOf('=');
            if (equals < 0) {
                throw new TypeConversionException("'" + value + "' is not V4PREFIX=V6PREFIX "
                    + "(like 192.0.2.0/24=2001:db8:2::/120)");
            }
            Ipv4Prefix ipv4 = AddressConverters.parseIpv4Prefix(value.substring(0, equals));
            var ipv6 = AddressConverters.parseIpv6Prefix(value.substring(equals + 1));
            try {
                return new ExplicitAddressMapping(ipv4, ipv6);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

}
