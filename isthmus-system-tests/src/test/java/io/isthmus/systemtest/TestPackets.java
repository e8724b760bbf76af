package io.isthmus.systemtest;

import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Builds test packets with the wire views, every field and checksum filled: UDP, a TCP SYN and an ICMP echo request
 * over IPv4 or IPv6, and an Ethernet header for TAP tests. Results are plain byte arrays, ready for {@link TunLab#deliverToSocket}.
 */
public final class TestPackets {
    /** Ethernet header length (no VLAN tag). */
    public static final int ETHERNET_HEADER_LENGTH = 14;
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    /** Hop limit / TTL of built packets. */
    public static final int HOP_LIMIT = 64;

    private TestPackets() {
    }

    /** UDP from {@code source} to {@code destination} (both IPv4 or both IPv6) carrying {@code payload}. */
    public static byte[] udp(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        if (source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address) {
            return ipv4Udp(source, destination, payload);
        }
        if (source.getAddress() instanceof Inet6Address && destination.getAddress() instanceof Inet6Address) {
            return ipv6Udp(source, destination, payload);
        }
        throw new IllegalArgumentException("mixed address families: " + source + " -> " + destination);
    }

    /**
     * IPv4 (20-byte header, DF set, identification 0x1234, TTL {@value #HOP_LIMIT}, header checksum filled) carrying
     * UDP with its checksum filled.
     */
    public static byte[] ipv4Udp(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        int udpLength = UdpDatagram.HEADER_LENGTH + payload.length;
        byte[] bytes = new byte[Ipv4Packet.HEADER_LENGTH + udpLength];
        MemorySegment segment = MemorySegment.ofArray(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, bytes.length);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTos(0);
        ip.setTotalLength(bytes.length);
        ip.setIdentification(0x1234);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(HOP_LIMIT);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(ipv4(source.getAddress()));
        ip.setDestination(ipv4(destination.getAddress()));
        ip.fillHeaderChecksum();
        UdpDatagram udp = new UdpDatagram().wrap(segment, Ipv4Packet.HEADER_LENGTH, udpLength);
        fillUdp(udp, source, destination, payload);
        udp.fillChecksum(ip.pseudoHeaderSum(udpLength));
        return bytes;
    }

    /** IPv6 (traffic class 0, flow label 0x12345, hop limit {@value #HOP_LIMIT}) carrying UDP with its checksum. */
    public static byte[] ipv6Udp(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        int udpLength = UdpDatagram.HEADER_LENGTH + payload.length;
        byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + udpLength];
        MemorySegment segment = MemorySegment.ofArray(bytes);
        Ipv6Packet ip = new Ipv6Packet().wrap(segment, 0, bytes.length);
        ip.setVersionClassFlow(0, 0x12345);
        ip.setPayloadLength(udpLength);
        ip.setNextHeader(IpProtocol.UDP);
        ip.setHopLimit(HOP_LIMIT);
        byte[] src = source.getAddress().getAddress();
        byte[] dst = destination.getAddress().getAddress();
        ip.setSource(high(src), low(src));
        ip.setDestination(high(dst), low(dst));
        UdpDatagram udp = new UdpDatagram().wrap(segment, Ipv6Packet.HEADER_LENGTH, udpLength);
        fillUdp(udp, source, destination, payload);
        udp.fillChecksum(ip.pseudoHeaderSum(IpProtocol.UDP, udpLength));
        return bytes;
    }

    private static void fillUdp(UdpDatagram udp, InetSocketAddress source, InetSocketAddress destination,
                                byte[] payload) {
        udp.setSourcePort(source.getPort());
        udp.setDestinationPort(destination.getPort());
        udp.setDatagramLength(UdpDatagram.HEADER_LENGTH + payload.length);
        udp.setChecksum(0);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, udp.segment(),
            udp.offset() + UdpDatagram.HEADER_LENGTH, payload.length);
    }

    /** An Ethernet II frame: destination and source MAC (6 bytes each), EtherType, then {@code payload}. */
    public static byte[] ethernet(byte[] destinationMac, byte[] sourceMac, int etherType, byte[] payload) {
        if (destinationMac.length != 6 || sourceMac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
        return ByteBuffer.allocate(ETHERNET_HEADER_LENGTH + payload.length)
            .put(destinationMac).put(sourceMac).putShort((short) etherType).put(payload).array();
    }

    /** Parses {@code "02:00:00:00:00:01"} into six bytes. */
    public static byte[] mac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return mac;
    }

    /** The IPv4 address as a big-endian int, as the wire views take it. */
    public static int ipv4(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("not IPv4: " + address);
        }
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    /** The address for {@code text} (a literal, never a host name to resolve). */
    public static InetAddress address(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }

    /** A socket address for an IP literal and a port. */
    public static InetSocketAddress socket(String literal, int port) {
        return new InetSocketAddress(address(literal), port);
    }

    /** The address held by {@code bytes} (4 or 16). */
    public static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + bytes.length + " bytes", e);
        }
    }

    /**
     * A TCP SYN (20-byte header, no options, window 65535, sequence {@code sequence}) from {@code source} to
     * {@code destination} over IPv4 or IPv6, checksums filled.
     */
    public static byte[] tcpSyn(InetSocketAddress source, InetSocketAddress destination, int sequence) {
        byte[] bytes = ipHeader(source.getAddress(), destination.getAddress(), IpProtocol.TCP, TcpSegment.HEADER_LENGTH);
        int at = bytes.length - TcpSegment.HEADER_LENGTH;
        MemorySegment segment = MemorySegment.ofArray(bytes);
        TcpSegment tcp = new TcpSegment().wrap(segment, at, TcpSegment.HEADER_LENGTH);
        tcp.setSourcePort(source.getPort());
        tcp.setDestinationPort(destination.getPort());
        tcp.setSequenceNumber(sequence);
        tcp.setAcknowledgmentNumber(0);
        tcp.setHeaderLength(TcpSegment.HEADER_LENGTH);
        tcp.setFlags(TcpSegment.SYN);
        tcp.setWindow(0xffff);
        tcp.setUrgentPointer(0);
        tcp.fillChecksum(pseudoHeaderSum(segment, bytes, IpProtocol.TCP, TcpSegment.HEADER_LENGTH));
        return bytes;
    }

    /**
     * An ICMP (IPv4) or ICMPv6 (IPv6) echo request with {@code identifier}, {@code sequence} and {@code data},
     * checksums filled.
     */
    public static byte[] echoRequest(InetAddress source, InetAddress destination, int identifier, int sequence,
                                     byte[] data) {
        boolean v4 = source instanceof Inet4Address;
        int protocol = v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
        int length = Icmpv4Packet.HEADER_LENGTH + data.length;
        byte[] bytes = ipHeader(source, destination, protocol, length);
        int at = bytes.length - length;
        System.arraycopy(data, 0, bytes, at + Icmpv4Packet.HEADER_LENGTH, data.length);
        MemorySegment segment = MemorySegment.ofArray(bytes);
        int rest = (identifier << 16) | (sequence & 0xffff);
        if (v4) {
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(segment, at, length);
            icmp.setType(Icmpv4Packet.ECHO_REQUEST);
            icmp.setCode(0);
            icmp.setRestOfHeader(rest);
            icmp.fillChecksum();
        } else {
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(segment, at, length);
            icmp.setType(Icmpv6Packet.ECHO_REQUEST);
            icmp.setCode(0);
            icmp.setRestOfHeader(rest);
            icmp.fillChecksum(pseudoHeaderSum(segment, bytes, protocol, length));
        }
        return bytes;
    }

    // An IPv4 (no options, DF) or IPv6 header for an upper-layer part of upperLength bytes, which follows zeroed.
    private static byte[] ipHeader(InetAddress source, InetAddress destination, int protocol, int upperLength) {
        if ((source instanceof Inet4Address) != (destination instanceof Inet4Address)) {
            throw new IllegalArgumentException("mixed address families: " + source + " -> " + destination);
        }
        if (source instanceof Inet4Address) {
            byte[] bytes = new byte[Ipv4Packet.HEADER_LENGTH + upperLength];
            Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
            ip.setTos(0);
            ip.setTotalLength(bytes.length);
            ip.setIdentification(0x1234);
            ip.setFlagsAndFragmentOffset(true, false, 0);
            ip.setTtl(HOP_LIMIT);
            ip.setProtocol(protocol);
            ip.setSource(ipv4(source));
            ip.setDestination(ipv4(destination));
            ip.fillHeaderChecksum();
            return bytes;
        }
        byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + upperLength];
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        ip.setVersionClassFlow(0, 0x12345);
        ip.setPayloadLength(upperLength);
        ip.setNextHeader(protocol);
        ip.setHopLimit(HOP_LIMIT);
        byte[] src = source.getAddress();
        byte[] dst = destination.getAddress();
        ip.setSource(high(src), low(src));
        ip.setDestination(high(dst), low(dst));
        return bytes;
    }

    private static int pseudoHeaderSum(MemorySegment segment, byte[] bytes, int protocol, int upperLength) {
        if ((bytes[0] & 0xf0) == 0x40) {
            return new Ipv4Packet().wrap(segment, 0, bytes.length).pseudoHeaderSum(upperLength);
        }
        return new Ipv6Packet().wrap(segment, 0, bytes.length).pseudoHeaderSum(protocol, upperLength);
    }

    private static long high(byte[] address) {
        return ByteBuffer.wrap(address).getLong(0);
    }

    private static long low(byte[] address) {
        return ByteBuffer.wrap(address).getLong(8);
    }
}
