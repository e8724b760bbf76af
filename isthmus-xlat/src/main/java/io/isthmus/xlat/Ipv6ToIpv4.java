package io.isthmus.xlat;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6FragmentHeader;
import io.isthmus.wire.Ipv6HeaderChain;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.PacketView;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import io.isthmus.xlat.mapping.Rfc6791Source;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** IPv6 to IPv4 translation (RFC 7915 section 5). One instance per thread; allocation-free per packet. */
final class Ipv6ToIpv4 {
    /** Translations up to this size leave DF clear so IPv4 routers may fragment them (RFC 7915 section 5.1). */
    private static final int DF_THRESHOLD = 1260;
    private static final int HEADER_DELTA = Ipv6Packet.HEADER_LENGTH - Ipv4Packet.HEADER_LENGTH;

    private final TranslatorConfig config;
    private final AddressMapper mapper;
    private final IcmpErrorGenerator errors;
    private final Rfc6791Source rfc6791;
    private final MemorySegment out = Arena.ofAuto().allocate(TranslatorConfig.MAX_PACKET + 64, 8);
    private final Ipv6Packet in = new Ipv6Packet();
    private final Ipv6Packet inner = new Ipv6Packet();
    private final Ipv6HeaderChain chain = new Ipv6HeaderChain();
    private final Ipv6HeaderChain innerChain = new Ipv6HeaderChain();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    private final Ipv4Packet ip4 = new Ipv4Packet();
    private final Icmpv4Packet icmp4 = new Icmpv4Packet();
    private final Icmpv6Packet icmp6 = new Icmpv6Packet();
    private int identification = (int) (System.nanoTime() >>> 3);

    Ipv6ToIpv4(TranslatorConfig config, IcmpErrorGenerator errors) {
        this.config = config;
        this.mapper = config.mapper();
        this.errors = errors;
        this.rfc6791 = config.rfc6791();
    }

    TranslationResult translate(MemorySegment segment, long offset, int length, PacketSink sink) {
        if (in.wrap(segment, offset, length).checkLength() != WireStatus.OK || chain.walk(in) != WireStatus.OK) {
            return TranslationResult.DROPPED_MALFORMED_IPV6;
        }
        int protocol = chain.upperLayerProtocol();
        int upperOffset = chain.upperLayerOffset();
        if (chain.routingHeaderSegmentsLeft() != 0) {
            errors.sendIpv6(in, protocol, upperOffset, Icmpv6Packet.PARAMETER_PROBLEM,
                Icmpv6Packet.CODE_ERRONEOUS_HEADER_FIELD, chain.routingHeaderOffset() + 3, sink);
            return TranslationResult.DROPPED_ROUTING_HEADER;
        }
        long destination = mapper.toIpv4(in.destinationHigh(), in.destinationLow());
        if (destination == AddressMapper.NO_MAPPING) {
            errors.sendIpv6(in, protocol, upperOffset, Icmpv6Packet.DESTINATION_UNREACHABLE,
                Icmpv6Packet.CODE_ADMIN_PROHIBITED, 0, sink);
            return TranslationResult.DROPPED_UNTRANSLATABLE_DESTINATION;
        }
        long source = mapper.toIpv4(in.sourceHigh(), in.sourceLow());
        boolean isIcmpError = protocol == IpProtocol.ICMPV6 && in.length() > upperOffset
            && Icmpv6Packet.isError(in.segment().get(ValueLayout.JAVA_BYTE, in.offset() + upperOffset) & 0xff);
        if (source == AddressMapper.NO_MAPPING && isIcmpError && rfc6791 != null) {
            // RFC 6791: an ICMPv6 error from an IPv6-only router gets a source from the configured pool.
            source = rfc6791.select(in.sourceHigh(), in.sourceLow()) & 0xffffffffL;
        }
        if (source == AddressMapper.NO_MAPPING) {
            errors.sendIpv6(in, protocol, upperOffset, Icmpv6Packet.DESTINATION_UNREACHABLE,
                Icmpv6Packet.CODE_ADMIN_PROHIBITED, 0, sink);
            return TranslationResult.DROPPED_UNTRANSLATABLE_SOURCE;
        }
        // Checked after the mappings: packets nobody can route (link-scope multicast) are not a hop's business.
        int hopLimit = in.hopLimit();
        if (config.decrementHopLimit()) {
            if (hopLimit <= 1) {
                errors.sendIpv6(in, protocol, upperOffset, Icmpv6Packet.TIME_EXCEEDED,
                    Icmpv6Packet.CODE_HOP_LIMIT_EXCEEDED, 0, sink);
                return TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED;
            }
            hopLimit--;
        }
        boolean hasFragmentHeader = chain.hasFragmentHeader();
        boolean realFragment = false;
        if (hasFragmentHeader) {
            fragment.wrap(segment, offset + chain.fragmentHeaderOffset(), Ipv6FragmentHeader.LENGTH);
            realFragment = fragment.fragmentOffset() != 0 || fragment.moreFragments();
        }
        if (protocol == IpProtocol.ICMPV6) {
            if (realFragment) {
                return TranslationResult.DROPPED_FRAGMENTED_ICMP;
            }
            return translateIcmp((int) source, (int) destination, hopLimit, upperOffset, sink);
        }
        int payloadLength = in.length() - upperOffset;
        writeHeader(0, in, hasFragmentHeader, Ipv4Packet.HEADER_LENGTH + payloadLength, protocol, hopLimit,
            (int) source, (int) destination);
        MemorySegment.copy(segment, offset + upperOffset, out, Ipv4Packet.HEADER_LENGTH, payloadLength);
        if (!hasFragmentHeader || fragment.fragmentOffset() == 0) {
            int checksumAt = protocol == IpProtocol.TCP ? TcpSegment.CHECKSUM
                : protocol == IpProtocol.UDP ? UdpDatagram.CHECKSUM : -1;
            if (checksumAt >= 0) {
                if (payloadLength < checksumAt + 2) {
                    return TranslationResult.DROPPED_MALFORMED_TRANSPORT;
                }
                adjustChecksum(Ipv4Packet.HEADER_LENGTH + checksumAt, protocol == IpProtocol.UDP, in, (int) source,
                    (int) destination);
            }
        }
        return send(hasFragmentHeader, Ipv4Packet.HEADER_LENGTH + payloadLength, protocol, upperOffset, sink);
    }

    /**
     * Emits the IPv4 packet held in {@code out}: whole; fragmented when it may be and the next hop is too small; or
     * answered with packet too big when DF is set.
     */
    private TranslationResult send(boolean hadFragmentHeader, int total, int protocol, int upperOffset,
                                   PacketSink sink) {
        if (total <= config.ipv4NextHopMtu() && total <= TranslatorConfig.MAX_PACKET) {
            sink.emit(out, 0, total, PacketSink.Emission.TRANSLATED);
            return TranslationResult.TRANSLATED;
        }
        ip4.wrap(out, 0, Ipv4Packet.HEADER_LENGTH);
        if (ip4.dontFragment()) {
            int mtu = config.ipv4NextHopMtu() + HEADER_DELTA + (hadFragmentHeader ? Ipv6FragmentHeader.LENGTH : 0);
            errors.sendIpv6(in, protocol, upperOffset, Icmpv6Packet.PACKET_TOO_BIG, 0, mtu, sink);
            return TranslationResult.DROPPED_PACKET_TOO_BIG;
        }
        int payloadLength = total - Ipv4Packet.HEADER_LENGTH;
        int chunk = (Math.min(config.ipv4NextHopMtu(), TranslatorConfig.MAX_PACKET) - Ipv4Packet.HEADER_LENGTH) & ~7;
        int baseUnits = ip4.fragmentOffset();
        boolean lastHasMore = ip4.moreFragments();
        for (int done = 0; done < payloadLength; done += chunk) {
            int size = Math.min(chunk, payloadLength - done);
            if (done > 0) {
                MemorySegment.copy(out, 0, out, done, Ipv4Packet.HEADER_LENGTH);
            }
            ip4.wrap(out, done, Ipv4Packet.HEADER_LENGTH);
            ip4.setTotalLength(Ipv4Packet.HEADER_LENGTH + size);
            ip4.setFlagsAndFragmentOffset(false, done + size < payloadLength || lastHasMore,
                baseUnits + (done >>> 3));
            ip4.fillHeaderChecksum();
            sink.emit(out, done, Ipv4Packet.HEADER_LENGTH + size, PacketSink.Emission.TRANSLATED);
        }
        return TranslationResult.FRAGMENTED;
    }

    /**
     * Writes an IPv4 header at {@code at} of {@code out} for {@code packet}. With a fragment header (whose view is
     * {@link #fragment}) the identification, MF and offset come from it and DF is clear; without one the
     * identification is generated and DF is set above 1260 bytes (RFC 7915 section 5.1).
     */
    private void writeHeader(long at, Ipv6Packet packet, boolean withFragmentHeader, int total, int protocol,
                             int ttl, int source, int destination) {
        ip4.wrap(out, at, Ipv4Packet.HEADER_LENGTH);
        ip4.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip4.setTos(config.copyTrafficClass() ? packet.trafficClass() : 0);
        ip4.setTotalLength(total);
        if (withFragmentHeader) {
            ip4.setIdentification(fragment.identification() & 0xffff);
            ip4.setFlagsAndFragmentOffset(false, fragment.moreFragments(), fragment.fragmentOffset());
        } else {
            ip4.setIdentification(identification++ & 0xffff);
            ip4.setFlagsAndFragmentOffset(total > DF_THRESHOLD, false, 0);
        }
        ip4.setTtl(ttl);
        ip4.setProtocol(protocol == IpProtocol.ICMPV6 ? IpProtocol.ICMP : protocol);
        ip4.setSource(source);
        ip4.setDestination(destination);
        ip4.fillHeaderChecksum();
    }

    /** Replaces the IPv6 pseudo-header addresses of {@code packet} in the checksum at {@code at} with IPv4 ones. */
    private void adjustChecksum(long at, boolean udp, Ipv6Packet packet, int source, int destination) {
        int value = out.get(PacketView.U16, at) & 0xffff;
        if (udp && value == 0) {
            return;
        }
        int old = Checksum.fold((long) Checksum.ofLong(packet.sourceHigh()) + Checksum.ofLong(packet.sourceLow())
            + Checksum.ofLong(packet.destinationHigh()) + Checksum.ofLong(packet.destinationLow()));
        int now = Checksum.add(Checksum.ofInt(source), Checksum.ofInt(destination));
        value = Checksum.adjust(value, old, now);
        out.set(PacketView.U16, at, (short) (udp && value == 0 ? 0xffff : value));
    }

    /** ICMPv6 to ICMPv4 (RFC 7915 section 5.2). */
    private TranslationResult translateIcmp(int source, int destination, int hopLimit, int upperOffset,
                                            PacketSink sink) {
        int icmpLength = in.length() - upperOffset;
        if (icmp6.wrap(in.segment(), in.offset() + upperOffset, icmpLength).checkLength() != WireStatus.OK) {
            return TranslationResult.DROPPED_MALFORMED_TRANSPORT;
        }
        int mapped = IcmpMapping.sixToFour(icmp6.type(), icmp6.code());
        if (mapped == IcmpMapping.DROP) {
            return TranslationResult.DROPPED_UNTRANSLATABLE_ICMP;
        }
        boolean hasFragmentHeader = chain.hasFragmentHeader();
        int at = Ipv4Packet.HEADER_LENGTH;
        if (!Icmpv6Packet.isError(icmp6.type())) {
            writeHeader(0, in, hasFragmentHeader, at + icmpLength, IpProtocol.ICMPV6, hopLimit, source, destination);
            MemorySegment.copy(icmp6.segment(), icmp6.offset(), out, at, icmpLength);
            // Echo: only the type changes, and ICMPv4 has no pseudo-header (RFC 7915 section 5.2).
            int oldSum = Checksum.add(icmp6.type() << 8 | icmp6.code(),
                in.pseudoHeaderSum(IpProtocol.ICMPV6, icmpLength));
            icmp4.wrap(out, at, icmpLength);
            icmp4.setType(mapped >>> 8);
            icmp4.setCode(mapped & 0xff);
            int checksum = Checksum.adjust(icmp6.checksum(), oldSum, mapped & 0xffff);
            if (checksum == 0 && mapped == 0 && icmp4.restOfHeader() == 0
                && Checksum.sum(out, at + Icmpv4Packet.HEADER_LENGTH, icmpLength - Icmpv4Packet.HEADER_LENGTH, 0) == 0) {
                // RFC 1624 section 3: the update yields 0x0000 where all-zero data needs 0xffff (an echo reply
                // with identifier, sequence and data all zero).
                checksum = 0xffff;
            }
            icmp4.setChecksum(checksum);
            return send(hasFragmentHeader, at + icmpLength, IpProtocol.ICMPV6, upperOffset, sink);
        }
        int type = mapped >>> 8;
        int restOfHeader = 0;
        if (type == Icmpv4Packet.PARAMETER_PROBLEM) {
            int pointer = IcmpMapping.sixToFourPointer(icmp6.pointer());
            if (pointer == IcmpMapping.NO_POINTER) {
                return TranslationResult.DROPPED_UNTRANSLATABLE_ICMP;
            }
            restOfHeader = pointer << 24;
        }
        // ICMPv4 errors are at most 576 bytes (RFC 1812 section 4.3.2.3).
        int limit = Math.min(IcmpErrorGenerator.MAX_ICMPV4_ERROR, config.ipv4NextHopMtu());
        int innerAt = at + Icmpv4Packet.HEADER_LENGTH;
        int innerLength = translateInner(icmp6.offset() + Icmpv6Packet.HEADER_LENGTH,
            icmpLength - Icmpv6Packet.HEADER_LENGTH, innerAt, limit - innerAt);
        if (innerLength < 0) {
            return TranslationResult.DROPPED_BAD_ICMP_ERROR_PAYLOAD;
        }
        if (type == Icmpv4Packet.DESTINATION_UNREACHABLE
            && (mapped & 0xff) == Icmpv4Packet.CODE_FRAGMENTATION_NEEDED) {
            int delta = HEADER_DELTA + (innerChain.hasFragmentHeader() ? Ipv6FragmentHeader.LENGTH : 0);
            int mtu = Math.min(Math.min(icmp6.mtu() - delta, config.ipv4NextHopMtu()),
                config.ipv6NextHopMtu() - delta);
            restOfHeader = Math.max(0, Math.min(mtu, 0xffff));
        }
        int total = innerAt + innerLength;
        writeHeader(0, in, hasFragmentHeader, total, IpProtocol.ICMPV6, hopLimit, source, destination);
        icmp4.wrap(out, at, total - at);
        icmp4.setType(type);
        icmp4.setCode(mapped & 0xff);
        icmp4.setRestOfHeader(restOfHeader);
        icmp4.fillChecksum();
        sink.emit(out, 0, total, PacketSink.Emission.TRANSLATED);
        return TranslationResult.TRANSLATED;
    }

    /**
     * Translates the invoking IPv6 packet quoted in an ICMPv6 error, from {@code from} ({@code available} bytes of
     * the input) into {@code out} at {@code to}, writing at most {@code room} bytes. The quote may be truncated but
     * its extension headers must be whole. Returns the bytes written, or -1 when it cannot be translated.
     */
    private int translateInner(long from, int available, int to, int room) {
        MemorySegment segment = in.segment();
        inner.wrap(segment, from, available);
        if (available < Ipv6Packet.HEADER_LENGTH || inner.version() != 6 || innerChain.walk(inner) != WireStatus.OK) {
            return -1;
        }
        long source = mapper.toIpv4(inner.sourceHigh(), inner.sourceLow());
        long destination = mapper.toIpv4(inner.destinationHigh(), inner.destinationLow());
        if (source == AddressMapper.NO_MAPPING || destination == AddressMapper.NO_MAPPING) {
            return -1;
        }
        int upperOffset = innerChain.upperLayerOffset();
        int protocol = innerChain.upperLayerProtocol();
        boolean hasFragmentHeader = innerChain.hasFragmentHeader();
        if (hasFragmentHeader) {
            fragment.wrap(segment, from + innerChain.fragmentHeaderOffset(), Ipv6FragmentHeader.LENGTH);
        }
        int declaredUpper = Math.max(0, Ipv6Packet.HEADER_LENGTH + inner.payloadLength() - upperOffset);
        int copied = Math.max(0, Math.min(available - upperOffset, room - Ipv4Packet.HEADER_LENGTH));
        writeHeader(to, inner, hasFragmentHeader, Ipv4Packet.HEADER_LENGTH + declaredUpper, protocol, inner.hopLimit(),
            (int) source, (int) destination);
        long transport = to + Ipv4Packet.HEADER_LENGTH;
        MemorySegment.copy(segment, from + upperOffset, out, transport, copied);
        if (!hasFragmentHeader || fragment.fragmentOffset() == 0) {
            if (protocol == IpProtocol.ICMPV6) {
                return translateInnerIcmp(transport, copied, declaredUpper) ? Ipv4Packet.HEADER_LENGTH + copied : -1;
            }
            int checksumAt = protocol == IpProtocol.TCP ? TcpSegment.CHECKSUM
                : protocol == IpProtocol.UDP ? UdpDatagram.CHECKSUM : -1;
            if (checksumAt >= 0 && copied >= checksumAt + 2) {
                adjustChecksum(transport + checksumAt, protocol == IpProtocol.UDP, inner, (int) source,
                    (int) destination);
            }
        }
        return Ipv4Packet.HEADER_LENGTH + copied;
    }

    /** Translates the ICMPv6 header of a quoted packet: only echo messages may be quoted (no errors about errors). */
    private boolean translateInnerIcmp(long at, int copied, int declaredLength) {
        if (copied < 1) {
            return true;
        }
        int type = out.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        if (Icmpv6Packet.isError(type)) {
            return false;
        }
        int code = copied >= 2 ? out.get(ValueLayout.JAVA_BYTE, at + 1) & 0xff : 0;
        int mapped = IcmpMapping.sixToFour(type, code);
        if (mapped == IcmpMapping.DROP) {
            return false;
        }
        out.set(ValueLayout.JAVA_BYTE, at, (byte) (mapped >>> 8));
        if (copied >= 2) {
            out.set(ValueLayout.JAVA_BYTE, at + 1, (byte) mapped);
        }
        if (copied >= Icmpv6Packet.CHECKSUM + 2) {
            int oldSum = Checksum.add(type << 8 | code, inner.pseudoHeaderSum(IpProtocol.ICMPV6, declaredLength));
            int value = Checksum.adjust(out.get(PacketView.U16, at + Icmpv6Packet.CHECKSUM) & 0xffff, oldSum,
                mapped & 0xffff);
            out.set(PacketView.U16, at + Icmpv6Packet.CHECKSUM, (short) value);
        }
        return true;
    }
}
