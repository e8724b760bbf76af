package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IPv6 fixed header (RFC 8200 section 3). Extension headers follow it; walk them with
 * {@link Ipv6HeaderChain} and read them with {@link Ipv6ExtensionHeader} and {@link Ipv6FragmentHeader}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Source Address (128)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Destination Address (128)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Jumbograms (RFC 2675: payload length zero and a Jumbo Payload option) are not supported: such a packet passes
 * {@link #checkLength()} with an empty payload and its hop-by-hop header then fails the chain walk as truncated.
 */
public final class Ipv6Packet extends PacketView {
    /** Offset of the 32-bit word of version, traffic class and flow label. */
    public static final int VERSION_CLASS_FLOW = 0;
    /** Offset of the 16-bit payload length (everything after the fixed header, in bytes). */
    public static final int PAYLOAD_LENGTH = 4;
    /** Offset of the next header octet. */
    public static final int NEXT_HEADER = 6;
    /** Offset of the hop limit octet. */
    public static final int HOP_LIMIT = 7;
    /** Offset of the 128-bit source address. */
    public static final int SOURCE = 8;
    /** Offset of the 128-bit destination address. */
    public static final int DESTINATION = 24;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;
    /** The minimum link MTU every IPv6 link carries (RFC 8200 section 5). */
    public static final int MINIMUM_MTU = 1280;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public Ipv6Packet wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds the fixed header and the payload length announces. On {@link WireStatus#OK} the
     * window is shortened to header plus payload length (link-layer padding is dropped). Returns
     * {@link WireStatus#TRUNCATED} under 40 bytes, {@link WireStatus#BAD_VERSION} unless version 6, and
     * {@link WireStatus#TRUNCATED} when the window ends before the payload length says.
     */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        if (version() != 6) {
            return WireStatus.BAD_VERSION;
        }
        int total = HEADER_LENGTH + payloadLength();
        if (total > length) {
            return WireStatus.TRUNCATED;
        }
        truncate(total);
        return WireStatus.OK;
    }

    /** The version field (6 for a valid packet). */
    public int version() {
        return u8(VERSION_CLASS_FLOW) >>> 4;
    }

    /** The traffic class octet: DSCP in the high six bits, ECN in the low two (RFC 8200 section 7). */
    public int trafficClass() {
        return (u16(VERSION_CLASS_FLOW) >>> 4) & 0xff;
    }

    /** The 20-bit flow label (RFC 6437). */
    public int flowLabel() {
        return u32(VERSION_CLASS_FLOW) & 0xfffff;
    }

    /** Writes version 6, the traffic class and the flow label in one go. */
    public void setVersionClassFlow(int trafficClass, int flowLabel) {
        u32(VERSION_CLASS_FLOW, (6 << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff));
    }

    /** Writes the traffic class, leaving version and flow label as they are. */
    public void setTrafficClass(int trafficClass) {
        u32(VERSION_CLASS_FLOW, (u32(VERSION_CLASS_FLOW) & 0xf00fffff) | ((trafficClass & 0xff) << 20));
    }

    /** Writes the flow label, leaving version and traffic class as they are. */
    public void setFlowLabel(int flowLabel) {
        u32(VERSION_CLASS_FLOW, (u32(VERSION_CLASS_FLOW) & 0xfff00000) | (flowLabel & 0xfffff));
    }

    /** Length in bytes of everything after the fixed header, extension headers included. */
    public int payloadLength() {
        return u16(PAYLOAD_LENGTH);
    }

    /** Writes the payload length. */
    public void setPayloadLength(int value) {
        u16(PAYLOAD_LENGTH, value);
    }

    /** Type of the header after the fixed header (an extension header or an upper-layer protocol). */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** Writes the next header. */
    public void setNextHeader(int value) {
        u8(NEXT_HEADER, value);
    }

    /** The hop limit. */
    public int hopLimit() {
        return u8(HOP_LIMIT);
    }

    /** Writes the hop limit. */
    public void setHopLimit(int value) {
        u8(HOP_LIMIT, value);
    }

    /** Source address bytes 0..7. */
    public long sourceHigh() {
        return u64(SOURCE);
    }

    /** Source address bytes 8..15. */
    public long sourceLow() {
        return u64(SOURCE + 8);
    }

    /** Writes the source address from its two halves. */
    public void setSource(long high, long low) {
        u64(SOURCE, high);
        u64(SOURCE + 8, low);
    }

    /** Writes the source address. */
    public void setSource(Ipv6Address address) {
        setSource(address.high(), address.low());
    }

    /** Destination address bytes 0..7. */
    public long destinationHigh() {
        return u64(DESTINATION);
    }

    /** Destination address bytes 8..15. */
    public long destinationLow() {
        return u64(DESTINATION + 8);
    }

    /** Writes the destination address from its two halves. */
    public void setDestination(long high, long low) {
        u64(DESTINATION, high);
        u64(DESTINATION + 8, low);
    }

    /** Writes the destination address. */
    public void setDestination(Ipv6Address address) {
        setDestination(address.high(), address.low());
    }

    /** The source address as a record. Allocates: the data plane reads {@link #sourceHigh()}/{@link #sourceLow()}. */
    public Ipv6Address source() {
        return new Ipv6Address(sourceHigh(), sourceLow());
    }

    /**
     * The destination address as a record. Allocates: the data plane reads {@link #destinationHigh()} and
     * {@link #destinationLow()}.
     */
    public Ipv6Address destination() {
        return new Ipv6Address(destinationHigh(), destinationLow());
    }

    /** Offset of the payload (the first extension header or the upper-layer header) relative to the view. */
    public int payloadOffset() {
        return HEADER_LENGTH;
    }

    /** Partial sum of the pseudo-header for an upper-layer packet of {@code length} bytes and {@code nextHeader}. */
    public int pseudoHeaderSum(int nextHeader, int upperLayerLength) {
        return Checksum.ipv6PseudoHeader(sourceHigh(), sourceLow(), destinationHigh(), destinationLow(), nextHeader,
            upperLayerLength);
    }
}
