package io.isthmus.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6FragmentHeader;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.PacketView;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Behaviour of the translator beyond the common paths: RFC 7915 corner cases, one test per rule. */
class TranslatorTest {
    private static final String PREFIX = "64:ff9b:1::";
    private static final int A = Ipv4Address.parse("192.0.2.10");
    private static final int B = Ipv4Address.parse("198.51.100.20");
    private static final Ipv6Address ROUTER6 = Ipv6Address.parse("2001:db8:ffff::1");
    private static final int ROUTER4 = Ipv4Address.parse("203.0.113.1");

    private final TranslatorConfig config = TranslatorConfig.defaults(new Prefix96Mapper(PREFIX))
        .withErrorSources(ROUTER4, ROUTER6);
    private final Translator translator = new Translator(config);

    private static String v6(int ipv4) {
        return PREFIX + Ipv4Address.format(ipv4);
    }

    private static byte[] payload(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    private TestPackets.Collector run4(byte[] packet, TranslationResult expected) {
        var sink = new TestPackets.Collector();
        assertThat(translator.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink))
            .isEqualTo(expected);
        return sink;
    }

    private TestPackets.Collector run6(Translator t, byte[] packet, TranslationResult expected) {
        var sink = new TestPackets.Collector();
        assertThat(t.translate6to4(MemorySegment.ofArray(packet), 0, packet.length, sink)).isEqualTo(expected);
        return sink;
    }

    @Test
    void ttlOfOneIsAnsweredWithTimeExceededFromTheTranslator() {
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 1, 0, true, 7, TestPackets.udp(1, 2, payload(10)), false);
        byte[] error = run4(packet, TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED).only();
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(error), 0, error.length);
        assertThat(ip.checkLength()).isEqualTo(io.isthmus.wire.WireStatus.OK);
        assertThat(ip.source()).isEqualTo(ROUTER4);
        assertThat(ip.destination()).isEqualTo(A);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(MemorySegment.ofArray(error), 20, error.length - 20);
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
        assertThat(icmp.verifyChecksum()).isTrue();
        assertThat(Arrays.copyOfRange(error, 28, error.length)).isEqualTo(packet);
    }

    @Test
    void hopLimitOfOneIsAnsweredWithIcmpv6TimeExceeded() {
        byte[] packet = TestPackets.ipv6(IpProtocol.UDP, v6(A), v6(B), 1, 0, TestPackets.udp(1, 2, payload(10)),
            false);
        byte[] error = run6(translator, packet, TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED).only();
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(error), 0, error.length);
        assertThat(ip.source()).isEqualTo(ROUTER6);
        assertThat(ip.destination()).isEqualTo(Ipv6Address.parse(v6(A)));
        assertThat(error[40] & 0xff).isEqualTo(Icmpv6Packet.TIME_EXCEEDED);
        assertThat(TestPackets.ipv6TransportChecksumOk(error)).isTrue();
    }

    @Test
    void noErrorsAreGeneratedWithoutASourceAddress() {
        Translator quiet = new Translator(TranslatorConfig.defaults(new Prefix96Mapper(PREFIX)));
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 1, 0, true, 7, TestPackets.udp(1, 2, payload(10)), false);
        var sink = new TestPackets.Collector();
        assertThat(quiet.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink))
            .isEqualTo(TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED);
        assertThat(sink.packets).isEmpty();
    }

    @Test
    void noErrorIsSentAboutAnIcmpError() {
        byte[] quoted = TestPackets.ipv4(IpProtocol.UDP, B, A, 5, 0, false, 1, TestPackets.udp(1, 2, payload(4)), false);
        byte[] packet = TestPackets.ipv4(IpProtocol.ICMP, A, B, 1, 0, false, 2,
            TestPackets.icmp(Icmpv4Packet.DESTINATION_UNREACHABLE, 3, 0, quoted), false);
        assertThat(run4(packet, TranslationResult.DROPPED_HOP_LIMIT_EXCEEDED).packets).isEmpty();
    }

    @Test
    void largeIpv4WithoutDfIsFragmentedToTheLowestIpv6Mtu() {
        byte[] data = payload(3000);
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0, false, 0x4242,
            TestPackets.udp(1000, 2000, data), false);
        var sink = run4(packet, TranslationResult.FRAGMENTED);
        assertThat(sink.packets).hasSize(3);
        byte[] reassembled = new byte[packet.length - 20];
        int expectedOffset = 0;
        for (int i = 0; i < sink.packets.size(); i++) {
            byte[] f = sink.packets.get(i).bytes();
            assertThat(f.length).isLessThanOrEqualTo(1280);
            MemorySegment s = MemorySegment.ofArray(f);
            Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, f.length);
            assertThat(ip.nextHeader()).isEqualTo(IpProtocol.IPV6_FRAGMENT);
            assertThat(ip.payloadLength()).isEqualTo(f.length - 40);
            Ipv6FragmentHeader fh = new Ipv6FragmentHeader().wrap(s, 40, 8);
            assertThat(fh.nextHeader()).isEqualTo(IpProtocol.UDP);
            assertThat(fh.identification()).isEqualTo(0x4242);
            assertThat(fh.fragmentOffset() * 8).isEqualTo(expectedOffset);
            assertThat(fh.moreFragments()).isEqualTo(i < sink.packets.size() - 1);
            System.arraycopy(f, 48, reassembled, expectedOffset, f.length - 48);
            expectedOffset += f.length - 48;
        }
        assertThat(expectedOffset).isEqualTo(reassembled.length);
        // Reassembled, the UDP datagram verifies against the IPv6 pseudo-header.
        Ipv6Packet first = new Ipv6Packet().wrap(MemorySegment.ofArray(sink.packets.getFirst().bytes()), 0, 48);
        int pseudo = first.pseudoHeaderSum(IpProtocol.UDP, reassembled.length);
        assertThat(Checksum.sum(MemorySegment.ofArray(reassembled), 0, reassembled.length, pseudo)).isEqualTo(0xffff);
        assertThat(Arrays.copyOfRange(reassembled, 8, reassembled.length)).isEqualTo(data);
    }

    @Test
    void dfPacketLargerThanTheIpv6NextHopGetsFragmentationNeededWithTheIpv4Mtu() {
        Translator small = new Translator(config.withNextHopMtus(1400, 65535));
        byte[] packet = TestPackets.ipv4(IpProtocol.TCP, A, B, 64, 0, true, 1,
            TestPackets.tcp(1, 2, 3, 0x10, payload(1400)), false);
        var sink = new TestPackets.Collector();
        assertThat(small.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink))
            .isEqualTo(TranslationResult.DROPPED_PACKET_TOO_BIG);
        byte[] error = sink.only();
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(MemorySegment.ofArray(error), 20, error.length - 20);
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.DESTINATION_UNREACHABLE);
        assertThat(icmp.code()).isEqualTo(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED);
        assertThat(icmp.nextHopMtu()).isEqualTo(1380);
        assertThat(error.length).isEqualTo(576);
    }

    @Test
    void ipv6LargerThanTheIpv4NextHopGetsPacketTooBig() {
        Translator small = new Translator(config.withNextHopMtus(65535, 1400));
        byte[] packet = TestPackets.ipv6(IpProtocol.UDP, v6(A), v6(B), 64, 0, TestPackets.udp(1, 2, payload(1450)),
            false);
        byte[] error = run6(small, packet, TranslationResult.DROPPED_PACKET_TOO_BIG).only();
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(error), 40, error.length - 40);
        assertThat(icmp.type()).isEqualTo(Icmpv6Packet.PACKET_TOO_BIG);
        assertThat(icmp.mtu()).isEqualTo(1420);
        assertThat(error.length).isEqualTo(1280);
        assertThat(TestPackets.ipv6TransportChecksumOk(error)).isTrue();
    }

    @Test
    void icmpv4FragmentationNeededBecomesPacketTooBigWithMtuPlusTwenty() {
        byte[] quoted = TestPackets.ipv4(IpProtocol.TCP, B, A, 63, 0, true, 9, TestPackets.tcp(80, 5000, 1, 0x10,
            payload(1460)), false);
        byte[] error = TestPackets.ipv4(IpProtocol.ICMP, ROUTER4, B, 64, 0, false, 3,
            TestPackets.icmp(Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, 1400,
                Arrays.copyOf(quoted, 548)), false);
        byte[] out = run4(error, TranslationResult.TRANSLATED).only();
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 40, out.length - 40);
        assertThat(icmp.type()).isEqualTo(Icmpv6Packet.PACKET_TOO_BIG);
        assertThat(icmp.mtu()).isEqualTo(1420);
        assertThat(TestPackets.ipv6TransportChecksumOk(out)).isTrue();
        Ipv6Packet inner = new Ipv6Packet().wrap(MemorySegment.ofArray(out), 48, out.length - 48);
        assertThat(inner.source()).isEqualTo(Ipv6Address.parse(v6(B)));
        assertThat(inner.destination()).isEqualTo(Ipv6Address.parse(v6(A)));
        assertThat(inner.payloadLength()).isEqualTo(1480);
        assertThat(inner.hopLimit()).isEqualTo(63);
    }

    @Test
    void zeroMtuFromAnOldRouterUsesTheRfc1191Plateau() {
        byte[] quoted = TestPackets.ipv4(IpProtocol.UDP, B, A, 63, 0, true, 9, TestPackets.udp(1, 2, payload(1472)),
            false);
        byte[] error = TestPackets.ipv4(IpProtocol.ICMP, ROUTER4, B, 64, 0, false, 3,
            TestPackets.icmp(3, 4, 0, Arrays.copyOf(quoted, 28)), false);
        byte[] out = run4(error, TranslationResult.TRANSLATED).only();
        assertThat(new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 40, out.length - 40).mtu())
            .isEqualTo(1492 + 20);
    }

    @Test
    void protocolUnreachableBecomesParameterProblemPointingAtNextHeader() {
        byte[] quoted = TestPackets.ipv4(99, B, A, 63, 0, true, 9, payload(8), false);
        byte[] error = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
            TestPackets.icmp(3, Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE, 0, quoted), false);
        byte[] out = run4(error, TranslationResult.TRANSLATED).only();
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 40, out.length - 40);
        assertThat(icmp.type()).isEqualTo(Icmpv6Packet.PARAMETER_PROBLEM);
        assertThat(icmp.code()).isEqualTo(Icmpv6Packet.CODE_UNRECOGNIZED_NEXT_HEADER);
        assertThat(icmp.pointer()).isEqualTo(6);
    }

    @Test
    void parameterProblemPointersAreTranslatedBothWays() {
        byte[] quoted4 = TestPackets.ipv4(IpProtocol.UDP, B, A, 63, 0, true, 9, TestPackets.udp(1, 2, payload(4)),
            false);
        byte[] error4 = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
            TestPackets.icmp(Icmpv4Packet.PARAMETER_PROBLEM, 0, 8 << 24, quoted4), false);
        byte[] out6 = run4(error4, TranslationResult.TRANSLATED).only();
        assertThat(new Icmpv6Packet().wrap(MemorySegment.ofArray(out6), 40, out6.length - 40).pointer()).isEqualTo(7);

        byte[] quoted6 = TestPackets.ipv6(IpProtocol.UDP, v6(B), v6(A), 63, 0, TestPackets.udp(1, 2, payload(4)),
            false);
        byte[] error6 = TestPackets.ipv6(IpProtocol.ICMPV6, v6(A), v6(B), 64, 0,
            TestPackets.icmp(Icmpv6Packet.PARAMETER_PROBLEM, 0, 24, quoted6), false);
        byte[] out4 = run6(translator, error6, TranslationResult.TRANSLATED).only();
        assertThat(new Icmpv4Packet().wrap(MemorySegment.ofArray(out4), 20, out4.length - 20).pointer())
            .isEqualTo(16);

        byte[] untranslatablePointer = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
            TestPackets.icmp(Icmpv4Packet.PARAMETER_PROBLEM, 0, 4 << 24, quoted4), false);
        run4(untranslatablePointer, TranslationResult.DROPPED_UNTRANSLATABLE_ICMP);
    }

    @Test
    void singleHopAndObsoleteIcmpIsDropped() {
        for (int type : new int[] {Icmpv4Packet.TIMESTAMP, Icmpv4Packet.INFORMATION_REQUEST,
            Icmpv4Packet.ADDRESS_MASK_REQUEST, Icmpv4Packet.ROUTER_ADVERTISEMENT, Icmpv4Packet.REDIRECT,
            Icmpv4Packet.SOURCE_QUENCH, 42}) {
            byte[] packet = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
                TestPackets.icmp(type, 0, 0, payload(28)), false);
            run4(packet, TranslationResult.DROPPED_UNTRANSLATABLE_ICMP);
        }
        for (int type : new int[] {Icmpv6Packet.NEIGHBOR_SOLICITATION, Icmpv6Packet.ROUTER_ADVERTISEMENT,
            Icmpv6Packet.MLD_QUERY, Icmpv6Packet.MLDV2_REPORT, 200}) {
            byte[] packet = TestPackets.ipv6(IpProtocol.ICMPV6, v6(A), v6(B), 64, 0,
                TestPackets.icmp(type, 0, 0, payload(24)), false);
            run6(translator, packet, TranslationResult.DROPPED_UNTRANSLATABLE_ICMP);
        }
    }

    @Test
    void fragmentedIcmpIsDropped() {
        byte[] packet = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
            TestPackets.icmp(8, 0, 0, payload(100)), false);
        MemorySegment s = MemorySegment.ofArray(packet);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, packet.length);
        ip.setFlagsAndFragmentOffset(false, true, 0);
        ip.fillHeaderChecksum();
        run4(packet, TranslationResult.DROPPED_FRAGMENTED_ICMP);
    }

    @Test
    void zeroUdpChecksumIsComputedForWholeDatagramsAndDroppedForFragments() {
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0, false, 3, TestPackets.udp(1, 2, payload(50)),
            false);
        MemorySegment s = MemorySegment.ofArray(packet);
        s.set(PacketView.U16, 20 + UdpDatagram.CHECKSUM, (short) 0);
        byte[] out = run4(packet, TranslationResult.TRANSLATED).only();
        assertThat(TestPackets.ipv6TransportChecksumOk(out)).isTrue();

        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, packet.length);
        ip.setFlagsAndFragmentOffset(false, true, 0);
        ip.fillHeaderChecksum();
        run4(packet, TranslationResult.DROPPED_UDP_ZERO_CHECKSUM_FRAGMENT);
    }

    @Test
    void anIncorrectChecksumStaysEquivalentlyIncorrect() {
        byte[] good = TestPackets.ipv4(IpProtocol.TCP, A, B, 64, 0, true, 3, TestPackets.tcp(1, 2, 3, 2, payload(20)),
            false);
        byte[] bad = TestPackets.ipv4(IpProtocol.TCP, A, B, 64, 0, true, 3, TestPackets.tcp(1, 2, 3, 2, payload(20)),
            true);
        byte[] goodOut = run4(good, TranslationResult.TRANSLATED).only();
        byte[] badOut = run4(bad, TranslationResult.TRANSLATED).only();
        int goodSum = MemorySegment.ofArray(goodOut).get(PacketView.U16, 40 + 16) & 0xffff;
        int badSum = MemorySegment.ofArray(badOut).get(PacketView.U16, 40 + 16) & 0xffff;
        int goodIn = MemorySegment.ofArray(good).get(PacketView.U16, 20 + 16) & 0xffff;
        int badIn = MemorySegment.ofArray(bad).get(PacketView.U16, 20 + 16) & 0xffff;
        assertThat(goodSum - badSum).isEqualTo(goodIn - badIn);
        assertThat(TestPackets.ipv6TransportChecksumOk(badOut)).isFalse();
    }

    @Test
    void unexpiredSourceRouteIsRefusedWithSourceRouteFailed() {
        byte[] base = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0, false, 3, TestPackets.udp(1, 2, payload(8)), false);
        // Rebuild with a loose source route option (type 0x83, length 7, pointer 4: one hop left) and padding.
        byte[] withOption = new byte[base.length + 8];
        System.arraycopy(base, 0, withOption, 0, 20);
        byte[] option = {(byte) 0x83, 7, 4, 10, 0, 0, 1, 0};
        System.arraycopy(option, 0, withOption, 20, 8);
        System.arraycopy(base, 20, withOption, 28, base.length - 20);
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(withOption), 0, withOption.length);
        ip.setVersionAndHeaderLength(28);
        ip.setTotalLength(withOption.length);
        ip.fillHeaderChecksum();
        byte[] error = run4(withOption, TranslationResult.DROPPED_SOURCE_ROUTE).only();
        assertThat(error[20]).isEqualTo((byte) 3);
        assertThat(error[21]).isEqualTo((byte) Icmpv4Packet.CODE_SOURCE_ROUTE_FAILED);

        // An expired route (pointer past the end) and other options are ignored: translated normally.
        withOption[22] = 8;
        ip.fillHeaderChecksum();
        byte[] out = run4(withOption, TranslationResult.TRANSLATED).only();
        assertThat(out.length).isEqualTo(40 + base.length - 20);
        assertThat(TestPackets.ipv6TransportChecksumOk(out)).isTrue();
    }

    @Test
    void routingHeaderWithSegmentsLeftIsRefusedWithParameterProblem() {
        byte[] udp = TestPackets.udp(1, 2, payload(8));
        byte[] routing = new byte[24];
        routing[0] = IpProtocol.UDP;
        routing[1] = 2;
        routing[2] = 0;
        routing[3] = 1;
        byte[] transport = new byte[routing.length + udp.length];
        System.arraycopy(routing, 0, transport, 0, routing.length);
        System.arraycopy(udp, 0, transport, routing.length, udp.length);
        byte[] packet = TestPackets.ipv6(IpProtocol.IPV6_ROUTING, v6(A), v6(B), 64, 0, transport, false);
        byte[] error = run6(translator, packet, TranslationResult.DROPPED_ROUTING_HEADER).only();
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(error), 40, error.length - 40);
        assertThat(icmp.type()).isEqualTo(Icmpv6Packet.PARAMETER_PROBLEM);
        assertThat(icmp.pointer()).isEqualTo(43);
    }

    @Test
    void extensionHeadersWithoutSegmentsLeftAreSkipped() {
        byte[] udp = TestPackets.udp(1, 2, payload(8));
        byte[] hopByHop = {(byte) IpProtocol.IPV6_DESTINATION_OPTIONS, 0, 1, 4, 0, 0, 0, 0};
        byte[] destination = {(byte) IpProtocol.UDP, 0, 1, 4, 0, 0, 0, 0};
        byte[] transport = new byte[16 + udp.length];
        System.arraycopy(hopByHop, 0, transport, 0, 8);
        System.arraycopy(destination, 0, transport, 8, 8);
        System.arraycopy(udp, 0, transport, 16, udp.length);
        byte[] packet = TestPackets.ipv6(IpProtocol.HOP_BY_HOP, v6(A), v6(B), 64, 0, transport, false);
        // The UDP checksum must cover the UDP datagram only: fix it after the fact.
        MemorySegment s = MemorySegment.ofArray(packet);
        Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, packet.length);
        new UdpDatagram().wrap(s, 56, udp.length).fillChecksum(ip.pseudoHeaderSum(IpProtocol.UDP, udp.length));
        byte[] out = run6(translator, packet, TranslationResult.TRANSLATED).only();
        assertThat(out.length).isEqualTo(20 + udp.length);
        assertThat(out[9]).isEqualTo((byte) IpProtocol.UDP);
        assertThat(TestPackets.ipv4TransportChecksumOk(out)).isTrue();
    }

    @Test
    void untranslatableDestinationIsRefusedAdministratively() {
        Translator strict = new Translator(TranslatorConfig.defaults(new AddressMapper() {
            @Override
            public boolean toIpv6(int ipv4, Ipv6Slot out) {
                out.set(0x0064ff9b00000000L, ipv4 & 0xffffffffL);
                return ipv4 != B;
            }

            @Override
            public long toIpv4(long high, long low) {
                return NO_MAPPING;
            }
        }).withErrorSources(ROUTER4, ROUTER6));
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0, false, 3, TestPackets.udp(1, 2, payload(8)), false);
        var sink = new TestPackets.Collector();
        assertThat(strict.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink))
            .isEqualTo(TranslationResult.DROPPED_UNTRANSLATABLE_DESTINATION);
        byte[] error = sink.only();
        assertThat(error[20]).isEqualTo((byte) 3);
        assertThat(error[21]).isEqualTo((byte) Icmpv4Packet.CODE_ADMIN_PROHIBITED);
    }

    @Test
    void icmpv6ErrorFromAnUntranslatableRouterGetsAnRfc6791Source() {
        int pool = Ipv4Address.parse("203.0.113.8");
        Translator t = new Translator(config.withRfc6791(io.isthmus.xlat.mapping.Rfc6791Source.of("203.0.113.8/32")));
        byte[] quoted = TestPackets.ipv6(IpProtocol.UDP, v6(B), v6(A), 63, 0, TestPackets.udp(1, 2, payload(4)), false);
        byte[] error = TestPackets.ipv6(IpProtocol.ICMPV6, "2001:db8:ffff::99", v6(B), 64, 0,
            TestPackets.icmp(Icmpv6Packet.TIME_EXCEEDED, 0, 0, quoted), false);
        byte[] out = run6(t, error, TranslationResult.TRANSLATED).only();
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        assertThat(ip.source()).isEqualTo(pool);
        assertThat(new Icmpv4Packet().wrap(MemorySegment.ofArray(out), 20, out.length - 20).verifyChecksum()).isTrue();
        // Without a pool the error cannot be translated.
        run6(translator, error, TranslationResult.DROPPED_UNTRANSLATABLE_SOURCE);
    }

    @Test
    void icmpErrorsAreTruncatedTo1280And576() {
        byte[] quoted4 = TestPackets.ipv4(IpProtocol.UDP, B, A, 63, 0, true, 9, TestPackets.udp(1, 2, payload(1400)),
            false);
        byte[] error4 = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3,
            TestPackets.icmp(3, 3, 0, quoted4), false);
        byte[] out6 = run4(error4, TranslationResult.TRANSLATED).only();
        assertThat(out6.length).isEqualTo(1280);
        assertThat(TestPackets.ipv6TransportChecksumOk(out6)).isTrue();

        byte[] quoted6 = TestPackets.ipv6(IpProtocol.UDP, v6(B), v6(A), 63, 0, TestPackets.udp(1, 2, payload(1200)),
            false);
        byte[] error6 = TestPackets.ipv6(IpProtocol.ICMPV6, v6(A), v6(B), 64, 0,
            TestPackets.icmp(1, 4, 0, quoted6), false);
        byte[] out4 = run6(translator, error6, TranslationResult.TRANSLATED).only();
        assertThat(out4.length).isEqualTo(576);
        assertThat(new Icmpv4Packet().wrap(MemorySegment.ofArray(out4), 20, 556).verifyChecksum()).isTrue();
        assertThat(out4[20]).isEqualTo((byte) 3);
        assertThat(out4[21]).isEqualTo((byte) 3);
    }

    @Test
    void nestedIcmpErrorIsDropped() {
        byte[] innermost = TestPackets.ipv4(IpProtocol.UDP, A, B, 63, 0, true, 9, TestPackets.udp(1, 2, payload(4)),
            false);
        byte[] quoted = TestPackets.ipv4(IpProtocol.ICMP, B, A, 63, 0, false, 1,
            TestPackets.icmp(3, 3, 0, innermost), false);
        byte[] error = TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3, TestPackets.icmp(3, 1, 0, quoted),
            false);
        run4(error, TranslationResult.DROPPED_BAD_ICMP_ERROR_PAYLOAD);
    }

    @Test
    void malformedHeadersAreCountedNotThrown() {
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0, false, 3, TestPackets.udp(1, 2, payload(8)), false);
        byte[] badChecksum = packet.clone();
        badChecksum[10] ^= 1;
        run4(badChecksum, TranslationResult.DROPPED_BAD_IPV4_HEADER_CHECKSUM);
        run4(Arrays.copyOf(packet, 19), TranslationResult.DROPPED_MALFORMED_IPV4);
        byte[] loopbackSource = TestPackets.ipv4(IpProtocol.UDP, Ipv4Address.parse("127.0.0.1"), B, 64, 0, false, 3,
            TestPackets.udp(1, 2, payload(8)), false);
        run4(loopbackSource, TranslationResult.DROPPED_ILLEGAL_SOURCE);
        byte[] v6 = TestPackets.ipv6(IpProtocol.UDP, v6(A), v6(B), 64, 0, TestPackets.udp(1, 2, payload(8)), false);
        run6(translator, Arrays.copyOf(v6, 39), TranslationResult.DROPPED_MALFORMED_IPV6);
        run6(translator, Arrays.copyOf(v6, 50), TranslationResult.DROPPED_MALFORMED_IPV6);
        byte[] shortUdp = TestPackets.ipv6(99, v6(A), v6(B), 64, 0, payload(4), false);
        shortUdp[Ipv6Packet.NEXT_HEADER] = IpProtocol.UDP;
        run6(translator, shortUdp, TranslationResult.DROPPED_MALFORMED_TRANSPORT);
    }

    @Test
    void everyPrefixOfValidPacketsIsHandledWithoutException() {
        byte[] quoted = TestPackets.ipv4(IpProtocol.TCP, B, A, 63, 0, true, 9, TestPackets.tcp(1, 2, 3, 2, payload(40)),
            false);
        byte[][] packets = {
            TestPackets.ipv4(IpProtocol.ICMP, A, B, 64, 0, false, 3, TestPackets.icmp(3, 3, 0, quoted), false),
            TestPackets.ipv6(IpProtocol.ICMPV6, v6(A), v6(B), 64, 0, TestPackets.icmp(1, 4, 0,
                TestPackets.ipv6(IpProtocol.TCP, v6(B), v6(A), 63, 0, TestPackets.tcp(1, 2, 3, 2, payload(40)),
                    false)), false),
        };
        for (byte[] p : packets) {
            for (int length = 0; length <= p.length; length++) {
                var sink = new TestPackets.Collector();
                translator.translate(MemorySegment.ofArray(p), 0, length, sink);
            }
        }
        // The last, whole, ones translate.
        assertThat(translator.translate(MemorySegment.ofArray(packets[0]), 0, packets[0].length,
            new TestPackets.Collector())).isEqualTo(TranslationResult.TRANSLATED);
        assertThat(translator.translate(MemorySegment.ofArray(packets[1]), 0, packets[1].length,
            new TestPackets.Collector())).isEqualTo(TranslationResult.TRANSLATED);
    }

    @Test
    void trafficClassIsResetWhenConfigured() {
        Translator t = new Translator(config.withCopyTrafficClass(false));
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 64, 0xb8, false, 3, TestPackets.udp(1, 2, payload(8)),
            false);
        var sink = new TestPackets.Collector();
        t.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink);
        assertThat(new Ipv6Packet().wrap(MemorySegment.ofArray(sink.only()), 0, 40).trafficClass()).isZero();
    }

    @Test
    void hopLimitIsKeptWhenTheTranslatorIsNotAHop() {
        Translator t = new Translator(config.withDecrementHopLimit(false));
        byte[] packet = TestPackets.ipv4(IpProtocol.UDP, A, B, 1, 0, false, 3, TestPackets.udp(1, 2, payload(8)),
            false);
        var sink = new TestPackets.Collector();
        assertThat(t.translate4to6(MemorySegment.ofArray(packet), 0, packet.length, sink))
            .isEqualTo(TranslationResult.TRANSLATED);
        assertThat(sink.only()[7]).isEqualTo((byte) 1);
    }

    @Test
    void largeIpv6FragmentIsRefragmentedForASmallIpv4NextHop() {
        Translator small = new Translator(config.withNextHopMtus(65535, 576));
        byte[] udp = TestPackets.udp(1, 2, payload(1000));
        byte[] transport = new byte[8 + udp.length];
        transport[0] = IpProtocol.UDP;
        transport[4] = 0x12;
        transport[5] = 0x34;
        transport[6] = 0x56;
        transport[7] = 0x78;
        System.arraycopy(udp, 0, transport, 8, udp.length);
        byte[] packet = TestPackets.ipv6(IpProtocol.IPV6_FRAGMENT, v6(A), v6(B), 64, 0, transport, false);
        var sink = run6(small, packet, TranslationResult.FRAGMENTED);
        int offset = 0;
        for (int i = 0; i < sink.packets.size(); i++) {
            byte[] f = sink.packets.get(i).bytes();
            Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(f), 0, f.length);
            assertThat(f.length).isLessThanOrEqualTo(576);
            assertThat(ip.verifyHeaderChecksum()).isTrue();
            assertThat(ip.identification()).isEqualTo(0x5678);
            assertThat(ip.dontFragment()).isFalse();
            assertThat(ip.fragmentOffset() * 8).isEqualTo(offset);
            assertThat(ip.moreFragments()).isEqualTo(i < sink.packets.size() - 1);
            offset += f.length - 20;
        }
        assertThat(offset).isEqualTo(udp.length);
        assertThat(sink.packets.getFirst().bytes()[9]).isEqualTo((byte) IpProtocol.UDP);
        assertThat(MemorySegment.ofArray(sink.packets.getFirst().bytes()).get(ValueLayout.JAVA_BYTE, 0))
            .isEqualTo((byte) 0x45);
    }

    @Test
    void allZeroEchoReplyGetsTheChecksumAReceiverAccepts() {
        byte[] packet = TestPackets.ipv6(IpProtocol.ICMPV6, v6(A), v6(B), 64, 0,
            TestPackets.icmp(Icmpv6Packet.ECHO_REPLY, 0, 0, new byte[0]), false);
        byte[] out = run6(translator, packet, TranslationResult.TRANSLATED).only();
        assertThat(new Icmpv4Packet().wrap(MemorySegment.ofArray(out), 20, 8).verifyChecksum()).isTrue();
    }
}
