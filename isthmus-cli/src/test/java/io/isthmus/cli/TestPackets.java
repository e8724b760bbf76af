package io.isthmus.cli;

import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;

/** Builds valid raw IPv4 and IPv6 test packets with the wire views. */
public final class TestPackets {
    private TestPackets() {
    }

    /** An IPv4 UDP packet with {@code payload} zero bytes of data and a valid UDP checksum. */
    public static byte[] ipv4Udp(String source, String destination, int ttl, boolean dontFragment,
                                 int sourcePort, int destinationPort, int payload) {
        int transport = UdpDatagram.HEADER_LENGTH + payload;
        byte[] bytes = ipv4Header(source, destination, ttl, dontFragment, IpProtocol.UDP, transport);
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, bytes.length);
        UdpDatagram udp = new UdpDatagram().wrap(s, Ipv4Packet.HEADER_LENGTH, transport);
        udp.setSourcePort(sourcePort);
        udp.setDestinationPort(destinationPort);
        udp.setDatagramLength(transport);
        fillPayload(bytes, Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH);
        udp.fillChecksum(ip.pseudoHeaderSum(transport));
        return bytes;
    }

    /** An IPv4 TCP SYN with a valid checksum. */
    public static byte[] ipv4TcpSyn(String source, String destination, int sourcePort, int destinationPort) {
        int transport = TcpSegment.HEADER_LENGTH;
        byte[] bytes = ipv4Header(source, destination, 64, true, IpProtocol.TCP, transport);
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, bytes.length);
        TcpSegment tcp = new TcpSegment().wrap(s, Ipv4Packet.HEADER_LENGTH, transport);
        tcp.setSourcePort(sourcePort);
        tcp.setDestinationPort(destinationPort);
        tcp.setHeaderLength(TcpSegment.HEADER_LENGTH);
        tcp.setFlags(TcpSegment.SYN);
        tcp.setWindow(65535);
        tcp.fillChecksum(ip.pseudoHeaderSum(transport));
        return bytes;
    }

    /** An IPv6 ICMPv6 echo request with {@code payload} bytes of data and a valid checksum. */
    public static byte[] ipv6EchoRequest(String source, String destination, int hopLimit, int payload) {
        int transport = Icmpv6Packet.HEADER_LENGTH + payload;
        byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + transport];
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, bytes.length);
        ip.setVersionClassFlow(0, 0);
        ip.setPayloadLength(transport);
        ip.setNextHeader(IpProtocol.ICMPV6);
        ip.setHopLimit(hopLimit);
        Ipv6Address src = Ipv6Address.parse(source);
        Ipv6Address dst = Ipv6Address.parse(destination);
        ip.setSource(src.high(), src.low());
        ip.setDestination(dst.high(), dst.low());
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(s, Ipv6Packet.HEADER_LENGTH, transport);
        icmp.setType(Icmpv6Packet.ECHO_REQUEST);
        icmp.setCode(0);
        icmp.setRestOfHeader((7 << 16) | 1);
        fillPayload(bytes, Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH);
        icmp.fillChecksum(ip.pseudoHeaderSum(IpProtocol.ICMPV6, transport));
        return bytes;
    }

    private static byte[] ipv4Header(String source, String destination, int ttl, boolean dontFragment,
                                     int protocol, int transportLength) {
        byte[] bytes = new byte[Ipv4Packet.HEADER_LENGTH + transportLength];
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(bytes.length);
        ip.setIdentification(0x1234);
        ip.setFlagsAndFragmentOffset(dontFragment, false, 0);
        ip.setTtl(ttl);
        ip.setProtocol(protocol);
        ip.setSource(Ipv4Address.parse(source));
        ip.setDestination(Ipv4Address.parse(destination));
        ip.fillHeaderChecksum();
        return bytes;
    }

    private static void fillPayload(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
    }
}
