package io.isthmus.systemtest;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6HeaderChain;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The addressing of a raw IP packet, read with the wire views: what a test needs to bind a socket for it or to
 * recognise the kernel's answer.
 *
 * @param version 4 or 6
 * @param protocol the upper-layer protocol (for IPv6, after the extension headers)
 * @param source the source address
 * @param destination the destination address
 * @param sourcePort the UDP or TCP source port, or -1
 * @param destinationPort the UDP or TCP destination port, or -1
 * @param transportOffset where the upper-layer header starts in the packet
 * @param transportLength the upper-layer length (header and data)
 */
public record IpSummary(int version, int protocol, InetAddress source, InetAddress destination, int sourcePort,
                        int destinationPort, int transportOffset, int transportLength) {

    /**
     * Reads {@code packet}'s IP header (and UDP/TCP ports).
     *
     * @throws IllegalArgumentException when the wire views reject the packet
     */
    public static IpSummary of(byte[] packet) {
        MemorySegment segment = MemorySegment.ofArray(packet);
        int version = packet.length == 0 ? 0 : (packet[0] & 0xff) >>> 4;
        int protocol;
        int offset;
        int length;
        InetAddress source;
        InetAddress destination;
        if (version == 4) {
            Ipv4Packet ip = new Ipv4Packet().wrap(segment, 0, packet.length);
            require(ip.checkLength(), packet);
            protocol = ip.protocol();
            offset = ip.headerLength();
            length = ip.payloadLength();
            source = TestPackets.address(Arrays.copyOfRange(packet, Ipv4Packet.SOURCE, Ipv4Packet.SOURCE + 4));
            destination = TestPackets.address(
                Arrays.copyOfRange(packet, Ipv4Packet.DESTINATION, Ipv4Packet.DESTINATION + 4));
        } else if (version == 6) {
            Ipv6Packet ip = new Ipv6Packet().wrap(segment, 0, packet.length);
            require(ip.checkLength(), packet);
            Ipv6HeaderChain chain = new Ipv6HeaderChain();
            require(chain.walk(ip), packet);
            protocol = chain.upperLayerProtocol();
            offset = chain.upperLayerOffset();
            length = Ipv6Packet.HEADER_LENGTH + ip.payloadLength() - offset;
            source = TestPackets.address(Arrays.copyOfRange(packet, Ipv6Packet.SOURCE, Ipv6Packet.SOURCE + 16));
            destination = TestPackets.address(
                Arrays.copyOfRange(packet, Ipv6Packet.DESTINATION, Ipv6Packet.DESTINATION + 16));
        } else {
            throw new IllegalArgumentException("not an IP packet (version " + version + "): " + hex(packet));
        }
        int sourcePort = -1;
        int destinationPort = -1;
        if (protocol == IpProtocol.UDP) {
            UdpDatagram udp = new UdpDatagram().wrap(segment, offset, length);
            require(udp.checkLength(), packet);
            sourcePort = udp.sourcePort();
            destinationPort = udp.destinationPort();
        } else if (protocol == IpProtocol.TCP) {
            TcpSegment tcp = new TcpSegment().wrap(segment, offset, length);
            require(tcp.checkLength(), packet);
            sourcePort = tcp.sourcePort();
            destinationPort = tcp.destinationPort();
        }
        return new IpSummary(version, protocol, source, destination, sourcePort, destinationPort, offset, length);
    }

    /** The source as a socket address (port -1 is shown as 0). */
    public InetSocketAddress sourceSocket() {
        return new InetSocketAddress(source, Math.max(sourcePort, 0));
    }

    /** The destination as a socket address (port -1 is shown as 0). */
    public InetSocketAddress destinationSocket() {
        return new InetSocketAddress(destination, Math.max(destinationPort, 0));
    }

    /** Whether {@code other} goes the opposite way between the same endpoints (addresses, and ports if any). */
    public boolean isReverseOf(IpSummary other) {
        return version == other.version && source.equals(other.destination) && destination.equals(other.source)
            && sourcePort == other.destinationPort && destinationPort == other.sourcePort;
    }

    private static void require(WireStatus status, byte[] packet) {
        if (status != WireStatus.OK) {
            throw new IllegalArgumentException("malformed packet (" + status + "): " + hex(packet));
        }
    }

    /** Lowercase hex of {@code bytes}, for messages. */
    public static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        String proto = switch (protocol) {
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.ICMP -> "ICMP";
            case IpProtocol.ICMPV6 -> "ICMPv6";
            default -> "proto " + protocol;
        };
        String ports = sourcePort < 0 ? "" : " ports " + sourcePort + " -> " + destinationPort;
        return "IPv" + version + " " + proto + " " + source.getHostAddress() + " -> " + destination.getHostAddress()
            + ports + ", " + transportLength + " bytes";
    }
}
