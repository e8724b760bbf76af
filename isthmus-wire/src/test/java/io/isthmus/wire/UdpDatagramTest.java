package io.isthmus.wire;

import static io.isthmus.wire.L4TestSupport.OFFSET;
import static io.isthmus.wire.L4TestSupport.bytesOf;
import static io.isthmus.wire.L4TestSupport.ipv4PseudoHeader;
import static io.isthmus.wire.L4TestSupport.ipv6PseudoHeader;
import static io.isthmus.wire.L4TestSupport.placed;
import static io.isthmus.wire.L4TestSupport.scratch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    /** dig example.com A from 192.168.1.10 to 8.8.8.8. */
    static final String DNS_QUERY = """
        cf 08                    # source port 53000
        00 35                    # destination port 53
        00 25                    # length 37: 8 of header, 29 of data
        7d 02                    # checksum, pseudo-header 192.168.1.10 -> 8.8.8.8, protocol 17, length 37
        12 34                    # DNS: id 0x1234
        01 00                    #   flags: recursion desired
        00 01 00 00 00 00 00 00  #   1 question, no answers, authority or additional records
        07 65 78 61 6d 70 6c 65  #   "example"
        03 63 6f 6d 00           #   "com", root
        00 01                    #   type A
        00 01                    #   class IN
        """;
    static final int DNS_QUERY_PSEUDO = ipv4PseudoHeader("192.168.1.10", "8.8.8.8", IpProtocol.UDP, 37);
    static final int DNS_QUERY_LENGTH = 37;

    private final UdpDatagram view = new UdpDatagram();

    private UdpDatagram wrapPlaced(byte[] bytes, int length) {
        return view.wrap(placed(bytes), OFFSET, length);
    }

    private static byte[] dnsPayload() {
        return Arrays.copyOfRange(Hex.bytes(DNS_QUERY), 8, DNS_QUERY_LENGTH);
    }

    @Test
    void readsEveryField() {
        UdpDatagram u = wrapPlaced(Hex.bytes(DNS_QUERY), DNS_QUERY_LENGTH);
        assertThat(u.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(u.sourcePort()).isEqualTo(53000);
        assertThat(u.destinationPort()).isEqualTo(53);
        assertThat(u.datagramLength()).isEqualTo(37);
        assertThat(u.checksum()).isEqualTo(0x7d02);
        assertThat(u.payloadOffset()).isEqualTo(8);
        assertThat(u.payloadLength()).isEqualTo(29);
        assertThat(u.verifyChecksum(DNS_QUERY_PSEUDO)).isTrue();
        assertThat(bytesOf(u.segment(), u.offset() + 8, 29)).isEqualTo(dnsPayload());
    }

    @Test
    void checkLengthDropsTrailingLinkPadding() {
        byte[] padded = Arrays.copyOf(Hex.bytes(DNS_QUERY), DNS_QUERY_LENGTH + 9);
        UdpDatagram u = view.wrap(MemorySegment.ofArray(padded), 0, padded.length);
        assertThat(u.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(u.length()).isEqualTo(DNS_QUERY_LENGTH);
        assertThat(u.payloadLength()).isEqualTo(29);
        assertThat(UdpRepr.parse(u, DNS_QUERY_PSEUDO)).isEqualTo(new UdpRepr(53000, 53, dnsPayload()));
    }

    @Test
    void buildsEveryField() {
        byte[] payload = dnsPayload();
        MemorySegment out = scratch(DNS_QUERY_LENGTH);
        UdpDatagram u = view.wrap(out, 0, DNS_QUERY_LENGTH);
        u.setSourcePort(53000);
        u.setDestinationPort(53);
        u.setDatagramLength(DNS_QUERY_LENGTH);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, out, u.payloadOffset(), payload.length);
        u.fillChecksum(DNS_QUERY_PSEUDO);
        assertThat(Hex.of(out, 0, DNS_QUERY_LENGTH)).isEqualTo(Hex.of(Hex.bytes(DNS_QUERY)));
        u.setChecksum(0);
        assertThat(u.checksum()).isZero();
    }

    @Test
    void parsesAndEmitsTheVector() {
        UdpRepr repr = UdpRepr.parse(wrapPlaced(Hex.bytes(DNS_QUERY), DNS_QUERY_LENGTH), DNS_QUERY_PSEUDO);
        assertThat(repr).isEqualTo(new UdpRepr(53000, 53, dnsPayload()));
        assertThat(repr.bufferLength()).isEqualTo(DNS_QUERY_LENGTH);
        MemorySegment out = scratch(DNS_QUERY_LENGTH + 10);
        UdpDatagram u = new UdpDatagram().wrap(out, 3, DNS_QUERY_LENGTH + 7);
        repr.emit(u, DNS_QUERY_PSEUDO);
        assertThat(u.length()).as("emit shortens the window").isEqualTo(DNS_QUERY_LENGTH);
        assertThat(Hex.of(out, 3, DNS_QUERY_LENGTH)).isEqualTo(Hex.of(Hex.bytes(DNS_QUERY)));
        assertThat(Hex.of(out, 3 + DNS_QUERY_LENGTH, 7)).isEqualTo("ee".repeat(7));
    }

    @Test
    void everyPrefixIsRejectedByTheLengthCheck() {
        byte[] bytes = Hex.bytes(DNS_QUERY);
        MemorySegment segment = placed(bytes);
        for (int length = 0; length < bytes.length; length++) {
            view.wrap(segment, OFFSET, length);
            assertThat(view.checkLength()).as("prefix %d", length).isEqualTo(WireStatus.TRUNCATED);
            assertThatThrownBy(() -> UdpRepr.parse(view, DNS_QUERY_PSEUDO))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                    e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
        }
    }

    @Test
    void rejectsALengthFieldBelowTheHeader() {
        for (int field = 0; field < UdpDatagram.HEADER_LENGTH; field++) {
            byte[] bytes = Hex.bytes(DNS_QUERY);
            bytes[UdpDatagram.LENGTH + 1] = (byte) field;
            view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            assertThat(view.checkLength()).as("length field %d", field).isEqualTo(WireStatus.BAD_LENGTH);
        }
    }

    @Test
    void rejectsALengthFieldBeyondTheBuffer() {
        byte[] bytes = Hex.bytes(DNS_QUERY);
        bytes[UdpDatagram.LENGTH + 1] = (byte) (DNS_QUERY_LENGTH + 1);
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThat(view.checkLength()).isEqualTo(WireStatus.TRUNCATED);
        assertThat(view.length()).as("the window is left alone").isEqualTo(DNS_QUERY_LENGTH);
    }

    @Test
    void rejectsABadChecksum() {
        byte[] bytes = Hex.bytes(DNS_QUERY);
        bytes[20] ^= (byte) 0x80;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertThatThrownBy(() -> UdpRepr.parse(view, DNS_QUERY_PSEUDO, true))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void acceptsAZeroChecksumOnlyWhenAllowed() {
        byte[] bytes = Hex.bytes(DNS_QUERY);
        bytes[UdpDatagram.CHECKSUM] = 0;
        bytes[UdpDatagram.CHECKSUM + 1] = 0;
        view.wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        // RFC 768: zero means the sender computed none, which IPv4 allows...
        assertThat(UdpRepr.parse(view, DNS_QUERY_PSEUDO, true)).isEqualTo(new UdpRepr(53000, 53, dnsPayload()));
        // ...and RFC 8200 section 8.1 forbids over IPv6.
        assertThatThrownBy(() -> UdpRepr.parse(view, DNS_QUERY_PSEUDO))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void sendsAComputedZeroChecksumAsAllOnes() {
        // Choose a pseudo-header sum that makes the computed checksum zero.
        UdpRepr repr = new UdpRepr(1, 2, new byte[] {3, 4});
        MemorySegment out = scratch(repr.bufferLength());
        repr.emit(view.wrap(out, 0, repr.bufferLength()), 0);
        int zeroing = view.checksum();
        repr.emit(view.wrap(out, 0, repr.bufferLength()), zeroing);
        assertThat(view.checksum()).isEqualTo(0xffff);
        assertThat(view.verifyChecksum(zeroing)).isTrue();
        assertThat(UdpRepr.parse(view, zeroing)).isEqualTo(repr);
    }

    @Test
    void emitsOverIpv6() {
        UdpRepr repr = new UdpRepr(546, 547, new byte[] {1, 0, 0, 1});
        int pseudo = ipv6PseudoHeader("fe80::1", "ff02::1:2", IpProtocol.UDP, repr.bufferLength());
        MemorySegment out = scratch(repr.bufferLength());
        repr.emit(view.wrap(out, 0, repr.bufferLength()), pseudo);
        assertThat(Hex.of(out, 0, 6)).isEqualTo("02220223000c");
        assertThat(view.checksum()).as("always computed over IPv6").isNotZero();
        assertThat(view.verifyChecksum(pseudo)).isTrue();
        assertThat(UdpRepr.parse(view, pseudo)).isEqualTo(repr);
    }

    @Test
    void recordHoldsOnlyValidValues() {
        assertThatThrownBy(() -> new UdpRepr(-1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpRepr(0, 65536, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpRepr(0, 0, new byte[UdpRepr.MAX_PAYLOAD_LENGTH + 1]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpRepr(0, 0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UdpRepr(1, 2, new byte[4]).emit(view.wrap(scratch(12), 0, 11), 0))
            .isInstanceOf(IllegalArgumentException.class);
        byte[] payload = {1, 2};
        UdpRepr repr = new UdpRepr(1, 2, payload);
        payload[0] = 7;
        repr.payload()[1] = 7;
        assertThat(repr.payload()).containsExactly(1, 2);
        assertThat(repr).hasToString("UdpRepr[sourcePort=1, destinationPort=2, payload=0102]");
    }
}
