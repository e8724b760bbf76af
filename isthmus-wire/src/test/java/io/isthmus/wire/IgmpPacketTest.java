package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IgmpPacketTest {

    /** A Linux node's IGMPv3 report: it joins 239.1.1.1 (any source) and leaves 239.2.2.2 except from 10.0.0.5. */
    static final String V3_REPORT = """
        22                   # type: v3 membership report
        00                   # reserved
        eb ef                # checksum
        00 00                # reserved
        00 02                # number of group records
        04                   # record 1 type: CHANGE_TO_EXCLUDE_MODE
        00                   # aux data len
        00 00                # number of sources
        ef 01 01 01          # multicast address: 239.1.1.1
        03                   # record 2 type: CHANGE_TO_INCLUDE_MODE
        00                   # aux data len
        00 01                # number of sources
        ef 02 02 02          # multicast address: 239.2.2.2
        0a 00 00 05          # source: 10.0.0.5
        """;

    /** The virtual router's general query (RFC 3376 defaults: 10 s max response, QRV 2, QQIC 125). */
    static final String V3_QUERY = """
        11                   # type: membership query
        64                   # max resp code: 100 tenths
        ec 1e                # checksum
        00 00 00 00          # group address: general query
        02                   # resv 0, S 0, QRV 2
        7d                   # QQIC: 125 s
        00 00                # number of sources
        """;

    /** A group-and-source-specific v3 query about 10.0.0.5... for the general group, with one source. */
    static final String V3_QUERY_WITH_SOURCE = """
        11 64 21 70          # membership query, max resp code 100, checksum
        00 00 00 00          # group address
        02 7d 00 01          # QRV 2, QQIC 125, 1 source
        c0 a8 0a 05          # source: 192.168.10.5
        """;

    /** An IGMPv2 report of 239.1.1.1 (RFC 2236). */
    static final String V2_REPORT = """
        16                   # type: v2 membership report
        00                   # max resp time: unused
        f9 fc                # checksum
        ef 01 01 01          # group address: 239.1.1.1
        """;

    /** An IGMPv2 leave of 239.1.1.1. */
    static final String LEAVE = """
        17 00 f8 fc          # leave group, checksum
        ef 01 01 01          # group address: 239.1.1.1
        """;

    /** An IGMPv1 report of 239.1.1.1 (RFC 1112). */
    static final String V1_REPORT = """
        12 00 fd fc          # v1 membership report, checksum
        ef 01 01 01          # group address
        """;

    /** An IGMPv2 general query, max resp time 10 s. */
    static final String V2_QUERY = """
        11 64 ee 9b          # membership query, 100 tenths, checksum
        00 00 00 00          # general
        """;

    private static final int G1 = Ipv4Address.parse("239.1.1.1");
    private static final int G2 = Ipv4Address.parse("239.2.2.2");

    static IgmpPacket packet(String vector) {
        MemorySegment bytes = Hex.segment(vector);
        return new IgmpPacket().wrap(bytes, 0, (int) bytes.byteSize());
    }

    static String emitted(IgmpRepr repr) {
        byte[] buffer = new byte[repr.bufferLength()];
        Arrays.fill(buffer, (byte) 0xa5);
        repr.emit(new IgmpPacket().wrap(MemorySegment.ofArray(buffer), 0, buffer.length));
        return Hex.of(buffer);
    }

    @Test
    void readsEveryFieldOfAV3Report() {
        IgmpPacket igmp = packet(V3_REPORT);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(igmp.verifyChecksum()).isTrue();
        assertThat(igmp.type()).isEqualTo(IgmpPacket.V3_MEMBERSHIP_REPORT);
        assertThat(igmp.checksum()).isEqualTo(0xebef);
        assertThat(igmp.recordCount()).isEqualTo(2);
        int first = igmp.firstRecord();
        assertThat(first).isEqualTo(8);
        assertThat(igmp.recordType(first)).isEqualTo(IgmpPacket.CHANGE_TO_EXCLUDE_MODE);
        assertThat(igmp.recordAuxiliaryWords(first)).isZero();
        assertThat(igmp.recordSourceCount(first)).isZero();
        assertThat(igmp.recordGroup(first)).isEqualTo(G1);
        int second = igmp.nextRecord(first);
        assertThat(second).isEqualTo(16);
        assertThat(igmp.recordType(second)).isEqualTo(IgmpPacket.CHANGE_TO_INCLUDE_MODE);
        assertThat(igmp.recordSourceCount(second)).isEqualTo(1);
        assertThat(igmp.recordGroup(second)).isEqualTo(G2);
        assertThat(igmp.recordSource(second, 0)).isEqualTo(Ipv4Address.parse("10.0.0.5"));
        assertThat(igmp.nextRecord(second)).isEqualTo(igmp.length());
    }

    @Test
    void readsEveryFieldOfAV3Query() {
        IgmpPacket igmp = packet(V3_QUERY_WITH_SOURCE);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(igmp.verifyChecksum()).isTrue();
        assertThat(igmp.type()).isEqualTo(IgmpPacket.MEMBERSHIP_QUERY);
        assertThat(igmp.isV3Query()).isTrue();
        assertThat(igmp.maxResponse()).isEqualTo(100);
        assertThat(igmp.group()).isZero();
        assertThat(igmp.suppressRouterProcessing()).isFalse();
        assertThat(igmp.robustness()).isEqualTo(2);
        assertThat(igmp.queryIntervalCode()).isEqualTo(125);
        assertThat(igmp.querySourceCount()).isEqualTo(1);
        assertThat(igmp.querySource(0)).isEqualTo(Ipv4Address.parse("192.168.10.5"));
    }

    @Test
    void readsEveryFieldOfTheShortMessages() {
        IgmpPacket report = packet(V2_REPORT);
        assertThat(report.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(report.verifyChecksum()).isTrue();
        assertThat(report.type()).isEqualTo(IgmpPacket.V2_MEMBERSHIP_REPORT);
        assertThat(report.maxResponse()).isZero();
        assertThat(report.group()).isEqualTo(G1);

        IgmpPacket query = packet(V2_QUERY);
        assertThat(query.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(query.isV3Query()).isFalse();
        assertThat(query.maxResponse()).isEqualTo(100);
        assertThat(query.group()).isZero();
    }

    @Test
    void buildsEveryFieldOfAV3Report() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[28]);
        IgmpPacket igmp = new IgmpPacket().wrap(buffer, 0, 28);

        igmp.setType(IgmpPacket.V3_MEMBERSHIP_REPORT);
        igmp.setRecordCount(2);
        igmp.setRecord(8, IgmpPacket.CHANGE_TO_EXCLUDE_MODE, 0, 0, G1);
        igmp.setRecord(16, IgmpPacket.CHANGE_TO_INCLUDE_MODE, 0, 1, G2);
        igmp.setRecordSource(16, 0, Ipv4Address.parse("10.0.0.5"));
        igmp.setChecksum(0xebef);

        assertThat(Hex.of(buffer, 0, 28)).isEqualTo(Hex.of(Hex.bytes(V3_REPORT)));
    }

    @Test
    void buildsEveryFieldOfAV3Query() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[16]);
        IgmpPacket igmp = new IgmpPacket().wrap(buffer, 0, 16);

        igmp.setType(IgmpPacket.MEMBERSHIP_QUERY);
        igmp.setMaxResponse(100);
        igmp.setGroup(0);
        igmp.setSuppressAndRobustness(false, 2);
        igmp.setQueryIntervalCode(125);
        igmp.setQuerySourceCount(1);
        igmp.setQuerySource(0, Ipv4Address.parse("192.168.10.5"));
        igmp.fillChecksum();

        assertThat(Hex.of(buffer, 0, 16)).isEqualTo(Hex.of(Hex.bytes(V3_QUERY_WITH_SOURCE)));
    }

    @Test
    void buildsAuxiliaryDataAfterTheSources() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[24]);
        IgmpPacket igmp = new IgmpPacket().wrap(buffer, 0, 24);
        igmp.setType(IgmpPacket.V3_MEMBERSHIP_REPORT);
        igmp.setRecordCount(1);
        igmp.setRecord(8, IgmpPacket.MODE_IS_INCLUDE, 1, 1, G1);
        igmp.setRecordSource(8, 0, 0x0a000005);
        igmp.setRecordAuxiliaryWord(8, 0, 0xdeadbeef);

        assertThat(Hex.of(buffer, 8, 16)).isEqualTo("01010001ef0101010a000005deadbeef");
        assertThat(igmp.recordAuxiliaryWord(8, 0)).isEqualTo(0xdeadbeef);
        assertThat(igmp.nextRecord(8)).isEqualTo(24);
        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
    }

    @Test
    void parsesAndEmitsTheVectors() {
        IgmpRepr report = IgmpRepr.parse(packet(V3_REPORT));
        assertThat(report).isEqualTo(new IgmpRepr.V3Report(List.of(
            IgmpRepr.GroupRecord.of(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1),
            new IgmpRepr.GroupRecord(IgmpPacket.CHANGE_TO_INCLUDE_MODE, G2, List.of(0x0a000005), List.of()))));
        assertThat(emitted(report)).isEqualTo(Hex.of(Hex.bytes(V3_REPORT)));

        IgmpRepr query = IgmpRepr.parse(packet(V3_QUERY));
        assertThat(query).isEqualTo(IgmpRepr.V3Query.general(100, 2, 125));
        assertThat(emitted(query)).isEqualTo(Hex.of(Hex.bytes(V3_QUERY)));

        assertThat(IgmpRepr.parse(packet(V2_REPORT))).isEqualTo(new IgmpRepr.V2Report(G1));
        assertThat(emitted(new IgmpRepr.V2Report(G1))).isEqualTo(Hex.of(Hex.bytes(V2_REPORT)));
        assertThat(IgmpRepr.parse(packet(LEAVE))).isEqualTo(new IgmpRepr.Leave(G1));
        assertThat(emitted(new IgmpRepr.Leave(G1))).isEqualTo(Hex.of(Hex.bytes(LEAVE)));
        assertThat(IgmpRepr.parse(packet(V1_REPORT))).isEqualTo(new IgmpRepr.V1Report(G1));
        assertThat(emitted(new IgmpRepr.V1Report(G1))).isEqualTo(Hex.of(Hex.bytes(V1_REPORT)));
        assertThat(IgmpRepr.parse(packet(V2_QUERY))).isEqualTo(new IgmpRepr.Query(100, 0));
        assertThat(emitted(new IgmpRepr.Query(100, 0))).isEqualTo(Hex.of(Hex.bytes(V2_QUERY)));
    }

    @Test
    void groupRecordsSayWhetherTheSenderJoinsOrLeaves() {
        assertThat(IgmpRepr.GroupRecord.of(IgmpPacket.MODE_IS_EXCLUDE, G1).interest())
            .isEqualTo(IgmpRepr.Interest.JOIN);
        assertThat(IgmpRepr.GroupRecord.of(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1).interest())
            .isEqualTo(IgmpRepr.Interest.JOIN);
        assertThat(new IgmpRepr.GroupRecord(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1, List.of(1), List.of()).interest())
            .as("EXCLUDE with sources is still any-source to a per-group router").isEqualTo(IgmpRepr.Interest.JOIN);
        assertThat(IgmpRepr.GroupRecord.of(IgmpPacket.CHANGE_TO_INCLUDE_MODE, G1).interest())
            .isEqualTo(IgmpRepr.Interest.LEAVE);
        assertThat(IgmpRepr.GroupRecord.of(IgmpPacket.MODE_IS_INCLUDE, G1).interest())
            .isEqualTo(IgmpRepr.Interest.LEAVE);
        assertThat(new IgmpRepr.GroupRecord(IgmpPacket.MODE_IS_INCLUDE, G1, List.of(1), List.of()).interest())
            .isEqualTo(IgmpRepr.Interest.JOIN);
        assertThat(new IgmpRepr.GroupRecord(IgmpPacket.ALLOW_NEW_SOURCES, G1, List.of(1), List.of()).interest())
            .isEqualTo(IgmpRepr.Interest.JOIN);
        assertThat(new IgmpRepr.GroupRecord(IgmpPacket.BLOCK_OLD_SOURCES, G1, List.of(1), List.of()).interest())
            .isEqualTo(IgmpRepr.Interest.UNCHANGED);
        assertThat(IgmpRepr.GroupRecord.of(99, G1).interest()).isEqualTo(IgmpRepr.Interest.UNCHANGED);
    }

    @Test
    void everyPrefixOfAV3ReportIsTruncated() {
        MemorySegment bytes = Hex.segment(V3_REPORT);
        for (int n = 0; n < bytes.byteSize(); n++) {
            IgmpPacket igmp = new IgmpPacket().wrap(bytes.asSlice(0, n), 0, n);
            assertThat(igmp.checkLength()).as("prefix of %d bytes", n).isEqualTo(WireStatus.TRUNCATED);
            assertThatThrownBy(() -> IgmpRepr.parse(igmp)).isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.status()).isEqualTo(WireStatus.TRUNCATED));
        }
    }

    @Test
    void everyPrefixOfAV3QueryIsRejected() {
        MemorySegment bytes = Hex.segment(V3_QUERY_WITH_SOURCE);
        for (int n = 0; n < bytes.byteSize(); n++) {
            IgmpPacket igmp = new IgmpPacket().wrap(bytes.asSlice(0, n), 0, n);
            WireStatus expected = n < 8 || n >= 12 ? WireStatus.TRUNCATED
                : n == 8 ? WireStatus.OK : WireStatus.BAD_LENGTH;
            assertThat(igmp.checkLength()).as("prefix of %d bytes", n).isEqualTo(expected);
        }
    }

    @Test
    void everyPrefixOfAShortMessageIsTruncated() {
        MemorySegment bytes = Hex.segment(V2_REPORT);
        for (int n = 0; n < 8; n++) {
            IgmpPacket igmp = new IgmpPacket().wrap(bytes.asSlice(0, n), 0, n);
            assertThat(igmp.checkLength()).as("prefix of %d bytes", n).isEqualTo(WireStatus.TRUNCATED);
        }
    }

    @Test
    void rejectsAQueryOfNineToElevenBytes() {
        // RFC 3376 section 7.1: such a query is no valid query of any version.
        for (int n = 9; n <= 11; n++) {
            MemorySegment bytes = MemorySegment.ofArray(Arrays.copyOf(Hex.bytes(V3_QUERY), n));
            assertThat(new IgmpPacket().wrap(bytes, 0, n).checkLength()).isEqualTo(WireStatus.BAD_LENGTH);
        }
    }

    @Test
    void rejectsAV3QueryWhoseSourcesDoNotFit() {
        IgmpPacket igmp = packet(V3_QUERY);
        igmp.setQuerySourceCount(1);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void rejectsAReportWhoseRecordCountOverrunsTheMessage() {
        IgmpPacket igmp = packet(V3_REPORT);
        igmp.setRecordCount(3);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void rejectsARecordWhoseAuxiliaryDataOverrunsTheMessage() {
        IgmpPacket igmp = packet(V3_REPORT);
        igmp.setRecord(16, IgmpPacket.CHANGE_TO_INCLUDE_MODE, 1, 1, G2);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.TRUNCATED);
    }

    @Test
    void rejectsABadChecksum() {
        IgmpPacket igmp = packet(V2_REPORT);
        igmp.setChecksum(igmp.checksum() ^ 1);

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(igmp.verifyChecksum()).isFalse();
        assertThatThrownBy(() -> IgmpRepr.parse(igmp)).isInstanceOfSatisfying(MalformedPacketException.class,
            e -> assertThat(e.status()).isEqualTo(WireStatus.BAD_CHECKSUM));
    }

    @Test
    void keepsAnUnknownTypeAsARawValue() {
        // 0x13: DVMRP (RFC 1075), which a per-group router ignores.
        IgmpPacket igmp = packet(V2_REPORT);
        igmp.setType(0x13);
        igmp.fillChecksum();

        assertThat(igmp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(IgmpRepr.parse(igmp)).isEqualTo(new IgmpRepr.Other(0x13, 0, G1));
    }

    @Test
    void reprRejectsValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> new IgmpRepr.Query(256, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IgmpRepr.V3Query(0, 0, false, 8, 0, List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IgmpRepr.V3Query(0, 0, false, 2, 256, List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IgmpRepr.GroupRecord.of(256, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IgmpRepr.Other(IgmpPacket.LEAVE_GROUP, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IgmpRepr.Other(0x13, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
