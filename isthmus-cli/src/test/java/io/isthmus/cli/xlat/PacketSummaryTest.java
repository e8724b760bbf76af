package io.isthmus.cli.xlat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.cli.TestPackets;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketSummaryTest {
    private static final byte[] UDP4 =
        TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 4000, 2000, 20);
    private static final byte[] TCP4 = TestPackets.ipv4TcpSyn("192.0.2.1", "198.51.100.7", 40000, 443);
    private static final byte[] ECHO6 = TestPackets.ipv6EchoRequest("2001:db8::1", "2001:db8::2", 64, 16);

    @Test
    void describesIpv4Udp() {
        assertThat(PacketSummary.describe(UDP4))
            .isEqualTo("IPv4 198.51.100.2 -> 192.0.2.33 ttl 64 DF UDP 4000 -> 2000 len 48");
    }

    @Test
    void describesTcpFlags() {
        assertThat(PacketSummary.describe(TCP4))
            .isEqualTo("IPv4 192.0.2.1 -> 198.51.100.7 ttl 64 DF TCP 40000 -> 443 [SYN] len 40");
    }

    @Test
    void describesIcmpv6Echo() {
        assertThat(PacketSummary.describe(ECHO6))
            .isEqualTo("IPv6 2001:db8::1 -> 2001:db8::2 hlim 64 ICMPv6 type 128 code 0 (echo request) id 7 seq 1 "
                + "len 64");
    }

    @Test
    void flagsBrokenChecksums() {
        byte[] badHeader = UDP4.clone();
        badHeader[10] ^= 1;
        byte[] badUdp = UDP4.clone();
        badUdp[UDP4.length - 1] ^= 1;

        assertThat(PacketSummary.describe(badHeader)).contains("bad-header-checksum");
        assertThat(PacketSummary.describe(badUdp)).contains(" bad-checksum").doesNotContain("bad-header-checksum");
    }

    @Test
    void namesTheReasonOfMalformedPackets() {
        assertThat(PacketSummary.describe(Arrays.copyOf(UDP4, 19))).isEqualTo("malformed IPv4 (TRUNCATED)");
        assertThat(PacketSummary.describe(Arrays.copyOf(UDP4, 30))).isEqualTo("malformed IPv4 (TRUNCATED)");
        assertThat(PacketSummary.describe(Arrays.copyOf(ECHO6, 39))).isEqualTo("malformed IPv6 (TRUNCATED)");
        byte[] badIhl = UDP4.clone();
        badIhl[0] = 0x44;
        assertThat(PacketSummary.describe(badIhl)).isEqualTo("malformed IPv4 (BAD_HEADER_LENGTH)");
        assertThat(PacketSummary.describe(new byte[] {0x20, 0, 0})).isEqualTo("not an IP packet (version 2)");
        assertThat(PacketSummary.describe(new byte[0])).isEqualTo("empty packet");
    }

    @Test
    void windowOutsideTheSegmentIsDescribedNotThrown() {
        MemorySegment segment = MemorySegment.ofArray(UDP4);

        assertThat(PacketSummary.describe(segment, 9, 1000)).isEqualTo("not an IP packet (version 1)");
        assertThat(PacketSummary.describe(segment, 1000, 10)).startsWith("malformed packet");
        assertThat(PacketSummary.describe(segment, -1, 10)).startsWith("malformed packet");
        assertThat(PacketSummary.describe(segment, 0, -5)).startsWith("malformed packet");
        assertThat(PacketSummary.describe(segment, 0, 1000)).isEqualTo(PacketSummary.describe(UDP4));
    }

    @Test
    void neverThrowsOnAnyTruncation() {
        for (byte[] packet : List.of(UDP4, TCP4, ECHO6, timeExceededFromTheCommand())) {
            for (int length = 0; length <= packet.length; length++) {
                byte[] cut = Arrays.copyOf(packet, length);
                assertThatCode(() -> PacketSummary.describe(cut)).as("length %d", cut.length)
                    .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void neverThrowsOnGarbage() {
        Random random = new Random(7915);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(120)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && random.nextBoolean()) {
                // Half of the cases look like IPv4 or IPv6, so the parsers past the version check run too.
                garbage[0] = (byte) ((random.nextBoolean() ? 0x40 : 0x60) | (garbage[0] & 0x0f));
            }
            assertThatCode(() -> PacketSummary.describe(garbage)).as("%s", Arrays.toString(garbage))
                .doesNotThrowAnyException();
        }
    }

    @Test
    void neverThrowsOnMutatedValidPackets() {
        Random random = new Random(6052);
        for (byte[] packet : List.of(UDP4, TCP4, ECHO6, timeExceededFromTheCommand())) {
            for (int i = 0; i < 5_000; i++) {
                byte[] mutated = packet.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    mutated[random.nextInt(Math.min(mutated.length, 64))] = (byte) random.nextInt(256);
                }
                byte[] cut = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
                assertThatCode(() -> PacketSummary.describe(cut)).as("%s", Arrays.toString(cut))
                    .doesNotThrowAnyException();
            }
        }
    }

    /** An ICMPv4 time exceeded quoting a UDP packet, as the translator generates it. */
    private static byte[] timeExceededFromTheCommand() {
        var emitted = new java.util.ArrayList<byte[]>();
        var config = io.isthmus.xlat.TranslatorConfig.defaults(
                new io.isthmus.xlat.mapping.Rfc6052Mapper(io.isthmus.wire.Ipv6Prefix.parse("2001:db8:100::/40")))
            .withErrorSources(io.isthmus.wire.Ipv4Address.parse("203.0.113.1"), null);
        byte[] expiring = TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 1, true, 4000, 2000, 20);
        new io.isthmus.xlat.Translator(config).translate(MemorySegment.ofArray(expiring), 0, expiring.length,
            (segment, offset, length, kind) -> emitted.add(
                segment.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        assertThat(emitted).hasSize(1);
        return emitted.getFirst();
    }
}
