package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Ipv6HeaderChainTest {
    /** Every common extension header in RFC 8200 section 4.1 order, then UDP. */
    static final String FULL_CHAIN = """
        60 00 00 00             # version 6, traffic class 0, flow label 0
        00 40                   # payload length 64
        00                      # next header 0 (hop-by-hop)
        40                      # hop limit 64
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  # source 2001:db8::1
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02  # destination 2001:db8::2
        # offset 40: hop-by-hop options
        3c 00                   # next header 60 (destination options), 8 bytes
        05 02 00 00             # router alert, value 0
        01 00                   # PadN
        # offset 48: destination options (before the routing header)
        2b 00                   # next header 43 (routing), 8 bytes
        01 04 00 00 00 00       # PadN, 4 bytes
        # offset 56: routing header
        2c 02                   # next header 44 (fragment), 24 bytes
        04 01                   # routing type 4 (SRH), segments left 1
        00 00 00 00             # last entry, flags, tag
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 03  # segment 2001:db8::3
        # offset 80: fragment header
        3c 00                   # next header 60 (destination options), reserved
        00 01                   # offset 0, M 1 (first fragment)
        00 00 00 2a             # identification 42
        # offset 88: destination options (for the final destination)
        11 00                   # next header 17 (UDP), 8 bytes
        01 04 00 00 00 00       # PadN, 4 bytes
        # offset 96: UDP
        04 d2 00 35 00 08 00 00 # source port 1234, destination port 53, length 8, checksum 0
        """;

    /** A non-first fragment: what follows the fragment header is not a header and must not be walked. */
    static final String NON_FIRST_FRAGMENT = """
        60 00 00 00 00 10 2c 40 # payload length 16, next header 44 (fragment), hop limit 64
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  # source 2001:db8::1
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02  # destination 2001:db8::2
        # offset 40: fragment header
        3c 00                   # next header 60 (destination options), reserved
        05 c8                   # offset 185 (1480 bytes), M 0 (last fragment)
        00 00 00 2a             # identification 42
        # offset 48: fragment data (would read as a 2048-byte header if walked)
        00 ff ff ff ff ff ff ff
        """;

    private final Ipv6HeaderChain chain = new Ipv6HeaderChain();

    private static Ipv6Packet checked(MemorySegment segment) {
        Ipv6Packet p = new Ipv6Packet().wrap(segment, 0, (int) segment.byteSize());
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        return p;
    }

    /** An IPv6 packet with {@code nextHeader} and {@code rest} (hex) after the fixed header. */
    private static MemorySegment ipv6(int nextHeader, String rest) {
        byte[] tail = Hex.bytes(rest);
        MemorySegment segment = MemorySegment.ofArray(new byte[40 + tail.length]);
        new Ipv6Repr(0, 0, tail.length, nextHeader, 64, Ipv6Address.parse("2001:db8::1"),
            Ipv6Address.parse("2001:db8::2")).emit(new Ipv6Packet().wrap(segment, 0, 40));
        MemorySegment.copy(MemorySegment.ofArray(tail), 0, segment, 40, tail.length);
        return segment;
    }

    private static String destinationOptions(int nextHeader) {
        return String.format("%02x 00 01 04 00 00 00 00%n", nextHeader);
    }

    @Test
    void walksEveryHeaderToTheUpperLayer() {
        assertThat(chain.walk(checked(Hex.segment(FULL_CHAIN)))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.UDP);
        assertThat(chain.upperLayerOffset()).isEqualTo(96);
        assertThat(chain.nextHeaderFieldOffset()).isEqualTo(88);
        assertThat(chain.headerCount()).isEqualTo(5);
        assertThat(chain.hasFragmentHeader()).isTrue();
        assertThat(chain.fragmentHeaderOffset()).isEqualTo(80);
        assertThat(chain.hasRoutingHeader()).isTrue();
        assertThat(chain.routingHeaderSegmentsLeft()).isEqualTo(1);
        assertThat(chain.errorOffset()).isEqualTo(-1);
    }

    @Test
    void walksNothingWithoutExtensionHeaders() {
        assertThat(chain.walk(checked(ipv6(IpProtocol.TCP, "")))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.TCP);
        assertThat(chain.upperLayerOffset()).isEqualTo(40);
        assertThat(chain.nextHeaderFieldOffset()).isEqualTo(Ipv6Packet.NEXT_HEADER);
        assertThat(chain.headerCount()).isZero();
        assertThat(chain.hasFragmentHeader()).isFalse();
        assertThat(chain.fragmentHeaderOffset()).isEqualTo(-1);
        assertThat(chain.hasRoutingHeader()).isFalse();
        assertThat(chain.routingHeaderSegmentsLeft()).isZero();
    }

    @Test
    void stopsAfterTheFragmentHeaderOfANonFirstFragment() {
        assertThat(chain.walk(checked(Hex.segment(NON_FIRST_FRAGMENT)))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.IPV6_DESTINATION_OPTIONS);
        assertThat(chain.upperLayerOffset()).isEqualTo(48);
        assertThat(chain.nextHeaderFieldOffset()).isEqualTo(40);
        assertThat(chain.fragmentHeaderOffset()).isEqualTo(40);
        assertThat(chain.headerCount()).isEqualTo(1);
    }

    @Test
    void walksAnAtomicFragmentAndAuthenticationHeader() {
        MemorySegment packet = ipv6(IpProtocol.IPV6_FRAGMENT, """
            33 00 00 00 00 00 00 07                         # fragment: next header AH, offset 0, M 0
            06 04 00 00 00 00 01 00 00 00 00 01             # AH: next header TCP, (4 + 2) * 4 = 24 bytes
            01 02 03 04 05 06 07 08 09 0a 0b 0c             # AH integrity check value
            """);
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.TCP);
        assertThat(chain.upperLayerOffset()).isEqualTo(40 + 8 + 24);
    }

    @Test
    void stopsAtEspAndNoNextHeader() {
        assertThat(chain.walk(checked(ipv6(IpProtocol.IPV6_DESTINATION_OPTIONS,
            destinationOptions(IpProtocol.ESP) + "00000100 00000001")))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.ESP);
        assertThat(chain.upperLayerOffset()).isEqualTo(48);
        assertThat(chain.walk(checked(ipv6(IpProtocol.IPV6_NO_NEXT, "")))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.IPV6_NO_NEXT);
    }

    @Test
    void truncationInsideAnyHeaderIsReportedNotThrown() {
        // Shorten the payload length so the packet ends inside the chain: every cut before the upper layer.
        byte[] bytes = Hex.bytes(FULL_CHAIN);
        for (int cut = 40; cut < 96; cut++) {
            byte[] prefix = Arrays.copyOf(bytes, cut);
            prefix[4] = (byte) ((cut - 40) >>> 8);
            prefix[5] = (byte) (cut - 40);
            WireStatus status = chain.walk(checked(MemorySegment.ofArray(prefix)));
            assertThat(status).as("cut %d", cut).isNotEqualTo(WireStatus.OK);
            assertThat(chain.errorOffset()).isBetween(4, cut);
        }
    }

    @Test
    void truncatedPacketsFailTheLengthCheckFirst() {
        byte[] bytes = Hex.bytes(FULL_CHAIN);
        for (int cut = 0; cut < bytes.length; cut++) {
            MemorySegment prefix = MemorySegment.ofArray(Arrays.copyOf(bytes, cut));
            assertThat(new Ipv6Packet().wrap(prefix, 0, cut).checkLength()).isEqualTo(WireStatus.TRUNCATED);
        }
    }

    @Test
    void reportsTruncationAtTheStartOfTheHeader() {
        assertThat(chain.walk(checked(ipv6(IpProtocol.IPV6_ROUTING, "11 01 00 00 00 00 00 00"))))
            .isEqualTo(WireStatus.TRUNCATED);
        assertThat(chain.errorOffset()).isEqualTo(40);
    }

    @Test
    void rejectsHopByHopAfterAnotherHeader() {
        MemorySegment packet = ipv6(IpProtocol.IPV6_DESTINATION_OPTIONS,
            destinationOptions(IpProtocol.HOP_BY_HOP) + destinationOptions(IpProtocol.UDP));
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(chain.errorOffset()).isEqualTo(40); // the next header field that names it
    }

    @Test
    void rejectsASecondFragmentHeader() {
        MemorySegment packet = ipv6(IpProtocol.IPV6_FRAGMENT,
            "2c 00 00 00 00 00 00 01   2c 00 00 00 00 00 00 02   11 00 00 00 00 00 00 03");
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(chain.errorOffset()).isEqualTo(40); // the first fragment header's next header field
    }

    @Test
    void acceptsAtMostMaxHeaders() {
        StringBuilder rest = new StringBuilder();
        for (int i = 1; i < Ipv6HeaderChain.MAX_HEADERS; i++) {
            rest.append(destinationOptions(IpProtocol.IPV6_DESTINATION_OPTIONS));
        }
        String sixteen = rest + destinationOptions(IpProtocol.IPV6_NO_NEXT);
        assertThat(chain.walk(checked(ipv6(IpProtocol.IPV6_DESTINATION_OPTIONS, sixteen))))
            .isEqualTo(WireStatus.OK);
        assertThat(chain.headerCount()).isEqualTo(Ipv6HeaderChain.MAX_HEADERS);

        String seventeen = rest + destinationOptions(IpProtocol.IPV6_DESTINATION_OPTIONS)
            + destinationOptions(IpProtocol.IPV6_NO_NEXT);
        assertThat(chain.walk(checked(ipv6(IpProtocol.IPV6_DESTINATION_OPTIONS, seventeen))))
            .isEqualTo(WireStatus.BAD_OPTION);
        assertThat(chain.errorOffset()).isEqualTo(40 + 15 * 8);
    }

    @Test
    void rejectsAuthenticationHeaderNotAMultipleOfEight() {
        MemorySegment packet = ipv6(IpProtocol.AH, "06 03 00 00 00 00 01 00 00 00 00 01 01 02 03 04");
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.BAD_HEADER_LENGTH);
        assertThat(chain.errorOffset()).isEqualTo(41);
    }

    @Test
    void rejectsAFragmentWithMoreFragmentsAndDataNotAMultipleOfEight() {
        MemorySegment packet = ipv6(IpProtocol.IPV6_FRAGMENT, "11 00 00 01 00 00 00 2a  04 d2 00 35 00 0c 00 00 ab");
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.BAD_LENGTH);
        assertThat(chain.errorOffset()).isEqualTo(Ipv6Packet.PAYLOAD_LENGTH);
        // The last fragment may end anywhere.
        MemorySegment last = ipv6(IpProtocol.IPV6_FRAGMENT, "11 00 00 08 00 00 00 2a  04 d2 00 35 00 0c 00 00 ab");
        assertThat(chain.walk(checked(last))).isEqualTo(WireStatus.OK);
    }

    @Test
    void rejectsAFragmentThatWouldReassembleBeyond65535() {
        // Offset 8191 units (65528 bytes) plus 16 bytes of data ends past 65535.
        MemorySegment packet = ipv6(IpProtocol.IPV6_FRAGMENT,
            "11 00 ff f8 00 00 00 2a  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.BAD_LENGTH);
        assertThat(chain.errorOffset()).isEqualTo(42);
        // Exactly 65535 is fine: 65528 + 7 bytes of final data.
        MemorySegment edge = ipv6(IpProtocol.IPV6_FRAGMENT, "11 00 ff f8 00 00 00 2a  00 00 00 00 00 00 00");
        assertThat(chain.walk(checked(edge))).isEqualTo(WireStatus.OK);
    }

    @Test
    void walksExperimentalHeadersOfTheGenericShape() {
        MemorySegment packet = ipv6(IpProtocol.EXPERIMENT_1, "11 00 00 00 00 00 00 00");
        assertThat(chain.walk(checked(packet))).isEqualTo(WireStatus.OK);
        assertThat(chain.upperLayerProtocol()).isEqualTo(IpProtocol.UDP);
        assertThat(chain.upperLayerOffset()).isEqualTo(48);
    }

    @Test
    void viewsReadTheHeadersTheChainFinds() {
        Ipv6Packet packet = checked(Hex.segment(FULL_CHAIN));
        assertThat(chain.walk(packet)).isEqualTo(WireStatus.OK);
        var fragment = new Ipv6FragmentHeader().wrap(packet.segment(), chain.fragmentHeaderOffset(),
            packet.length() - chain.fragmentHeaderOffset());
        assertThat(Ipv6FragmentRepr.parse(fragment)).isEqualTo(new Ipv6FragmentRepr(60, 0, true, 42));
        var hopByHop = new Ipv6ExtensionHeader().wrap(packet.segment(), 40, packet.length() - 40,
            IpProtocol.HOP_BY_HOP);
        assertThat(hopByHop.checkLength()).isEqualTo(WireStatus.OK);
        var options = new Ipv6OptionsIterator().reset(hopByHop);
        assertThat(options.next()).isTrue();
        assertThat(options.type()).isEqualTo(Ipv6OptionsIterator.ROUTER_ALERT);
    }

    @Property(tries = 500)
    void arbitraryChainsNeverThrow(@ForAll @IntRange(max = 255) int nextHeader, @ForAll byte[] rest) {
        // Bias the random bytes towards extension header types so the walk goes deep.
        int[] types = {0, 43, 44, 51, 60, 135, 139, 140, 253, 254, 17};
        for (int i = 0; i + 8 <= rest.length; i += 8) {
            rest[i] = (byte) types[(rest[i] & 0xff) % types.length];
            rest[i + 1] = (byte) (rest[i + 1] & 0x03);
        }
        MemorySegment segment = MemorySegment.ofArray(new byte[40 + Math.min(rest.length, 0xffff)]);
        Ipv6Packet p = new Ipv6Packet().wrap(segment, 0, (int) segment.byteSize());
        p.setVersionClassFlow(0, 0);
        p.setPayloadLength((int) segment.byteSize() - 40);
        p.setNextHeader(nextHeader);
        MemorySegment.copy(MemorySegment.ofArray(rest), 0, segment, 40, segment.byteSize() - 40);
        assertThat(p.checkLength()).isEqualTo(WireStatus.OK);
        if (chain.walk(p) == WireStatus.OK) {
            assertThat(chain.upperLayerOffset()).isBetween(40, p.length());
            assertThat(chain.headerCount()).isBetween(0, Ipv6HeaderChain.MAX_HEADERS);
            assertThat(chain.errorOffset()).isEqualTo(-1);
        } else {
            assertThat(chain.errorOffset()).isBetween(0, p.length());
        }
    }
}
