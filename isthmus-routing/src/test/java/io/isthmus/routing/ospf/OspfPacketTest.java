package io.isthmus.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OSPF packet codec against packets BIRD 2.0.12 sent (captured through the interop harness). */
class OspfPacketTest {
    /** BIRD's Hello on a broadcast link, before any election: hello 1 s, dead 4 s, one neighbour. */
    static final String BIRD_HELLO = String.join("",
        "02", "01", "0030",          // version 2, type Hello, length 48
        "0a00000a",                  // router id 10.0.0.10
        "00000000",                  // area 0
        "e8bc", "0000",              // checksum, AuType null
        "0000000000000000",          // authentication
        "ffffff00",                  // network mask /24
        "0001", "02", "01",          // hello interval 1, options E, priority 1
        "00000004",                  // dead interval 4
        "00000000",                  // DR none yet
        "00000000",                  // BDR none yet
        "0a000001");                 // neighbour 10.0.0.1

    /** BIRD's Link State Update answering a request: its AS-external-LSA and its router-LSA. */
    static final String BIRD_UPDATE = String.join("",
        "02", "04", "0064",          // version 2, type LS Update, length 100
        "0a00000a", "00000000",      // router id 10.0.0.10, area 0
        "88ef", "0000", "0000000000000000",
        "00000002",                  // 2 LSAs
        "0004", "02", "05",          // age 4, options E, type 5 AS-external
        "0a010000",                  // link state id 10.1.0.0
        "0a00000a",                  // advertising router 10.0.0.10
        "80000001",                  // sequence InitialSequenceNumber
        "bebd", "0024",              // LSA checksum, length 36
        "ffff0000",                  // mask /16
        "80002710",                  // E (type 2), metric 10000
        "00000000",                  // forwarding address 0
        "00000000",                  // route tag 0
        "0003", "42", "01",          // age 3, options O and E, type 1 router
        "0a00000a", "0a00000a",      // link state id = advertising router = 10.0.0.10
        "80000001", "8a4a", "0024",  // sequence, checksum, length 36
        "02", "00", "0001",          // flags E, 1 link
        "0a000000", "ffffff00",      // stub 10.0.0.0 mask /24
        "03", "00", "000a");         // type stub, no TOS, metric 10

    /** BIRD as DR: its network-LSA for 10.0.0.0/24 with both routers attached. */
    static final String BIRD_NETWORK_UPDATE = "0204003c0a00000a00000000a3040000000000000000000000000001"
        + "000142020a00000a0a00000a80000001676b0020ffffff000a00000a0a000001";
    /** BIRD as slave answering the first DD: interface MTU 1500, options O|E, M bit, the sequence it was given. */
    static final String BIRD_DD_FIRST = "020200200a00000a000000004b690000000000000000000005dc42076836f850";
    /** BIRD's DD with its two LSA headers. */
    static final String BIRD_DD_HEADERS = "020200480a00000a0000000095c80000000000000000000005dc42016836f851"
        + "000302050a0100000a00000a80000001bebd0024000242010a00000a0a00000a800000018a4a0024";
    /** BIRD's Link State Request for the router-LSA of 10.0.0.1. */
    static final String BIRD_REQUEST = "020300240a00000a00000000dfcb00000000000000000000000000010a0000010a000001";
    /** BIRD's acknowledgment of the router-LSA of 10.0.0.1. */
    static final String BIRD_ACK = "0205002c0a00000a000000007f4e00000000000000000000000502010a0000010a00000180000001"
        + "de480024";

    static final List<String> VECTORS = List.of(BIRD_HELLO, BIRD_UPDATE, BIRD_NETWORK_UPDATE, BIRD_DD_FIRST,
        BIRD_DD_HEADERS, BIRD_REQUEST, BIRD_ACK);

    static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    static OspfPacket accepted(ByteBuffer buffer) {
        OspfPacket.Parsed parsed = OspfPacket.parse(buffer);
        assertThat(parsed).isInstanceOf(OspfPacket.Accepted.class);
        return ((OspfPacket.Accepted) parsed).packet();
    }

    static OspfRejection rejection(ByteBuffer buffer) {
        OspfPacket.Parsed parsed = OspfPacket.parse(buffer);
        assertThat(parsed).isInstanceOf(OspfPacket.Rejected.class);
        return ((OspfPacket.Rejected) parsed).reason();
    }

    @Test
    void readsEveryFieldOfBirdsHello() {
        OspfPacket packet = accepted(bytes(BIRD_HELLO));
        assertThat(packet.routerId()).isEqualTo(Ipv4Address.parse("10.0.0.10"));
        assertThat(packet.areaId()).isZero();
        assertThat(packet.message()).isEqualTo(new Hello(0xffffff00, 1, LsaHeader.OPTION_E, 1, 4, 0, 0,
            List.of(Ipv4Address.parse("10.0.0.1"))));
    }

    @Test
    void buildsBirdsHelloFromItsFields() {
        OspfPacket packet = new OspfPacket(Ipv4Address.parse("10.0.0.10"), 0, new Hello(0xffffff00, 1,
            LsaHeader.OPTION_E, 1, 4, 0, 0, List.of(Ipv4Address.parse("10.0.0.1"))));
        assertThat(HexFormat.of().formatHex(array(packet.encode()))).isEqualTo(BIRD_HELLO);
    }

    @Test
    void readsEveryFieldOfBirdsUpdate() {
        LinkStateUpdate update = (LinkStateUpdate) accepted(bytes(BIRD_UPDATE)).message();
        assertThat(update.badChecksums()).isZero();
        assertThat(update.lsas()).hasSize(2);
        Lsa external = update.lsas().get(0);
        assertThat(external.header()).isEqualTo(new LsaHeader(4, LsaHeader.OPTION_E, ExternalLsa.TYPE,
            Ipv4Address.parse("10.1.0.0"), Ipv4Address.parse("10.0.0.10"), LsaHeader.INITIAL_SEQUENCE, 0xbebd, 36));
        assertThat(external.body()).isEqualTo(ExternalLsa.type2(0xffff0000, 10000));
        Lsa router = update.lsas().get(1);
        assertThat(router.header().age()).isEqualTo(3);
        assertThat(router.header().options()).isEqualTo(0x42);
        assertThat(router.body()).isEqualTo(new RouterLsa(RouterLsa.FLAG_E, List.of(new RouterLsa.Link(
            Ipv4Address.parse("10.0.0.0"), 0xffffff00, RouterLsa.LINK_STUB, 10))));
    }

    @Test
    void originatingBirdsLsasFromTheirFieldsGivesTheirChecksums() {
        LinkStateUpdate update = (LinkStateUpdate) accepted(bytes(BIRD_UPDATE)).message();
        for (Lsa lsa : update.lsas()) {
            LsaHeader h = lsa.header();
            Lsa again = Lsa.originate(h.age(), h.options(), h.type(), h.linkStateId(), h.advertisingRouter(),
                h.sequence(), lsa.body());
            assertThat(again).isEqualTo(lsa);
        }
    }

    @Test
    void readsBirdsNetworkLsaDatabaseDescriptionsRequestAndAck() {
        LinkStateUpdate update = (LinkStateUpdate) accepted(bytes(BIRD_NETWORK_UPDATE)).message();
        assertThat(update.lsas().getFirst().body()).isEqualTo(new NetworkLsa(0xffffff00,
            List.of(Ipv4Address.parse("10.0.0.10"), Ipv4Address.parse("10.0.0.1"))));
        assertThat(update.lsas().getFirst().key()).isEqualTo(new LsaKey(NetworkLsa.TYPE,
            Ipv4Address.parse("10.0.0.10"), Ipv4Address.parse("10.0.0.10")));

        DatabaseDescription first = (DatabaseDescription) accepted(bytes(BIRD_DD_FIRST)).message();
        assertThat(first).isEqualTo(new DatabaseDescription(1500, 0x42,
            DatabaseDescription.FLAG_INIT | DatabaseDescription.FLAG_MORE | DatabaseDescription.FLAG_MASTER,
            0x6836f850, List.of()));
        DatabaseDescription headers = (DatabaseDescription) accepted(bytes(BIRD_DD_HEADERS)).message();
        assertThat(headers.flags()).isEqualTo(DatabaseDescription.FLAG_MASTER);
        assertThat(headers.lsaHeaders()).extracting(LsaHeader::type).containsExactly(5, 1);

        LinkStateRequest request = (LinkStateRequest) accepted(bytes(BIRD_REQUEST)).message();
        assertThat(request.requests()).containsExactly(new LsaKey(1, Ipv4Address.parse("10.0.0.1"),
            Ipv4Address.parse("10.0.0.1")));
        LinkStateAck ack = (LinkStateAck) accepted(bytes(BIRD_ACK)).message();
        assertThat(ack.lsaHeaders()).containsExactly(new LsaHeader(5, LsaHeader.OPTION_E, 1,
            Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.1"), LsaHeader.INITIAL_SEQUENCE, 0xde48, 36));
    }

    @Test
    void everyVectorRoundTripsByteForByte() {
        for (String vector : VECTORS) {
            OspfPacket packet = accepted(bytes(vector));
            assertThat(HexFormat.of().formatHex(array(packet.encode()))).as(vector).isEqualTo(vector);
            assertThat(accepted(packet.encode())).isEqualTo(packet);
        }
    }

    @Test
    void everyTruncationIsRejectedAsTruncated() {
        for (String vector : VECTORS) {
            ByteBuffer whole = bytes(vector);
            for (int length = 0; length < whole.capacity(); length++) {
                assertThat(rejection(whole.slice(0, length))).as(vector + " cut at " + length)
                    .isEqualTo(OspfRejection.TRUNCATED);
            }
        }
    }

    @Test
    void bytesAfterThePacketLengthAreIgnored() {
        ByteBuffer withTrailer = ByteBuffer.allocate(48 + 12);
        withTrailer.put(bytes(BIRD_HELLO)).put(new byte[] {0, 1, 0, 3, 0, 1, 0, 4, 0, 0, 0, 1}).flip();
        assertThat(accepted(withTrailer)).isEqualTo(accepted(bytes(BIRD_HELLO)));
    }

    @Test
    void rejectsAnotherVersion() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.put(0, (byte) 3);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_VERSION);
    }

    @Test
    void rejectsALengthBelowTheHeader() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.putShort(2, (short) 20);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_LENGTH);
    }

    @Test
    void rejectsAnUnknownPacketType() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.put(1, (byte) 6);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.UNKNOWN_TYPE);
    }

    @Test
    void rejectsABadChecksum() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.put(47, (byte) 2);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_CHECKSUM);
    }

    @Test
    void theAuthenticationFieldIsNotCoveredByTheChecksum() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.putLong(16, 0x1122334455667788L);
        assertThat(accepted(packet).message()).isInstanceOf(Hello.class);
    }

    @Test
    void rejectsAuthenticationOtherThanNull() {
        ByteBuffer packet = bytes(BIRD_HELLO);
        packet.putShort(14, (short) 2);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.AUTHENTICATION_MISMATCH);
    }

    @Test
    void rejectsAHelloWhoseNeighboursAreNotWholeAddresses() {
        ByteBuffer packet = resized(bytes(BIRD_HELLO), 46);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_LENGTH);
    }

    @Test
    void rejectsADatabaseDescriptionWithAPartialHeader() {
        ByteBuffer packet = resized(bytes(BIRD_DD_HEADERS), 70);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_LENGTH);
    }

    @Test
    void rejectsARequestWithAPartialEntry() {
        ByteBuffer packet = resized(bytes(BIRD_REQUEST), 32);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_LENGTH);
    }

    @Test
    void rejectsAnAckWithAPartialHeader() {
        ByteBuffer packet = resized(bytes(BIRD_ACK), 40);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.BAD_LENGTH);
    }

    @Test
    void rejectsAnUpdateWhoseLsaRunsPastThePacket() {
        ByteBuffer packet = bytes(BIRD_UPDATE);
        packet.putShort(28 + 18, (short) 40);
        fixChecksum(packet);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.MALFORMED_LSA);
    }

    @Test
    void rejectsAnUpdateCountingMoreLsasThanItHolds() {
        ByteBuffer packet = bytes(BIRD_UPDATE);
        packet.putInt(24, 3);
        fixChecksum(packet);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.MALFORMED_LSA);
    }

    @Test
    void rejectsAnUpdateWithARouterLsaWhoseLinksDoNotFillIt() {
        ByteBuffer packet = bytes(BIRD_UPDATE);
        packet.putShort(64 + 22, (short) 2);
        fixChecksum(packet);
        assertThat(rejection(packet)).isEqualTo(OspfRejection.MALFORMED_LSA);
    }

    @Test
    void anLsaWithABadChecksumIsLeftOutAndCountedAndTheOthersKept() {
        ByteBuffer packet = bytes(BIRD_UPDATE);
        packet.put(28 + 24, (byte) 0x28);
        fixChecksum(packet);
        LinkStateUpdate update = (LinkStateUpdate) accepted(packet).message();
        assertThat(update.badChecksums()).isEqualTo(1);
        assertThat(update.lsas()).extracting(lsa -> lsa.header().type()).containsExactly(RouterLsa.TYPE);
    }

    @Test
    void lsasOfUnknownTypesAreKeptOpaqueAndRoundTrip() {
        Lsa opaque = Lsa.originate(7, 0x42, 10, 0x01000001, Ipv4Address.parse("10.0.0.10"),
            LsaHeader.INITIAL_SEQUENCE, new OpaqueLsa(new byte[] {0, 1, 0, 4, 10, 0, 0, 10}));
        ByteBuffer encoded = new OspfPacket(1, 0, new LinkStateUpdate(List.of(opaque))).encode();
        LinkStateUpdate update = (LinkStateUpdate) accepted(encoded).message();
        assertThat(update.lsas()).containsExactly(opaque);
        assertThat(Lsa.isKnownType(10)).isFalse();
    }

    @Test
    void summaryLsasAndExternalTosEntriesRoundTrip() {
        Lsa summary = Lsa.originate(1, 2, SummaryLsa.TYPE_NETWORK, Ipv4Address.parse("10.5.0.0"), 7,
            LsaHeader.INITIAL_SEQUENCE, new SummaryLsa(0xffff0000, 30, List.of(0x08000005)));
        Lsa asbr = Lsa.originate(1, 2, SummaryLsa.TYPE_ASBR, 9, 7, LsaHeader.INITIAL_SEQUENCE,
            new SummaryLsa(0, 40, List.of()));
        Lsa external = Lsa.originate(1, 2, ExternalLsa.TYPE, Ipv4Address.parse("10.6.0.0"), 7, 5,
            new ExternalLsa(0xffff0000, false, 3, Ipv4Address.parse("10.0.0.20"), 99,
                List.of(new ExternalLsa.TosEntry(0x88000004, 0, 1))));
        Lsa router = Lsa.originate(1, 2, RouterLsa.TYPE, 7, 7, 5, new RouterLsa(RouterLsa.FLAG_B, List.of(
            new RouterLsa.Link(9, 1, RouterLsa.LINK_POINT_TO_POINT, 5, List.of(0x08000003)))));
        List<Lsa> lsas = List.of(summary, asbr, external, router);
        LinkStateUpdate update = (LinkStateUpdate) accepted(new OspfPacket(1, 0, new LinkStateUpdate(lsas)).encode())
            .message();
        assertThat(update.lsas()).isEqualTo(lsas);
    }

    private static ByteBuffer resized(ByteBuffer packet, int length) {
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(packet.slice(0, Math.min(length, packet.capacity())));
        copy.putShort(2, (short) length);
        fixChecksum(copy);
        return copy.clear();
    }

    static void fixChecksum(ByteBuffer packet) {
        packet.putShort(12, (short) 0);
        long sum = 0;
        int length = packet.getShort(2) & 0xffff;
        for (int i = 0; i + 1 < length; i += 2) {
            if (i < 16 || i >= 24) {
                sum += packet.getShort(i) & 0xffff;
            }
        }
        if ((length & 1) != 0) {
            sum += (packet.get(length - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        packet.putShort(12, (short) ~sum);
    }

    static byte[] array(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
