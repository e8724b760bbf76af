package io.isthmus.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** 4 -> 6 -> 4 and 6 -> 4 -> 6 round trips keep payloads and leave valid checksums. */
class RoundTripProperties {
    private final Translator translator =
        new Translator(TranslatorConfig.defaults(new Prefix96Mapper("64:ff9b:1::")));

    record Case(int protocol, int source, int destination, int ttl, int tos, boolean dontFragment, int id,
                byte[] payload) {
        byte[] transport() {
            return switch (protocol) {
                case IpProtocol.UDP -> TestPackets.udp(id & 0xffff, (id >>> 16) | 1, payload);
                case IpProtocol.TCP -> TestPackets.tcp(id & 0xffff, 443, id, 0x18, payload);
                default -> TestPackets.icmp(id % 2 == 0 ? 8 : 0, 0, id, payload);
            };
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> unicast = Arbitraries.integers().between(1, 223).flatMap(first -> Arbitraries.integers().between(0, 0xffffff).map(rest -> (first << 24) | rest))
            .filter(a -> (a >>> 24) != 127);
        return Combinators.combine(
            Arbitraries.of(IpProtocol.UDP, IpProtocol.TCP, IpProtocol.ICMP),
            unicast, unicast,
            Arbitraries.integers().between(3, 255),
            Arbitraries.integers().between(0, 255),
            Arbitraries.of(true, false),
            Arbitraries.integers(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(1200))
            .as(Case::new);
    }

    @Property(tries = 400)
    void fourToSixToFourKeepsPayloadAndChecksums(@ForAll("cases") Case c) {
        byte[] v4 = TestPackets.ipv4(c.protocol(), c.source(), c.destination(), c.ttl(), c.tos(), c.dontFragment(),
            c.id() & 0xffff, c.transport(), false);
        var six = new TestPackets.Collector();
        assertThat(translator.translate4to6(MemorySegment.ofArray(v4), 0, v4.length, six))
            .isEqualTo(TranslationResult.TRANSLATED);
        byte[] v6 = six.only();
        assertThat(v6.length).isEqualTo(v4.length + 20);
        assertThat(TestPackets.ipv6TransportChecksumOk(v6)).isTrue();
        Ipv6Packet ip6 = new Ipv6Packet().wrap(MemorySegment.ofArray(v6), 0, v6.length);
        assertThat(ip6.trafficClass()).isEqualTo(c.tos());
        assertThat(ip6.hopLimit()).isEqualTo(c.ttl() - 1);

        var four = new TestPackets.Collector();
        assertThat(translator.translate6to4(MemorySegment.ofArray(v6), 0, v6.length, four))
            .isEqualTo(TranslationResult.TRANSLATED);
        byte[] back = four.only();
        Ipv4Packet ip4 = new Ipv4Packet().wrap(MemorySegment.ofArray(back), 0, back.length);
        assertThat(ip4.verifyHeaderChecksum()).isTrue();
        assertThat(TestPackets.ipv4TransportChecksumOk(back)).isTrue();
        assertThat(ip4.source()).isEqualTo(c.source());
        assertThat(ip4.destination()).isEqualTo(c.destination());
        assertThat(ip4.ttl()).isEqualTo(c.ttl() - 2);
        assertThat(ip4.tos()).isEqualTo(c.tos());
        assertThat(ip4.protocol()).isEqualTo(c.protocol());
        assertThat(ip4.dontFragment()).isEqualTo(back.length > 1260);
        assertThat(Arrays.copyOfRange(back, 20, back.length)).isEqualTo(Arrays.copyOfRange(v4, 20, v4.length));
    }

    @Property(tries = 400)
    void sixToFourToSixKeepsPayloadAndChecksums(@ForAll("cases") Case c) {
        int protocol = c.protocol() == IpProtocol.ICMP ? IpProtocol.ICMPV6 : c.protocol();
        byte[] transport = c.transport();
        if (protocol == IpProtocol.ICMPV6) {
            transport[0] = (byte) (c.id() % 2 == 0 ? 128 : 129);
        }
        String source = "64:ff9b:1::" + io.isthmus.wire.Ipv4Address.format(c.source());
        String destination = "64:ff9b:1::" + io.isthmus.wire.Ipv4Address.format(c.destination());
        byte[] v6 = TestPackets.ipv6(protocol, source, destination, c.ttl(), c.tos(), transport, false);
        var four = new TestPackets.Collector();
        assertThat(translator.translate6to4(MemorySegment.ofArray(v6), 0, v6.length, four))
            .isEqualTo(TranslationResult.TRANSLATED);
        byte[] v4 = four.only();
        assertThat(TestPackets.ipv4TransportChecksumOk(v4)).isTrue();

        var six = new TestPackets.Collector();
        assertThat(translator.translate4to6(MemorySegment.ofArray(v4), 0, v4.length, six))
            .isEqualTo(TranslationResult.TRANSLATED);
        byte[] back = six.only();
        assertThat(TestPackets.ipv6TransportChecksumOk(back)).isTrue();
        byte[] expected = v6.clone();
        expected[7] = (byte) (c.ttl() - 2);
        assertThat(back).isEqualTo(expected);
    }
}
