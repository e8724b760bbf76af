package io.isthmus.wire;

/**
 * What {@link TcpSegment} and {@link UdpDatagram} share: the source and destination ports, the first two 16-bit
 * fields of both headers (RFC 9293 section 3.1, RFC 768), with their offsets and accessors. Package-private: the
 * public types are the two subclasses, which inherit these members.
 */
abstract sealed class TransportPortsView extends PacketView permits TcpSegment, UdpDatagram {
    /** Offset of the source port. */
    public static final int SOURCE_PORT = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT = 2;

    /** The source port. */
    public int sourcePort() {
        return u16(SOURCE_PORT);
    }

    /** Writes the source port. */
    public void setSourcePort(int value) {
        u16(SOURCE_PORT, value);
    }

    /** The destination port. */
    public int destinationPort() {
        return u16(DESTINATION_PORT);
    }

    /** Writes the destination port. */
    public void setDestinationPort(int value) {
        u16(DESTINATION_PORT, value);
    }
}
