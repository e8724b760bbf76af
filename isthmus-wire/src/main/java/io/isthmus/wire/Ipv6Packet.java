package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IPv6 fixed header (RFC 8200 section 3). Extension headers follow it; walk them with
 * {@link Ipv6ExtensionHeader}.
 *
 * <pre>
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
 */
public final class Ipv6Packet extends PacketView {
    public static final int VERSION_CLASS_FLOW = 0;
    public static final int PAYLOAD_LENGTH = 4;
    public static final int NEXT_HEADER = 6;
    public static final int HOP_LIMIT = 7;
    public static final int SOURCE = 8;
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
     * window is shortened to header plus payload length (link-layer padding is dropped).
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

    public int version() {
        return u8(VERSION_CLASS_FLOW) >>> 4;
    }

    public int trafficClass() {
        return (u16(VERSION_CLASS_FLOW) >>> 4) & 0xff;
    }

    public int flowLabel() {
        return u32(VERSION_CLASS_FLOW) & 0xfffff;
    }

    /** Writes version 6, the traffic class and the flow label in one go. */
    public void setVersionClassFlow(int trafficClass, int flowLabel) {
        u32(VERSION_CLASS_FLOW, (6 << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff));
    }

    public int payloadLength() {
        return u16(PAYLOAD_LENGTH);
    }

    public void setPayloadLength(int value) {
        u16(PAYLOAD_LENGTH, value);
    }

    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    public void setNextHeader(int value) {
        u8(NEXT_HEADER, value);
    }

    public int hopLimit() {
        return u8(HOP_LIMIT);
    }

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

    public void setSource(long high, long low) {
        u64(SOURCE, high);
        u64(SOURCE + 8, low);
    }

    /** Destination address bytes 0..7. */
    public long destinationHigh() {
        return u64(DESTINATION);
    }

    /** Destination address bytes 8..15. */
    public long destinationLow() {
        return u64(DESTINATION + 8);
    }

    public void setDestination(long high, long low) {
        u64(DESTINATION, high);
        u64(DESTINATION + 8, low);
    }

    public Ipv6Address source() {
        return new Ipv6Address(sourceHigh(), sourceLow());
    }

    public Ipv6Address destination() {
        return new Ipv6Address(destinationHigh(), destinationLow());
    }

    /** Partial sum of the pseudo-header for an upper-layer packet of {@code length} bytes and {@code nextHeader}. */
    public int pseudoHeaderSum(int nextHeader, int upperLayerLength) {
        return Checksum.ipv6PseudoHeader(sourceHigh(), sourceLow(), destinationHigh(), destinationLow(), nextHeader,
            upperLayerLength);
    }
}
