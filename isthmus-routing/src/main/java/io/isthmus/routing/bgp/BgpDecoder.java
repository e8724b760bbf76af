package io.isthmus.routing.bgp;

import io.isthmus.routing.bgp.BgpError.Outcome;
import io.isthmus.routing.bgp.PathAttributes.AsPathSegment;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes BGP messages from a stream (RFC 4271 section 4). {@link #decode} looks at the bytes from the buffer's
 * position: with less than a whole message it answers {@link NeedMore} and leaves the position where it was; with a
 * whole one it advances past it and answers {@link Decoded} or, when the message breaks a rule, {@link Failed} with
 * the error to send. The header is checked as soon as its 19 octets are there, so a bogus length is refused without
 * waiting for the bytes it announces. Bad input never throws.
 */
public final class BgpDecoder {
    private static final int MARKER_LENGTH = 16;

    /** The outcome of one {@link #decode} call. */
    public sealed interface Result {
    }

    /** Less than a whole message is buffered; nothing was consumed. */
    public record NeedMore() implements Result {
    }

    /**
     * A whole message was consumed.
     *
     * @param message the message
     * @param length the bytes it took
     * @param updateErrors for an UPDATE, the errors RFC 7606 handles without a reset: discarded attributes and, if
     *     any has outcome {@link Outcome#TREAT_AS_WITHDRAW}, the reason its prefixes count as withdrawn
     */
    public record Decoded(BgpMessage message, int length, List<BgpError> updateErrors) implements Result {
        /** Copies {@code updateErrors}. */
        public Decoded {
            updateErrors = List.copyOf(updateErrors);
        }

        /** Whether the UPDATE's announced prefixes are to be handled as withdrawn (RFC 7606 section 2). */
        public boolean treatAsWithdraw() {
            return updateErrors.stream().anyMatch(e -> e.outcome() == Outcome.TREAT_AS_WITHDRAW);
        }
    }

    /**
     * A whole message (or an impossible header) was consumed and breaks a rule that resets the session.
     *
     * @param error the error to send in a NOTIFICATION
     */
    public record Failed(BgpError error) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    // Shortest legal message per type (RFC 4271 section 4, RFC 2918 section 3), and for KEEPALIVE and
    // ROUTE-REFRESH also the longest.
    private static final int[] MIN_LENGTH = {0, 29, 23, 21, 19, 23};
    private static final int[] MAX_LENGTH = {0, 4096, 4096, 4096, 19, 23};

    private BgpDecoder() {
    }

    /**
     * The length of the message at {@code in}'s position if its header is there and sane, else 0; does not move the
     * position.
     */
    public static int bufferedMessageLength(ByteBuffer in) {
        if (in.remaining() < BgpMessage.HEADER_LENGTH) {
            return 0;
        }
        return Short.toUnsignedInt(in.getShort(in.position() + MARKER_LENGTH));
    }

    /** The type of the message at {@code in}'s position, or -1 with less than a header buffered. */
    public static int bufferedMessageType(ByteBuffer in) {
        if (in.remaining() < BgpMessage.HEADER_LENGTH) {
            return -1;
        }
        return Byte.toUnsignedInt(in.get(in.position() + MARKER_LENGTH + 2));
    }

    /**
     * Decodes the message at {@code in}'s position.
     *
     * @param fourOctetAs whether both sides advertised 4-octet AS support, which makes AS_PATH and AGGREGATOR carry
     *     4-octet AS numbers (RFC 6793 section 4.1)
     */
    public static Result decode(ByteBuffer in, boolean fourOctetAs) {
        if (in.remaining() < BgpMessage.HEADER_LENGTH) {
            return NEED_MORE;
        }
        int start = in.position();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            if (in.get(start + i) != (byte) 0xff) {
                in.position(in.limit());
                return new Failed(BgpError.reset(BgpError.MESSAGE_HEADER, BgpError.CONNECTION_NOT_SYNCHRONIZED));
            }
        }
        int length = Short.toUnsignedInt(in.getShort(start + MARKER_LENGTH));
        int type = Byte.toUnsignedInt(in.get(start + MARKER_LENGTH + 2));
        if (length < BgpMessage.HEADER_LENGTH || length > BgpMessage.MAX_LENGTH) {
            in.position(in.limit());
            return new Failed(badLength(length));
        }
        if (type < BgpMessage.OPEN || type > BgpMessage.ROUTE_REFRESH) {
            in.position(in.limit());
            return new Failed(BgpError.reset(BgpError.MESSAGE_HEADER, BgpError.BAD_MESSAGE_TYPE,
                new OpaqueBytes(new byte[] {(byte) type})));
        }
        if (length < MIN_LENGTH[type] || length > MAX_LENGTH[type]) {
            in.position(in.limit());
            return new Failed(badLength(length));
        }
        if (in.remaining() < length) {
            return NEED_MORE;
        }
        ByteBuffer body = in.slice(start + BgpMessage.HEADER_LENGTH, length - BgpMessage.HEADER_LENGTH);
        in.position(start + length);
        return switch (type) {
            case BgpMessage.OPEN -> decodeOpen(body, length);
            case BgpMessage.UPDATE -> new UpdateReader(body, fourOctetAs, length).read();
            case BgpMessage.NOTIFICATION -> new Decoded(new BgpMessage.Notification(new BgpError(
                Byte.toUnsignedInt(body.get()), Byte.toUnsignedInt(body.get()),
                OpaqueBytes.read(body, body.remaining()), Outcome.SESSION_RESET)), length, List.of());
            case BgpMessage.KEEPALIVE -> new Decoded(new BgpMessage.Keepalive(), length, List.of());
            default -> new Decoded(new BgpMessage.RouteRefresh(Short.toUnsignedInt(body.getShort(0)),
                Byte.toUnsignedInt(body.get(3))), length, List.of());
        };
    }

    private static BgpError badLength(int length) {
        return BgpError.reset(BgpError.MESSAGE_HEADER, BgpError.BAD_MESSAGE_LENGTH,
            new OpaqueBytes(new byte[] {(byte) (length >>> 8), (byte) length}));
    }

    private static Result decodeOpen(ByteBuffer body, int length) {
        int version = Byte.toUnsignedInt(body.get());
        int myAs = Short.toUnsignedInt(body.getShort());
        int holdTime = Short.toUnsignedInt(body.getShort());
        int identifier = body.getInt();
        int parametersLength = Byte.toUnsignedInt(body.get());
        if (version != 4) {
            // RFC 4271 section 6.2: the data is the largest version we support, in 2 octets.
            return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, BgpError.UNSUPPORTED_VERSION,
                new OpaqueBytes(new byte[] {0, 4})));
        }
        if (parametersLength != body.remaining()) {
            return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, 0));
        }
        if (holdTime == 1 || holdTime == 2) {
            return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, BgpError.UNACCEPTABLE_HOLD_TIME));
        }
        if (identifier == 0) {
            return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, BgpError.BAD_BGP_IDENTIFIER));
        }
        List<Capability> capabilities = new ArrayList<>();
        while (body.hasRemaining()) {
            if (body.remaining() < 2) {
                return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, 0));
            }
            int parameterType = Byte.toUnsignedInt(body.get());
            int parameterLength = Byte.toUnsignedInt(body.get());
            if (parameterLength > body.remaining()) {
                return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, 0));
            }
            if (parameterType != 2) {
                // RFC 5492 section 3: capabilities are optional parameter 2; RFC 4271 dropped the others.
                return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER));
            }
            ByteBuffer parameter = body.slice(body.position(), parameterLength);
            body.position(body.position() + parameterLength);
            while (parameter.hasRemaining()) {
                Capability capability = readCapability(parameter);
                if (capability == null) {
                    return new Failed(BgpError.reset(BgpError.OPEN_MESSAGE, 0));
                }
                capabilities.add(capability);
            }
        }
        return new Decoded(new BgpMessage.Open(version, myAs, holdTime, identifier, capabilities), length, List.of());
    }

    // Null when the capability's length does not fit its code or the parameter.
    private static Capability readCapability(ByteBuffer parameter) {
        if (parameter.remaining() < 2) {
            return null;
        }
        int code = Byte.toUnsignedInt(parameter.get());
        int length = Byte.toUnsignedInt(parameter.get());
        if (length > parameter.remaining()) {
            return null;
        }
        ByteBuffer value = parameter.slice(parameter.position(), length);
        parameter.position(parameter.position() + length);
        return switch (code) {
            case Capability.Multiprotocol.CODE -> length != 4 ? null
                : new Capability.Multiprotocol(Short.toUnsignedInt(value.getShort(0)), Byte.toUnsignedInt(value.get(3)));
            case Capability.RouteRefresh.CODE -> length != 0 ? null : new Capability.RouteRefresh();
            case Capability.FourOctetAs.CODE -> length != 4 ? null
                : new Capability.FourOctetAs(Integer.toUnsignedLong(value.getInt(0)));
            case Capability.GracefulRestart.CODE -> readGracefulRestart(value);
            default -> new Capability.Unknown(code, OpaqueBytes.read(value, length));
        };
    }

    private static Capability readGracefulRestart(ByteBuffer value) {
        if (value.remaining() < 2 || (value.remaining() - 2) % 4 != 0) {
            return null;
        }
        int flagsAndTime = Short.toUnsignedInt(value.getShort());
        List<Capability.GracefulRestart.Family> families = new ArrayList<>();
        while (value.hasRemaining()) {
            families.add(new Capability.GracefulRestart.Family(Short.toUnsignedInt(value.getShort()),
                Byte.toUnsignedInt(value.get()), Byte.toUnsignedInt(value.get())));
        }
        return new Capability.GracefulRestart(flagsAndTime >>> 12, flagsAndTime & 0xfff, families);
    }

    /**
     * Reads prefixes encoded as (length in bits, ceil(length / 8) octets) to the end of {@code field} (RFC 4271
     * section 4.3); null when one is longer than 32 bits or runs past the field. Host bits are cleared.
     */
    static List<Ipv4Prefix> readPrefixes(ByteBuffer field) {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        while (field.hasRemaining()) {
            int bits = Byte.toUnsignedInt(field.get());
            int octets = (bits + 7) / 8;
            if (bits > 32 || octets > field.remaining()) {
                return null;
            }
            int address = 0;
            for (int i = 0; i < 4; i++) {
                address = address << 8 | (i < octets ? Byte.toUnsignedInt(field.get()) : 0);
            }
            prefixes.add(Ipv4Prefix.normalized(address, bits));
        }
        return prefixes;
    }

    /** The rule of one attribute type: the flags it must have, what a malformed one does, and its reader. */
    private record AttributeRule(int requiredFlags, Outcome whenMalformed, int subcode, AttributeReader reader) {
    }

    /** Reads one attribute's value into the accumulating reader; false when malformed. */
    @FunctionalInterface
    private interface AttributeReader {
        boolean read(UpdateReader update, ByteBuffer value);
    }

    private static final int WELL_KNOWN = PathAttributes.FLAG_TRANSITIVE;
    private static final int OPTIONAL = PathAttributes.FLAG_OPTIONAL;
    private static final int OPTIONAL_TRANSITIVE = PathAttributes.FLAG_OPTIONAL | PathAttributes.FLAG_TRANSITIVE;

    // RFC 7606 section 7 gives each attribute's outcome when malformed; its section 3(c) makes flags that do not fit
    // the type a malformation of that attribute.
    private static final Map<Integer, AttributeRule> RULES = Map.ofEntries(
        Map.entry(PathAttributes.ORIGIN, new AttributeRule(WELL_KNOWN, Outcome.TREAT_AS_WITHDRAW, BgpError.INVALID_ORIGIN,
            (u, v) -> {
                if (v.remaining() != 1 || Byte.toUnsignedInt(v.get(0)) > 2) {
                    return false;
                }
                u.origin = v.get(0);
                return true;
            })),
        Map.entry(PathAttributes.AS_PATH, new AttributeRule(WELL_KNOWN, Outcome.TREAT_AS_WITHDRAW, BgpError.MALFORMED_AS_PATH,
            (u, v) -> (u.asPath = readAsPath(v, u.fourOctetAs)) != null)),
        Map.entry(PathAttributes.NEXT_HOP, new AttributeRule(WELL_KNOWN, Outcome.TREAT_AS_WITHDRAW,
            BgpError.ATTRIBUTE_LENGTH_ERROR, (u, v) -> {
                if (v.remaining() != 4) {
                    return false;
                }
                u.nextHop = v.getInt(0);
                u.hasNextHop = true;
                return true;
            })),
        Map.entry(PathAttributes.MULTI_EXIT_DISC, new AttributeRule(OPTIONAL, Outcome.TREAT_AS_WITHDRAW,
            BgpError.ATTRIBUTE_LENGTH_ERROR, (u, v) -> {
                if (v.remaining() != 4) {
                    return false;
                }
                u.med = Integer.toUnsignedLong(v.getInt(0));
                return true;
            })),
        // RFC 7606 section 7.5: from an external peer LOCAL_PREF is discarded whatever it holds.
        Map.entry(PathAttributes.LOCAL_PREF, new AttributeRule(WELL_KNOWN, Outcome.ATTRIBUTE_DISCARD,
            BgpError.ATTRIBUTE_LENGTH_ERROR, (u, v) -> {
                if (v.remaining() != 4) {
                    return false;
                }
                u.localPref = Integer.toUnsignedLong(v.getInt(0));
                return true;
            })),
        Map.entry(PathAttributes.ATOMIC_AGGREGATE, new AttributeRule(WELL_KNOWN, Outcome.ATTRIBUTE_DISCARD,
            BgpError.ATTRIBUTE_LENGTH_ERROR, (u, v) -> v.remaining() == 0 && (u.atomicAggregate = true))),
        Map.entry(PathAttributes.AGGREGATOR, new AttributeRule(OPTIONAL_TRANSITIVE, Outcome.ATTRIBUTE_DISCARD,
            BgpError.ATTRIBUTE_LENGTH_ERROR, (u, v) -> {
                if (v.remaining() != (u.fourOctetAs ? 8 : 6)) {
                    return false;
                }
                long asn = u.fourOctetAs ? Integer.toUnsignedLong(v.getInt(0)) : Short.toUnsignedInt(v.getShort(0));
                u.aggregator = new PathAttributes.Aggregator(asn, v.getInt(v.remaining() - 4));
                return true;
            })),
        Map.entry(PathAttributes.COMMUNITIES, new AttributeRule(OPTIONAL_TRANSITIVE, Outcome.TREAT_AS_WITHDRAW,
            BgpError.OPTIONAL_ATTRIBUTE_ERROR, (u, v) -> {
                if (v.remaining() % 4 != 0) {
                    return false;
                }
                u.communities = OpaqueBytes.read(v, v.remaining());
                return true;
            })),
        // RFC 7606 section 7.11: a malformed MP_REACH_NLRI or MP_UNREACH_NLRI resets the session.
        Map.entry(PathAttributes.MP_REACH_NLRI, new AttributeRule(OPTIONAL, Outcome.SESSION_RESET,
            BgpError.OPTIONAL_ATTRIBUTE_ERROR, (u, v) -> (u.mpReach = readMpReach(v)) != null)),
        Map.entry(PathAttributes.MP_UNREACH_NLRI, new AttributeRule(OPTIONAL, Outcome.SESSION_RESET,
            BgpError.OPTIONAL_ATTRIBUTE_ERROR, (u, v) -> (u.mpUnreach = readMpUnreach(v)) != null)),
        // RFC 6793 section 6: a malformed AS4_PATH is discarded.
        Map.entry(PathAttributes.AS4_PATH, new AttributeRule(OPTIONAL_TRANSITIVE, Outcome.ATTRIBUTE_DISCARD,
            BgpError.OPTIONAL_ATTRIBUTE_ERROR, (u, v) -> (u.as4Path = readAsPath(v, true)) != null)));

    private static List<AsPathSegment> readAsPath(ByteBuffer value, boolean fourOctetAs) {
        int asnLength = fourOctetAs ? 4 : 2;
        List<AsPathSegment> segments = new ArrayList<>();
        while (value.hasRemaining()) {
            if (value.remaining() < 2) {
                return null;
            }
            int type = Byte.toUnsignedInt(value.get());
            int count = Byte.toUnsignedInt(value.get());
            // RFC 7606 section 7.2: unknown segment types, empty segments and overruns are malformations.
            if (type < 1 || type > 4 || count == 0 || count * asnLength > value.remaining()) {
                return null;
            }
            List<Long> asNumbers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                asNumbers.add(fourOctetAs ? Integer.toUnsignedLong(value.getInt())
                    : (long) Short.toUnsignedInt(value.getShort()));
            }
            segments.add(new AsPathSegment(type, asNumbers));
        }
        return segments;
    }

    private static PathAttributes.MpReach readMpReach(ByteBuffer value) {
        if (value.remaining() < 5) {
            return null;
        }
        int afi = Short.toUnsignedInt(value.getShort());
        int safi = Byte.toUnsignedInt(value.get());
        int nextHopLength = Byte.toUnsignedInt(value.get());
        if (nextHopLength + 1 > value.remaining()) {
            return null;
        }
        OpaqueBytes nextHop = OpaqueBytes.read(value, nextHopLength);
        value.get();
        if (afi != Capability.AFI_IPV4 || safi != Capability.SAFI_UNICAST) {
            return new PathAttributes.MpReach(afi, safi, nextHop, List.of(), OpaqueBytes.read(value, value.remaining()));
        }
        List<Ipv4Prefix> nlri = readPrefixes(value);
        return nlri == null ? null : new PathAttributes.MpReach(afi, safi, nextHop, nlri, OpaqueBytes.EMPTY);
    }

    private static PathAttributes.MpUnreach readMpUnreach(ByteBuffer value) {
        if (value.remaining() < 3) {
            return null;
        }
        int afi = Short.toUnsignedInt(value.getShort());
        int safi = Byte.toUnsignedInt(value.get());
        if (afi != Capability.AFI_IPV4 || safi != Capability.SAFI_UNICAST) {
            return new PathAttributes.MpUnreach(afi, safi, List.of(), OpaqueBytes.read(value, value.remaining()));
        }
        List<Ipv4Prefix> withdrawn = readPrefixes(value);
        return withdrawn == null ? null : new PathAttributes.MpUnreach(afi, safi, withdrawn, OpaqueBytes.EMPTY);
    }

    /** Reads one UPDATE body, accumulating the attributes it finds. */
    private static final class UpdateReader {
        private final ByteBuffer body;
        private final boolean fourOctetAs;
        private final int length;
        private final List<BgpError> errors = new ArrayList<>();
        private int origin = -1;
        private List<AsPathSegment> asPath;
        private int nextHop;
        private boolean hasNextHop;
        private long med = -1;
        private long localPref = -1;
        private boolean atomicAggregate;
        private PathAttributes.Aggregator aggregator;
        private OpaqueBytes communities;
        private PathAttributes.MpReach mpReach;
        private PathAttributes.MpUnreach mpUnreach;
        private List<AsPathSegment> as4Path;
        private final List<PathAttributes.RawAttribute> unknown = new ArrayList<>();

        UpdateReader(ByteBuffer body, boolean fourOctetAs, int length) {
            this.body = body;
            this.fourOctetAs = fourOctetAs;
            this.length = length;
        }

        Result read() {
            int withdrawnLength = Short.toUnsignedInt(body.getShort());
            if (withdrawnLength + 2 > body.remaining()) {
                return new Failed(BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.MALFORMED_ATTRIBUTE_LIST));
            }
            List<Ipv4Prefix> withdrawn = readPrefixes(body.slice(body.position(), withdrawnLength));
            if (withdrawn == null) {
                return new Failed(BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.INVALID_NETWORK_FIELD));
            }
            body.position(body.position() + withdrawnLength);
            int attributesLength = Short.toUnsignedInt(body.getShort());
            if (attributesLength > body.remaining()) {
                return new Failed(BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.MALFORMED_ATTRIBUTE_LIST));
            }
            ByteBuffer attributes = body.slice(body.position(), attributesLength);
            body.position(body.position() + attributesLength);
            List<Ipv4Prefix> nlri = readPrefixes(body);
            if (nlri == null) {
                return new Failed(BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.INVALID_NETWORK_FIELD));
            }
            BgpError reset = readAttributes(attributes);
            if (reset != null) {
                return new Failed(reset);
            }
            boolean announces = !nlri.isEmpty() || (mpReach != null && !mpReach.nlri().isEmpty());
            // RFC 7606 section 3(d): a missing well-known mandatory attribute means treat-as-withdraw; NEXT_HOP is
            // mandatory only with prefixes in the NLRI field (RFC 4760 section 3).
            if (announces && (origin < 0 || asPath == null || (!nlri.isEmpty() && !hasNextHop))) {
                int missing = origin < 0 ? PathAttributes.ORIGIN : asPath == null ? PathAttributes.AS_PATH
                    : PathAttributes.NEXT_HOP;
                errors.add(new BgpError(BgpError.UPDATE_MESSAGE, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE,
                    new OpaqueBytes(new byte[] {(byte) missing}), Outcome.TREAT_AS_WITHDRAW));
            }
            PathAttributes path = new PathAttributes(origin, asPath, nextHop, hasNextHop, med, localPref,
                atomicAggregate, aggregator, communities, mpReach, mpUnreach, as4Path, unknown);
            return new Decoded(new BgpMessage.Update(withdrawn, path, nlri), length, errors);
        }

        // The error that resets the session, or null; errors handled otherwise go to the errors list.
        private BgpError readAttributes(ByteBuffer attributes) {
            Set<Integer> seen = new HashSet<>();
            while (attributes.hasRemaining()) {
                int flags = Byte.toUnsignedInt(attributes.get());
                int headerRest = (flags & PathAttributes.FLAG_EXTENDED_LENGTH) != 0 ? 3 : 2;
                int valueLength = -1;
                int type = -1;
                if (attributes.remaining() >= headerRest) {
                    type = Byte.toUnsignedInt(attributes.get());
                    valueLength = headerRest == 3 ? Short.toUnsignedInt(attributes.getShort())
                        : Byte.toUnsignedInt(attributes.get());
                }
                if (valueLength < 0 || valueLength > attributes.remaining()) {
                    // RFC 7606 section 4: an attribute overrunning the attribute field leaves the rest unparseable;
                    // treat-as-withdraw, unless an MP attribute was among them: then its prefixes are unknown.
                    if (mpReach != null || mpUnreach != null) {
                        return BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.MALFORMED_ATTRIBUTE_LIST);
                    }
                    errors.add(BgpError.treatAsWithdraw(BgpError.ATTRIBUTE_LENGTH_ERROR));
                    return null;
                }
                ByteBuffer value = attributes.slice(attributes.position(), valueLength);
                attributes.position(attributes.position() + valueLength);
                if (!seen.add(type)) {
                    // RFC 7606 section 3(g): repeated attributes are discarded, repeated MP attributes reset.
                    if (type == PathAttributes.MP_REACH_NLRI || type == PathAttributes.MP_UNREACH_NLRI) {
                        return BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.MALFORMED_ATTRIBUTE_LIST);
                    }
                    errors.add(BgpError.attributeDiscard(BgpError.MALFORMED_ATTRIBUTE_LIST));
                    continue;
                }
                AttributeRule rule = RULES.get(type);
                if (rule == null) {
                    if ((flags & PathAttributes.FLAG_OPTIONAL) == 0) {
                        byte[] whole = new byte[valueLength];
                        value.get(0, whole);
                        return BgpError.reset(BgpError.UPDATE_MESSAGE, BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                            new OpaqueBytes(whole));
                    }
                    unknown.add(new PathAttributes.RawAttribute(flags & ~PathAttributes.FLAG_EXTENDED_LENGTH, type,
                        OpaqueBytes.read(value, valueLength)));
                    continue;
                }
                int category = flags & (PathAttributes.FLAG_OPTIONAL | PathAttributes.FLAG_TRANSITIVE);
                if (category != rule.requiredFlags() || !rule.reader().read(this, value)) {
                    if (rule.whenMalformed() == Outcome.SESSION_RESET) {
                        return BgpError.reset(BgpError.UPDATE_MESSAGE, rule.subcode());
                    }
                    errors.add(new BgpError(BgpError.UPDATE_MESSAGE, rule.subcode(), OpaqueBytes.EMPTY,
                        rule.whenMalformed()));
                }
            }
            return null;
        }
    }
}
