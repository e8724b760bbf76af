package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Appends options to a DHCP message without allocating: a cursor that starts right after the magic cookie, refuses
 * an option that would not leave room for the end option within its limit (the client's maximum message size, or
 * the window), and {@link #finish() finishes} the area with the end option and padding.
 *
 * <pre>{@code
 * options.reset(message, maxMessageSize);
 * options.putU8(DhcpOptionsIterator.MESSAGE_TYPE, DhcpMessage.OFFER);
 * if (options.begin(DhcpOptionsIterator.ROUTER, 4)) options.u32(gateway);
 * int length = options.finish();         // the message's length, padded to the BOOTP minimum
 * }</pre>
 *
 * <p>Options are written in the options field only; the writer never overloads {@code file} or {@code sname}.
 */
public final class DhcpOptionsWriter {
    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int position;
    private int limit;
    private int dataEnd;

    /** Starts writing options into {@code message}, whose window bounds the message. */
    public DhcpOptionsWriter reset(DhcpMessage message) {
        return reset(message, message.length());
    }

    /**
     * Starts writing options into {@code message}, at most {@code limit} bytes of message in all (the window bounds
     * it too); the window must hold at least {@link DhcpMessage#MIN_LENGTH} bytes.
     */
    public DhcpOptionsWriter reset(DhcpMessage message, int limit) {
        if (message.length() < DhcpMessage.MIN_LENGTH) {
            throw new IllegalArgumentException("a DHCP message needs " + DhcpMessage.MIN_LENGTH
                + " bytes, the view has " + message.length());
        }
        this.segment = message.segment();
        this.base = message.offset();
        this.position = DhcpMessage.OPTIONS;
        this.limit = Math.min(limit, message.length());
        this.dataEnd = position;
        return this;
    }

    /** Bytes left for options, keeping one for the end option. */
    public int remaining() {
        return Math.max(0, limit - position - 1);
    }

    /**
     * Writes the code and length of an option of {@code length} data octets (0..255), whose data the caller then
     * appends with {@link #u8}, {@link #u16} and {@link #u32}; false, writing nothing, when it does not fit.
     */
    public boolean begin(int code, int length) {
        if (code <= DhcpOptionsIterator.PAD || code >= DhcpOptionsIterator.END || length < 0 || length > 255) {
            throw new IllegalArgumentException("option code " + code + " length " + length);
        }
        if (2 + length > remaining()) {
            return false;
        }
        byteAt(position, code);
        byteAt(position + 1, length);
        position += 2;
        dataEnd = position + length;
        return true;
    }

    /** Appends one data octet to the option {@link #begin} started. */
    public void u8(int value) {
        reserve(1);
        byteAt(position++, value);
    }

    /** Appends 16 big-endian data bits to the option {@link #begin} started. */
    public void u16(int value) {
        reserve(2);
        segment.set(PacketView.U16, base + position, (short) value);
        position += 2;
    }

    /** Appends 32 big-endian data bits (an address, a time) to the option {@link #begin} started. */
    public void u32(int value) {
        reserve(4);
        segment.set(PacketView.U32, base + position, value);
        position += 4;
    }

    /** Writes an option of one octet; false when it does not fit. */
    public boolean putU8(int code, int value) {
        if (!begin(code, 1)) {
            return false;
        }
        u8(value);
        return true;
    }

    /** Writes an option of 16 bits; false when it does not fit. */
    public boolean putU16(int code, int value) {
        if (!begin(code, 2)) {
            return false;
        }
        u16(value);
        return true;
    }

    /** Writes an option of 32 bits (an address, a time); false when it does not fit. */
    public boolean putU32(int code, int value) {
        if (!begin(code, 4)) {
            return false;
        }
        u32(value);
        return true;
    }

    /** Writes an option whose data is {@code data} (at most 255 octets); false when it does not fit. */
    public boolean putBytes(int code, byte[] data) {
        if (!begin(code, data.length)) {
            return false;
        }
        reserve(data.length);
        MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, base + position, data.length);
        position += data.length;
        return true;
    }

    /**
     * Writes the end option and zero padding up to {@link DhcpMessage#MIN_BOOTP_LENGTH} (or the limit, if lower),
     * and returns the length of the message. The last option's data must be complete.
     */
    public int finish() {
        if (position != dataEnd) {
            throw new IllegalStateException("option data incomplete: " + (dataEnd - position) + " octets missing");
        }
        byteAt(position++, DhcpOptionsIterator.END);
        int length = Math.max(position, Math.min(DhcpMessage.MIN_BOOTP_LENGTH, limit));
        while (position < length) {
            byteAt(position++, DhcpOptionsIterator.PAD);
        }
        return length;
    }

    private void reserve(int octets) {
        if (position + octets > dataEnd) {
            throw new IllegalStateException("option data beyond the length given to begin");
        }
    }

    private void byteAt(int at, int value) {
        segment.set(ValueLayout.JAVA_BYTE, base + at, (byte) value);
    }
}
