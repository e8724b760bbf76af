package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of a TCP segment header (RFC 9293). Options are kept opaque: the bytes between
 * {@link #HEADER_LENGTH} and {@link #headerLength()}; the one option read and rewritten here is the maximum segment
 * size (RFC 9293 section 3.7.1), which the agent clamps. TCP has no length field: the segment is the rest of the IP
 * packet, so the caller wraps the view on the upper-layer payload. The checksum covers the pseudo-header of the IP
 * version ({@link Checksum#ipv4PseudoHeader}, {@link Checksum#ipv6PseudoHeader}), header, options and data.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
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
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               :
 * :                             Data                              :
 * :                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Maximum segment size option (RFC 9293 section 3.2):
 * +--------+--------+---------+--------+
 * |00000010|00000100|   max seg size   |
 * +--------+--------+---------+--------+
 *  Kind=2   Length=4
 * </pre>
 *
 * <p>The port offsets and accessors ({@code sourcePort()}, {@code destinationPort()} and their setters) are
 * inherited from the package-private {@code TransportPortsView}, shared with {@link UdpDatagram}.
 */
public final class TcpSegment extends TransportPortsView {
    /** Offset of the sequence number. */
    public static final int SEQUENCE = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT = 8;
    /** Offset of the data offset nibble (high four bits) and the reserved bits. */
    public static final int DATA_OFFSET = 12;
    /** Offset of the flags octet. */
    public static final int FLAGS = 13;
    /** Offset of the window. */
    public static final int WINDOW = 14;
    /** Offset of the checksum. */
    public static final int CHECKSUM = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER = 18;
    /** Header length without options. */
    public static final int HEADER_LENGTH = 20;
    /** Longest header: data offset 15. */
    public static final int MAX_HEADER_LENGTH = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Option kinds (IANA TCP parameters). */
    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    public static final int OPTION_MSS = 2;
    public static final int OPTION_WINDOW_SCALE = 3;
    public static final int OPTION_SACK_PERMITTED = 4;
    public static final int OPTION_SACK = 5;
    public static final int OPTION_TIMESTAMPS = 8;
    /** Length of the maximum segment size option, kind and length octets included. */
    public static final int MSS_OPTION_LENGTH = 4;

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

    /** The sequence number: an unsigned 32-bit field returned as its int bits. */
    public int sequenceNumber() {
        return u32(SEQUENCE);
    }

    /** Writes the sequence number. */
    public void setSequenceNumber(int value) {
        u32(SEQUENCE, value);
    }

    /** The acknowledgment number: an unsigned 32-bit field returned as its int bits. */
    public int acknowledgmentNumber() {
        return u32(ACKNOWLEDGMENT);
    }

    /** Writes the acknowledgment number. */
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

    /** Writes the eight flag bits. */
    public void setFlags(int value) {
        u8(FLAGS, value);
    }

    /** The receive window (unscaled). */
    public int window() {
        return u16(WINDOW);
    }

    /** Writes the receive window. */
    public void setWindow(int value) {
        u16(WINDOW, value);
    }

    /** The checksum field as carried. */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** Writes the checksum field (see {@link #fillChecksum(int)} to compute it). */
    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** The urgent pointer. */
    public int urgentPointer() {
        return u16(URGENT_POINTER);
    }

    /** Writes the urgent pointer. */
    public void setUrgentPointer(int value) {
        u16(URGENT_POINTER, value);
    }

    /** Number of option bytes, padding included: the header length less twenty. */
    public int optionsLength() {
        return headerLength() - HEADER_LENGTH;
    }

    /** Offset of the data relative to the view: the header length. */
    public int payloadOffset() {
        return headerLength();
    }

    /** Number of data bytes: the window after the header. */
    public int payloadLength() {
        return length - headerLength();
    }

    /**
     * The maximum segment size option's value, or -1 when the segment carries none. When several MSS options are
     * present, the last one counts, as in Linux. The walk stops at the end-of-option-list kind or at the first
     * malformed option (length below two or past the header); options before it are still read.
     */
    public int maximumSegmentSize() {
        int value = -1;
        for (int at = nextMssOption(HEADER_LENGTH); at >= 0; at = nextMssOption(at + MSS_OPTION_LENGTH)) {
            value = u16(at + 2);
        }
        return value;
    }

    /**
     * Rewrites the value of every MSS option to {@code value} without touching the checksum (for segments whose
     * checksum is filled afterwards). Returns whether the segment has an MSS option.
     */
    public boolean setMaximumSegmentSize(int value) {
        boolean found = false;
        for (int at = nextMssOption(HEADER_LENGTH); at >= 0; at = nextMssOption(at + MSS_OPTION_LENGTH)) {
            u16(at + 2, value);
            found = true;
        }
        return found;
    }

    /**
     * Lowers every MSS option above {@code maximum} to {@code maximum} and updates the checksum incrementally
     * (RFC 1624), so a forwarder can clamp the MSS of a SYN without summing the segment again. Returns whether a
     * value changed. The checksum stays valid for any pseudo-header, because the pseudo-header is not touched.
     *
     * @param maximum the largest MSS to let through, 0 to 65535
     */
    public boolean clampMaximumSegmentSize(int maximum) {
        if (maximum < 0 || maximum > 0xffff) {
            throw new IllegalArgumentException("MSS must be 0..65535: " + maximum);
        }
        boolean changed = false;
        for (int at = nextMssOption(HEADER_LENGTH); at >= 0; at = nextMssOption(at + MSS_OPTION_LENGTH)) {
            int valueAt = at + 2;
            int old = u16(valueAt);
            if (old > maximum) {
                u16(valueAt, maximum);
                // The sum runs over 16-bit words aligned to the start of the segment. A value at an odd offset
                // straddles two words and adds its byte swap to the sum (RFC 1071 section 2(B)).
                boolean odd = (valueAt & 1) != 0;
                setChecksum(Checksum.adjust(checksum(), odd ? swap(old) : old, odd ? swap(maximum) : maximum));
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Writes an MSS option (kind 2, length 4, {@code value}) at {@code at} bytes from the start of the segment, for
     * building a SYN, and returns the offset just after it. The caller sizes the header (data offset) around it.
     */
    public int writeMaximumSegmentSizeOption(int at, int value) {
        u8(at, OPTION_MSS);
        u8(at + 1, MSS_OPTION_LENGTH);
        u16(at + 2, value);
        return at + MSS_OPTION_LENGTH;
    }

    /** Whether the checksum over the whole window verifies, given the pseudo-header partial sum. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return checksumVerifies(pseudoHeaderSum);
    }

    /** Computes and writes the checksum over the whole window plus the pseudo-header partial sum. */
    public void fillChecksum(int pseudoHeaderSum) {
        u16(CHECKSUM, computeChecksum(CHECKSUM, pseudoHeaderSum));
    }

    /**
     * Offset of the first well-formed MSS option (kind 2, length 4) at or after {@code from}, which must be an
     * option boundary, or -1. RFC 9293 section 3.2: kinds 0 and 1 are single octets, every other kind has a length
     * octet that counts kind and length.
     */
    private int nextMssOption(int from) {
        int end = Math.min(headerLength(), length);
        int at = from;
        while (at < end) {
            int kind = u8(at);
            if (kind == OPTION_END) {
                return -1;
            }
            if (kind == OPTION_NOP) {
                at++;
                continue;
            }
            if (at + 1 >= end) {
                return -1;
            }
            int optionLength = u8(at + 1);
            if (optionLength < 2 || at + optionLength > end) {
                return -1;
            }
            if (kind == OPTION_MSS && optionLength == MSS_OPTION_LENGTH) {
                return at;
            }
            at += optionLength;
        }
        return -1;
    }

    private static int swap(int value) {
        return ((value & 0xff) << 8) | (value >>> 8);
    }
}
