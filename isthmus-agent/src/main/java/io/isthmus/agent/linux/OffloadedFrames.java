package io.isthmus.agent.linux;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.PacketView;
import io.isthmus.wire.TcpSegment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns what a packet socket with {@code PACKET_VNET_HDR} reads (a {@code struct virtio_net_hdr}, then the frame as
 * the sending stack left it) into the frames a device without offloads would have carried, as the kernel's
 * {@code skb_checksum_help} and {@code skb_gso_segment} do:
 *
 * <ul>
 *   <li>{@link #F_NEEDS_CSUM}: the transport checksum was left to the device; it is computed over
 *       {@code [csum_start, end)} and stored at {@code csum_start + csum_offset};</li>
 *   <li>{@link #GSO_TCPV4}: one TCP/IPv4 packet larger than the MTU stands for several; it is cut into segments of
 *       {@code gso_size} payload bytes, each with its IPv4 total length, identification (the first one's plus the
 *       segment's number) and header checksum, its TCP sequence number and checksum, FIN and PSH on the last
 *       segment only and CWR on the first only;</li>
 *   <li>any other GSO type is passed on as it is (the data plane drops it as longer than the MTU or not IPv4).</li>
 * </ul>
 *
 * <p>{@link #accept} takes one read, then {@link #next} hands out its frames one by one. Nothing here allocates: the
 * read buffer is the caller's, the views are reused. One thread at a time.
 *
 * <p>{@code struct virtio_net_hdr} ({@code include/uapi/linux/virtio_net.h}), in the host's byte order (the legacy
 * layout the packet socket uses):
 *
 * <pre>
 *  0      1      2             4             6             8             10
 * +------+------+-------------+-------------+-------------+-------------+
 * |flags |gso   | hdr_len     | gso_size    | csum_start  | csum_offset |
 * +------+------+-------------+-------------+-------------+-------------+
 * </pre>
 */
final class OffloadedFrames {
    /** Size of {@code struct virtio_net_hdr}. */
    static final int HEADER_SIZE = 10;
    /** {@code flags}: the checksum at {@code csum_start + csum_offset} is still to be computed. */
    static final int F_NEEDS_CSUM = 1;
    /** {@code gso_type}: not a GSO packet. */
    static final int GSO_NONE = 0;
    /** {@code gso_type}: TCP over IPv4. */
    static final int GSO_TCPV4 = 1;
    /** {@code gso_type} flag: the packet carries ECN; segments are cut the same way. */
    static final int GSO_ECN = 0x80;

    private static final int FLAGS = 0;
    private static final int GSO_TYPE = 1;
    private static final int GSO_SIZE = 4;
    private static final int CSUM_START = 6;
    private static final int CSUM_OFFSET = 8;
    private static final ValueLayout.OfShort HOST_U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final int CSUM_MANGLED_0 = 0xffff;

    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();

    private MemorySegment source;
    /** Where the frame starts in {@link #source}. */
    private long frame;
    private int frameLength;
    /** Whether a frame (or the rest of a GSO packet) waits in {@link #source}. */
    private boolean pending;
    // GSO state: headers to copy, the segment payload size, the next payload byte, the segment's number.
    private int headerLength;
    private int ipOffset;
    private int tcpOffset;
    private int segmentSize;
    private int nextPayload;
    private int segmentNumber;
    private int firstSequence;
    private int firstIdentification;
    private int originalFlags;

    /** Whether {@link #next} has a frame to hand out. */
    boolean hasPending() {
        return pending;
    }

    /**
     * Takes {@code length} bytes read at {@code offset} of {@code buffer}: a virtio-net header, then a frame. The
     * buffer stays in use until {@link #next} has handed out every frame of it.
     *
     * @return false (and nothing pending) when the read is shorter than the header
     */
    boolean accept(MemorySegment buffer, long offset, int length) {
        if (length < HEADER_SIZE) {
            pending = false;
            return false;
        }
        source = buffer;
        frame = offset + HEADER_SIZE;
        frameLength = length - HEADER_SIZE;
        int flags = buffer.get(ValueLayout.JAVA_BYTE, offset + FLAGS) & 0xff;
        int gsoType = buffer.get(ValueLayout.JAVA_BYTE, offset + GSO_TYPE) & 0xff;
        segmentSize = 0;
        if ((gsoType & ~GSO_ECN) == GSO_TCPV4) {
            int gsoSize = buffer.get(HOST_U16, offset + GSO_SIZE) & 0xffff;
            if (startSegmentation(gsoSize)) {
                pending = true;
                return true;
            }
        }
        if ((flags & F_NEEDS_CSUM) != 0) {
            completeChecksum(buffer.get(HOST_U16, offset + CSUM_START) & 0xffff,
                buffer.get(HOST_U16, offset + CSUM_OFFSET) & 0xffff);
        }
        pending = true;
        return true;
    }

    private void completeChecksum(int start, int fieldOffset) {
        if (start + fieldOffset + 2 > frameLength) {
            return;
        }
        // The field holds the pseudo-header sum; the sum over [start, end) including it gives the checksum.
        int sum = Checksum.sum(source, frame + start, frameLength - start, 0);
        int value = Checksum.finish(sum);
        source.set(PacketView.U16, frame + start + fieldOffset, (short) (value == 0 ? CSUM_MANGLED_0 : value));
    }

    private boolean startSegmentation(int gsoSize) {
        if (gsoSize == 0 || frameLength < EthernetFrame.HEADER_LENGTH
            || (source.get(PacketView.U16, frame + EthernetFrame.OUTER_ETHER_TYPE) & 0xffff) != EtherType.IPV4) {
            return false;
        }
        ipOffset = EthernetFrame.HEADER_LENGTH;
        ip.wrap(source, frame + ipOffset, frameLength - ipOffset);
        // The total length of a GSO packet may be zero (BIG TCP) or stale: the read length counts.
        if (frameLength - ipOffset < Ipv4Packet.HEADER_LENGTH || ip.version() != 4
            || ip.headerLength() < Ipv4Packet.HEADER_LENGTH || ip.protocol() != IpProtocol.TCP) {
            return false;
        }
        tcpOffset = ipOffset + ip.headerLength();
        if (frameLength - tcpOffset < TcpSegment.HEADER_LENGTH) {
            return false;
        }
        tcp.wrap(source, frame + tcpOffset, frameLength - tcpOffset);
        headerLength = tcpOffset + tcp.headerLength();
        if (tcp.headerLength() < TcpSegment.HEADER_LENGTH || headerLength > frameLength) {
            return false;
        }
        segmentSize = gsoSize;
        nextPayload = headerLength;
        segmentNumber = 0;
        firstSequence = tcp.sequenceNumber();
        firstIdentification = ip.identification();
        originalFlags = tcp.flags();
        return true;
    }

    /**
     * Copies the next frame into {@code out} at {@code offset}, truncated to {@code maxLength}.
     *
     * @return the frame's length (before truncation is applied to the copy), or 0 when nothing is pending
     */
    int next(MemorySegment out, long offset, int maxLength) {
        if (!pending) {
            return 0;
        }
        if (segmentSize == 0) {
            pending = false;
            int copied = Math.min(frameLength, maxLength);
            MemorySegment.copy(source, frame, out, offset, copied);
            return copied;
        }
        int payload = Math.min(segmentSize, frameLength - nextPayload);
        int length = headerLength + payload;
        if (length > maxLength) {
            // Never for the agent's buffers; a segment that does not fit is dropped with the rest of its packet.
            pending = false;
            return 0;
        }
        boolean last = nextPayload + payload >= frameLength;
        MemorySegment.copy(source, frame, out, offset, headerLength);
        MemorySegment.copy(source, frame + nextPayload, out, offset + headerLength, payload);
        ip.wrap(out, offset + ipOffset, length - ipOffset);
        ip.setTotalLength(length - ipOffset);
        ip.setIdentification((firstIdentification + segmentNumber) & 0xffff);
        ip.fillHeaderChecksum();
        tcp.wrap(out, offset + tcpOffset, length - tcpOffset);
        tcp.setSequenceNumber(firstSequence + (nextPayload - headerLength));
        int flags = originalFlags;
        if (!last) {
            flags &= ~(TcpSegment.FIN | TcpSegment.PSH);
        }
        if (segmentNumber > 0) {
            // RFC 3168 section 6.1.2: CWR marks the first segment sent after the window was reduced.
            flags &= ~TcpSegment.CWR;
        }
        tcp.setFlags(flags);
        tcp.setChecksum(0);
        tcp.fillChecksum(ip.pseudoHeaderSum(length - tcpOffset));
        nextPayload += payload;
        segmentNumber++;
        pending = !last;
        return length;
    }
}
