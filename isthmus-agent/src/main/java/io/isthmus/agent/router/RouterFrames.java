package io.isthmus.agent.router;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Writes the frames a virtual router originates on a subnet's link for its routing protocols: Ethernet from the
 * router's MAC, IPv4 from the router's address with TTL 1 and precedence internetwork control (RFC 2328 appendix
 * A.1, RFC 2453 section 3.9.2, RFC 1812 section 5.3.3.1), and for RIP a UDP header from port 520 to 520. A multicast
 * destination gets its group's MAC (RFC 1112 section 6.4). One instance owns one buffer and is used by one thread.
 */
public final class RouterFrames {
    /** IP TOS of routing protocol traffic: precedence 6, internetwork control. */
    public static final int INTERNETWORK_CONTROL = 0xc0;
    /** TTL of link-local routing protocol traffic. */
    public static final int LINK_TTL = 1;

    private final MemorySegment buffer = Arena.ofAuto().allocate(RouterServiceThread.MAX_FRAME, 8);
    private final EthernetFrame frame = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final UdpDatagram udp = new UdpDatagram();

    /** The buffer the last frame was written to, from offset 0. */
    public MemorySegment buffer() {
        return buffer;
    }

    /**
     * Writes an IPv4 packet of {@code protocol} carrying {@code payload} (position to limit, not consumed) from
     * {@code router} (at {@code routerMac}) to {@code destination} (at {@code destinationMac}, or the group's MAC
     * when {@code destination} is multicast).
     *
     * @return the frame's length, or -1 when the payload does not fit a frame
     */
    public int ipv4(long routerMac, long destinationMac, int router, int destination, int protocol,
                    ByteBuffer payload) {
        int payloadLength = payload.remaining();
        int ipLength = Ipv4Packet.HEADER_LENGTH + payloadLength;
        int frameLength = EthernetFrame.HEADER_LENGTH + ipLength;
        if (frameLength > buffer.byteSize()) {
            return -1;
        }
        frame.wrap(buffer, 0, frameLength);
        frame.setDestination(isMulticast(destination) ? MacAddress.ofIpv4Multicast(destination) : destinationMac);
        frame.setSource(routerMac);
        frame.setOuterEtherType(EtherType.IPV4);
        ip.wrap(buffer, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTos(INTERNETWORK_CONTROL);
        ip.setTotalLength(ipLength);
        ip.setIdentification(0);
        ip.setFlagsAndFragmentOffset(false, false, 0);
        ip.setTtl(LINK_TTL);
        ip.setProtocol(protocol);
        ip.setSource(router);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, buffer,
            EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH, payloadLength);
        return frameLength;
    }

    /**
     * Writes a UDP datagram from port {@code port} to the same port (RIP: 520 to 520, RFC 2453 section 3.9.2)
     * carrying {@code payload}, as {@link #ipv4} does.
     *
     * @return the frame's length, or -1 when the payload does not fit a frame
     */
    public int udp(long routerMac, long destinationMac, int router, int destination, int port, ByteBuffer payload) {
        int udpLength = UdpDatagram.HEADER_LENGTH + payload.remaining();
        int offset = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH;
        if (offset + udpLength > buffer.byteSize()) {
            return -1;
        }
        // The payload goes first, after room for the UDP header, so that ipv4() sees the whole datagram.
        MemorySegment.copy(MemorySegment.ofBuffer(payload), 0, buffer, offset + UdpDatagram.HEADER_LENGTH,
            payload.remaining());
        udp.wrap(buffer, offset, udpLength);
        udp.setSourcePort(port);
        udp.setDestinationPort(port);
        udp.setDatagramLength(udpLength);
        udp.fillChecksum(Checksum.ipv4PseudoHeader(router, destination, IpProtocol.UDP, udpLength));
        ByteBuffer datagram = buffer.asSlice(offset, udpLength).asByteBuffer();
        return ipv4(routerMac, destinationMac, router, destination, IpProtocol.UDP, datagram);
    }

    private static boolean isMulticast(int address) {
        return (address >>> 28) == 0xe;
    }
}
