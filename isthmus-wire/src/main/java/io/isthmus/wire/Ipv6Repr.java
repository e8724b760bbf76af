package io.isthmus.wire;

import java.util.Objects;

/**
 * A valid IPv6 fixed header (RFC 8200 section 3) as a value. Version is implied.
 *
 * @param trafficClass  traffic class octet (0..255)
 * @param flowLabel     flow label (20 bits)
 * @param payloadLength payload length in bytes, extension headers included (0..65535)
 * @param nextHeader    type of the next header (0..255)
 * @param hopLimit      hop limit (0..255)
 * @param source        source address
 * @param destination   destination address
 */
public record Ipv6Repr(int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit,
                       Ipv6Address source, Ipv6Address destination) {

    /** Validates ranges; throws {@link IllegalArgumentException} for invalid values. */
    public Ipv6Repr {
        requireRange("traffic class", trafficClass, 0xff);
        requireRange("flow label", flowLabel, 0xfffff);
        requireRange("payload length", payloadLength, 0xffff);
        requireRange("next header", nextHeader, 0xff);
        requireRange("hop limit", hopLimit, 0xff);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("IPv6 " + name + " out of range 0.." + max + ": " + value);
        }
    }

    /**
     * Reads the fixed header of {@code packet}. Runs {@link Ipv6Packet#checkLength()} (so the window is shortened to
     * header plus payload length) and throws {@link MalformedPacketException} with its status unless OK.
     */
    public static Ipv6Repr parse(Ipv6Packet packet) {
        MalformedPacketException.requireOk(packet.checkLength(), "IPv6 packet");
        return new Ipv6Repr(packet.trafficClass(), packet.flowLabel(), packet.payloadLength(), packet.nextHeader(),
            packet.hopLimit(), packet.source(), packet.destination());
    }

    /**
     * Writes the fixed header into {@code packet}, whose window must hold at least {@link #bufferLength()} bytes
     * ({@link IllegalArgumentException} otherwise). The payload is not touched.
     */
    public void emit(Ipv6Packet packet) {
        if (packet.length() < bufferLength()) {
            throw new IllegalArgumentException("IPv6 header needs 40 bytes, window has " + packet.length());
        }
        packet.setVersionClassFlow(trafficClass, flowLabel);
        packet.setPayloadLength(payloadLength);
        packet.setNextHeader(nextHeader);
        packet.setHopLimit(hopLimit);
        packet.setSource(source.high(), source.low());
        packet.setDestination(destination.high(), destination.low());
    }

    /** Length of the emitted header: 40. */
    public int bufferLength() {
        return Ipv6Packet.HEADER_LENGTH;
    }
}
