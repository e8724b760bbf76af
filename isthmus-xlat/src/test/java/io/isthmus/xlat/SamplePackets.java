package io.isthmus.xlat;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.TcpSegment;
import io.isthmus.xlat.mapping.AgentPrefixTable;
import io.isthmus.xlat.mapping.OverlayAddressMapper;
import io.isthmus.xlat.mapping.OverlayAddressing;
import io.isthmus.xlat.mapping.Rfc6052Mapper;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The packets the translator is measured with: shared by {@code TranslatorAllocationTest} and the JMH
 * {@code io.isthmus.bench.TranslatorBenchmark} (which reads this class from isthmus-xlat's test-jar). Each
 * {@link Sample} translates to exactly one packet of a known length ({@link #check} proves it), so a benchmark of a
 * drop path cannot pass for a benchmark of the forwarding path.
 *
 * <p>Built with the {@link TestPackets} builders; only wire views and main translator types are used, so the bench
 * module needs nothing else from the test classpath.
 */
public final class SamplePackets {
    /** RFC 6052 Well-Known Prefix without the global-only restriction, so documentation addresses translate. */
    public static final Ipv6Prefix NAT64_PREFIX = Ipv6Prefix.parse("64:ff9b::/96");
    public static final int CLIENT_IPV4 = Ipv4Address.parse("198.51.100.7");
    public static final int SERVER_IPV4 = Ipv4Address.parse("203.0.113.9");
    public static final String CLIENT_IPV6 = "64:ff9b::198.51.100.7";
    public static final String SERVER_IPV6 = "64:ff9b::203.0.113.9";
    /** Overlay case: two nodes of network 42, owned by two agents with /72 prefixes (DESIGN.md, "Addressing"). */
    public static final int OVERLAY_NETWORK_ID = 42;
    public static final int OVERLAY_NODE_A = Ipv4Address.parse("10.0.0.5");
    public static final int OVERLAY_NODE_B = Ipv4Address.parse("10.0.0.9");

    /** Bytes of UDP payload in the 64-byte IPv4 (84-byte IPv6) UDP sample. */
    public static final int SMALL_UDP_PAYLOAD = 36;
    /** Bytes of TCP payload in the 1400-byte IPv4 (1420-byte IPv6) TCP sample. */
    public static final int LARGE_TCP_PAYLOAD = 1400 - 20 - TcpSegment.HEADER_LENGTH;
    /** Bytes of echo data in the ICMP sample (ping's default 56: an 84-byte IPv4 packet). */
    public static final int ECHO_DATA = 56;

    private SamplePackets() {
    }

    /** Which way a sample is translated. */
    public enum Direction {
        FOUR_TO_SIX,
        SIX_TO_FOUR
    }

    /** Which address mapping a sample needs. */
    public enum Mapping {
        /** {@link #nat64Mapper()}. */
        NAT64,
        /** {@link #overlayMapper()}. */
        OVERLAY
    }

    /**
     * One measured case.
     *
     * @param name short name, as in the benchmark method
     * @param direction 4 to 6 or 6 to 4
     * @param mapping the address mapper the translator needs
     * @param packet the input packet (valid checksums, DF set on the large IPv4 segment so it is not fragmented)
     * @param translatedLength the length of the one packet the translator must emit
     */
    public record Sample(String name, Direction direction, Mapping mapping, byte[] packet, int translatedLength) {
        /** A translator (default RFC 7915 settings) with this sample's mapper. */
        public Translator newTranslator() {
            return new Translator(TranslatorConfig.defaults(mapping == Mapping.NAT64 ? nat64Mapper() : overlayMapper()));
        }

        /** Translates the {@link #packet} copy in {@code input} (at offset 0) in this sample's direction. */
        public TranslationResult translate(Translator translator, MemorySegment input, PacketSink sink) {
            return direction == Direction.FOUR_TO_SIX
                ? translator.translate4to6(input, 0, packet.length, sink)
                : translator.translate6to4(input, 0, packet.length, sink);
        }

        /** The packet in a new native segment of {@code arena} (benchmarks read their input off-heap, like a TUN). */
        public MemorySegment copyTo(Arena arena) {
            MemorySegment segment = arena.allocate(packet.length, 8);
            MemorySegment.copy(packet, 0, segment, ValueLayout.JAVA_BYTE, 0, packet.length);
            return segment;
        }
    }

    /** 64-byte IPv4 UDP (20 + 8 + 36), client to server. */
    public static final Sample UDP_4TO6 = new Sample("udp64_4to6", Direction.FOUR_TO_SIX, Mapping.NAT64,
        TestPackets.ipv4(IpProtocol.UDP, CLIENT_IPV4, SERVER_IPV4, 64, 0, false, 0x1234,
            TestPackets.udp(40000, 53, payload(SMALL_UDP_PAYLOAD)), false), 84);
    /** The same datagram as an 84-byte IPv6 packet (40 + 8 + 36). */
    public static final Sample UDP_6TO4 = new Sample("udp84_6to4", Direction.SIX_TO_FOUR, Mapping.NAT64,
        TestPackets.ipv6(IpProtocol.UDP, CLIENT_IPV6, SERVER_IPV6, 64, 0,
            TestPackets.udp(40000, 53, payload(SMALL_UDP_PAYLOAD)), false), 64);
    /** 1400-byte IPv4 TCP segment (20 + 20 + 1360), DF set as PMTU discovery does. */
    public static final Sample TCP_4TO6 = new Sample("tcp1400_4to6", Direction.FOUR_TO_SIX, Mapping.NAT64,
        TestPackets.ipv4(IpProtocol.TCP, CLIENT_IPV4, SERVER_IPV4, 64, 0, true, 0x4321,
            TestPackets.tcp(40001, 443, 0x0102_0304, TcpSegment.ACK | TcpSegment.PSH, payload(LARGE_TCP_PAYLOAD)),
            false), 1420);
    /** The same segment as a 1420-byte IPv6 packet. */
    public static final Sample TCP_6TO4 = new Sample("tcp1420_6to4", Direction.SIX_TO_FOUR, Mapping.NAT64,
        TestPackets.ipv6(IpProtocol.TCP, CLIENT_IPV6, SERVER_IPV6, 64, 0,
            TestPackets.tcp(40001, 443, 0x0102_0304, TcpSegment.ACK | TcpSegment.PSH, payload(LARGE_TCP_PAYLOAD)),
            false), 1400);
    /** 84-byte ICMPv4 echo request (20 + 8 + 56), translated to an ICMPv6 echo request. */
    public static final Sample ICMP_ECHO_4TO6 = new Sample("icmpEcho84_4to6", Direction.FOUR_TO_SIX, Mapping.NAT64,
        TestPackets.ipv4(IpProtocol.ICMP, CLIENT_IPV4, SERVER_IPV4, 64, 0, false, 0x2222,
            TestPackets.icmp(Icmpv4Packet.ECHO_REQUEST, 0, 0x0abc_0001, payload(ECHO_DATA)), false), 104);
    /** The 64-byte UDP case between two overlay nodes, through {@link OverlayAddressMapper}. */
    public static final Sample OVERLAY_UDP_4TO6 = new Sample("overlayUdp64_4to6", Direction.FOUR_TO_SIX,
        Mapping.OVERLAY, TestPackets.ipv4(IpProtocol.UDP, OVERLAY_NODE_A, OVERLAY_NODE_B, 64, 0, false, 0x3333,
            TestPackets.udp(40002, 8080, payload(SMALL_UDP_PAYLOAD)), false), 84);

    /** Every sample, in benchmark order. */
    public static List<Sample> all() {
        return List.of(UDP_4TO6, UDP_6TO4, TCP_4TO6, TCP_6TO4, ICMP_ECHO_4TO6, OVERLAY_UDP_4TO6);
    }

    /** RFC 6052 mapping under 64:ff9b::/96 with every IPv4 address allowed (Jool's pool6 without the scope check). */
    public static Rfc6052Mapper nat64Mapper() {
        return new Rfc6052Mapper(NAT64_PREFIX, false);
    }

    /** Overlay mapping of network {@link #OVERLAY_NETWORK_ID}: node A on one agent, node B on another. */
    public static OverlayAddressMapper overlayMapper() {
        AgentPrefixTable table = AgentPrefixTable.builder(OverlayAddressing.DEFAULT_AGENT_PREFIX_LENGTH)
            .put(OVERLAY_NODE_A, Ipv6Prefix.parse("2001:db8:0:1:a100::/72"))
            .put(OVERLAY_NODE_B, Ipv6Prefix.parse("2001:db8:0:2:b200::/72"))
            .build();
        return new OverlayAddressMapper(OverlayAddressing.defaults(), OVERLAY_NETWORK_ID, table);
    }

    /**
     * Translates {@code sample} once and throws unless it came out as exactly one {@code TRANSLATED} packet of the
     * expected length. Call it before measuring, never per packet (it allocates).
     *
     * @throws IllegalStateException describing what came out instead
     */
    public static void check(Sample sample, Translator translator, MemorySegment input) {
        int[] emitted = new int[3]; // count, last length, ICMP errors
        TranslationResult result = sample.translate(translator, input, (segment, offset, length, kind) -> {
            emitted[0]++;
            emitted[1] = length;
            if (kind != PacketSink.Emission.TRANSLATED) {
                emitted[2]++;
            }
        });
        if (result != TranslationResult.TRANSLATED || emitted[0] != 1 || emitted[2] != 0
            || emitted[1] != sample.translatedLength()) {
            throw new IllegalStateException(sample.name() + ": expected one TRANSLATED packet of "
                + sample.translatedLength() + " bytes, got " + result + " with " + emitted[0] + " emission(s), "
                + emitted[2] + " ICMP error(s), last " + emitted[1] + " bytes");
        }
    }

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 1);
        }
        return bytes;
    }
}
