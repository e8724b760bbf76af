package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;

/**
 * A link-state advertisement (RFC 2328 section 12): its {@link LsaHeader} and its body, by LS type (router, network,
 * summary, AS-external; any other type kept as {@link OpaqueLsa}).
 *
 * @param header the header, whose length covers the body
 * @param body   the body
 */
public record Lsa(LsaHeader header, LsaBody body) {
    private static final LsaBody.Parser[] PARSERS = new LsaBody.Parser[256];

    static {
        PARSERS[RouterLsa.TYPE] = RouterLsa::parse;
        PARSERS[NetworkLsa.TYPE] = NetworkLsa::parse;
        PARSERS[SummaryLsa.TYPE_NETWORK] = SummaryLsa::parse;
        PARSERS[SummaryLsa.TYPE_ASBR] = SummaryLsa::parse;
        PARSERS[ExternalLsa.TYPE] = ExternalLsa::parse;
    }

    /** Whether this speaker interprets LSAs of {@code type} (others are kept opaque). */
    public static boolean isKnownType(int type) {
        return type >= 0 && type < PARSERS.length && PARSERS[type] != null;
    }

    /**
     * A new instance originated now: the length and the checksum are computed from {@code body}.
     */
    public static Lsa originate(int age, int options, int type, int linkStateId, int advertisingRouter,
                                int sequence, LsaBody body) {
        int length = LsaHeader.LENGTH + body.length();
        ByteBuffer buffer = ByteBuffer.allocate(length);
        new LsaHeader(age, options, type, linkStateId, advertisingRouter, sequence, 0, length).write(buffer, 0);
        body.write(buffer, LsaHeader.LENGTH);
        int checksum = LsaChecksum.compute(buffer, 0, length);
        return new Lsa(new LsaHeader(age, options, type, linkStateId, advertisingRouter, sequence, checksum, length),
            body);
    }

    /**
     * Parses the LSA at {@code offset}, of which {@code available} bytes are there: null when its length field is
     * below 20 or beyond {@code available}, or when its body does not parse as its type says. The checksum is not
     * checked here ({@link LsaChecksum#verify}).
     */
    public static Lsa parse(ByteBuffer buffer, int offset, int available) {
        if (available < LsaHeader.LENGTH) {
            return null;
        }
        LsaHeader header = LsaHeader.read(buffer, offset);
        if (header.length() < LsaHeader.LENGTH || header.length() > available) {
            return null;
        }
        int bodyLength = header.length() - LsaHeader.LENGTH;
        LsaBody.Parser parser = PARSERS[header.type()];
        LsaBody body = parser == null ? OpaqueLsa.parse(buffer, offset + LsaHeader.LENGTH, bodyLength)
            : parser.parse(buffer, offset + LsaHeader.LENGTH, bodyLength);
        return body == null ? null : new Lsa(header, body);
    }

    /** The LSA's length. */
    public int length() {
        return header.length();
    }

    /** Writes the LSA at {@code offset} with the age {@code age} (the checksum does not cover it). */
    public void write(ByteBuffer buffer, int offset, int age) {
        header.withAge(age).write(buffer, offset);
        body.write(buffer, offset + LsaHeader.LENGTH);
    }

    /** This LSA with another age. */
    public Lsa withAge(int age) {
        return new Lsa(header.withAge(age), body);
    }

    /** The identity of the LSA in a database. */
    public LsaKey key() {
        return header.key();
    }
}
