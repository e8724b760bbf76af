package io.isthmus.wire;

/**
 * The header of an Ethernet II frame as values: addresses, payload EtherType and an optional 802.1Q tag. The payload
 * is not part of it; {@link #bufferLength()} is the header length, and the payload follows at that offset.
 *
 * @param destination the destination MAC address (48 bits, as {@link MacAddress} describes)
 * @param source      the source MAC address: an individual address
 * @param etherType   the EtherType of the payload (at least {@link EtherType#MIN_ETHER_TYPE}, not a VLAN TPID)
 * @param vlanTag     the 802.1Q tag, or {@code null} for an untagged frame
 */
public record EthernetRepr(long destination, long source, int etherType, VlanTag vlanTag) {

    /**
     * An IEEE 802.1Q tag's control information.
     *
     * @param pcp    priority code point, 0..7
     * @param dei    drop eligible indicator
     * @param vlanId VLAN identifier, 0..4094 (0 tags priority only)
     */
    public record VlanTag(int pcp, boolean dei, int vlanId) {
        /** Throws {@link IllegalArgumentException} when a field is out of its range. */
        public VlanTag {
            if (pcp < 0 || pcp > EthernetFrame.MAX_PCP) {
                throw new IllegalArgumentException("802.1Q PCP out of range: " + pcp);
            }
            if (vlanId < 0 || vlanId >= EthernetFrame.RESERVED_VLAN_ID) {
                throw new IllegalArgumentException("802.1Q VLAN id out of range: " + vlanId);
            }
        }
    }

    /** Throws {@link IllegalArgumentException} for values {@link EthernetFrame#checkLength()} would reject. */
    public EthernetRepr {
        if (!MacAddress.isValid(destination)) {
            throw new IllegalArgumentException("destination MAC wider than 48 bits: " + Long.toHexString(destination));
        }
        if (!MacAddress.isValid(source) || MacAddress.isMulticast(source)) {
            throw new IllegalArgumentException("source MAC must be an individual 48-bit address: "
                + Long.toHexString(source));
        }
        // Untagged, 0x8100 would read as a tag; tagged, a second tag is not supported (a QinQ S-TAG type is opaque
        // when untagged).
        if (!EtherType.isEtherType(etherType) || etherType == EtherType.VLAN
            || (vlanTag != null && EtherType.isVlanTag(etherType))) {
            throw new IllegalArgumentException("not a payload EtherType: 0x" + Integer.toHexString(etherType));
        }
    }

    /** An untagged frame header. */
    public static EthernetRepr untagged(long destination, long source, int etherType) {
        return new EthernetRepr(destination, source, etherType, null);
    }

    /** A frame header with an 802.1Q tag. */
    public static EthernetRepr tagged(long destination, long source, int pcp, boolean dei, int vlanId, int etherType) {
        return new EthernetRepr(destination, source, etherType, new VlanTag(pcp, dei, vlanId));
    }

    /** Whether the frame carries an 802.1Q tag. */
    public boolean hasVlanTag() {
        return vlanTag != null;
    }

    /**
     * Reads the header of {@code frame} after checking it.
     *
     * @throws MalformedPacketException when {@link EthernetFrame#checkLength()} rejects the frame
     */
    public static EthernetRepr parse(EthernetFrame frame) {
        MalformedPacketException.requireOk(frame.checkLength(), "Ethernet frame");
        VlanTag tag = frame.hasVlanTag() ? new VlanTag(frame.pcp(), frame.dei(), frame.vlanId()) : null;
        return new EthernetRepr(frame.destination(), frame.source(), frame.etherType(), tag);
    }

    /** Writes the header into {@code frame}, whose window must hold at least {@link #bufferLength()} bytes. */
    public void emit(EthernetFrame frame) {
        frame.setDestination(destination);
        frame.setSource(source);
        if (vlanTag != null) {
            frame.setVlanTag(vlanTag.pcp(), vlanTag.dei(), vlanTag.vlanId());
            frame.setEtherType(etherType);
        } else {
            frame.setOuterEtherType(etherType);
        }
    }

    /** Length of the header this record emits. */
    public int bufferLength() {
        return vlanTag != null ? EthernetFrame.TAGGED_HEADER_LENGTH : EthernetFrame.HEADER_LENGTH;
    }
}
