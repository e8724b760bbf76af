package io.isthmus.routing.ospf;

import io.isthmus.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * An OSPFv2 packet (RFC 2328 appendix A.3.1): the 24-byte header and a body by type. Parsed packets passed every
 * check of the header (version, length, checksum, null authentication); this speaker writes version 2 with AuType 0.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Version #   |     Type      |         Packet length         |
 * |                          Router ID                            |
 * |                           Area ID                             |
 * |           Checksum            |             AuType            |
 * |                       Authentication                          |
 * |                       Authentication                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The packet checksum is the internet checksum of the whole packet but the 64-bit authentication field (D.4.1).
 * Bytes after the packet length (the LLS block of RFC 5613) are ignored.
 *
 * @param routerId the sender's router id
 * @param areaId   the area
 * @param message  the body
 */
public record OspfPacket(int routerId, int areaId, OspfMessage message) {
    /** The header's length. */
    public static final int HEADER_LENGTH = 24;
    /** The version this speaker speaks. */
    public static final int VERSION = 2;
    /** Null authentication. */
    public static final int AUTH_NULL = 0;

    static final int VERSION_OFFSET = 0;
    static final int TYPE = 1;
    static final int LENGTH = 2;
    static final int ROUTER_ID = 4;
    static final int AREA_ID = 8;
    static final int CHECKSUM = 12;
    static final int AU_TYPE = 14;
    static final int AUTHENTICATION = 16;

    private static final BodyParser[] PARSERS = new BodyParser[6];

    static {
        PARSERS[Hello.TYPE] = Hello::parse;
        PARSERS[DatabaseDescription.TYPE] = DatabaseDescription::parse;
        PARSERS[LinkStateRequest.TYPE] = LinkStateRequest::parse;
        PARSERS[LinkStateUpdate.TYPE] = LinkStateUpdate::parse;
        PARSERS[LinkStateAck.TYPE] = LinkStateAck::parse;
    }

    @FunctionalInterface
    private interface BodyParser {
        OspfMessage parse(ByteBuffer buffer, int offset, int length);
    }

    /** The outcome of {@link #parse}: a packet, or why there is none. */
    public sealed interface Parsed permits Accepted, Rejected {
    }

    /** A packet that passed every check. */
    public record Accepted(OspfPacket packet) implements Parsed {
    }

    /** A packet dropped for {@code reason}. */
    public record Rejected(OspfRejection reason) implements Parsed {
    }

    /** Parses the packet from {@code buffer}'s position to its limit (the IP payload); the buffer is not changed. */
    public static Parsed parse(ByteBuffer buffer) {
        ByteBuffer packet = buffer.slice();
        int available = packet.remaining();
        if (available < HEADER_LENGTH) {
            return new Rejected(OspfRejection.TRUNCATED);
        }
        if ((packet.get(VERSION_OFFSET) & 0xff) != VERSION) {
            return new Rejected(OspfRejection.BAD_VERSION);
        }
        int length = packet.getShort(LENGTH) & 0xffff;
        if (length < HEADER_LENGTH) {
            return new Rejected(OspfRejection.BAD_LENGTH);
        }
        if (length > available) {
            return new Rejected(OspfRejection.TRUNCATED);
        }
        int type = packet.get(TYPE) & 0xff;
        if (type >= PARSERS.length || PARSERS[type] == null) {
            return new Rejected(OspfRejection.UNKNOWN_TYPE);
        }
        if ((packet.getShort(AU_TYPE) & 0xffff) != AUTH_NULL) {
            return new Rejected(OspfRejection.AUTHENTICATION_MISMATCH);
        }
        if (checksum(packet, length) != 0) {
            return new Rejected(OspfRejection.BAD_CHECKSUM);
        }
        OspfMessage message = PARSERS[type].parse(packet, HEADER_LENGTH, length - HEADER_LENGTH);
        if (message == null) {
            return new Rejected(type == LinkStateUpdate.TYPE ? OspfRejection.MALFORMED_LSA : OspfRejection.BAD_LENGTH);
        }
        return new Accepted(new OspfPacket(packet.getInt(ROUTER_ID), packet.getInt(AREA_ID), message));
    }

    /** The packet's length. */
    public int length() {
        return HEADER_LENGTH + message.length();
    }

    /** A new buffer holding the packet, checksum computed, positioned at 0 with its limit at the length. */
    public ByteBuffer encode() {
        int length = length();
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(VERSION_OFFSET, (byte) VERSION);
        buffer.put(TYPE, (byte) message.type());
        buffer.putShort(LENGTH, (short) length);
        buffer.putInt(ROUTER_ID, routerId);
        buffer.putInt(AREA_ID, areaId);
        buffer.putShort(AU_TYPE, (short) AUTH_NULL);
        message.write(buffer, HEADER_LENGTH);
        buffer.putShort(CHECKSUM, (short) checksum(buffer, length));
        return buffer;
    }

    /** The checksum over {@code length} bytes without the authentication field; 0 when the stored one is right. */
    private static int checksum(ByteBuffer packet, int length) {
        MemorySegment segment = MemorySegment.ofBuffer(packet);
        int sum = Checksum.sum(segment, 0, AUTHENTICATION, 0);
        sum = Checksum.sum(segment, HEADER_LENGTH, length - HEADER_LENGTH, sum);
        return Checksum.finish(sum) & 0xffff;
    }
}
