package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A valid IPv4 header (RFC 791) as a value: every field but version, IHL, total length and checksum, which
 * {@link #emit} derives. Options are opaque bytes (with their padding), a multiple of four, at most 40.
 *
 * @param tos            type of service octet: DSCP in the high six bits, ECN in the low two (0..255)
 * @param identification identification (0..65535)
 * @param dontFragment   the DF flag
 * @param moreFragments  the MF flag
 * @param fragmentOffset fragment offset in 8-octet units (0..8191)
 * @param ttl            time to live (0..255)
 * @param protocol       protocol of the payload (0..255, see {@link IpProtocol})
 * @param source         source address
 * @param destination    destination address
 * @param options        options and padding, copied in and out (length a multiple of four, 0..40)
 * @param payloadLength  payload length in bytes (total length minus header length)
 */
public record Ipv4Repr(int tos, int identification, boolean dontFragment, boolean moreFragments, int fragmentOffset,
                       int ttl, int protocol, int source, int destination, byte[] options, int payloadLength) {

    /** Validates ranges and copies {@code options}; throws {@link IllegalArgumentException} for invalid values. */
    public Ipv4Repr {
        requireRange("tos", tos, 0xff);
        requireRange("identification", identification, 0xffff);
        requireRange("fragment offset", fragmentOffset, Ipv4Packet.OFFSET_MASK);
        requireRange("ttl", ttl, 0xff);
        requireRange("protocol", protocol, 0xff);
        if (options == null || options.length % 4 != 0 || options.length > Ipv4Packet.MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes, at most 40");
        }
        options = options.clone();
        requireRange("payload length", payloadLength, 0xffff - Ipv4Packet.HEADER_LENGTH - options.length);
    }

    /** A header without options. */
    public Ipv4Repr(int tos, int identification, boolean dontFragment, boolean moreFragments, int fragmentOffset,
                    int ttl, int protocol, int source, int destination, int payloadLength) {
        this(tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, source, destination,
            new byte[0], payloadLength);
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("IPv4 " + name + " out of range 0.." + max + ": " + value);
        }
    }

    /**
     * Reads the header of {@code packet}. Runs {@link Ipv4Packet#checkLength()} (so the window is shortened to the
     * total length) and throws {@link MalformedPacketException} with its status unless OK, with
     * {@link WireStatus#BAD_CHECKSUM} when the header checksum does not verify, and with {@link WireStatus#BAD_FIELD}
     * when the reserved flag is set (RFC 791: must be zero; a value record holds only valid values).
     */
    public static Ipv4Repr parse(Ipv4Packet packet) {
        MalformedPacketException.requireOk(packet.checkLength(), "IPv4 packet");
        if (!packet.verifyHeaderChecksum()) {
            throw new MalformedPacketException(WireStatus.BAD_CHECKSUM, "IPv4 header checksum");
        }
        if (packet.reservedFlag()) {
            throw new MalformedPacketException(WireStatus.BAD_FIELD, "IPv4 reserved flag set");
        }
        byte[] options = packet.segment().asSlice(packet.offset() + Ipv4Packet.HEADER_LENGTH, packet.optionsLength())
            .toArray(ValueLayout.JAVA_BYTE);
        return new Ipv4Repr(packet.tos(), packet.identification(), packet.dontFragment(), packet.moreFragments(),
            packet.fragmentOffset(), packet.ttl(), packet.protocol(), packet.source(), packet.destination(), options,
            packet.payloadLength());
    }

    /**
     * Writes the header, options and checksum into {@code packet}, whose window must hold at least
     * {@link #bufferLength()} bytes ({@link IllegalArgumentException} otherwise). The payload is not touched.
     */
    public void emit(Ipv4Packet packet) {
        if (packet.length() < bufferLength()) {
            throw new IllegalArgumentException("IPv4 header needs " + bufferLength() + " bytes, window has "
                + packet.length());
        }
        packet.setVersionAndHeaderLength(bufferLength());
        packet.setTos(tos);
        packet.setTotalLength(bufferLength() + payloadLength);
        packet.setIdentification(identification);
        packet.setFlagsAndFragmentOffset(dontFragment, moreFragments, fragmentOffset);
        packet.setTtl(ttl);
        packet.setProtocol(protocol);
        packet.setSource(source);
        packet.setDestination(destination);
        MemorySegment.copy(MemorySegment.ofArray(options), 0, packet.segment(),
            packet.offset() + Ipv4Packet.HEADER_LENGTH, options.length);
        packet.fillHeaderChecksum();
    }

    /** Length of the emitted header: 20 plus the options. */
    public int bufferLength() {
        return Ipv4Packet.HEADER_LENGTH + options.length;
    }

    /** Total length of the packet this header announces. */
    public int totalLength() {
        return bufferLength() + payloadLength;
    }

    /** The options and padding (a copy). */
    @Override
    public byte[] options() {
        return options.clone();
    }

    /** The differentiated services code point: the six high bits of {@link #tos()}. */
    public int dscp() {
        return tos >>> 2;
    }

    /** The ECN codepoint: the two low bits of {@link #tos()}. */
    public int ecn() {
        return tos & 0x03;
    }

    /** Equality by field values, options compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Repr r && tos == r.tos && identification == r.identification
            && dontFragment == r.dontFragment && moreFragments == r.moreFragments
            && fragmentOffset == r.fragmentOffset && ttl == r.ttl && protocol == r.protocol && source == r.source
            && destination == r.destination && Arrays.equals(options, r.options) && payloadLength == r.payloadLength;
    }

    /** Hash of the field values, options by content. */
    @Override
    public int hashCode() {
        int h = tos;
        h = 31 * h + identification;
        h = 31 * h + (dontFragment ? 1 : 0);
        h = 31 * h + (moreFragments ? 1 : 0);
        h = 31 * h + fragmentOffset;
        h = 31 * h + ttl;
        h = 31 * h + protocol;
        h = 31 * h + source;
        h = 31 * h + destination;
        h = 31 * h + Arrays.hashCode(options);
        return 31 * h + payloadLength;
    }

    /** Fields in readable form, addresses dotted and options in hex. */
    @Override
    public String toString() {
        return "Ipv4Repr[tos=" + tos + ", identification=" + identification + ", dontFragment=" + dontFragment
            + ", moreFragments=" + moreFragments + ", fragmentOffset=" + fragmentOffset + ", ttl=" + ttl
            + ", protocol=" + protocol + ", source=" + Ipv4Address.format(source) + ", destination="
            + Ipv4Address.format(destination) + ", options=" + java.util.HexFormat.of().formatHex(options)
            + ", payloadLength=" + payloadLength + "]";
    }
}
