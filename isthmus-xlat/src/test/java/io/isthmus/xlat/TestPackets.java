package io.isthmus.xlat;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** Builds valid IPv4 and IPv6 test packets with the wire views, and collects what a translator emits. */
final class TestPackets {
    private TestPackets() {
    }

    /** An IPv4 packet with a transport payload; TCP, UDP and ICMP get a valid checksum unless {@code breakChecksum}. */
    static byte[] ipv4(int protocol, int source, int destination, int ttl, int tos, boolean dontFragment,
                       int identification, byte[] transport, boolean breakChecksum) {
        byte[] bytes = new byte[Ipv4Packet.HEADER_LENGTH + transport.length];
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, bytes.length);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTos(tos);
        ip.setTotalLength(bytes.length);
        ip.setIdentification(identification);
        ip.setFlagsAndFragmentOffset(dontFragment, false, 0);
        ip.setTtl(ttl);
        ip.setProtocol(protocol);
        ip.setSource(source);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        MemorySegment.copy(transport, 0, s, ValueLayout.JAVA_BYTE, Ipv4Packet.HEADER_LENGTH, transport.length);
        int pseudo = ip.pseudoHeaderSum(transport.length);
        fillChecksum(s, Ipv4Packet.HEADER_LENGTH, transport.length, protocol, pseudo, breakChecksum);
        return bytes;
    }

    /** An IPv6 packet without extension headers; TCP, UDP and ICMPv6 get a valid checksum unless broken. */
    static byte[] ipv6(int nextHeader, String source, String destination, int hopLimit, int trafficClass,
                       byte[] transport, boolean breakChecksum) {
        byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + transport.length];
        MemorySegment s = MemorySegment.ofArray(bytes);
        Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, bytes.length);
        ip.setVersionClassFlow(trafficClass, 0);
        ip.setPayloadLength(transport.length);
        ip.setNextHeader(nextHeader);
        ip.setHopLimit(hopLimit);
        var src = io.isthmus.wire.Ipv6Address.parse(source);
        var dst = io.isthmus.wire.Ipv6Address.parse(destination);
        ip.setSource(src.high(), src.low());
        ip.setDestination(dst.high(), dst.low());
        MemorySegment.copy(transport, 0, s, ValueLayout.JAVA_BYTE, Ipv6Packet.HEADER_LENGTH, transport.length);
        fillChecksum(s, Ipv6Packet.HEADER_LENGTH, transport.length, nextHeader,
            ip.pseudoHeaderSum(nextHeader, transport.length), breakChecksum);
        return bytes;
    }

    private static void fillChecksum(MemorySegment s, int at, int length, int protocol, int pseudo, boolean broken) {
        int field;
        switch (protocol) {
            case IpProtocol.TCP -> {
                new TcpSegment().wrap(s, at, length).fillChecksum(pseudo);
                field = at + TcpSegment.CHECKSUM;
            }
            case IpProtocol.UDP -> {
                new UdpDatagram().wrap(s, at, length).fillChecksum(pseudo);
                field = at + UdpDatagram.CHECKSUM;
            }
            case IpProtocol.ICMP -> {
                new Icmpv4Packet().wrap(s, at, length).fillChecksum();
                field = at + Icmpv4Packet.CHECKSUM;
            }
            case IpProtocol.ICMPV6 -> {
                new Icmpv6Packet().wrap(s, at, length).fillChecksum(pseudo);
                field = at + Icmpv6Packet.CHECKSUM;
            }
            default -> {
                return;
            }
        }
        if (broken) {
            s.set(ValueLayout.JAVA_BYTE, field, (byte) (s.get(ValueLayout.JAVA_BYTE, field) ^ 0x5a));
        }
    }

    /** A UDP header plus payload (checksum left for the IP builder). */
    static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        byte[] bytes = new byte[UdpDatagram.HEADER_LENGTH + payload.length];
        UdpDatagram u = new UdpDatagram().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        u.setSourcePort(sourcePort);
        u.setDestinationPort(destinationPort);
        u.setDatagramLength(bytes.length);
        System.arraycopy(payload, 0, bytes, UdpDatagram.HEADER_LENGTH, payload.length);
        return bytes;
    }

    /** A TCP header without options plus payload (checksum left for the IP builder). */
    static byte[] tcp(int sourcePort, int destinationPort, int sequence, int flags, byte[] payload) {
        byte[] bytes = new byte[TcpSegment.HEADER_LENGTH + payload.length];
        TcpSegment t = new TcpSegment().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        t.setSourcePort(sourcePort);
        t.setDestinationPort(destinationPort);
        t.setSequenceNumber(sequence);
        t.setHeaderLength(TcpSegment.HEADER_LENGTH);
        t.setFlags(flags);
        t.setWindow(65535);
        System.arraycopy(payload, 0, bytes, TcpSegment.HEADER_LENGTH, payload.length);
        return bytes;
    }

    /** An ICMP (either family) header with the given type and code, rest of header, and body. */
    static byte[] icmp(int type, int code, int restOfHeader, byte[] body) {
        byte[] bytes = new byte[8 + body.length];
        MemorySegment s = MemorySegment.ofArray(bytes);
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) type);
        s.set(ValueLayout.JAVA_BYTE, 1, (byte) code);
        s.set(io.isthmus.wire.PacketView.U32, 4, restOfHeader);
        System.arraycopy(body, 0, bytes, 8, body.length);
        return bytes;
    }

    /** Whether the transport checksum of an IPv4 packet verifies. */
    static boolean ipv4TransportChecksumOk(byte[] packet) {
        MemorySegment s = MemorySegment.ofArray(packet);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, packet.length);
        int length = ip.payloadLength();
        int pseudo = ip.protocol() == IpProtocol.ICMP ? 0 : ip.pseudoHeaderSum(length);
        return Checksum.sum(s, ip.headerLength(), length, pseudo) == 0xffff;
    }

    /** Whether the transport checksum of an IPv6 packet without extension headers verifies. */
    static boolean ipv6TransportChecksumOk(byte[] packet) {
        MemorySegment s = MemorySegment.ofArray(packet);
        Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, packet.length);
        int length = ip.payloadLength();
        return Checksum.sum(s, Ipv6Packet.HEADER_LENGTH, length, ip.pseudoHeaderSum(ip.nextHeader(), length))
            == 0xffff;
    }

    /** What a translator emitted for one call. */
    record Emitted(byte[] bytes, PacketSink.Emission kind) {
    }

    /** A sink that copies every emitted packet. */
    static final class Collector implements PacketSink {
        final List<Emitted> packets = new ArrayList<>();

        @Override
        public void emit(MemorySegment segment, long offset, int length, Emission kind) {
            packets.add(new Emitted(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), kind));
        }

        byte[] only() {
            if (packets.size() != 1) {
                throw new AssertionError("expected one packet, got " + packets.size());
            }
            return packets.getFirst().bytes();
        }
    }
}
