package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an Ethernet II frame (IEEE 802.3 clause 3.2 with an EtherType, RFC 894) as a TAP device carries
 * it: no preamble, no frame check sequence, no padding requirement. One IEEE 802.1Q tag (TPID {@code 0x8100}) may
 * follow the source address; the EtherType of the payload then follows the tag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Destination MAC address (48 bits)              |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                  Source MAC address (48 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |  Payload ...                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * With an 802.1Q tag, from offset 12 (IEEE 802.1Q clause 9.6):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         TPID (0x8100)         | PCP |D|   VLAN identifier     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |  Payload ...                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>PCP is the priority code point, D the drop eligible indicator (DEI); the three fields form the tag control
 * information (TCI). MAC addresses are longs as {@link MacAddress} describes.
 */
public final class EthernetFrame extends PacketView {
    public static final int DESTINATION = 0;
    public static final int SOURCE = 6;
    /** The EtherType of an untagged frame, or the TPID of a tagged one. */
    public static final int OUTER_ETHER_TYPE = 12;
    /** Tag control information of a tagged frame. */
    public static final int TCI = 14;
    /** The EtherType of a tagged frame. */
    public static final int INNER_ETHER_TYPE = 16;
    /** Length of the header of an untagged frame. */
    public static final int HEADER_LENGTH = 14;
    /** Length of an 802.1Q tag. */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Length of the header of a tagged frame. */
    public static final int TAGGED_HEADER_LENGTH = HEADER_LENGTH + VLAN_TAG_LENGTH;
    /** What {@link #vlanId()} returns for an untagged frame. */
    public static final int NO_VLAN = -1;
    /** The reserved VLAN identifier that must not be transmitted in a tag (IEEE 802.1Q table 9-2). */
    public static final int RESERVED_VLAN_ID = 0xfff;
    /** Largest priority code point. */
    public static final int MAX_PCP = 7;

    static final int DEI_BIT = 0x1000;
    static final int VID_MASK = 0x0fff;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public EthernetFrame wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds the whole header, tag included, and that it is an Ethernet II frame this view
     * reads: {@link WireStatus#BAD_FIELD} when the type/length field is an 802.3 length (below
     * {@link EtherType#MIN_ETHER_TYPE}), when the source address is a group address (IEEE 802.3 clause 3.2.3), when
     * the tag carries the reserved VLAN identifier 0xfff, or when a second VLAN tag follows the first (stacked tags
     * are not read). An untagged frame whose EtherType is {@link EtherType#QINQ} is accepted as an opaque EtherType.
     */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int outer = u16(OUTER_ETHER_TYPE);
        if (outer == EtherType.VLAN) {
            if (length < TAGGED_HEADER_LENGTH) {
                return WireStatus.TRUNCATED;
            }
            int inner = u16(INNER_ETHER_TYPE);
            if ((u16(TCI) & VID_MASK) == RESERVED_VLAN_ID || !EtherType.isEtherType(inner)
                || EtherType.isVlanTag(inner)) {
                return WireStatus.BAD_FIELD;
            }
        } else if (!EtherType.isEtherType(outer)) {
            return WireStatus.BAD_FIELD;
        }
        if (MacAddress.isMulticast(source())) {
            return WireStatus.BAD_FIELD;
        }
        return WireStatus.OK;
    }

    /** The destination MAC address. */
    public long destination() {
        return mac(DESTINATION);
    }

    /** Writes the destination MAC address (its low 48 bits). */
    public void setDestination(long address) {
        mac(DESTINATION, address);
    }

    /** The source MAC address. */
    public long source() {
        return mac(SOURCE);
    }

    /** Writes the source MAC address (its low 48 bits). */
    public void setSource(long address) {
        mac(SOURCE, address);
    }

    /** The 16 bits at offset 12: the EtherType of an untagged frame, {@link EtherType#VLAN} for a tagged one. */
    public int outerEtherType() {
        return u16(OUTER_ETHER_TYPE);
    }

    /** Writes the 16 bits at offset 12 as they are (the EtherType of an untagged frame, or a TPID). */
    public void setOuterEtherType(int value) {
        u16(OUTER_ETHER_TYPE, value);
    }

    /** Whether an 802.1Q tag follows the source address. */
    public boolean hasVlanTag() {
        return u16(OUTER_ETHER_TYPE) == EtherType.VLAN;
    }

    /** The tag control information (PCP, DEI and VID as on the wire), or 0 for an untagged frame. */
    public int tci() {
        return hasVlanTag() ? u16(TCI) : 0;
    }

    /** Writes the tag control information; the frame must be tagged. */
    public void setTci(int value) {
        u16(TCI, value);
    }

    /** The priority code point (0..7), or 0 for an untagged frame. */
    public int pcp() {
        return tci() >>> 13;
    }

    /** The drop eligible indicator, or false for an untagged frame. */
    public boolean dei() {
        return (tci() & DEI_BIT) != 0;
    }

    /** The VLAN identifier (0..4094; 0 for a priority-tagged frame), or {@link #NO_VLAN} for an untagged frame. */
    public int vlanId() {
        return hasVlanTag() ? u16(TCI) & VID_MASK : NO_VLAN;
    }

    /**
     * Makes this a tagged frame: writes the TPID {@code 0x8100} and the tag control information. The EtherType then
     * belongs at {@link #INNER_ETHER_TYPE}; nothing is moved, so this is for building a frame, not for pushing a tag
     * onto one.
     */
    public void setVlanTag(int pcp, boolean dei, int vlanId) {
        u16(OUTER_ETHER_TYPE, EtherType.VLAN);
        u16(TCI, ((pcp & MAX_PCP) << 13) | (dei ? DEI_BIT : 0) | (vlanId & VID_MASK));
    }

    /** The EtherType of the payload: the one after the tag when the frame is tagged. */
    public int etherType() {
        return u16(hasVlanTag() ? INNER_ETHER_TYPE : OUTER_ETHER_TYPE);
    }

    /**
     * Writes the EtherType of the payload: after the tag when the frame is tagged (so call {@link #setVlanTag}
     * first when building a tagged frame), at offset 12 otherwise.
     */
    public void setEtherType(int value) {
        u16(hasVlanTag() ? INNER_ETHER_TYPE : OUTER_ETHER_TYPE, value);
    }

    /** Length of the header, tag included: {@link #HEADER_LENGTH} or {@link #TAGGED_HEADER_LENGTH}. */
    public int headerLength() {
        return hasVlanTag() ? TAGGED_HEADER_LENGTH : HEADER_LENGTH;
    }

    /** Offset of the payload relative to the start of the view. */
    public int payloadOffset() {
        return headerLength();
    }

    /** Number of payload bytes in the window (link-layer padding included, since Ethernet II has no length). */
    public int payloadLength() {
        return length - headerLength();
    }

    /**
     * Addresses this frame back to where it came from, in place: the destination becomes the current source and the
     * source becomes {@code newSource}. With {@link ArpPacket#turnIntoReply} this answers a request without
     * allocating.
     */
    public void turnAround(long newSource) {
        mac(DESTINATION, mac(SOURCE));
        mac(SOURCE, newSource);
    }

    private long mac(int at) {
        return ((long) u16(at) << 32) | (u32(at + 2) & 0xffff_ffffL);
    }

    private void mac(int at, long address) {
        u16(at, (int) (address >>> 32));
        u32(at + 2, (int) address);
    }
}
