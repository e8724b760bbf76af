package io.isthmus.cli.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import io.isthmus.cli.PacketFiles;
import io.isthmus.cli.TestPackets;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {
    private static final String POOL6 = "2001:db8:100::/40";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private CommandRun translate(Path input, String... options) {
        List<String> args = new ArrayList<>(List.of("xlat", "translate", "--out-dir", dir.toString()));
        args.addAll(List.of(options));
        args.add(input.toString());
        return CommandRun.of(args.toArray(String[]::new));
    }

    private byte[] output(int n) throws IOException {
        return Files.readAllBytes(dir.resolve("out-" + n + ".pkt"));
    }

    @Test
    void translatesIpv4UdpThroughPool6() throws IOException {
        Path input = write("udp4.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 4000, 2000, 1280));

        CommandRun run = translate(input, "--pool6", POOL6);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).containsExactly(
            "out-1.pkt  translated  IPv6 2001:db8:1c6:3364:2:: -> 2001:db8:1c0:2:21:: hlim 63 UDP 4000 -> 2000 "
                + "len 1328",
            "result: TRANSLATED");
        assertThat(run.err()).isEmpty();
        byte[] out = output(1);
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.length()).isEqualTo(out.length).isEqualTo(1328);
        assertThat(ip.source()).hasToString("2001:db8:1c6:3364:2::");
        assertThat(ip.destination()).hasToString("2001:db8:1c0:2:21::");
        assertThat(ip.hopLimit()).isEqualTo(63);
        assertThat(ip.nextHeader()).isEqualTo(IpProtocol.UDP);
        UdpDatagram udp = new UdpDatagram().wrap(ip.segment(), Ipv6Packet.HEADER_LENGTH, ip.payloadLength());
        assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(IpProtocol.UDP, udp.length()))).isTrue();
        assertThat(dir.resolve("out-2.pkt")).doesNotExist();
    }

    @Test
    void explicitAddressMappingsAloneAreEnough() throws IOException {
        Path input = write("udp4.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 4000, 2000, 100));

        CommandRun run = translate(input,
            "--eam", "198.51.100.0/24=2001:db8:6::/120", "--eam", "192.0.2.0/24=2001:db8:2::/120");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).containsExactly(
            "out-1.pkt  translated  IPv6 2001:db8:6::2 -> 2001:db8:2::21 hlim 63 UDP 4000 -> 2000 len 148",
            "result: TRANSLATED");
        byte[] out = output(1);
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.destination()).hasToString("2001:db8:2::21");
    }

    @Test
    void eamTakesPrecedenceOverPool6() throws IOException {
        Path input = write("udp4.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 4000, 2000, 8));

        CommandRun run = translate(input, "--pool6", POOL6, "--eam", "192.0.2.0/24=2001:db8:2::/120");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines().getFirst()).contains("2001:db8:1c6:3364:2:: -> 2001:db8:2::21 ");
    }

    @Test
    void ipv4PacketWithoutDfIsFragmentedToTheLowestIpv6Mtu() throws IOException {
        Path input = write("big.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, false, 4000, 2000, 3000));
        Files.writeString(dir.resolve("notes.txt"), "kept");
        Files.write(dir.resolve("out-4.pkt"), new byte[] {1, 2, 3});

        CommandRun run = translate(input, "--pool6", POOL6);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String addresses = "IPv6 2001:db8:1c6:3364:2:: -> 2001:db8:1c0:2:21:: hlim 63";
        assertThat(run.outLines()).containsExactly(
            "out-1.pkt  translated  " + addresses + " frag off 0 M UDP 4000 -> 2000 len 1280",
            "out-2.pkt  translated  " + addresses + " frag off 1232 M UDP len 1280",
            "out-3.pkt  translated  " + addresses + " frag off 2464 UDP len 592",
            "result: FRAGMENTED");
        for (int n = 1; n <= 3; n++) {
            byte[] out = output(n);
            Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
            assertThat(ip.checkLength()).as("out-%d.pkt", n).isEqualTo(WireStatus.OK);
            assertThat(out.length).as("out-%d.pkt", n).isLessThanOrEqualTo(1280);
            assertThat(ip.nextHeader()).isEqualTo(IpProtocol.IPV6_FRAGMENT);
        }
        // Only out-1..out-3 are written: an older out-4.pkt and other files stay as they were.
        assertThat(output(4)).containsExactly(1, 2, 3);
        assertThat(dir.resolve("notes.txt")).hasContent("kept");
    }

    @Test
    void expiredTtlSendsTimeExceededBackAndExitsOne() throws IOException {
        Path input = write("ttl1.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 1, true, 4000, 2000, 20));

        CommandRun run = translate(input, "--pool6", POOL6, "--error-source-ipv4", "203.0.113.1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0))
            .startsWith("out-1.pkt  icmp-error-to-sender  IPv4 203.0.113.1 -> 198.51.100.2 ")
            .contains("ICMPv4 type 11 code 0 (time exceeded)")
            .contains("quoting [IPv4 198.51.100.2 -> 192.0.2.33 UDP 4000 -> 2000]")
            .doesNotContain("bad-");
        assertThat(run.outLines().get(1)).isEqualTo("result: DROPPED_HOP_LIMIT_EXCEEDED");
        byte[] out = output(1);
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.destination()).isEqualTo(Ipv4Address.parse("198.51.100.2"));
        assertThat(ip.protocol()).isEqualTo(IpProtocol.ICMP);
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(ip.segment(), ip.headerLength(), ip.payloadLength());
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
        assertThat(icmp.verifyChecksum()).isTrue();
    }

    @Test
    void dropWithoutErrorSourceWritesNothing() throws IOException {
        Path input = write("ttl1.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 1, true, 4000, 2000, 20));

        CommandRun run = translate(input, "--pool6", POOL6);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("result: DROPPED_HOP_LIMIT_EXCEEDED");
        assertThat(dir.resolve("out-1.pkt")).doesNotExist();
    }

    @Test
    void noHopLimitDecrementKeepsTheTtl() throws IOException {
        Path input = write("ttl1.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 1, true, 4000, 2000, 20));

        CommandRun run = translate(input, "--pool6", POOL6, "--no-hop-limit-decrement");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines().getFirst()).contains(" hlim 1 ");
    }

    @Test
    void ipv6MtuBelowTheTranslationAnswersFragmentationNeeded() throws IOException {
        Path input = write("udp4.pkt",
            TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 4000, 2000, 1400));

        CommandRun run = translate(input, "--pool6", POOL6, "--ipv6-mtu", "1280",
            "--error-source-ipv4", "203.0.113.1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.outLines().getFirst()).contains("icmp-error-to-sender")
            .contains("ICMPv4 type 3 code 4 (destination unreachable) mtu 1260");
        assertThat(run.outLines().getLast()).isEqualTo("result: DROPPED_PACKET_TOO_BIG");
    }

    @Test
    void translatesIpv6BackToIpv4AndHonoursAForcedDirection() throws IOException {
        Path input = write("echo6.pkt",
            TestPackets.ipv6EchoRequest("2001:db8:1c6:3364:2::", "2001:db8:1c0:2:21::", 64, 32));

        CommandRun auto = translate(input, "--pool6", POOL6);
        CommandRun forced = translate(input, "--pool6", POOL6, "--direction", "6to4");
        CommandRun wrong = translate(input, "--pool6", POOL6, "--direction", "4to6");

        assertThat(auto.exitCode()).as(auto.toString()).isZero();
        assertThat(auto.outLines()).containsExactly(
            "out-1.pkt  translated  IPv4 198.51.100.2 -> 192.0.2.33 ttl 63 ICMPv4 type 8 code 0 (echo request) "
                + "id 7 seq 1 len 60",
            "result: TRANSLATED");
        assertThat(forced.out()).isEqualTo(auto.out());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.outLines()).containsExactly("result: DROPPED_MALFORMED_IPV4");
    }

    @Test
    void missingFileIsOneLineAndExitTwo() {
        Path missing = dir.resolve("input.pkt");

        CommandRun run = translate(missing, "--pool6", POOL6);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: cannot read " + missing + ": No such file or directory");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void emptyFileIsAUsageError() throws IOException {
        Path input = write("empty.pkt", new byte[0]);

        CommandRun run = translate(input, "--pool6", POOL6);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
            "isthmus: " + input + " is empty: expected one raw IPv4 or IPv6 packet");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void tooLargeFileIsAUsageError() throws IOException {
        Path input = write("huge.pkt", new byte[PacketFiles.MAX_PACKET_FILE + 1]);

        CommandRun run = translate(input, "--pool6", POOL6);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("isthmus: " + input + " is larger than 65575 bytes");
    }

    @Test
    void directoryAsInputIsAUsageError() {
        CommandRun run = translate(dir, "--pool6", POOL6);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: cannot read " + dir + ": Is a directory");
    }

    @Test
    void badPool6NamesTheOption() throws IOException {
        Path input = write("udp4.pkt", TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 1, 2, 0));

        CommandRun hostBits = translate(input, "--pool6", "2001:db8::1/40");
        CommandRun badLength = translate(input, "--pool6", "2001:db8::/33");
        CommandRun garbage = translate(input, "--pool6", "not-a-prefix");

        for (CommandRun run : List.of(hostBits, badLength, garbage)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.errLines()).as(run.toString()).hasSize(1);
            assertThat(run.err()).startsWith("isthmus: Invalid value for option '--pool6'");
            assertThat(run.out()).isEmpty();
        }
        assertThat(hostBits.err()).contains("did you mean 2001:db8::/40?");
        assertThat(badLength.err()).contains("must have length 32, 40, 48, 56, 64 or 96");
        assertThat(dir.resolve("out-1.pkt")).doesNotExist();
    }

    @Test
    void badOptionValuesNameTheirOption() throws IOException {
        Path input = write("udp4.pkt", TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 1, 2, 0));
        String[][] cases = {
            {"--eam", "192.0.2.0/24"},
            {"--eam", "192.0.2.0/24=2001:db8::/64"},
            {"--eam", "192.0.2.0/24=2001:db8::/120", "--eam", "192.0.2.0/25=2001:db8:1::/121"},
            {"--pool6", POOL6, "--rfc6791", "203.0.113.300"},
            {"--pool6", POOL6, "--error-source-ipv4", "1.2.3"},
            {"--pool6", POOL6, "--error-source-ipv6", "2001:db8::g"},
            {"--pool6", POOL6, "--lowest-ipv6-mtu", "1000"},
            {"--pool6", POOL6, "--ipv6-mtu", "1279"},
            {"--pool6", POOL6, "--ipv4-mtu", "67"},
            {"--pool6", POOL6, "--direction", "sideways"},
        };
        for (String[] options : cases) {
            String option = options[options.length - 2];

            CommandRun run = translate(input, options);

            assertThat(run.exitCode()).as("%s: %s", option, run).isEqualTo(2);
            assertThat(run.errLines()).as(run.toString()).hasSize(1);
            assertThat(run.err()).as(run.toString()).startsWith("isthmus: Invalid value for option '" + option + "'");
        }
    }

    @Test
    void aMappingIsRequired() throws IOException {
        Path input = write("udp4.pkt", TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 1, 2, 0));

        CommandRun run = translate(input);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
            "isthmus: Missing required option: at least one of --pool6 or --eam (the address mapping)");
    }

    @Test
    void outDirIsCreatedWhenMissing() throws IOException {
        Path input = write("udp4.pkt", TestPackets.ipv4Udp("198.51.100.2", "192.0.2.33", 64, true, 1, 2, 0));
        Path nested = dir.resolve("a/b");

        CommandRun run = CommandRun.of("xlat", "translate", "--pool6", POOL6, "--out-dir", nested.toString(),
            input.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(nested.resolve("out-1.pkt")).isRegularFile();
    }

    @Test
    void helpDescribesEveryOption() {
        CommandRun run = CommandRun.of("xlat", "translate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("INPUT.pkt", "--pool6", "--eam", "--rfc6791", "--lowest-ipv6-mtu",
            "--ipv6-mtu", "--ipv4-mtu", "--no-hop-limit-decrement", "--reset-traffic-class", "--error-source-ipv4",
            "--error-source-ipv6", "--out-dir", "--direction", "Exit status:");
    }
}
