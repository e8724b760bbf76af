package io.isthmus.wire;

import java.util.Arrays;

/**
 * Value of a UDP datagram (RFC 768): ports and payload. The length and checksum fields are derived: {@link #emit}
 * writes them, {@link #parse} checks them.
 *
 * <p>The checksum covers the pseudo-header of the IP version, so parse and emit take its partial sum
 * ({@link Checksum#ipv4PseudoHeader} or {@link Checksum#ipv6PseudoHeader} with {@link IpProtocol#UDP} and the UDP
 * length; {@link #bufferLength()} when emitting).
 *
 * @param sourcePort the source port, 0..65535 (0: no reply expected)
 * @param destinationPort the destination port, 0..65535
 * @param payload the data octets
 */
public record UdpRepr(int sourcePort, int destinationPort, byte[] payload) {
    /** Most bytes a datagram can carry: a 16-bit length less the header. */
    public static final int MAX_PAYLOAD_LENGTH = 0xffff - UdpDatagram.HEADER_LENGTH;

    /** Checks the ranges and copies the payload. */
    public UdpRepr {
        ReprBytes.range("sourcePort", sourcePort, 0xffff);
        ReprBytes.range("destinationPort", destinationPort, 0xffff);
        payload = ReprBytes.copy("payload", payload, MAX_PAYLOAD_LENGTH);
    }

    /**
     * Reads a datagram whose checksum must be present and verify: the IPv6 rule (RFC 8200 section 8.1), and the one
     * to use wherever a missing checksum is not acceptable.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header the datagram arrived with
     * @throws MalformedPacketException {@link WireStatus#TRUNCATED} or {@link WireStatus#BAD_LENGTH} from
     *     {@link UdpDatagram#checkLength()}, or {@link WireStatus#BAD_CHECKSUM}
     */
    public static UdpRepr parse(UdpDatagram view, int pseudoHeaderSum) {
        return parse(view, pseudoHeaderSum, false);
    }

    /**
     * Reads a datagram, checking its length and checksum.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header the datagram arrived with
     * @param zeroChecksumAllowed whether a zero checksum field means "not computed" and is accepted unchecked (IPv4,
     *     RFC 768) rather than rejected (IPv6)
     * @throws MalformedPacketException {@link WireStatus#TRUNCATED} or {@link WireStatus#BAD_LENGTH} from
     *     {@link UdpDatagram#checkLength()}, or {@link WireStatus#BAD_CHECKSUM}
     */
    public static UdpRepr parse(UdpDatagram view, int pseudoHeaderSum, boolean zeroChecksumAllowed) {
        MalformedPacketException.requireOk(view.checkLength(), "UDP datagram");
        boolean unchecked = view.checksum() == 0;
        if (unchecked ? !zeroChecksumAllowed : !view.verifyChecksum(pseudoHeaderSum)) {
            throw new MalformedPacketException(WireStatus.BAD_CHECKSUM,
                unchecked ? "UDP checksum absent" : "UDP checksum");
        }
        return new UdpRepr(view.sourcePort(), view.destinationPort(),
            ReprBytes.read(view, UdpDatagram.HEADER_LENGTH, view.length()));
    }

    /** The data octets (a copy). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Number of bytes {@link #emit} writes, which is also the length field: header plus payload. */
    public int bufferLength() {
        return UdpDatagram.HEADER_LENGTH + payload.length;
    }

    /**
     * Writes this datagram into {@code view}, length and checksum included (a computed zero is sent as 0xffff). The
     * view's window must hold at least {@link #bufferLength()} bytes and is shortened to exactly that.
     *
     * @param pseudoHeaderSum partial sum of the pseudo-header, with {@link #bufferLength()} as its length
     */
    public void emit(UdpDatagram view, int pseudoHeaderSum) {
        ReprBytes.fit(view, bufferLength(), "UDP datagram");
        view.setSourcePort(sourcePort);
        view.setDestinationPort(destinationPort);
        view.setDatagramLength(bufferLength());
        ReprBytes.write(view, UdpDatagram.HEADER_LENGTH, payload);
        view.fillChecksum(pseudoHeaderSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpRepr that && sourcePort == that.sourcePort && destinationPort == that.destinationPort
            && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return (sourcePort * 31 + destinationPort) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UdpRepr[sourcePort=" + sourcePort + ", destinationPort=" + destinationPort + ", payload="
            + ReprBytes.hex(payload) + "]";
    }
}
