package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArpPacketTest {

    /** 192.168.10.2 at 52:54:00:12:34:56 asks who has 192.168.10.1; with the padding of a minimum-size frame. */
    static final String REQUEST = """
        00 01                # hardware type: Ethernet
        08 00                # protocol type: IPv4
        06                   # hardware address length
        04                   # protocol address length
        00 01                # operation: request
        52 54 00 12 34 56    # sender hardware address
        c0 a8 0a 02          # sender protocol address: 192.168.10.2
        00 00 00 00 00 00    # target hardware address: unknown
        c0 a8 0a 01          # target protocol address: 192.168.10.1
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # Ethernet padding to 60 bytes
        """;

    /** The answer of the virtual router 192.168.10.1 at 02:00:5e:10:00:01. */
    static final String REPLY = """
        00 01 08 00 06 04    # Ethernet, IPv4, 6, 4
        00 02                # operation: reply
        02 00 5e 10 00 01    # sender hardware address: the router
        c0 a8 0a 01          # sender protocol address: 192.168.10.1
        52 54 00 12 34 56    # target hardware address: the requester
        c0 a8 0a 02          # target protocol address: 192.168.10.2
        """;

    private static final long NODE_MAC = 0x5254_0012_3456L;

    private static final long ROUTER_MAC = 0x0200_5e10_0001L;

    private static final int NODE_IP = 0xc0a8_0a02;

    private static final int ROUTER_IP = 0xc0a8_0a01;

    private static ArpPacket packet(String vector) {
        MemorySegment bytes = Hex.segment(vector);
        return new ArpPacket().wrap(bytes, 0, (int) bytes.byteSize());
    }

    @Test
    void readsEveryField() {
        ArpPacket arp = packet(REQUEST);

        assertThat(arp.length()).isEqualTo(46);
        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(arp.length()).as("padding dropped").isEqualTo(ArpPacket.LENGTH);
        assertThat(arp.hardwareType()).isEqualTo(ArpPacket.HARDWARE_ETHERNET);
        assertThat(arp.protocolType()).isEqualTo(EtherType.IPV4);
        assertThat(arp.hardwareLength()).isEqualTo(6);
        assertThat(arp.protocolLength()).isEqualTo(4);
        assertThat(arp.operation()).isEqualTo(ArpPacket.REQUEST);
        assertThat(arp.isRequest()).isTrue();
        assertThat(arp.isReply()).isFalse();
        assertThat(arp.senderHardwareAddress()).isEqualTo(NODE_MAC);
        assertThat(arp.senderProtocolAddress()).isEqualTo(Ipv4Address.parse("192.168.10.2"));
        assertThat(arp.targetHardwareAddress()).isEqualTo(MacAddress.ZERO);
        assertThat(arp.targetProtocolAddress()).isEqualTo(Ipv4Address.parse("192.168.10.1"));
        assertThat(arp.isProbe()).isFalse();
        assertThat(arp.isGratuitous()).isFalse();
    }

    @Test
    void readsAPacketAtAnOffsetInsideAFrame() {
        MemorySegment bytes = Hex.segment(EthernetFrameTest.UNTAGGED);
        EthernetFrame frame = new EthernetFrame().wrap(bytes, 0, (int) bytes.byteSize());
        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        ArpPacket arp = new ArpPacket().wrap(bytes, frame.payloadOffset(), frame.payloadLength());

        assertThat(ArpRepr.parse(arp)).isEqualTo(ArpRepr.request(NODE_MAC, NODE_IP, ROUTER_IP));
    }

    @Test
    void buildsEveryField() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        ArpPacket arp = new ArpPacket().wrap(buffer, 0, ArpPacket.LENGTH);

        arp.setHardwareType(1);
        arp.setProtocolType(0x0800);
        arp.setHardwareLength(6);
        arp.setProtocolLength(4);
        arp.setOperation(ArpPacket.REPLY);
        arp.setSenderHardwareAddress(ROUTER_MAC);
        arp.setSenderProtocolAddress(ROUTER_IP);
        arp.setTargetHardwareAddress(NODE_MAC);
        arp.setTargetProtocolAddress(NODE_IP);

        assertThat(Hex.of(buffer, 0, ArpPacket.LENGTH)).isEqualTo(Hex.of(Hex.bytes(REPLY)));
    }

    @Test
    void setEthernetIpv4WritesTheFourTypeAndLengthFields() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        ArpPacket arp = new ArpPacket().wrap(buffer, 0, ArpPacket.LENGTH);

        arp.setEthernetIpv4();

        assertThat(Hex.of(buffer, 0, 8)).isEqualTo("0001080006040000");
        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);
    }

    @Test
    void parsesAndEmitsTheVectors() {
        ArpRepr request = ArpRepr.parse(packet(REQUEST));
        ArpRepr reply = ArpRepr.parse(packet(REPLY));

        assertThat(request).isEqualTo(new ArpRepr(ArpPacket.REQUEST, NODE_MAC, NODE_IP, 0, ROUTER_IP));
        assertThat(reply).isEqualTo(ArpRepr.reply(ROUTER_MAC, ROUTER_IP, NODE_MAC, NODE_IP));
        assertThat(request.bufferLength()).isEqualTo(28);
        assertThat(emitted(request)).isEqualTo(Hex.of(Hex.bytes(REQUEST)).substring(0, 56));
        assertThat(emitted(reply)).isEqualTo(Hex.of(Hex.bytes(REPLY)));
    }

    static String emitted(ArpRepr repr) {
        byte[] buffer = new byte[repr.bufferLength()];
        Arrays.fill(buffer, (byte) 0xa5);
        MemorySegment segment = MemorySegment.ofArray(buffer);
        repr.emit(new ArpPacket().wrap(segment, 0, buffer.length));
        return Hex.of(buffer);
    }

    @Test
    void turnsARequestIntoItsReplyInPlace() {
        ArpPacket arp = packet(REQUEST);
        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);

        arp.turnIntoReply(ROUTER_MAC);

        assertThat(Hex.of(arp.segment(), 0, ArpPacket.LENGTH)).isEqualTo(Hex.of(Hex.bytes(REPLY)));
    }

    @Test
    void answersAnArpRequestFrameInPlace() {
        MemorySegment bytes = Hex.segment(EthernetFrameTest.UNTAGGED);
        EthernetFrame frame = new EthernetFrame().wrap(bytes, 0, (int) bytes.byteSize());
        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        ArpPacket arp = new ArpPacket().wrap(bytes, frame.payloadOffset(), frame.payloadLength());
        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);

        frame.turnAround(ROUTER_MAC);
        arp.turnIntoReply(ROUTER_MAC);

        assertThat(Hex.of(bytes, 0, 14)).isEqualTo("525400123456" + "02005e100001" + "0806");
        assertThat(Hex.of(bytes, 14, 28)).isEqualTo(Hex.of(Hex.bytes(REPLY)));
    }

    @Test
    void recognisesProbesAndAnnouncements() {
        ArpPacket arp = packet(REQUEST);
        arp.setSenderProtocolAddress(0);
        assertThat(arp.isProbe()).isTrue();
        assertThat(arp.isGratuitous()).isFalse();

        arp.setSenderProtocolAddress(ROUTER_IP);
        assertThat(arp.isProbe()).isFalse();
        assertThat(arp.isGratuitous()).isTrue();
    }

    @Test
    void everyPrefixOfTheVectorIsTruncated() {
        MemorySegment bytes = Hex.segment(REQUEST);
        for (int n = 0; n < ArpPacket.LENGTH; n++) {
            // A slice of exactly n bytes: an accessor reading past the window throws instead of passing.
            ArpPacket arp = new ArpPacket().wrap(bytes.asSlice(0, n), 0, n);
            assertThat(arp.checkLength()).as("prefix of %d bytes", n).isEqualTo(WireStatus.TRUNCATED);
            assertThatThrownBy(() -> ArpRepr.parse(arp)).isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
        }
        for (int n = ArpPacket.LENGTH; n <= bytes.byteSize(); n++) {
            ArpPacket arp = new ArpPacket().wrap(bytes.asSlice(0, n), 0, n);
            assertThat(arp.checkLength()).as("%d bytes", n).isEqualTo(WireStatus.OK);
            assertThat(arp.length()).isEqualTo(ArpPacket.LENGTH);
        }
    }

    @Test
    void rejectsAnotherHardwareType() {
        ArpPacket arp = packet(REQUEST);
        arp.setHardwareType(6); // IEEE 802 networks

        assertThat(arp.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAnotherProtocolType() {
        ArpPacket arp = packet(REQUEST);
        arp.setProtocolType(EtherType.IPV6);

        assertThat(arp.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAnotherHardwareLength() {
        ArpPacket arp = packet(REQUEST);
        arp.setHardwareLength(8);

        assertThat(arp.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAnotherProtocolLength() {
        ArpPacket arp = packet(REQUEST);
        arp.setProtocolLength(16);

        assertThat(arp.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void keepsAnUnknownOperationAsARawValue() {
        ArpPacket arp = packet(REQUEST);
        arp.setOperation(8); // InARP request (RFC 2390)

        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(arp.isRequest()).isFalse();
        assertThat(arp.isReply()).isFalse();
        assertThat(ArpRepr.parse(arp).operation()).isEqualTo(8);
    }

    @Test
    void reprRejectsValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> new ArpRepr(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArpRepr(0x10000, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArpRepr(1, 1L << 48, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArpRepr(1, 0, 0, -1L, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
