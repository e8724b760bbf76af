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
 * next header and the upper-layer offset is right after the fragment header.
 */
public final class Ipv6HeaderChain {
    /** Upper bound on extension headers walked; longer chains are reported as {@link WireStatus#BAD_OPTION}. */
    public static final int MAX_HEADERS = 16;

    private int upperLayerProtocol;
    private int upperLayerOffset;
    private int fragmentHeaderOffset;
    private int routingHeaderSegmentsLeft;
    private int routingHeaderOffset;
    private int headerCount;

    /** Walks the chain of {@code packet}, whose {@code checkLength()} must have returned OK. */
    public WireStatus walk(Ipv6Packet packet) {
        upperLayerOffset = Ipv6Packet.HEADER_LENGTH;
        upperLayerProtocol = packet.nextHeader();
        fragmentHeaderOffset = -1;
        routingHeaderOffset = -1;
        routingHeaderSegmentsLeft = 0;
        headerCount = 0;
        int end = packet.length();
        var segment = packet.segment();
        long base = packet.offset();
        while (IpProtocol.isIpv6ExtensionHeader(upperLayerProtocol)) {
            if (++headerCount > MAX_HEADERS) {
                return WireStatus.BAD_OPTION;
            }
            int at = upperLayerOffset;
            if (end - at < 8) {
                return WireStatus.TRUNCATED;
            }
            int next = segment.get(ValueLayout.JAVA_BYTE, base + at) & 0xff;
            int lengthField = segment.get(ValueLayout.JAVA_BYTE, base + at + 1) & 0xff;
            int headerLength;
            if (upperLayerProtocol == IpProtocol.IPV6_FRAGMENT) {
                if (fragmentHeaderOffset >= 0) {
                    return WireStatus.BAD_OPTION;
                }
                headerLength = Ipv6FragmentHeader.LENGTH;
                fragmentHeaderOffset = at;
                int offsetFlags = segment.get(PacketView.U16, base + at + 2) & 0xffff;
                if ((offsetFlags >>> 3) != 0) {
                    upperLayerProtocol = next;
                    upperLayerOffset = at + headerLength;
                    return WireStatus.OK;
                }
            } else if (upperLayerProtocol == IpProtocol.AH) {
                headerLength = (lengthField + 2) * 4;
            } else {
                headerLength = (lengthField + 1) * 8;
                if (upperLayerProtocol == IpProtocol.IPV6_ROUTING) {
                    routingHeaderOffset = at;
                    routingHeaderSegmentsLeft = segment.get(ValueLayout.JAVA_BYTE, base + at + 3)
                        & 0xff;
                }
            }
            if (end - at < headerLength) {
                return WireStatus.TRUNCATED;
            }
            upperLayerProtocol = next;
            upperLayerOffset = at + headerLength;
        }
        return WireStatus.OK;
    }

    /** The first next-header value that is not an extension header (or the protocol of a non-first fragment). */
    public int upperLayerProtocol() {
        return upperLayerProtocol;
    }

    /** Offset of the upper-layer header relative to the IPv6 header. */
    public int upperLayerOffset() {
        return upperLayerOffset;
    }

    /** Offset of the fragment header relative to the IPv6 header, or -1. */
    public int fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    public boolean hasFragmentHeader() {
        return fragmentHeaderOffset >= 0;
    }

    public boolean hasRoutingHeader() {
        return routingHeaderOffset >= 0;
    }

    /** Offset of the last routing header walked relative to the IPv6 header, or -1. */
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
}
