package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of a TCP segment header (RFC 9293). Options are kept opaque: the bytes between
 * {@link #HEADER_LENGTH} and {@link #headerLength()}.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpSegment extends PacketView {
    public static final int SOURCE_PORT = 0;
    public static final int DESTINATION_PORT = 2;
    public static final int SEQUENCE = 4;
    public static final int ACKNOWLEDGMENT = 8;
    public static final int DATA_OFFSET = 12;
    public static final int FLAGS = 13;
    public static final int WINDOW = 14;
    public static final int CHECKSUM = 16;
    public static final int URGENT_POINTER = 18;
    /** Header length without options. */
    public static final int HEADER_LENGTH = 20;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public TcpSegment wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /** Checks that the window holds the header including the options the data offset announces. */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int header = headerLength();
        if (header < HEADER_LENGTH) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        return header > length ? WireStatus.TRUNCATED : WireStatus.OK;
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

    public int sequenceNumber() {
        return u32(SEQUENCE);
    }

    public void setSequenceNumber(int value) {
        u32(SEQUENCE, value);
    }

    public int acknowledgmentNumber() {
        return u32(ACKNOWLEDGMENT);
    }

    public void setAcknowledgmentNumber(int value) {
        u32(ACKNOWLEDGMENT, value);
    }

    /** Header length in bytes (data offset times four). */
    public int headerLength() {
        return (u8(DATA_OFFSET) >>> 4) * 4;
    }

    /** Writes the data offset for {@code bytes} of header; the reserved bits are written zero. */
    public void setHeaderLength(int bytes) {
        u8(DATA_OFFSET, (bytes >>> 2) << 4);
    }

    /** The eight flag bits (CWR..FIN). */
    public int flags() {
        return u8(FLAGS);
    }

    public void setFlags(int value) {
        u8(FLAGS, value);
    }

    public int window() {
        return u16(WINDOW);
    }

    public void setWindow(int value) {
        u16(WINDOW, value);
    }

    public int checksum() {
        return u16(CHECKSUM);
    }

    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    public int urgentPointer() {
        return u16(URGENT_POINTER);
    }

    public void setUrgentPointer(int value) {
        u16(URGENT_POINTER, value);
    }

    /** Whether the checksum over the whole window verifies, given the pseudo-header partial sum. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.sum(segment, offset, length, pseudoHeaderSum) == 0xffff;
    }

    /** Computes and writes the checksum over the whole window plus the pseudo-header partial sum. */
    public void fillChecksum(int pseudoHeaderSum) {
        u16(CHECKSUM, 0);
        u16(CHECKSUM, Checksum.finish(Checksum.sum(segment, offset, length, pseudoHeaderSum)));
    }
}
