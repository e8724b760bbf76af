package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of a UDP datagram (RFC 768). A zero checksum means "not computed" over IPv4 and is forbidden over
 * IPv6 (RFC 8200 section 8.1).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpDatagram extends PacketView {
    public static final int SOURCE_PORT = 0;
    public static final int DESTINATION_PORT = 2;
    public static final int LENGTH = 4;
    public static final int CHECKSUM = 6;
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

    public int sourcePort() {
        return u16(SOURCE_PORT);
    }

    public void setSourcePort(int value) {
        u16(SOURCE_PORT, value);
    }

    public int destinationPort() {
        return u16(DESTINATION_PORT);
    }

    public void setDestinationPort(int value) {
        u16(DESTINATION_PORT, value);
    }

    /** The length field: header plus data. */
    public int datagramLength() {
        return u16(LENGTH);
    }

    public void setDatagramLength(int value) {
        u16(LENGTH, value);
    }

    public int checksum() {
        return u16(CHECKSUM);
    }

    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** Whether the checksum verifies, given the pseudo-header partial sum (a zero checksum is not checked here). */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.sum(segment, offset, length, pseudoHeaderSum) == 0xffff;
    }

    /** Computes and writes the checksum; a computed zero is sent as 0xffff (RFC 768). */
    public void fillChecksum(int pseudoHeaderSum) {
        u16(CHECKSUM, 0);
        int value = Checksum.finish(Checksum.sum(segment, offset, length, pseudoHeaderSum));
        u16(CHECKSUM, value == 0 ? 0xffff : value);
    }
}
