package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IPv6 extension header of the generic shape (RFC 8200 section 4, RFC 6564): hop-by-hop
 * options, destination options, routing, authentication (AH), mobility, HIP, Shim6 and the experimental types.
 * The header's type is not in its own bytes but in the previous header's next header field, so it is given to
 * {@link #wrap}; it decides the length rule.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * .                                                               .
 * .            Header-specific data (options for hop-by-hop       .
 * .            and destination options, RFC 8200 section 4.2)     .
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Routing header (RFC 8200 section 4.4):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                       type-specific data                      .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Hdr Ext Len counts 8-octet units not including the first eight octets: the header is
 * {@code (len + 1) * 8} bytes. For AH (RFC 4302 section 2.2) it counts 4-octet units minus two:
 * {@code (len + 2) * 4} bytes, which in IPv6 must be a multiple of eight (so {@code len} is even). A fragment
 * header (type 44) is accepted too and is eight bytes whatever its reserved second octet holds.
 */
public final class Ipv6ExtensionHeader extends PacketView {
    /** Offset of the next header octet. */
    public static final int NEXT_HEADER = 0;
    /** Offset of the header extension length octet. */
    public static final int HEADER_EXT_LENGTH = 1;
    /** Offset of the header-specific data (options of hop-by-hop and destination options headers). */
    public static final int DATA = 2;
    /** Offset of the routing type octet of a routing header. */
    public static final int ROUTING_TYPE = 2;
    /** Offset of the segments left octet of a routing header. */
    public static final int SEGMENTS_LEFT = 3;
    /** Offset of the type-specific data of a routing header. */
    public static final int ROUTING_DATA = 4;
    /** Shortest extension header: eight bytes. */
    public static final int MIN_LENGTH = 8;
    /** Longest generic extension header: Hdr Ext Len 255, 2048 bytes. */
    public static final int MAX_LENGTH = 256 * 8;

    private int type;

    /**
     * Points this view at {@code length} bytes of {@code segment} from {@code offset}, holding an extension header
     * of {@code type} (the next header value that named it).
     */
    public Ipv6ExtensionHeader wrap(MemorySegment segment, long offset, int length, int type) {
        set(segment, offset, length);
        this.type = type;
        return this;
    }

    /**
     * Length in bytes of an extension header of {@code type} whose Hdr Ext Len is {@code lengthField}, or -1 when
     * that length is invalid for the type (an AH length that is not a multiple of eight, RFC 4302 section 2.2).
     * A pure function, shared with {@link Ipv6HeaderChain}.
     */
    public static int headerLength(int type, int lengthField) {
        if (type == IpProtocol.IPV6_FRAGMENT) {
            return Ipv6FragmentHeader.LENGTH;
        }
        if (type == IpProtocol.AH) {
            return (lengthField & 1) == 0 ? (lengthField + 2) * 4 : -1;
        }
        return (lengthField + 1) * 8;
    }

    /**
     * Checks the window holds the whole header. Returns {@link WireStatus#TRUNCATED} when the window ends before
     * the header (or the length its Hdr Ext Len announces), {@link WireStatus#BAD_HEADER_LENGTH} for an AH whose
     * length is not a multiple of eight. On {@link WireStatus#OK} the window is shortened to the header.
     */
    public WireStatus checkLength() {
        if (length < MIN_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int headerLength = headerLength(type, u8(HEADER_EXT_LENGTH));
        if (headerLength < 0) {
            return WireStatus.BAD_HEADER_LENGTH;
        }
        if (headerLength > length) {
            return WireStatus.TRUNCATED;
        }
        truncate(headerLength);
        return WireStatus.OK;
    }

    /** The header's type, as given to {@link #wrap}. */
    public int type() {
        return type;
    }

    /** Type of the header after this one. */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** Writes the next header. */
    public void setNextHeader(int value) {
        u8(NEXT_HEADER, value);
    }

    /** The Hdr Ext Len field as on the wire (units depend on the type: see {@link #headerLength()}). */
    public int headerExtensionLength() {
        return u8(HEADER_EXT_LENGTH);
    }

    /** Writes the Hdr Ext Len field as on the wire. */
    public void setHeaderExtensionLength(int value) {
        u8(HEADER_EXT_LENGTH, value);
    }

    /** Length of the whole header in bytes, from Hdr Ext Len and the type (-1 for a misaligned AH). */
    public int headerLength() {
        return headerLength(type, u8(HEADER_EXT_LENGTH));
    }

    /**
     * Writes Hdr Ext Len for a header of {@code bytes} bytes: a multiple of eight, 8..2048 (8..1024 for AH);
     * throws {@link IllegalArgumentException} otherwise. For a fragment header this writes the reserved octet zero.
     */
    public void setHeaderLength(int bytes) {
        u8(HEADER_EXT_LENGTH, encodeLength(type, bytes));
    }

    /** The Hdr Ext Len value for a header of {@code type} and {@code bytes} bytes; throws if none encodes it. */
    static int encodeLength(int type, int bytes) {
        if (type == IpProtocol.IPV6_FRAGMENT) {
            if (bytes != Ipv6FragmentHeader.LENGTH) {
                throw new IllegalArgumentException("a fragment header is 8 bytes, not " + bytes);
            }
            return 0;
        }
        if (bytes < MIN_LENGTH || bytes % 8 != 0) {
            throw new IllegalArgumentException("extension header length must be a multiple of 8, at least 8: "
                + bytes);
        }
        int field = type == IpProtocol.AH ? bytes / 4 - 2 : bytes / 8 - 1;
        if (field > 255) {
            throw new IllegalArgumentException("extension header too long for type " + type + ": " + bytes);
        }
        return field;
    }

    /** Offset of the header-specific data (after next header and Hdr Ext Len) relative to the view. */
    public int dataOffset() {
        return DATA;
    }

    /** Length of the header-specific data in bytes: the header length minus two. */
    public int dataLength() {
        return headerLength() - DATA;
    }

    /** Whether this header carries TLV options (hop-by-hop or destination options, RFC 8200 section 4.2). */
    public boolean hasOptions() {
        return type == IpProtocol.HOP_BY_HOP || type == IpProtocol.IPV6_DESTINATION_OPTIONS;
    }

    /** The routing type of a routing header (RFC 8200 section 4.4; 4 is SRH, RFC 8754). */
    public int routingType() {
        return u8(ROUTING_TYPE);
    }

    /** Writes the routing type of a routing header. */
    public void setRoutingType(int value) {
        u8(ROUTING_TYPE, value);
    }

    /** Segments left of a routing header: route segments still to visit before the final destination. */
    public int segmentsLeft() {
        return u8(SEGMENTS_LEFT);
    }

    /** Writes segments left of a routing header. */
    public void setSegmentsLeft(int value) {
        u8(SEGMENTS_LEFT, value);
    }
}
