package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of a UDP datagram (RFC 768). A zero checksum means "not computed" over IPv4 and is forbidden over
 * IPv6 (RFC 8200 section 8.1). The checksum covers the pseudo-header of the IP version, the header and the data;
 * the caller passes the pseudo-header's partial sum ({@link Checksum#ipv4PseudoHeader},
 * {@link Checksum#ipv6PseudoHeader}) with the UDP length as upper-layer length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          data octets ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * </pre>
 *
 * <p>The port offsets and accessors ({@code sourcePort()}, {@code destinationPort()} and their setters) are
 * inherited from the package-private {@code TransportPortsView}, shared with {@link TcpSegment}.
 */
public final class UdpDatagram extends TransportPortsView {
    /** Offset of the length field (header plus data). */
    public static final int LENGTH = 4;
    /** Offset of the checksum. */
    public static final int CHECKSUM = 6;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public UdpDatagram wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds the header and that the length field is at least the header and at most the
     * window. On {@link WireStatus#OK} the window is shortened to the length field.
     */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int field = datagramLength();
        if (field < HEADER_LENGTH) {
            return WireStatus.BAD_LENGTH;
        }
        if (field > length) {
            return WireStatus.TRUNCATED;
        }
        truncate(field);
        return WireStatus.OK;
    }

    /** The length field: header plus data. */
    public int datagramLength() {
        return u16(LENGTH);
    }

    /** Writes the length field. */
    public void setDatagramLength(int value) {
        u16(LENGTH, value);
    }

    /** The checksum field as carried; 0 means none was computed (IPv4 only). */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** Writes the checksum field (see {@link #fillChecksum(int)} to compute it). */
    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** Offset of the data relative to the view. */
    public int payloadOffset() {
        return HEADER_LENGTH;
    }

    /** Number of data bytes in the window (after {@link #checkLength()}: the length field less the header). */
    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /** Whether the checksum verifies, given the pseudo-header partial sum (a zero checksum is not checked here). */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return checksumVerifies(pseudoHeaderSum);
    }

    /** Computes and writes the checksum; a computed zero is sent as 0xffff (RFC 768). */
    public void fillChecksum(int pseudoHeaderSum) {
        int value = computeChecksum(CHECKSUM, pseudoHeaderSum);
        u16(CHECKSUM, value == 0 ? 0xffff : value);
    }
}
