package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv4Packet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Splits an IPv4 packet into fragments that fit an MTU, as a router does for a packet it may fragment (RFC 791
 * section 3.2, "fragmentation"; RFC 1812 section 4.2.2.7). Fragments are written one at a time into a buffer the caller
 * owns, so nothing is allocated: the caller asks for fragment 0, 1, ... until {@link #fragment} says there is none.
 *
 * <p>Every fragment's payload but the last is a multiple of 8 bytes. The first fragment carries the whole header; the
 * others carry only the options whose "copied" flag is set (RFC 791 section 3.1), padded to a 4-byte boundary. The
 * identification and DF are kept, offsets are the original's plus the fragment's, and MF is set on every fragment but
 * the last, which keeps the original's MF (a fragment may be fragmented again).
 */
final class Ipv4Fragmenter {
    /** The option type that ends the options list. */
    private static final int END_OF_OPTIONS = 0;
    /** The one-byte no-operation option. */
    private static final int NO_OPERATION = 1;
    /** The "copied" flag of an option type. */
    private static final int COPIED = 0x80;

    private final Ipv4Packet out = new Ipv4Packet();

    /** The number of fragments {@code packet} makes at {@code mtu}, or 0 when the MTU cannot hold any payload. */
    int count(Ipv4Packet packet, int mtu) {
        int first = firstPayload(packet, mtu);
        int later = laterPayload(packet, mtu);
        int payload = packet.payloadLength();
        if (first <= 0 || later <= 0) {
            return 0;
        }
        return payload <= first ? 1 : 1 + (payload - first + later - 1) / later;
    }

    /**
     * Writes fragment {@code index} of {@code packet} for {@code mtu} at {@code offset} of {@code buffer}.
     *
     * @return the fragment's length, or 0 when {@code index} is past the last fragment
     */
    int fragment(Ipv4Packet packet, int mtu, int index, MemorySegment buffer, long offset) {
        int payload = packet.payloadLength();
        int first = firstPayload(packet, mtu);
        int later = laterPayload(packet, mtu);
        if (first <= 0 || later <= 0) {
            return 0;
        }
        int start = index == 0 ? 0 : first + (index - 1) * later;
        if (index < 0 || start >= payload) {
            return 0;
        }
        int length = Math.min(payload - start, index == 0 ? first : later);
        int headerLength = index == 0 ? packet.headerLength() : copiedHeaderLength(packet);
        MemorySegment source = packet.segment();
        long base = packet.offset();
        MemorySegment.copy(source, base, buffer, offset, Ipv4Packet.HEADER_LENGTH);
        if (index == 0) {
            MemorySegment.copy(source, base + Ipv4Packet.HEADER_LENGTH, buffer, offset + Ipv4Packet.HEADER_LENGTH,
                headerLength - Ipv4Packet.HEADER_LENGTH);
        } else {
            writeCopiedOptions(packet, buffer, offset + Ipv4Packet.HEADER_LENGTH, headerLength);
        }
        MemorySegment.copy(source, base + packet.headerLength() + start, buffer, offset + headerLength, length);
        boolean last = start + length == payload;
        out.wrap(buffer, offset, headerLength + length);
        out.setVersionAndHeaderLength(headerLength);
        out.setTotalLength(headerLength + length);
        out.setFlagsAndFragmentOffset(packet.dontFragment(), !last || packet.moreFragments(),
            packet.fragmentOffset() + start / 8);
        out.fillHeaderChecksum();
        return headerLength + length;
    }

    /** The first fragment's payload: what fits after the whole header, a multiple of 8 unless it is all. */
    private static int firstPayload(Ipv4Packet packet, int mtu) {
        int room = mtu - packet.headerLength();
        return room >= packet.payloadLength() ? packet.payloadLength() : room & ~7;
    }

    /** A later fragment's payload: what fits after the copied options, a multiple of 8. */
    private static int laterPayload(Ipv4Packet packet, int mtu) {
        return (mtu - copiedHeaderLength(packet)) & ~7;
    }

    /** The header length of fragments after the first: 20 plus the copied options, padded to 4 bytes. */
    private static int copiedHeaderLength(Ipv4Packet packet) {
        return Ipv4Packet.HEADER_LENGTH + ((copyOptions(packet, null, 0) + 3) & ~3);
    }

    private static void writeCopiedOptions(Ipv4Packet packet, MemorySegment buffer, long to, int headerLength) {
        long written = to + copyOptions(packet, buffer, to);
        // Padding: end-of-options bytes up to the 4-byte boundary.
        for (long pad = to - Ipv4Packet.HEADER_LENGTH + headerLength; written < pad; written++) {
            buffer.set(ValueLayout.JAVA_BYTE, written, (byte) END_OF_OPTIONS);
        }
    }

    /**
     * Walks the options of {@code packet} up to the end of the list or a malformed option, copying those with the
     * "copied" flag to {@code to} of {@code buffer} (unless it is null); returns their length.
     */
    private static int copyOptions(Ipv4Packet packet, MemorySegment buffer, long to) {
        int copied = 0;
        MemorySegment segment = packet.segment();
        long at = packet.offset() + Ipv4Packet.HEADER_LENGTH;
        long end = packet.offset() + packet.headerLength();
        while (at < end) {
            int type = segment.get(ValueLayout.JAVA_BYTE, at) & 0xff;
            if (type == END_OF_OPTIONS) {
                break;
            }
            int length = optionLength(segment, at, end, type);
            if (length <= 0) {
                break;
            }
            if ((type & COPIED) != 0) {
                if (buffer != null) {
                    MemorySegment.copy(segment, at, buffer, to + copied, length);
                }
                copied += length;
            }
            at += length;
        }
        return copied;
    }

    /** The length of the option at {@code at}, or 0 when it is malformed (which ends the walk). */
    private static int optionLength(MemorySegment segment, long at, long end, int type) {
        if (type == NO_OPERATION) {
            return 1;
        }
        if (at + 1 >= end) {
            return 0;
        }
        int length = segment.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff;
        return length < 2 || at + length > end ? 0 : length;
    }
}
