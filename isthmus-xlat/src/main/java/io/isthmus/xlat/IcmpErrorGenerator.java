package io.isthmus.xlat;

import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Builds the ICMP errors the translator itself sends back to a sender (RFC 7915 sections 4.4 and 5.4, and as a
 * router: time exceeded, fragmentation needed / packet too big, parameter problem). Errors quote as much of the
 * invoking packet as fits in 576 bytes (ICMPv4, RFC 1812 section 4.3.2.3) or 1280 bytes (ICMPv6, RFC 4443 section
 * 2.4 c), are rate limited, and are never sent about ICMP errors, non-first fragments or non-unicast addresses
 * (RFC 1122 section 3.2.2, RFC 4443 section 2.4 e).
 */
final class IcmpErrorGenerator {
    static final int MAX_ICMPV4_ERROR = 576;
    static final int MAX_ICMPV6_ERROR = Ipv6Packet.MINIMUM_MTU;

    private final boolean ipv4Enabled;
    private final int ipv4Source;
    private final boolean ipv6Enabled;
    private final long ipv6SourceHigh;
    private final long ipv6SourceLow;
    private final TokenBucket rate;
    private final MemorySegment buffer = Arena.ofAuto().allocate(MAX_ICMPV6_ERROR + 64, 8);
    private final Ipv4Packet ip4 = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Icmpv4Packet icmp4 = new Icmpv4Packet();
    private final Icmpv6Packet icmp6 = new Icmpv6Packet();
    private int identification = (int) System.nanoTime();

    IcmpErrorGenerator(TranslatorConfig config) {
        this.ipv4Enabled = config.errorSourceIpv4() != null;
        this.ipv4Source = ipv4Enabled ? config.errorSourceIpv4() : 0;
        this.ipv6Enabled = config.errorSourceIpv6() != null;
        this.ipv6SourceHigh = ipv6Enabled ? config.errorSourceIpv6().high() : 0;
        this.ipv6SourceLow = ipv6Enabled ? config.errorSourceIpv6().low() : 0;
        this.rate = new TokenBucket(config.icmpErrorsPerSecond());
    }

    /**
     * Sends an ICMPv4 error about the IPv4 packet in {@code invoking} (already length-checked) to its source.
     * {@code restOfHeader} is the ICMP header's second word (MTU, pointer or zero).
     */
    void sendIpv4(Ipv4Packet invoking, int type, int code, int restOfHeader, PacketSink sink) {
        if (!ipv4Enabled || invoking.fragmentOffset() != 0 || !isUnicastIpv4(invoking.source())
            || !isUnicastIpv4(invoking.destination()) || isIcmpv4Error(invoking) || !rate.tryAcquire()) {
            return;
        }
        int quoted = Math.min(invoking.length(), MAX_ICMPV4_ERROR - Ipv4Packet.HEADER_LENGTH - Icmpv4Packet.HEADER_LENGTH);
        int total = Ipv4Packet.HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH + quoted;
        ip4.wrap(buffer, 0, total);
        ip4.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip4.setTos(0);
        ip4.setTotalLength(total);
        ip4.setIdentification(identification++ & 0xffff);
        ip4.setFlagsAndFragmentOffset(false, false, 0);
        ip4.setTtl(64);
        ip4.setProtocol(IpProtocol.ICMP);
        ip4.setSource(ipv4Source);
        ip4.setDestination(invoking.source());
        ip4.fillHeaderChecksum();
        icmp4.wrap(buffer, Ipv4Packet.HEADER_LENGTH, Icmpv4Packet.HEADER_LENGTH + quoted);
        icmp4.setType(type);
        icmp4.setCode(code);
        icmp4.setRestOfHeader(restOfHeader);
        MemorySegment.copy(invoking.segment(), invoking.offset(), buffer,
            Ipv4Packet.HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH, quoted);
        icmp4.fillChecksum();
        sink.emit(buffer, 0, total, PacketSink.Emission.ICMP_ERROR_TO_SENDER);
    }

    /**
     * Sends an ICMPv6 error about the IPv6 packet in {@code invoking} (already length-checked) to its source.
     * {@code upperLayerProtocol} and {@code upperLayerOffset} come from the extension header walk, so that errors
     * about ICMPv6 errors are suppressed.
     */
    void sendIpv6(Ipv6Packet invoking, int upperLayerProtocol, int upperLayerOffset, int type, int code,
                  int restOfHeader, PacketSink sink) {
        if (!ipv6Enabled || isMulticastOrUnspecified(invoking.sourceHigh(), invoking.sourceLow())
            || (invoking.destinationHigh() >>> 56) == 0xff || !rate.tryAcquire()) {
            return;
        }
        if (upperLayerProtocol == IpProtocol.ICMPV6 && invoking.length() > upperLayerOffset
            && Icmpv6Packet.isError(invoking.segment().get(ValueLayout.JAVA_BYTE,
                invoking.offset() + upperLayerOffset) & 0xff)) {
            return;
        }
        int quoted = Math.min(invoking.length(), MAX_ICMPV6_ERROR - Ipv6Packet.HEADER_LENGTH - Icmpv6Packet.HEADER_LENGTH);
        int total = Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH + quoted;
        ip6.wrap(buffer, 0, total);
        ip6.setVersionClassFlow(0, 0);
        ip6.setPayloadLength(total - Ipv6Packet.HEADER_LENGTH);
        ip6.setNextHeader(IpProtocol.ICMPV6);
        ip6.setHopLimit(64);
        ip6.setSource(ipv6SourceHigh, ipv6SourceLow);
        ip6.setDestination(invoking.sourceHigh(), invoking.sourceLow());
        icmp6.wrap(buffer, Ipv6Packet.HEADER_LENGTH, Icmpv6Packet.HEADER_LENGTH + quoted);
        icmp6.setType(type);
        icmp6.setCode(code);
        icmp6.setRestOfHeader(restOfHeader);
        MemorySegment.copy(invoking.segment(), invoking.offset(), buffer,
            Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH, quoted);
        icmp6.fillChecksum(ip6.pseudoHeaderSum(IpProtocol.ICMPV6, Icmpv6Packet.HEADER_LENGTH + quoted));
        sink.emit(buffer, 0, total, PacketSink.Emission.ICMP_ERROR_TO_SENDER);
    }

    private static boolean isUnicastIpv4(int address) {
        int first = address >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    private static boolean isMulticastOrUnspecified(long high, long low) {
        return (high >>> 56) == 0xff || (high == 0 && low == 0);
    }

    private boolean isIcmpv4Error(Ipv4Packet packet) {
        if (packet.protocol() != IpProtocol.ICMP || packet.payloadLength() < 1) {
            return false;
        }
        int type = packet.segment().get(ValueLayout.JAVA_BYTE,
            packet.offset() + packet.headerLength()) & 0xff;
        return Icmpv4Packet.isError(type);
    }
}
