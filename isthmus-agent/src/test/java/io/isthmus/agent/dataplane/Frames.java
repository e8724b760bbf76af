package io.isthmus.agent.dataplane;

import io.isthmus.wire.ArpPacket;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Builds test frames with the wire views. */
final class Frames {
    static final int ETH = EthernetFrame.HEADER_LENGTH;

    private Frames() {
    }

    /** An Ethernet frame holding an ARP request (or another operation) from {@code senderMac}. */
    static MemorySegment arp(long senderMac, int operation, int senderIp, int targetIp) {
        MemorySegment s = Arena.ofAuto().allocate(ETH + ArpPacket.LENGTH);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, (int) s.byteSize());
        eth.setDestination(0xffff_ffff_ffffL);
        eth.setSource(senderMac);
        eth.setOuterEtherType(EtherType.ARP);
        ArpPacket arp = new ArpPacket().wrap(s, ETH, ArpPacket.LENGTH);
        arp.setEthernetIpv4();
        arp.setOperation(operation);
        arp.setSenderHardwareAddress(senderMac);
        arp.setSenderProtocolAddress(senderIp);
        arp.setTargetHardwareAddress(0);
        arp.setTargetProtocolAddress(targetIp);
        return s;
    }

    static MemorySegment arpRequest(long senderMac, int senderIp, int targetIp) {
        return arp(senderMac, ArpPacket.REQUEST, senderIp, targetIp);
    }

    /** An Ethernet frame holding an IPv4 UDP datagram (ports 1234 to 5678) with valid checksums. */
    static MemorySegment udp(long sourceMac, long destinationMac, int source, int destination, int ttl,
                             byte[] payload) {
        int udpLength = UdpDatagram.HEADER_LENGTH + payload.length;
        int ipLength = Ipv4Packet.HEADER_LENGTH + udpLength;
        MemorySegment s = Arena.ofAuto().allocate(ETH + ipLength);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, (int) s.byteSize());
        eth.setDestination(destinationMac);
        eth.setSource(sourceMac);
        eth.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, ETH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTos(0);
        ip.setTotalLength(ipLength);
        ip.setIdentification(0x4242);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(ttl);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(source);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        UdpDatagram udp = new UdpDatagram().wrap(s, ETH + Ipv4Packet.HEADER_LENGTH, udpLength);
        udp.setSourcePort(1234);
        udp.setDestinationPort(5678);
        udp.setDatagramLength(udpLength);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, s, ETH + Ipv4Packet.HEADER_LENGTH
            + UdpDatagram.HEADER_LENGTH, payload.length);
        udp.fillChecksum(ip.pseudoHeaderSum(udpLength));
        return s;
    }

    /** An Ethernet frame holding an ICMP echo request (identifier 0x1234, sequence 7) with valid checksums. */
    static MemorySegment echoRequest(long sourceMac, long destinationMac, int source, int destination, int ttl,
                                     byte[] payload) {
        MemorySegment s = udp(sourceMac, destinationMac, source, destination, ttl, payload);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, ETH, (int) s.byteSize() - ETH);
        ip.setProtocol(IpProtocol.ICMP);
        ip.fillHeaderChecksum();
        int icmpLength = ip.totalLength() - Ipv4Packet.HEADER_LENGTH;
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength);
        icmp.setType(Icmpv4Packet.ECHO_REQUEST);
        icmp.setCode(0);
        icmp.setChecksum(0);
        icmp.setIdentifier(0x1234);
        icmp.setSequence(7);
        icmp.setChecksum(Checksum.finish(Checksum.sum(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength, 0)));
        return s;
    }

    /** An Ethernet frame holding an IPv4 TCP SYN from {@code sourcePort} to {@code destinationPort}, checksums valid. */
    static MemorySegment tcpSyn(long sourceMac, long destinationMac, int source, int destination, int ttl,
                                int sourcePort, int destinationPort) {
        MemorySegment s = udp(sourceMac, destinationMac, source, destination, ttl, new byte[TcpSegment.HEADER_LENGTH
            - UdpDatagram.HEADER_LENGTH]);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, ETH, (int) s.byteSize() - ETH);
        ip.setProtocol(IpProtocol.TCP);
        ip.fillHeaderChecksum();
        TcpSegment tcp = new TcpSegment().wrap(s, ETH + Ipv4Packet.HEADER_LENGTH, TcpSegment.HEADER_LENGTH);
        tcp.setSourcePort(sourcePort);
        tcp.setDestinationPort(destinationPort);
        tcp.setSequenceNumber(1);
        tcp.setAcknowledgmentNumber(0);
        tcp.setHeaderLength(TcpSegment.HEADER_LENGTH);
        tcp.setFlags(TcpSegment.SYN);
        tcp.setWindow(65_535);
        tcp.setUrgentPointer(0);
        tcp.fillChecksum(ip.pseudoHeaderSum(TcpSegment.HEADER_LENGTH));
        return s;
    }

    /**
     * An Ethernet frame holding an ICMP error of {@code type} and {@code code} from {@code source} to
     * {@code destination}, quoting the first 28 bytes of IPv4 packet {@code quoted} (its header and 8 bytes more).
     */
    static MemorySegment icmpError(long sourceMac, long destinationMac, int source, int destination, int type,
                                   int code, MemorySegment quoted) {
        MemorySegment s = echoRequest(sourceMac, destinationMac, source, destination, 64, new byte[28]);
        int icmpLength = (int) s.byteSize() - ETH - Ipv4Packet.HEADER_LENGTH;
        MemorySegment.copy(quoted, 0, s, ETH + Ipv4Packet.HEADER_LENGTH + 8, 28);
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength);
        icmp.setType(type);
        icmp.setCode(code);
        icmp.setRestOfHeader(0);
        icmp.setChecksum(0);
        icmp.setChecksum(Checksum.finish(Checksum.sum(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength, 0)));
        return s;
    }

    /** An Ethernet frame holding an ICMP echo reply (identifier 0x1234, sequence 7) with valid checksums. */
    static MemorySegment echoReply(long sourceMac, long destinationMac, int source, int destination, int ttl,
                                   byte[] payload) {
        MemorySegment s = echoRequest(sourceMac, destinationMac, source, destination, ttl, payload);
        int icmpLength = (int) s.byteSize() - ETH - Ipv4Packet.HEADER_LENGTH;
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength);
        icmp.setType(Icmpv4Packet.ECHO_REPLY);
        icmp.setChecksum(0);
        icmp.setChecksum(Checksum.finish(Checksum.sum(s, ETH + Ipv4Packet.HEADER_LENGTH, icmpLength, 0)));
        return s;
    }

    /** A copy of {@code segment} in native memory, as a device read would hold it. */
    static MemorySegment copy(MemorySegment segment) {
        MemorySegment s = Arena.ofAuto().allocate(segment.byteSize());
        s.copyFrom(segment);
        return s;
    }

    /** A copy of {@code bytes} in native memory. */
    static MemorySegment of(byte[] bytes) {
        return copy(MemorySegment.ofArray(bytes));
    }
}
