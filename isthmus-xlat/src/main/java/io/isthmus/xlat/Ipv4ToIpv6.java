package io.isthmus.xlat;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6FragmentHeader;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.PacketView;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** IPv4 to IPv6 translation (RFC 7915 section 4). One instance per thread; allocation-free per packet. */
final class Ipv4ToIpv6 {
    private static final int IPV6_AND_FRAGMENT = Ipv6Packet.HEADER_LENGTH + Ipv6FragmentHeader.LENGTH;
    /** IPv4 option types that carry a source route (RFC 791): loose and strict. */
    private static final int OPTION_LSRR = 0x83;
    private static final int OPTION_SSRR = 0x89;

    private final TranslatorConfig config;
    private final AddressMapper mapper;
    private final IcmpErrorGenerator errors;
    private final MemorySegment out = Arena.ofAuto().allocate(TranslatorConfig.MAX_PACKET + 2 * IPV6_AND_FRAGMENT, 8);
    private final Ipv4Packet in = new Ipv4Packet();
    private final Ipv4Packet inner = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    private final Icmpv4Packet icmp4 = new Icmpv4Packet();
    private final Icmpv6Packet icmp6 = new Icmpv6Packet();
    private final UdpDatagram udp = new UdpDatagram();
    private final Ipv6Slot source = new Ipv6Slot();
    private final Ipv6Slot destination = new Ipv6Slot();
    private final Ipv6Slot innerSource = new Ipv6Slot();
    private final Ipv6Slot innerDestination = new Ipv6Slot();
    private final int fragmentThreshold;
    /** Whether the last invoking packet translated by {@link #translateInner} got a fragment header. */
    private boolean innerFragmentHeader;

    Ipv4ToIpv6(TranslatorConfig config, IcmpErrorGenerator errors) {
        this.config = config;
        this.mapper = config.mapper();
        this.errors = errors;
        this.fragmentThreshold = Math.min(config.lowestIpv6Mtu(), config.ipv6NextHopMtu());
    }

    TranslationResult translate(MemorySegment segment, long offset, int length, PacketSink sink) {
        if (in.wrap(segment, offset, length).checkLength() != WireStatus.OK) {
            return TranslationResult.DROPPED_MALFORMED_IPV4;
        }
        if (!in.verifyHeaderChecksum()) {
            return TranslationResult.DROPPED_BAD_IPV4_HEADER_CHECKSUM;
        }
        int first = in.source() >>> 24;
        if (first == 0 || first == 127 || first >= 224) {
            return TranslationResult.DROPPED_ILLEGAL_SOURCE;
        }
        if (in.headerLength() > Ipv4Packet.HEADER_LENGTH && hasUnexpiredSourceRoute(in)) {
            errors.sendIpv4(in, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_SOURCE_ROUTE_FAILED, 0, sink);
            return TranslationResult.DROPPED_SOURCE_ROUTE;
        }
        if (!mapper.toIpv6(in.destination(), destination)) {
            errors.sendIpv4(in, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_ADMIN_PROHIBITED, 0, sink);
            return TranslationResult.DROPPED_UNTRANSLATABLE_DESTINATION;
        }
        if (!mapper.toIpv6(in.source(), source)) {
            errors.sendIpv4(in, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_ADMIN_PROHIBITED, 0, sink);
            return TranslationResult.DROPPED_UNTRANSLATABLE_SOURCE;
        }
        // Checked after the mappings: packets nobody can route (link-scope multicast) are not a hop's business.
        int hopLimit = in.ttl();
        if (config.decrementHopLimit()) {
            if (hopLimit <= 1) {
                errors.sendIpv4(in, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0, sink);
                return TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED;
            }
            hopLimit--;
        }
        if (in.protocol() == IpProtocol.ICMP) {
            return translateIcmp(hopLimit, sink);
        }
        boolean isFragment = in.isFragment();
        int headerLength = isFragment ? IPV6_AND_FRAGMENT : Ipv6Packet.HEADER_LENGTH;
        int payloadLength = in.payloadLength();
        writeHeader(in, headerLength, payloadLength, in.protocol(), hopLimit, isFragment);
        MemorySegment.copy(segment, offset + in.headerLength(), out, headerLength, payloadLength);
        if (in.fragmentOffset() == 0) {
            TranslationResult transport = fixTransportChecksum(in.protocol(), headerLength, payloadLength, isFragment);
            if (transport != null) {
                return transport;
            }
        }
        return send(in, headerLength, payloadLength, isFragment, sink);
    }

    /**
     * Emits the translated packet held in {@code out}: whole, fragmented to the lowest IPv6 MTU when the sender
     * allows fragmentation, or answered with fragmentation needed when it does not and the next hop is too small.
     */
    private TranslationResult send(Ipv4Packet original, int headerLength, int payloadLength, boolean hasFragmentHeader,
                                   PacketSink sink) {
        int total = headerLength + payloadLength;
        if (!original.dontFragment() && total > fragmentThreshold) {
            return fragment(original, headerLength, payloadLength, hasFragmentHeader, sink);
        }
        if (total > config.ipv6NextHopMtu()) {
            int mtu = config.ipv6NextHopMtu() - (headerLength - Ipv4Packet.HEADER_LENGTH);
            errors.sendIpv4(original, Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_FRAGMENTATION_NEEDED,
                Math.min(mtu, 0xffff), sink);
            return TranslationResult.DROPPED_PACKET_TOO_BIG;
        }
        sink.emit(out, 0, total, PacketSink.Emission.TRANSLATED);
        return TranslationResult.TRANSLATED;
    }

    /**
     * Splits the translated packet into fragments of at most the fragment threshold. Each fragment's headers are
     * written just before its slice of the payload in {@code out}, over bytes already emitted, so nothing is copied
     * but the 48-byte header template.
     */
    private TranslationResult fragment(Ipv4Packet original, int headerLength, int payloadLength,
                                       boolean hasFragmentHeader, PacketSink sink) {
        if (!hasFragmentHeader) {
            // Make room for the fragment header the fragments need.
            MemorySegment.copy(out, Ipv6Packet.HEADER_LENGTH, out, IPV6_AND_FRAGMENT, payloadLength);
            writeHeader(original, IPV6_AND_FRAGMENT, payloadLength, ip6.nextHeader(), ip6.hopLimit(), true);
        }
        int chunk = (fragmentThreshold - IPV6_AND_FRAGMENT) & ~7;
        int baseUnits = original.fragmentOffset();
        boolean lastHasMore = original.moreFragments();
        for (int done = 0; done < payloadLength; done += chunk) {
            int size = Math.min(chunk, payloadLength - done);
            int at = done;
            if (done > 0) {
                MemorySegment.copy(out, 0, out, at, IPV6_AND_FRAGMENT);
            }
            ip6.wrap(out, at, IPV6_AND_FRAGMENT);
            ip6.setPayloadLength(Ipv6FragmentHeader.LENGTH + size);
            fragment.wrap(out, at + Ipv6Packet.HEADER_LENGTH, Ipv6FragmentHeader.LENGTH);
            boolean more = done + size < payloadLength || lastHasMore;
            fragment.setFragmentOffsetAndMore(baseUnits + (done >>> 3), more);
            sink.emit(out, at, IPV6_AND_FRAGMENT + size, PacketSink.Emission.TRANSLATED);
        }
        return TranslationResult.FRAGMENTED;
    }

    /** Writes the IPv6 header (and fragment header) for {@code packet} at the start of {@code out}. */
    private void writeHeader(Ipv4Packet packet, int headerLength, int payloadLength, int nextHeader, int hopLimit,
                             boolean withFragmentHeader) {
        writeHeaderAt(0, packet, headerLength, payloadLength, nextHeader, hopLimit, withFragmentHeader, source,
            destination);
    }

    private void writeHeaderAt(long at, Ipv4Packet packet, int headerLength, int payloadLength, int nextHeader,
                               int hopLimit, boolean withFragmentHeader, Ipv6Slot from, Ipv6Slot to) {
        ip6.wrap(out, at, headerLength);
        ip6.setVersionClassFlow(config.copyTrafficClass() ? packet.tos() : 0, 0);
        ip6.setPayloadLength(headerLength - Ipv6Packet.HEADER_LENGTH + payloadLength);
        ip6.setHopLimit(hopLimit);
        ip6.setSource(from.high, from.low);
        ip6.setDestination(to.high, to.low);
        if (withFragmentHeader) {
            ip6.setNextHeader(IpProtocol.IPV6_FRAGMENT);
            fragment.wrap(out, at + Ipv6Packet.HEADER_LENGTH, Ipv6FragmentHeader.LENGTH);
            fragment.fill(nextHeader, packet.fragmentOffset(), packet.moreFragments(), packet.identification());
        } else {
            ip6.setNextHeader(nextHeader);
        }
    }

    /**
     * Adjusts a TCP or UDP checksum in {@code out} for the new pseudo-header (RFC 7915 section 4.5): incrementally,
     * so an incorrect checksum stays equivalently incorrect. Returns a drop result, or null to go on.
     */
    private TranslationResult fixTransportChecksum(int protocol, int headerLength, int available, boolean isFragment) {
        int checksumAt;
        if (protocol == IpProtocol.TCP) {
            checksumAt = TcpSegment.CHECKSUM;
        } else if (protocol == IpProtocol.UDP) {
            checksumAt = UdpDatagram.CHECKSUM;
            if (available >= UdpDatagram.HEADER_LENGTH
                && out.get(PacketView.U16, headerLength + checksumAt) == 0) {
                if (isFragment || !config.computeZeroUdpChecksum()) {
                    return TranslationResult.DROPPED_UDP_ZERO_CHECKSUM_FRAGMENT;
                }
                udp.wrap(out, headerLength, available);
                udp.fillChecksum(pseudoHeaderSum(source, destination, IpProtocol.UDP, available));
                return null;
            }
        } else {
            return null;
        }
        if (available < checksumAt + 2) {
            return TranslationResult.DROPPED_MALFORMED_TRANSPORT;
        }
        adjustChecksum(headerLength + checksumAt, protocol == IpProtocol.UDP, in, source, destination);
        return null;
    }

    /**
     * Replaces, in the checksum at {@code at} of {@code out}, the pseudo-header addresses of {@code packet} with
     * {@code from} and {@code to}. Protocol and length are the same in both pseudo-headers.
     */
    private void adjustChecksum(long at, boolean udp, Ipv4Packet packet, Ipv6Slot from, Ipv6Slot to) {
        int old = Checksum.add(Checksum.ofInt(packet.source()), Checksum.ofInt(packet.destination()));
        int now = Checksum.fold((long) Checksum.ofLong(from.high) + Checksum.ofLong(from.low)
            + Checksum.ofLong(to.high) + Checksum.ofLong(to.low));
        int value = Checksum.adjust(out.get(PacketView.U16, at) & 0xffff, old, now);
        out.set(PacketView.U16, at, (short) (udp && value == 0 ? 0xffff : value));
    }

    private static int pseudoHeaderSum(Ipv6Slot from, Ipv6Slot to, int nextHeader, int length) {
        return Checksum.ipv6PseudoHeader(from.high, from.low, to.high, to.low, nextHeader, length);
    }

    /** ICMPv4 to ICMPv6 (RFC 7915 section 4.2). */
    private TranslationResult translateIcmp(int hopLimit, PacketSink sink) {
        if (in.isFragment()) {
            return TranslationResult.DROPPED_FRAGMENTED_ICMP;
        }
        int icmpLength = in.payloadLength();
        if (icmp4.wrap(in.segment(), in.offset() + in.headerLength(), icmpLength).checkLength() != WireStatus.OK) {
            return TranslationResult.DROPPED_MALFORMED_TRANSPORT;
        }
        int mapped = IcmpMapping.fourToSix(icmp4.type(), icmp4.code());
        if (mapped == IcmpMapping.DROP) {
            return TranslationResult.DROPPED_UNTRANSLATABLE_ICMP;
        }
        int type = mapped >>> 8;
        int code = mapped & 0xff;
        int headerLength = Ipv6Packet.HEADER_LENGTH;
        if (!Icmpv4Packet.isError(icmp4.type())) {
            writeHeader(in, headerLength, icmpLength, IpProtocol.ICMPV6, hopLimit, false);
            MemorySegment.copy(icmp4.segment(), icmp4.offset(), out, headerLength, icmpLength);
            // Echo: only the type changes, and ICMPv6 adds the pseudo-header (RFC 7915 section 4.2).
            int oldSum = icmp4.type() << 8 | icmp4.code();
            int newSum = Checksum.add(type << 8 | code,
                ip6.pseudoHeaderSum(IpProtocol.ICMPV6, icmpLength));
            icmp6.wrap(out, headerLength, icmpLength);
            icmp6.setType(type);
            icmp6.setCode(code);
            icmp6.setChecksum(Checksum.adjust(icmp4.checksum(), oldSum, newSum));
            return send(in, headerLength, icmpLength, false, sink);
        }
        int restOfHeader = 0;
        if (type == Icmpv6Packet.PARAMETER_PROBLEM) {
            if (icmp4.type() == Icmpv4Packet.DESTINATION_UNREACHABLE) {
                restOfHeader = Ipv6Packet.NEXT_HEADER;
            } else {
                restOfHeader = IcmpMapping.fourToSixPointer(icmp4.pointer());
                if (restOfHeader == IcmpMapping.NO_POINTER) {
                    return TranslationResult.DROPPED_UNTRANSLATABLE_ICMP;
                }
            }
        }
        // The error may be at most 1280 bytes in IPv6 (RFC 4443 section 2.4 c), and no larger than the next hop.
        int limit = Math.min(IcmpErrorGenerator.MAX_ICMPV6_ERROR, config.ipv6NextHopMtu());
        int innerAt = headerLength + Icmpv6Packet.HEADER_LENGTH;
        int innerLength = translateInner(icmp4.offset() + Icmpv4Packet.HEADER_LENGTH,
            icmpLength - Icmpv4Packet.HEADER_LENGTH, innerAt, limit - innerAt);
        if (innerLength < 0) {
            return TranslationResult.DROPPED_BAD_ICMP_ERROR_PAYLOAD;
        }
        if (type == Icmpv6Packet.PACKET_TOO_BIG) {
            restOfHeader = packetTooBigMtu(icmp4.nextHopMtu(), inner.totalLength(), innerFragmentHeader);
        }
        int ipPayload = Icmpv6Packet.HEADER_LENGTH + innerLength;
        writeHeader(in, headerLength, ipPayload, IpProtocol.ICMPV6, hopLimit, false);
        icmp6.wrap(out, headerLength, ipPayload);
        icmp6.setType(type);
        icmp6.setCode(code);
        icmp6.setRestOfHeader(restOfHeader);
        icmp6.fillChecksum(ip6.pseudoHeaderSum(IpProtocol.ICMPV6, ipPayload));
        sink.emit(out, 0, headerLength + ipPayload, PacketSink.Emission.TRANSLATED);
        return TranslationResult.TRANSLATED;
    }

    /**
     * MTU of the translated packet too big: min(advertised + 20, IPv6 next hop, IPv4 next hop + 20), with the
     * fragment header's eight bytes when the invoking packet carries one (RFC 7915 section 4.2). A zero advertised
     * MTU (a router older than RFC 1191) is replaced by the plateau below the invoking packet's length.
     */
    private int packetTooBigMtu(int advertised, int invokingTotalLength, boolean withFragmentHeader) {
        int ipv4Mtu = advertised == 0 ? IcmpMapping.plateauBelow(invokingTotalLength) : advertised;
        int delta = Ipv6Packet.HEADER_LENGTH - Ipv4Packet.HEADER_LENGTH
            + (withFragmentHeader ? Ipv6FragmentHeader.LENGTH : 0);
        return Math.min(Math.min(ipv4Mtu + delta, config.ipv6NextHopMtu()), config.ipv4NextHopMtu() + delta);
    }

    /**
     * Translates the invoking IPv4 packet quoted in an ICMPv4 error, from {@code from} ({@code available} bytes of
     * the input segment) into {@code out} at {@code to}, writing at most {@code room} bytes. The quote may be
     * truncated; its header must be whole. Returns the bytes written or -1 when it cannot be translated.
     */
    private int translateInner(long from, int available, int to, int room) {
        MemorySegment segment = in.segment();
        inner.wrap(segment, from, available);
        if (available < Ipv4Packet.HEADER_LENGTH || inner.version() != 4
            || inner.headerLength() < Ipv4Packet.HEADER_LENGTH || inner.headerLength() > available) {
            return -1;
        }
        if (!mapper.toIpv6(inner.source(), innerSource) || !mapper.toIpv6(inner.destination(), innerDestination)) {
            return -1;
        }
        innerFragmentHeader = inner.isFragment();
        int headerLength = innerFragmentHeader ? IPV6_AND_FRAGMENT : Ipv6Packet.HEADER_LENGTH;
        int quotedPayload = available - inner.headerLength();
        int copied = Math.max(0, Math.min(quotedPayload, room - headerLength));
        int protocol = inner.protocol();
        boolean ok = true;
        if (protocol == IpProtocol.ICMP) {
            protocol = IpProtocol.ICMPV6;
        }
        int declaredPayload = Math.max(0, inner.totalLength() - inner.headerLength());
        writeHeaderAt(to, inner, headerLength, declaredPayload, protocol, inner.ttl(), innerFragmentHeader,
            innerSource, innerDestination);
        MemorySegment.copy(segment, from + inner.headerLength(), out, to + headerLength, copied);
        if (inner.fragmentOffset() == 0) {
            long transport = to + headerLength;
            int checksumAt = switch (inner.protocol()) {
                case IpProtocol.TCP -> TcpSegment.CHECKSUM;
                case IpProtocol.UDP -> UdpDatagram.CHECKSUM;
                case IpProtocol.ICMP -> Icmpv4Packet.CHECKSUM;
                default -> -1;
            };
            if (inner.protocol() == IpProtocol.ICMP) {
                ok = translateInnerIcmp(transport, copied, declaredPayload);
            } else if (checksumAt >= 0 && copied >= checksumAt + 2
                && !(inner.protocol() == IpProtocol.UDP && out.get(PacketView.U16, transport + checksumAt) == 0)) {
                adjustChecksum(transport + checksumAt, inner.protocol() == IpProtocol.UDP, inner, innerSource,
                    innerDestination);
            }
        }
        return ok ? headerLength + copied : -1;
    }

    /** Translates the ICMP header of a quoted packet: only echo messages may be quoted (no errors about errors). */
    private boolean translateInnerIcmp(long at, int copied, int declaredLength) {
        if (copied < 1) {
            return true;
        }
        int type = out.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        if (Icmpv4Packet.isError(type)) {
            return false;
        }
        int code = copied >= 2 ? out.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff : 0;
        int mapped = IcmpMapping.fourToSix(type, code);
        if (mapped == IcmpMapping.DROP) {
            return false;
        }
        out.set(ValueLayout.JAVA_BYTE, at, (byte) (mapped >>> 8));
        if (copied >= 2) {
            out.set(ValueLayout.JAVA_BYTE, at + 1, (byte) mapped);
        }
        if (copied >= Icmpv4Packet.CHECKSUM + 2) {
            int newSum = Checksum.add(mapped & 0xffff,
                pseudoHeaderSum(innerSource, innerDestination, IpProtocol.ICMPV6, declaredLength));
            int value = Checksum.adjust(out.get(PacketView.U16, at + Icmpv4Packet.CHECKSUM) & 0xffff,
                type << 8 | code, newSum);
            out.set(PacketView.U16, at + Icmpv4Packet.CHECKSUM, (short) value);
        }
        return true;
    }

    /** Whether the options of {@code packet} hold a loose or strict source route with addresses left to visit. */
    private static boolean hasUnexpiredSourceRoute(Ipv4Packet packet) {
        MemorySegment s = packet.segment();
        long base = packet.offset();
        int at = Ipv4Packet.HEADER_LENGTH;
        int end = packet.headerLength();
        while (at < end) {
            int type = s.get(ValueLayout.JAVA_BYTE, base + at) & 0xff;
            if (type == 0) {
                return false;
            }
            if (type == 1) {
                at++;
                continue;
            }
            if (at + 1 >= end) {
                return false;
            }
            int length = s.get(ValueLayout.JAVA_BYTE, base + at + 1) & 0xff;
            if (length < 2 || at + length > end) {
                return false;
            }
            if ((type == OPTION_LSRR || type == OPTION_SSRR) && length >= 3) {
                int pointer = s.get(ValueLayout.JAVA_BYTE, base + at + 2) & 0xff;
                if (pointer <= length) {
                    return true;
                }
            }
            at += length;
        }
        return false;
    }
}
