package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A valid generic IPv6 extension header (RFC 8200 section 4, see {@link Ipv6ExtensionHeader}) as a value: its
 * type, next header and the opaque header-specific data after the first two octets (options for hop-by-hop and
 * destination options, routing type, segments left and type-specific data for routing). Fragment headers have
 * their own record, {@link Ipv6FragmentRepr}.
 *
 * @param type       the header's type: an extension header per {@link IpProtocol#isIpv6ExtensionHeader}, not 44
 * @param nextHeader type of the header after this one (0..255)
 * @param data       header-specific data, copied in and out; its length plus two is a multiple of eight, at most
 *                   2048 (1024 for AH)
 */
public record Ipv6ExtensionHeaderRepr(int type, int nextHeader, byte[] data) {

    /** Validates type, next header and data length, and copies {@code data}. */
    public Ipv6ExtensionHeaderRepr {
        if (!IpProtocol.isIpv6ExtensionHeader(type) || type == IpProtocol.IPV6_FRAGMENT) {
            throw new IllegalArgumentException("not a generic IPv6 extension header type: " + type);
        }
        if (nextHeader < 0 || nextHeader > 0xff) {
            throw new IllegalArgumentException("next header out of range 0..255: " + nextHeader);
        }
        if (data == null) {
            throw new IllegalArgumentException("extension header data is null");
        }
        Ipv6ExtensionHeader.encodeLength(type, Ipv6ExtensionHeader.DATA + data.length);
        data = data.clone();
    }

    /**
     * Reads {@code header}; throws {@link MalformedPacketException} unless its
     * {@link Ipv6ExtensionHeader#checkLength()} is OK, or if it is wrapped as a fragment header.
     */
    public static Ipv6ExtensionHeaderRepr parse(Ipv6ExtensionHeader header) {
        MalformedPacketException.requireOk(header.checkLength(), "IPv6 extension header");
        if (header.type() == IpProtocol.IPV6_FRAGMENT || !IpProtocol.isIpv6ExtensionHeader(header.type())) {
            throw new MalformedPacketException(WireStatus.BAD_FIELD, "not a generic extension header type "
                + header.type());
        }
        byte[] data = header.segment().asSlice(header.offset() + Ipv6ExtensionHeader.DATA, header.dataLength())
            .toArray(ValueLayout.JAVA_BYTE);
        return new Ipv6ExtensionHeaderRepr(header.type(), header.nextHeader(), data);
    }

    /**
     * Writes next header, Hdr Ext Len and the data into {@code header}, which must be wrapped with this record's
     * type over at least {@link #bufferLength()} bytes ({@link IllegalArgumentException} otherwise).
     */
    public void emit(Ipv6ExtensionHeader header) {
        if (header.type() != type) {
            throw new IllegalArgumentException("view wrapped as type " + header.type() + ", record is " + type);
        }
        if (header.length() < bufferLength()) {
            throw new IllegalArgumentException("extension header needs " + bufferLength() + " bytes, window has "
                + header.length());
        }
        header.setNextHeader(nextHeader);
        header.setHeaderLength(bufferLength());
        MemorySegment.copy(MemorySegment.ofArray(data), 0, header.segment(),
            header.offset() + Ipv6ExtensionHeader.DATA, data.length);
    }

    /** Length of the emitted header: two plus the data. */
    public int bufferLength() {
        return Ipv6ExtensionHeader.DATA + data.length;
    }

    /** The header-specific data (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Equality by type, next header and data content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6ExtensionHeaderRepr r && type == r.type && nextHeader == r.nextHeader
            && Arrays.equals(data, r.data);
    }

    /** Hash of type, next header and data content. */
    @Override
    public int hashCode() {
        return (31 * type + nextHeader) * 31 + Arrays.hashCode(data);
    }

    /** Fields in readable form, data in hex. */
    @Override
    public String toString() {
        return "Ipv6ExtensionHeaderRepr[type=" + type + ", nextHeader=" + nextHeader + ", data="
            + HexFormat.of().formatHex(data) + "]";
    }
}
