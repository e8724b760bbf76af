package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {

    /** An untagged frame carrying an ARP request (the one of {@link ArpPacketTest}), no padding. */
    static final String UNTAGGED = """
        ff ff ff ff ff ff    # destination: broadcast
        52 54 00 12 34 56    # source: 52:54:00:12:34:56
        08 06                # EtherType: ARP
        00 01 08 00 06 04    # payload: ARP request, IPv4 over Ethernet ...
        00 01 52 54 00 12 34 56 c0 a8 0a 02 00 00 00 00 00 00 c0 a8 0a 01
        """;

    /** A tagged frame: VLAN 100, priority 5, drop eligible, carrying the first bytes of an IPv6 packet. */
    static final String TAGGED = """
        33 33 00 00 00 01    # destination: 33:33:00:00:00:01 (IPv6 all-nodes group)
        02 42 ac 11 00 02    # source: 02:42:ac:11:00:02 (locally administered)
        81 00                # TPID: 802.1Q
        b0 64                # TCI: PCP 5 (101), DEI 1, VID 100 (0000 0110 0100)
        86 dd                # EtherType: IPv6
        60 00 00 00          # payload: IPv6 version, class, flow label ...
        """;

    private static EthernetFrame frame(String vector) {
        MemorySegment bytes = Hex.segment(vector);
        return new EthernetFrame().wrap(bytes, 0, (int) bytes.byteSize());
    }

    @Test
    void readsEveryFieldOfAnUntaggedFrame() {
        EthernetFrame frame = frame(UNTAGGED);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(frame.source()).isEqualTo(0x5254_0012_3456L);
        assertThat(frame.outerEtherType()).isEqualTo(EtherType.ARP);
        assertThat(frame.etherType()).isEqualTo(EtherType.ARP);
        assertThat(frame.hasVlanTag()).isFalse();
        assertThat(frame.tci()).isZero();
        assertThat(frame.pcp()).isZero();
        assertThat(frame.dei()).isFalse();
        assertThat(frame.vlanId()).isEqualTo(EthernetFrame.NO_VLAN);
        assertThat(frame.headerLength()).isEqualTo(14);
        assertThat(frame.payloadOffset()).isEqualTo(14);
        assertThat(frame.payloadLength()).isEqualTo(28);
        assertThat(frame.length()).isEqualTo(42);
    }

    @Test
    void readsEveryFieldOfATaggedFrame() {
        EthernetFrame frame = frame(TAGGED);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.destination()).isEqualTo(0x3333_0000_0001L);
        assertThat(frame.source()).isEqualTo(0x0242_ac11_0002L);
        assertThat(frame.outerEtherType()).isEqualTo(EtherType.VLAN);
        assertThat(frame.hasVlanTag()).isTrue();
        assertThat(frame.tci()).isEqualTo(0xb064);
        assertThat(frame.pcp()).isEqualTo(5);
        assertThat(frame.dei()).isTrue();
        assertThat(frame.vlanId()).isEqualTo(100);
        assertThat(frame.etherType()).isEqualTo(EtherType.IPV6);
        assertThat(frame.headerLength()).isEqualTo(18);
        assertThat(frame.payloadOffset()).isEqualTo(18);
        assertThat(frame.payloadLength()).isEqualTo(4);
    }

    @Test
    void readsAFrameAtAnOffsetInALargerSegment() {
        byte[] vector = Hex.bytes(TAGGED);
        MemorySegment buffer = MemorySegment.ofArray(new byte[vector.length + 7]);
        MemorySegment.copy(MemorySegment.ofArray(vector), 0, buffer, 3, vector.length);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, 3, vector.length);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.source()).isEqualTo(0x0242_ac11_0002L);
        assertThat(frame.vlanId()).isEqualTo(100);
        assertThat(frame.etherType()).isEqualTo(EtherType.IPV6);
    }

    @Test
    void buildsEveryFieldOfAnUntaggedFrame() {
        byte[] expected = Hex.bytes(UNTAGGED);
        MemorySegment buffer = MemorySegment.ofArray(new byte[expected.length]);
        MemorySegment.copy(MemorySegment.ofArray(expected), 14, buffer, 14, expected.length - 14);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, 0, expected.length);

        frame.setDestination(MacAddress.BROADCAST);
        frame.setSource(MacAddress.parse("52:54:00:12:34:56"));
        frame.setEtherType(EtherType.ARP);

        assertThat(Hex.of(buffer, 0, expected.length)).isEqualTo(Hex.of(expected));
    }

    @Test
    void buildsEveryFieldOfATaggedFrame() {
        byte[] expected = Hex.bytes(TAGGED);
        MemorySegment buffer = MemorySegment.ofArray(new byte[expected.length]);
        MemorySegment.copy(MemorySegment.ofArray(expected), 18, buffer, 18, expected.length - 18);
        EthernetFrame frame = new EthernetFrame().wrap(buffer, 0, expected.length);

        frame.setDestination(MacAddress.parse("33:33:00:00:00:01"));
        frame.setSource(MacAddress.parse("02:42:ac:11:00:02"));
        frame.setVlanTag(5, true, 100);
        frame.setEtherType(EtherType.IPV6);

        assertThat(Hex.of(buffer, 0, expected.length)).isEqualTo(Hex.of(expected));
    }

    @Test
    void rawSettersWriteTheirFieldsAsTheyAre() {
        EthernetFrame frame = frame(TAGGED);

        frame.setTci(0x2fff);
        frame.setOuterEtherType(EtherType.IPV4);

        assertThat(frame.hasVlanTag()).isFalse();
        assertThat(frame.etherType()).isEqualTo(EtherType.IPV4);
        assertThat(frame.headerLength()).isEqualTo(14);
        assertThat(Hex.of(frame.segment(), 12, 4)).isEqualTo("08002fff");
    }

    @Test
    void parsesAndEmitsTheUntaggedVector() {
        EthernetRepr repr = EthernetRepr.parse(frame(UNTAGGED));

        assertThat(repr).isEqualTo(EthernetRepr.untagged(MacAddress.BROADCAST, 0x5254_0012_3456L, EtherType.ARP));
        assertThat(repr.hasVlanTag()).isFalse();
        assertThat(repr.bufferLength()).isEqualTo(14);
        assertThat(emitted(repr)).isEqualTo(Hex.of(Hex.bytes(UNTAGGED)).substring(0, 28));
    }

    @Test
    void parsesAndEmitsTheTaggedVector() {
        EthernetRepr repr = EthernetRepr.parse(frame(TAGGED));

        assertThat(repr).isEqualTo(
            EthernetRepr.tagged(0x3333_0000_0001L, 0x0242_ac11_0002L, 5, true, 100, EtherType.IPV6));
        assertThat(repr.hasVlanTag()).isTrue();
        assertThat(repr.vlanTag()).isEqualTo(new EthernetRepr.VlanTag(5, true, 100));
        assertThat(repr.bufferLength()).isEqualTo(18);
        assertThat(emitted(repr)).isEqualTo(Hex.of(Hex.bytes(TAGGED)).substring(0, 36));
    }

    /** Emits into a buffer full of 0x81 0x00, so an emit that depends on old bytes shows up as a wrong tag. */
    static String emitted(EthernetRepr repr) {
        MemorySegment buffer = garbage(repr.bufferLength());
        repr.emit(new EthernetFrame().wrap(buffer, 0, repr.bufferLength()));
        return Hex.of(buffer, 0, repr.bufferLength());
    }

    static MemorySegment garbage(int length) {
        MemorySegment buffer = MemorySegment.ofArray(new byte[length]);
        for (int i = 0; i < length; i++) {
            buffer.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 2 == 0 ? 0x81 : 0x00));
        }
        return buffer;
    }

    @Test
    void everyPrefixShorterThanTheUntaggedHeaderIsTruncated() {
        MemorySegment bytes = Hex.segment(UNTAGGED);
        for (int n = 0; n < bytes.byteSize(); n++) {
            // A slice of exactly n bytes: an accessor reading past the window throws instead of passing.
            EthernetFrame frame = new EthernetFrame().wrap(bytes.asSlice(0, n), 0, n);
            WireStatus status = frame.checkLength();
            if (n < EthernetFrame.HEADER_LENGTH) {
                assertThat(status).as("prefix of %d bytes", n).isEqualTo(WireStatus.TRUNCATED);
                assertThatThrownBy(() -> EthernetRepr.parse(frame)).isInstanceOf(MalformedPacketException.class);
            } else {
                // Ethernet II has no length field: any whole header is a frame, with a shorter payload.
                assertThat(status).as("prefix of %d bytes", n).isEqualTo(WireStatus.OK);
                assertThat(frame.payloadLength()).isEqualTo(n - 14);
            }
        }
    }

    @Test
    void everyPrefixShorterThanTheTaggedHeaderIsTruncated() {
        MemorySegment bytes = Hex.segment(TAGGED);
        for (int n = 0; n < bytes.byteSize(); n++) {
            EthernetFrame frame = new EthernetFrame().wrap(bytes.asSlice(0, n), 0, n);
            WireStatus status = frame.checkLength();
            if (n < EthernetFrame.TAGGED_HEADER_LENGTH) {
                assertThat(status).as("prefix of %d bytes", n).isEqualTo(WireStatus.TRUNCATED);
            } else {
                assertThat(status).as("prefix of %d bytes", n).isEqualTo(WireStatus.OK);
                assertThat(frame.payloadLength()).isEqualTo(n - 18);
            }
        }
    }

    @Test
    void rejectsAn8023LengthField() {
        EthernetFrame frame = frame(UNTAGGED);
        frame.setOuterEtherType(46);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsTheUndefinedTypeLengthValuesBetween1500And1536() {
        EthernetFrame frame = frame(UNTAGGED);
        frame.setOuterEtherType(0x05ff);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
        frame.setOuterEtherType(EtherType.MAX_8023_LENGTH + 1);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
        frame.setOuterEtherType(EtherType.MIN_ETHER_TYPE);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
    }

    @Test
    void rejectsAn8023LengthFieldAfterTheTag() {
        EthernetFrame frame = frame(TAGGED);
        frame.setEtherType(0x0100);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAGroupSourceAddress() {
        EthernetFrame frame = frame(UNTAGGED);
        frame.setSource(0x0100_5e00_0001L);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
        frame.setSource(MacAddress.BROADCAST);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsTheReservedVlanId() {
        EthernetFrame frame = frame(TAGGED);
        frame.setVlanTag(0, false, EthernetFrame.RESERVED_VLAN_ID);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
        frame.setVlanTag(0, false, 4094);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
    }

    @Test
    void rejectsStackedTags() {
        EthernetFrame frame = frame(TAGGED);
        frame.setEtherType(EtherType.VLAN);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
        frame.setEtherType(EtherType.QINQ);
        assertThat(frame.checkLength()).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void readsAnUntaggedQinqEtherTypeAsAnOpaqueType() {
        EthernetFrame frame = frame(UNTAGGED);
        frame.setOuterEtherType(EtherType.QINQ);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.hasVlanTag()).isFalse();
        assertThat(frame.etherType()).isEqualTo(EtherType.QINQ);
    }

    @Test
    void acceptsAPriorityTag() {
        EthernetFrame frame = frame(TAGGED);
        frame.setVlanTag(6, false, 0);

        assertThat(frame.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(frame.vlanId()).isZero();
        assertThat(frame.pcp()).isEqualTo(6);
    }

    @Test
    void turnsAFrameAround() {
        EthernetFrame frame = frame(UNTAGGED);
        long router = MacAddress.parse("02:00:5e:10:00:01");

        frame.turnAround(router);

        assertThat(frame.destination()).isEqualTo(0x5254_0012_3456L);
        assertThat(frame.source()).isEqualTo(router);
        assertThat(frame.etherType()).isEqualTo(EtherType.ARP);
    }

    @Test
    void reprRejectsValuesTheViewWouldReject() {
        long src = 0x0200_0000_0001L;
        assertThatThrownBy(() -> EthernetRepr.untagged(1L << 48, src, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.untagged(0, MacAddress.BROADCAST, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.untagged(0, -1L, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.untagged(0, src, 1500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.untagged(0, src, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.untagged(0, src, EtherType.VLAN))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.tagged(0, src, 0, false, 1, EtherType.QINQ))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.tagged(0, src, 8, false, 1, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.tagged(0, src, -1, false, 1, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.tagged(0, src, 0, false, 4095, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthernetRepr.tagged(0, src, 0, false, -1, EtherType.IPV4))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(EthernetRepr.untagged(0, src, EtherType.QINQ).etherType()).isEqualTo(EtherType.QINQ);
    }

    @Test
    void parseReportsTheReasonOfARejection() {
        EthernetFrame frame = frame(TAGGED);
        frame.setEtherType(EtherType.VLAN);

        assertThatThrownBy(() -> EthernetRepr.parse(frame))
            .isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_FIELD));
    }
}
