package io.isthmus.cli.xlat;

import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6FragmentHeader;
import io.isthmus.wire.Ipv6HeaderChain;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.PacketView;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One-line human description of a raw IP packet (IPv4 or IPv6 by the version nibble, no link header), read with
 * the {@code io.isthmus.wire} views. For example:
 *
 * <pre>
 * IPv6 2001:db8:1c6:3364:2:: -&gt; 2001:db8:1c0:2:21:: hlim 63 UDP 4000 -&gt; 2000 len 1328
 * IPv6 2001:db8:1c6:3364:2:: -&gt; 2001:db8:1c0:2:21:: hlim 63 frag off 1232 M UDP len 1280
 * IPv4 192.0.2.1 -&gt; 198.51.100.2 ttl 64 DF ICMPv4 type 11 code 0 (time exceeded) quoting [IPv4 198.51.100.2
 *     -&gt; 192.0.2.33 UDP 2000 -&gt; 4000] len 56
 * malformed IPv4 (TRUNCATED)
 * </pre>
 *
 * <p>Fields, in order: family, addresses, {@code ttl}/{@code hlim}, {@code tos}/{@code tclass} when not zero,
 * {@code DF}, fragment offset in bytes with {@code M} when more fragments follow, the upper-layer protocol (ports
 * and TCP flags, ICMP type, code, name and the quoted packet of an error), {@code bad-header-checksum} and
 * {@code bad-checksum} when a checksum does not verify, and the length of the packet per its header. Transport
 * checksums are verified only on unfragmented packets; a non-first fragment shows only its protocol.
 *
 * <p>{@link #describe} never throws, whatever the bytes: malformed input yields {@code malformed IPv4 (REASON)},
 * {@code malformed IPv6 (REASON)} or {@code not an IP packet (version N)}, with a {@link WireStatus} as the reason.
 * Meant for tools and logs, not the data path: it allocates.
 */
public final class PacketSummary {
    private PacketSummary() {
    }

    /** Describes the packet that fills {@code packet}. */
    public static String describe(byte[] packet) {
        return describe(MemorySegment.ofArray(packet), 0, packet.length);
    }

    /**
     * Describes the packet in {@code length} bytes of {@code segment} from {@code offset}. A window that reaches
     * beyond the segment is cut at its end (and then usually described as truncated).
     */
    public static String describe(MemorySegment segment, long offset, int length) {
        if (offset < 0 || offset > segment.byteSize() || length < 0) {
            return "malformed packet (window outside the buffer)";
        }
        int available = (int) Math.min(length, segment.byteSize() - offset);
        StringBuilder line = new StringBuilder(96);
        describeIp(line, segment, offset, available, false);
        return line.toString();
    }

    /** Appends the description of one IP packet; {@code quoted} is the invoking packet in an ICMP error body. */
    private static void describeIp(StringBuilder line, MemorySegment segment, long offset, int length, boolean quoted) {
        if (length == 0) {
            line.append(quoted ? "nothing" : "empty packet");
            return;
        }
        int version = (segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff) >>> 4;
        switch (version) {
            case 4 -> describeIpv4(line, segment, offset, length, quoted);
            case 6 -> describeIpv6(line, segment, offset, length, quoted);
            default -> line.append("not an IP packet (version ").append(version).append(')');
        }
    }

    private static void describeIpv4(StringBuilder line, MemorySegment segment, long offset, int length,
                                     boolean quoted) {
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, offset, length);
        WireStatus status = ip.checkLength();
        // A quoted packet is cut short by design (RFC 792, RFC 1812 section 4.3.2.3): its header is enough.
        boolean headerOnly = quoted && status == WireStatus.TRUNCATED && length >= Ipv4Packet.HEADER_LENGTH
            && ip.headerLength() <= length && ip.totalLength() >= ip.headerLength();
        if (status != WireStatus.OK && !headerOnly) {
            line.append("malformed IPv4 (").append(status).append(')');
            return;
        }
        line.append("IPv4 ").append(Ipv4Address.format(ip.source())).append(" -> ")
            .append(Ipv4Address.format(ip.destination()));
        if (!quoted) {
            line.append(" ttl ").append(ip.ttl());
            if (ip.tos() != 0) {
                line.append(String.format(" tos 0x%02x", ip.tos()));
            }
            if (ip.dontFragment()) {
                line.append(" DF");
            }
        }
        if (ip.isFragment()) {
            appendFragment(line, ip.fragmentOffset(), ip.moreFragments());
        }
        int headerLength = ip.headerLength();
        int payloadLength = (headerOnly ? length : ip.length()) - headerLength;
        if (ip.fragmentOffset() != 0) {
            line.append(' ').append(protocolName(ip.protocol()));
        } else {
            boolean verify = !quoted && !ip.isFragment();
            int pseudo = verify ? ip.pseudoHeaderSum(payloadLength) : 0;
            describeTransport(line, ip.protocol(), segment, offset + headerLength, payloadLength, quoted,
                verify, pseudo);
        }
        if (!quoted) {
            if (!ip.verifyHeaderChecksum()) {
                line.append(" bad-header-checksum");
            }
            line.append(" len ").append(ip.totalLength());
        }
    }

    private static void describeIpv6(StringBuilder line, MemorySegment segment, long offset, int length,
                                     boolean quoted) {
        Ipv6Packet ip = new Ipv6Packet().wrap(segment, offset, length);
        WireStatus status = ip.checkLength();
        // A quoted packet is cut short by design (RFC 4443 section 3): its fixed header is enough.
        boolean headerOnly = quoted && status == WireStatus.TRUNCATED && length >= Ipv6Packet.HEADER_LENGTH;
        if (status != WireStatus.OK && !headerOnly) {
            line.append("malformed IPv6 (").append(status).append(')');
            return;
        }
        line.append("IPv6 ").append(ip.source()).append(" -> ").append(ip.destination());
        if (!quoted) {
            line.append(" hlim ").append(ip.hopLimit());
            if (ip.trafficClass() != 0) {
                line.append(String.format(" tclass 0x%02x", ip.trafficClass()));
            }
        }
        // The walk stays within the view's window, which for a quoted packet is the bytes that were quoted.
        Ipv6HeaderChain chain = new Ipv6HeaderChain();
        WireStatus chainStatus = chain.walk(ip);
        if (chainStatus != WireStatus.OK) {
            line.append(" malformed extension headers (").append(chainStatus).append(')');
        } else {
            if (chain.hasRoutingHeader()) {
                line.append(" routing segments-left ").append(chain.routingHeaderSegmentsLeft());
            }
            boolean nonFirstFragment = false;
            if (chain.hasFragmentHeader()) {
                Ipv6FragmentHeader fragment = new Ipv6FragmentHeader()
                    .wrap(segment, offset + chain.fragmentHeaderOffset(), Ipv6FragmentHeader.LENGTH);
                appendFragment(line, fragment.fragmentOffset(), fragment.moreFragments());
                nonFirstFragment = fragment.fragmentOffset() != 0;
            }
            int protocol = chain.upperLayerProtocol();
            int upperLength = ip.length() - chain.upperLayerOffset();
            if (nonFirstFragment) {
                line.append(' ').append(protocolName(protocol));
            } else {
                boolean verify = !quoted && !chain.hasFragmentHeader();
                int pseudo = verify ? ip.pseudoHeaderSum(protocol, upperLength) : 0;
                describeTransport(line, protocol, segment, offset + chain.upperLayerOffset(), upperLength, quoted,
                    verify, pseudo);
            }
        }
        if (!quoted) {
            line.append(" len ").append(ip.length());
        }
    }

    private static void appendFragment(StringBuilder line, int offsetUnits, boolean more) {
        line.append(" frag off ").append(offsetUnits * 8);
        if (more) {
            line.append(" M");
        }
    }

    /**
     * Appends the upper-layer part. {@code whole} transport headers are checked against their length fields; a
     * quoted or fragmented one may be cut short, so only the fields present are shown.
     */
    private static void describeTransport(StringBuilder line, int protocol, MemorySegment segment, long offset,
                                          int length, boolean quoted, boolean verify, int pseudoHeaderSum) {
        switch (protocol) {
            case IpProtocol.UDP -> {
                line.append(" UDP");
                UdpDatagram udp = new UdpDatagram().wrap(segment, offset, length);
                if (!appendPorts(line, segment, offset, length)) {
                    return;
                }
                if (verify) {
                    WireStatus status = udp.checkLength();
                    if (status != WireStatus.OK) {
                        line.append(" malformed (").append(status).append(')');
                    } else if (udp.checksum() != 0 && !udp.verifyChecksum(pseudoHeaderSum)) {
                        line.append(" bad-checksum");
                    } else if (udp.checksum() == 0) {
                        line.append(" zero-checksum");
                    }
                }
            }
            case IpProtocol.TCP -> {
                line.append(" TCP");
                if (!appendPorts(line, segment, offset, length)) {
                    return;
                }
                if (length > TcpSegment.FLAGS) {
                    appendTcpFlags(line, segment.get(ValueLayout.JAVA_BYTE, offset + TcpSegment.FLAGS) & 0xff);
                }
                if (verify) {
                    TcpSegment tcp = new TcpSegment().wrap(segment, offset, length);
                    WireStatus status = tcp.checkLength();
                    if (status != WireStatus.OK) {
                        line.append(" malformed (").append(status).append(')');
                    } else if (!tcp.verifyChecksum(pseudoHeaderSum)) {
                        line.append(" bad-checksum");
                    }
                }
            }
            case IpProtocol.ICMP -> describeIcmpv4(line, segment, offset, length, quoted, verify);
            case IpProtocol.ICMPV6 -> describeIcmpv6(line, segment, offset, length, quoted, verify,
                pseudoHeaderSum);
            default -> line.append(' ').append(protocolName(protocol));
        }
    }

    private static boolean appendPorts(StringBuilder line, MemorySegment segment, long offset, int length) {
        if (length < 4) {
            line.append(" truncated");
            return false;
        }
        line.append(' ').append(u16(segment, offset)).append(" -> ").append(u16(segment, offset + 2));
        return true;
    }

    private static void appendTcpFlags(StringBuilder line, int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        line.append(" [");
        boolean first = true;
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                line.append(first ? "" : ",").append(names[bit]);
                first = false;
            }
        }
        line.append(']');
    }

    private static void describeIcmpv4(StringBuilder line, MemorySegment segment, long offset, int length,
                                       boolean quoted, boolean verify) {
        line.append(" ICMPv4");
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(segment, offset, length);
        if (icmp.checkLength() != WireStatus.OK) {
            appendTypeCodeIfPresent(line, segment, offset, length);
            return;
        }
        int type = icmp.type();
        line.append(" type ").append(type).append(" code ").append(icmp.code());
        String name = icmpv4Name(type);
        if (name != null) {
            line.append(" (").append(name).append(')');
        }
        switch (type) {
            case Icmpv4Packet.ECHO_REQUEST, Icmpv4Packet.ECHO_REPLY ->
                line.append(" id ").append(icmp.identifier()).append(" seq ").append(icmp.sequence());
            case Icmpv4Packet.DESTINATION_UNREACHABLE -> {
                if (icmp.code() == Icmpv4Packet.CODE_FRAGMENTATION_NEEDED) {
                    line.append(" mtu ").append(icmp.nextHopMtu());
                }
            }
            case Icmpv4Packet.PARAMETER_PROBLEM -> line.append(" pointer ").append(icmp.pointer());
            default -> {
            }
        }
        if (verify && !icmp.verifyChecksum()) {
            line.append(" bad-checksum");
        }
        if (!quoted && Icmpv4Packet.isError(type)) {
            appendQuoted(line, segment, offset + icmp.bodyOffset(), length - icmp.bodyOffset());
        }
    }

    private static void describeIcmpv6(StringBuilder line, MemorySegment segment, long offset, int length,
                                       boolean quoted, boolean verify, int pseudoHeaderSum) {
        line.append(" ICMPv6");
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(segment, offset, length);
        if (icmp.checkLength() != WireStatus.OK) {
            appendTypeCodeIfPresent(line, segment, offset, length);
            return;
        }
        int type = icmp.type();
        line.append(" type ").append(type).append(" code ").append(icmp.code());
        String name = icmpv6Name(type);
        if (name != null) {
            line.append(" (").append(name).append(')');
        }
        switch (type) {
            case Icmpv6Packet.ECHO_REQUEST, Icmpv6Packet.ECHO_REPLY ->
                line.append(" id ").append(icmp.identifier()).append(" seq ").append(icmp.sequence());
            case Icmpv6Packet.PACKET_TOO_BIG -> line.append(" mtu ").append(Integer.toUnsignedString(icmp.mtu()));
            case Icmpv6Packet.PARAMETER_PROBLEM ->
                line.append(" pointer ").append(Integer.toUnsignedString(icmp.pointer()));
            default -> {
            }
        }
        if (verify && !icmp.verifyChecksum(pseudoHeaderSum)) {
            line.append(" bad-checksum");
        }
        if (!quoted && Icmpv6Packet.isError(type)) {
            appendQuoted(line, segment, offset + icmp.bodyOffset(), length - icmp.bodyOffset());
        }
    }

    private static void appendTypeCodeIfPresent(StringBuilder line, MemorySegment segment, long offset, int length) {
        if (length >= 2) {
            line.append(" type ").append(segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff)
                .append(" code ").append(segment.get(ValueLayout.JAVA_BYTE, offset + 1) & 0xff);
        }
        line.append(" truncated");
    }

    private static void appendQuoted(StringBuilder line, MemorySegment segment, long offset, int length) {
        line.append(" quoting [");
        describeIp(line, segment, offset, length, true);
        line.append(']');
    }

    private static int u16(MemorySegment segment, long offset) {
        return segment.get(PacketView.U16, offset) & 0xffff;
    }

    /** The usual name of an upper-layer protocol number, else {@code proto N}. */
    static String protocolName(int protocol) {
        return switch (protocol) {
            case IpProtocol.ICMP -> "ICMPv4";
            case IpProtocol.IGMP -> "IGMP";
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.UDP -> "UDP";
            case 47 -> "GRE";
            case IpProtocol.ESP -> "ESP";
            case IpProtocol.AH -> "AH";
            case IpProtocol.ICMPV6 -> "ICMPv6";
            case IpProtocol.IPV6_NO_NEXT -> "no-next-header";
            case IpProtocol.OSPF -> "OSPF";
            case 132 -> "SCTP";
            default -> "proto " + protocol;
        };
    }

    private static String icmpv4Name(int type) {
        return switch (type) {
            case Icmpv4Packet.ECHO_REPLY -> "echo reply";
            case Icmpv4Packet.DESTINATION_UNREACHABLE -> "destination unreachable";
            case Icmpv4Packet.SOURCE_QUENCH -> "source quench";
            case Icmpv4Packet.REDIRECT -> "redirect";
            case Icmpv4Packet.ECHO_REQUEST -> "echo request";
            case Icmpv4Packet.ROUTER_ADVERTISEMENT -> "router advertisement";
            case Icmpv4Packet.ROUTER_SOLICITATION -> "router solicitation";
            case Icmpv4Packet.TIME_EXCEEDED -> "time exceeded";
            case Icmpv4Packet.PARAMETER_PROBLEM -> "parameter problem";
            case Icmpv4Packet.TIMESTAMP -> "timestamp";
            case Icmpv4Packet.TIMESTAMP_REPLY -> "timestamp reply";
            default -> null;
        };
    }

    private static String icmpv6Name(int type) {
        return switch (type) {
            case Icmpv6Packet.DESTINATION_UNREACHABLE -> "destination unreachable";
            case Icmpv6Packet.PACKET_TOO_BIG -> "packet too big";
            case Icmpv6Packet.TIME_EXCEEDED -> "time exceeded";
            case Icmpv6Packet.PARAMETER_PROBLEM -> "parameter problem";
            case Icmpv6Packet.ECHO_REQUEST -> "echo request";
            case Icmpv6Packet.ECHO_REPLY -> "echo reply";
            case Icmpv6Packet.ROUTER_SOLICITATION -> "router solicitation";
            case Icmpv6Packet.ROUTER_ADVERTISEMENT -> "router advertisement";
            case Icmpv6Packet.NEIGHBOR_SOLICITATION -> "neighbor solicitation";
            case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> "neighbor advertisement";
            case Icmpv6Packet.REDIRECT -> "redirect";
            default -> null;
        };
    }
}
