package io.isthmus.wire;

import java.util.Arrays;

/**
 * Value of a TCP segment (RFC 9293): every header field but the derived ones (data offset, checksum), the options as
 * opaque bytes, and the payload. The reserved bits are ignored on parse and written as zero.
 *
 * <p>The checksum covers the pseudo-header of the IP version, so parse and emit take its partial sum
 * ({@link Checksum#ipv4PseudoHeader} or {@link Checksum#ipv6PseudoHeader} with {@link IpProtocol#TCP} and the
 * segment length; {@link #bufferLength()} when emitting). TCP has no length field: {@link #parse} takes the whole
 * window of the view as the segment.
 *
 * @param sourcePort the source port, 0..65535
 * @param destinationPort the destination port, 0..65535
 * @param sequenceNumber the sequence number, an unsigned 32-bit value held in an int
 * @param acknowledgmentNumber the acknowledgment number, an unsigned 32-bit value held in an int
 * @param flags the eight flag bits, {@link TcpSegment#SYN} and so on
 * @param window the receive window, 0..65535 (unscaled)
 * @param urgentPointer the urgent pointer, 0..65535
 * @param options the option bytes, padding included: a multiple of four, at most 40 bytes
 * @param payload the data octets
 */
public record TcpRepr(int sourcePort, int destinationPort, int sequenceNumber, int acknowledgmentNumber, int flags,
                      int window, int urgentPointer, byte[] options, byte[] payload) {
    /** Most option bytes a header can carry: data offset 15 less the fixed header. */
    public static final int MAX_OPTIONS_LENGTH = TcpSegment.MAX_HEADER_LENGTH - TcpSegment.HEADER_LENGTH;

    /** Checks the ranges and the options' length, and copies options and payload. */
    public TcpRepr {
        ReprBytes.range("sourcePort", sourcePort, 0xffff);
        ReprBytes.range("destinationPort", destinationPort, 0xffff);
        ReprBytes.range("flags", flags, 0xff);
        ReprBytes.range("window", window, 0xffff);
        ReprBytes.range("urgentPointer", urgentPointer, 0xffff);
        options = ReprBytes.copy("options", options, MAX_OPTIONS_LENGTH);
        if (options.length % 4 != 0) {
            throw new IllegalArgumentException("options must be padded to a multiple of four: " + options.length);
        }
        payload = ReprBytes.copy("payload", payload, 0xffff - TcpSegment.HEADER_LENGTH - options.length);
    }

    /**
     * Reads a segment from untrusted bytes: the whole window of {@code view}.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header the segment arrived with
     * @throws MalformedPacketException {@link WireStatus#TRUNCATED} or {@link WireStatus#BAD_HEADER_LENGTH} from
     *     {@link TcpSegment#checkLength()}, or {@link WireStatus#BAD_CHECKSUM}
     */
    public static TcpRepr parse(TcpSegment view, int pseudoHeaderSum) {
        MalformedPacketException.requireOk(view.checkLength(), "TCP segment");
        if (!view.verifyChecksum(pseudoHeaderSum)) {
            throw new MalformedPacketException(WireStatus.BAD_CHECKSUM, "TCP checksum");
        }
        int header = view.headerLength();
        return new TcpRepr(view.sourcePort(), view.destinationPort(), view.sequenceNumber(),
            view.acknowledgmentNumber(), view.flags(), view.window(), view.urgentPointer(),
            ReprBytes.read(view, TcpSegment.HEADER_LENGTH, header), ReprBytes.read(view, header, view.length()));
    }

    /** The option bytes, padding included (a copy). */
    @Override
    public byte[] options() {
        return options.clone();
    }

    /** The data octets (a copy). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Header length in bytes, options included: what the data offset announces. */
    public int headerLength() {
        return TcpSegment.HEADER_LENGTH + options.length;
    }

    /** Number of bytes {@link #emit} writes: header, options and payload. */
    public int bufferLength() {
        return headerLength() + payload.length;
    }

    /**
     * Writes this segment into {@code view}, data offset and checksum included. The view's window must hold at least
     * {@link #bufferLength()} bytes and is shortened to exactly that.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header, with {@link #bufferLength()} as its length
     */
    public void emit(TcpSegment view, int pseudoHeaderSum) {
        ReprBytes.fit(view, bufferLength(), "TCP segment");
        view.setSourcePort(sourcePort);
        view.setDestinationPort(destinationPort);
        view.setSequenceNumber(sequenceNumber);
        view.setAcknowledgmentNumber(acknowledgmentNumber);
        view.setHeaderLength(headerLength());
        view.setFlags(flags);
        view.setWindow(window);
        view.setUrgentPointer(urgentPointer);
        ReprBytes.write(view, TcpSegment.HEADER_LENGTH, options);
        ReprBytes.write(view, headerLength(), payload);
        view.fillChecksum(pseudoHeaderSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpRepr that && sourcePort == that.sourcePort && destinationPort == that.destinationPort
            && sequenceNumber == that.sequenceNumber && acknowledgmentNumber == that.acknowledgmentNumber
            && flags == that.flags && window == that.window && urgentPointer == that.urgentPointer
            && Arrays.equals(options, that.options) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        int h = sourcePort;
        h = h * 31 + destinationPort;
        h = h * 31 + sequenceNumber;
        h = h * 31 + acknowledgmentNumber;
        h = h * 31 + flags;
        h = h * 31 + window;
        h = h * 31 + urgentPointer;
        h = h * 31 + Arrays.hashCode(options);
        return h * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "TcpRepr[sourcePort=" + sourcePort + ", destinationPort=" + destinationPort + ", sequenceNumber="
            + Integer.toUnsignedString(sequenceNumber) + ", acknowledgmentNumber="
            + Integer.toUnsignedString(acknowledgmentNumber) + ", flags=0x" + Integer.toHexString(flags)
            + ", window=" + window + ", urgentPointer=" + urgentPointer + ", options=" + ReprBytes.hex(options)
            + ", payload=" + ReprBytes.hex(payload) + "]";
    }
}
