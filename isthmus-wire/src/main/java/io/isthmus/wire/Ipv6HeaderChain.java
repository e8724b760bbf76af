package io.isthmus.wire;

import java.lang.foreign.ValueLayout;

/**
 * Walks the extension header chain of an IPv6 packet (RFC 8200 section 4) to the upper-layer header. A mutable
 * result holder, reused per packet: {@link #walk} never allocates.
 *
 * <p>After a walk with {@link WireStatus#OK}: {@link #upperLayerProtocol()} is the first next-header value that is
 * not an extension header, {@link #upperLayerOffset()} where it starts (relative to the IPv6 header), and
 * {@link #fragmentHeaderOffset()} the offset of the fragment header, or -1 when there is none. Headers after a
 * fragment header of a non-first fragment are not walked: the upper-layer protocol is then the fragment header's
 * next header and the upper-layer offset is right after the fragment header. ESP (50) and No Next Header (59) end
 * the chain like an upper-layer protocol; so does any value {@link IpProtocol#isIpv6ExtensionHeader} does not
 * know, which is passed through rather than rejected.
 *
 * <p>Rejections (the walk stops; {@link #errorOffset()} then holds the offset, relative to the IPv6 header, of the
 * octet at fault, fit for the pointer of an ICMPv6 Parameter Problem, RFC 4443 section 3.4):
 * <ul>
 * <li>{@link WireStatus#TRUNCATED}: an extension header runs past the packet (RFC 7112: the first fragment must hold
 *     the whole chain); the pointer is the start of that header.</li>
 * <li>{@link WireStatus#BAD_OPTION}: a hop-by-hop header anywhere but right after the IPv6 header (RFC 8200
 *     section 4.1; pointer: the next header field naming it, as for code 1); a second fragment header; more than
 *     {@link #MAX_HEADERS} extension headers (pointer: the next header field naming the one too many).</li>
 * <li>{@link WireStatus#BAD_HEADER_LENGTH}: an AH whose length is not a multiple of eight octets (RFC 4302
 *     section 2.2); the pointer is its length field.</li>
 * <li>{@link WireStatus#BAD_LENGTH}: a fragment with M set whose fragment data is not a multiple of eight octets
 *     (pointer: the payload length field, 4), or one that would reassemble beyond 65,535 octets of payload
 *     (pointer: its fragment offset field), both per RFC 8200 section 4.5.</li>
 * </ul>
 * On a rejection the other accessors describe the chain as far as it was walked.
 */
public final class Ipv6HeaderChain {
    /**
     * Upper bound on extension headers walked; longer chains are reported as {@link WireStatus#BAD_OPTION}. RFC 8200
     * expects at most one of each type (two destination options), about six in all; 16 leaves room for unusual but
     * legitimate chains while bounding the work an attacker can cause.
     */
    public static final int MAX_HEADERS = 16;

    private static final int MAX_PAYLOAD_LENGTH = 0xffff;

    private int upperLayerProtocol;
    private int upperLayerOffset;
    private int nextHeaderFieldOffset;
    private int fragmentHeaderOffset;
    private int routingHeaderSegmentsLeft;
    private int routingHeaderOffset;
    private int headerCount;
    private int errorOffset;

    /** Walks the chain of {@code packet}, whose {@code checkLength()} must have returned OK. */
    public WireStatus walk(Ipv6Packet packet) {
        upperLayerOffset = Ipv6Packet.HEADER_LENGTH;
        upperLayerProtocol = packet.nextHeader();
        nextHeaderFieldOffset = Ipv6Packet.NEXT_HEADER;
        fragmentHeaderOffset = -1;
        routingHeaderOffset = -1;
        routingHeaderSegmentsLeft = 0;
        headerCount = 0;
        errorOffset = -1;
        int end = packet.length();
        var segment = packet.segment();
        long base = packet.offset();
        while (IpProtocol.isIpv6ExtensionHeader(upperLayerProtocol)) {
            int at = upperLayerOffset;
            if (++headerCount > MAX_HEADERS) {
                return fail(WireStatus.BAD_OPTION, nextHeaderFieldOffset);
            }
            // RFC 8200 section 4.1: hop-by-hop options only immediately after the IPv6 header.
            if (upperLayerProtocol == IpProtocol.HOP_BY_HOP && at != Ipv6Packet.HEADER_LENGTH) {
                return fail(WireStatus.BAD_OPTION, nextHeaderFieldOffset);
            }
            if (end - at < Ipv6ExtensionHeader.MIN_LENGTH) {
                return fail(WireStatus.TRUNCATED, at);
            }
            int next = segment.get(ValueLayout.JAVA_BYTE, base + at) & 0xff;
            int headerLength = Ipv6ExtensionHeader.headerLength(upperLayerProtocol,
                segment.get(ValueLayout.JAVA_BYTE, base + at + 1) & 0xff);
            if (headerLength < 0) {
                return fail(WireStatus.BAD_HEADER_LENGTH, at + Ipv6ExtensionHeader.HEADER_EXT_LENGTH);
            }
            if (end - at < headerLength) {
                return fail(WireStatus.TRUNCATED, at);
            }
            if (upperLayerProtocol == IpProtocol.IPV6_FRAGMENT) {
                if (fragmentHeaderOffset >= 0) {
                    return fail(WireStatus.BAD_OPTION, nextHeaderFieldOffset);
                }
                fragmentHeaderOffset = at;
                int offsetFlags = segment.get(PacketView.U16, base + at + Ipv6FragmentHeader.OFFSET_FLAGS) & 0xffff;
                int offsetBytes = (offsetFlags >>> 3) * 8;
                int dataLength = end - (at + Ipv6FragmentHeader.LENGTH);
                // RFC 8200 section 4.5: all but the last fragment carry a multiple of eight octets...
                if ((offsetFlags & 1) != 0 && (dataLength & 7) != 0) {
                    return fail(WireStatus.BAD_LENGTH, Ipv6Packet.PAYLOAD_LENGTH);
                }
                // ...and none may reassemble (per-fragment headers, less this one, plus the fragmentable part)
                // into more than the largest payload length.
                if ((at - Ipv6Packet.HEADER_LENGTH) + offsetBytes + dataLength > MAX_PAYLOAD_LENGTH) {
                    return fail(WireStatus.BAD_LENGTH, at + Ipv6FragmentHeader.OFFSET_FLAGS);
                }
                if (offsetBytes != 0) {
                    // A non-first fragment: what follows is the middle of the original payload.
                    nextHeaderFieldOffset = at + Ipv6ExtensionHeader.NEXT_HEADER;
                    upperLayerProtocol = next;
                    upperLayerOffset = at + headerLength;
                    return WireStatus.OK;
                }
            } else if (upperLayerProtocol == IpProtocol.IPV6_ROUTING) {
                routingHeaderOffset = at;
                routingHeaderSegmentsLeft = segment.get(ValueLayout.JAVA_BYTE,
                    base + at + Ipv6ExtensionHeader.SEGMENTS_LEFT) & 0xff;
            }
            nextHeaderFieldOffset = at + Ipv6ExtensionHeader.NEXT_HEADER;
            upperLayerProtocol = next;
            upperLayerOffset = at + headerLength;
        }
        return WireStatus.OK;
    }

    private WireStatus fail(WireStatus status, int pointer) {
        errorOffset = pointer;
        return status;
    }

    /** The first next-header value that is not an extension header (or the protocol of a non-first fragment). */
    public int upperLayerProtocol() {
        return upperLayerProtocol;
    }

    /** Offset of the upper-layer header relative to the IPv6 header. */
    public int upperLayerOffset() {
        return upperLayerOffset;
    }

    /**
     * Offset, relative to the IPv6 header, of the next header field that holds {@link #upperLayerProtocol()}: 6 (the
     * fixed header's) without extension headers, else the first octet of the last extension header walked. A
     * translator rewrites it there.
     */
    public int nextHeaderFieldOffset() {
        return nextHeaderFieldOffset;
    }

    /** Offset of the fragment header relative to the IPv6 header, or -1. */
    public int fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /** Whether the chain holds a fragment header. */
    public boolean hasFragmentHeader() {
        return fragmentHeaderOffset >= 0;
    }

    /** Whether the chain walked holds a routing header. */
    public boolean hasRoutingHeader() {
        return routingHeaderOffset >= 0;
    }

    /** Offset of the last routing header walked relative to the IPv6 header, or -1 without one. */
    public int routingHeaderOffset() {
        return routingHeaderOffset;
    }

    /** Segments left of the last routing header walked (0 without one). */
    public int routingHeaderSegmentsLeft() {
        return routingHeaderSegmentsLeft;
    }

    /** Number of extension headers walked. */
    public int headerCount() {
        return headerCount;
    }

    /**
     * After a walk that did not return OK, the offset relative to the IPv6 header of the octet at fault (the ICMPv6
     * Parameter Problem pointer); -1 after an OK walk.
     */
    public int errorOffset() {
        return errorOffset;
    }
}
