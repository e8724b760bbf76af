package io.isthmus.wire;

/**
 * A valid IPv6 fragment header (RFC 8200 section 4.5) as a value. Reserved fields are not represented: they are
 * ignored on parse and written zero on emit.
 *
 * @param nextHeader     type of the header after the fragment header in the original packet (0..255)
 * @param fragmentOffset offset of the fragment's data in 8-octet units (0..8191)
 * @param moreFragments  the M flag
 * @param identification identification shared by all fragments of the original packet
 */
public record Ipv6FragmentRepr(int nextHeader, int fragmentOffset, boolean moreFragments, int identification) {

    /** Validates ranges; throws {@link IllegalArgumentException} for invalid values. */
    public Ipv6FragmentRepr {
        if (nextHeader < 0 || nextHeader > 0xff) {
            throw new IllegalArgumentException("next header out of range 0..255: " + nextHeader);
        }
        if (fragmentOffset < 0 || fragmentOffset > Ipv6FragmentHeader.MAX_FRAGMENT_OFFSET) {
            throw new IllegalArgumentException("fragment offset out of range 0..8191: " + fragmentOffset);
        }
    }

    /**
     * Reads the header of {@code header}; throws {@link MalformedPacketException} unless its
     * {@link Ipv6FragmentHeader#checkLength()} is OK.
     */
    public static Ipv6FragmentRepr parse(Ipv6FragmentHeader header) {
        MalformedPacketException.requireOk(header.checkLength(), "IPv6 fragment header");
        return new Ipv6FragmentRepr(header.nextHeader(), header.fragmentOffset(), header.moreFragments(),
            header.identification());
    }

    /**
     * Writes the header into {@code header}, whose window must hold at least eight bytes
     * ({@link IllegalArgumentException} otherwise).
     */
    public void emit(Ipv6FragmentHeader header) {
        if (header.length() < bufferLength()) {
            throw new IllegalArgumentException("fragment header needs 8 bytes, window has " + header.length());
        }
        header.fill(nextHeader, fragmentOffset, moreFragments, identification);
    }

    /** Length of the emitted header: 8. */
    public int bufferLength() {
        return Ipv6FragmentHeader.LENGTH;
    }

    /** Offset of the fragment's data in bytes. */
    public int fragmentOffsetBytes() {
        return fragmentOffset * 8;
    }
}
