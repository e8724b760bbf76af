package io.isthmus.routing.rip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RIPv2 codec against messages BIRD 2.0.12 and FRR 8.4 sent (captured with tcpdump), and every rejection. */
class RipCodecTest {
    private static final RipAuthentication.KeyedMd5 BIRD_MD5 = new RipAuthentication.KeyedMd5(7, "isthmus-secret");
    private static final RipAuthentication.KeyedMd5 FRR_MD5 = new RipAuthentication.KeyedMd5(5, "isthmus-secret");

    /** BIRD's response with keyed MD5: 10.20.0.0/16 metric 1. */
    static final String BIRD_MD5_RESPONSE = """
        02 02 0000           # response, version 2, must be zero
        ffff 0003            # authentication entry: keyed MD5
        002c 07 14           # packet length 44 (where the trailer starts), key id 7, data length 20
        6b1541ae             # sequence number (BIRD: the wall clock's seconds, + 1 a message)
        0000000000000000     # zero
        0002 0000            # IPv4, route tag 0
        0a140000 ffff0000    # 10.20.0.0 / 255.255.0.0
        00000000 00000001    # next hop: the sender; metric 1
        ffff 0001            # trailer
        6f9127c827d0260f6b8a6f1127a9c4a9  # MD5(the 48 bytes before + the key padded to 16)
        """;

    /** BIRD's whole-table request with keyed MD5. */
    static final String BIRD_MD5_REQUEST = """
        01 02 0000           # request, version 2
        ffff 0003 002c 07 14 # keyed MD5, packet length 44, key id 7, data length 20
        00000000             # sequence number 0
        0000000000000000
        0000 0000            # address family 0: the whole table (RFC 2453 3.9.1)
        00000000 00000000 00000000
        00000010             # metric 16
        ffff 0001 0c2da11a6a404be230c5b3cbf3f1b061  # trailer and digest
        """;

    /** FRR's response with keyed MD5: 10.30.0.0/16 metric 1, sequence 1. */
    static final String FRR_MD5_RESPONSE = """
        02 02 0000
        ffff 0003 002c 05 14 # keyed MD5, packet length 44, key id 5, data length 20 (FRR's default too)
        00000001             # sequence number (FRR: counts from 1)
        0000000000000000
        0002 0000 0a1e0000 ffff0000 00000000 00000001  # 10.30.0.0/16, next hop the sender, metric 1
        ffff 0001 a86749da1333278e90180bd2c12cce92     # trailer and digest
        """;

    /** BIRD's response with the simple password "isthmus". */
    static final String BIRD_PASSWORD_RESPONSE = """
        02 02 0000
        ffff 0002                         # authentication entry: simple password
        697374686d7573000000000000000000  # "isthmus", zero padded to 16
        0002 0000 0a140000 ffff0000 00000000 00000001  # 10.20.0.0/16 metric 1
        """;

    /** FRR's whole-table request without authentication (FRR sends its first request so even with MD5). */
    static final String FRR_REQUEST = """
        01 02 0000
        0000 0000 00000000 00000000 00000000 00000010  # address family 0, metric 16: the whole table
        """;

    private static final String FRR_REQUEST_ENTRY = "0000 0000 00000000 00000000 00000000 00000010";

    static ByteBuffer hex(String annotated) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(annotated.replaceAll("#[^\\n]*", "").replaceAll("\\s", "")));
    }

    private static RipMessage accepted(RipAuthentication authentication, String message) {
        RipCodec.Result result = new RipCodec(authentication).decode(hex(message));
        assertThat(result).isInstanceOf(RipCodec.Accepted.class);
        return ((RipCodec.Accepted) result).message();
    }

    private static RipError rejected(RipAuthentication authentication, ByteBuffer message) {
        RipCodec.Result result = new RipCodec(authentication).decode(message);
        assertThat(result).isInstanceOf(RipCodec.Rejected.class);
        return ((RipCodec.Rejected) result).error();
    }

    @Test
    void readsEveryFieldOfBirdsMd5Response() {
        RipPacket view = new RipPacket().wrap(hex(BIRD_MD5_RESPONSE));
        assertThat(view.checkLength()).isNull();
        assertThat(view.command()).isEqualTo(RipPacket.RESPONSE);
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.entryCount()).isEqualTo(3);
        assertThat(view.addressFamily(0)).isEqualTo(RipPacket.AFI_AUTHENTICATION);
        assertThat(view.authenticationType()).isEqualTo(RipPacket.AUTH_KEYED_MD5);
        assertThat(view.md5PacketLength()).isEqualTo(44);
        assertThat(view.md5KeyId()).isEqualTo(7);
        assertThat(view.md5DataLength()).isEqualTo(20);
        assertThat(view.md5Sequence()).isEqualTo(0x6b1541aeL);
        assertThat(view.addressFamily(1)).isEqualTo(RipPacket.AFI_IPV4);
        assertThat(view.routeTag(1)).isZero();
        assertThat(view.address(1)).isEqualTo(Ipv4Address.parse("10.20.0.0"));
        assertThat(view.mask(1)).isEqualTo(Ipv4Address.parse("255.255.0.0"));
        assertThat(view.nextHop(1)).isZero();
        assertThat(view.metric(1)).isEqualTo(1);

        RipMessage message = accepted(BIRD_MD5, BIRD_MD5_RESPONSE);
        assertThat(message.command()).isEqualTo(RipPacket.RESPONSE);
        assertThat(message.sequence()).isEqualTo(0x6b1541aeL);
        assertThat(message.entries()).containsExactly(new RipEntry(0, Ipv4Prefix.parse("10.20.0.0/16"), 0, 1));
        assertThat(message.skipped()).isEmpty();
    }

    @Test
    void acceptsBirdsMd5WholeTableRequest() {
        RipMessage message = accepted(BIRD_MD5, BIRD_MD5_REQUEST);
        assertThat(message.isRequest()).isTrue();
        assertThat(message.wholeTableRequest()).isTrue();
        assertThat(message.entries()).isEmpty();
    }

    @Test
    void acceptsFrrsMd5Response() {
        RipMessage message = accepted(FRR_MD5, FRR_MD5_RESPONSE);
        assertThat(message.sequence()).isEqualTo(1);
        assertThat(message.entries()).containsExactly(new RipEntry(0, Ipv4Prefix.parse("10.30.0.0/16"), 0, 1));
    }

    @Test
    void acceptsBirdsPasswordResponseAndFrrsPlainRequest() {
        RipMessage message = accepted(new RipAuthentication.SimplePassword("isthmus"), BIRD_PASSWORD_RESPONSE);
        assertThat(message.entries()).containsExactly(new RipEntry(0, Ipv4Prefix.parse("10.20.0.0/16"), 0, 1));
        assertThat(message.sequence()).isEqualTo(-1);
        assertThat(accepted(RipAuthentication.NONE, FRR_REQUEST).wholeTableRequest()).isTrue();
    }

    @Test
    void writesBirdsMessagesByteForByte() {
        RipMessage response = RipMessage.response(List.of(new RipEntry(0, Ipv4Prefix.parse("10.20.0.0/16"), 0, 1)));
        assertThat(new RipCodec(BIRD_MD5).encode(response, 0x6b1541aeL)).isEqualTo(hex(BIRD_MD5_RESPONSE));
        assertThat(new RipCodec(BIRD_MD5).encode(RipMessage.request(List.of()), 0)).isEqualTo(hex(BIRD_MD5_REQUEST));
        assertThat(new RipCodec(FRR_MD5).encode(
            RipMessage.response(List.of(new RipEntry(0, Ipv4Prefix.parse("10.30.0.0/16"), 0, 1))), 1))
            .isEqualTo(hex(FRR_MD5_RESPONSE));
        assertThat(new RipCodec(new RipAuthentication.SimplePassword("isthmus")).encode(response, 0))
            .isEqualTo(hex(BIRD_PASSWORD_RESPONSE));
        assertThat(new RipCodec(RipAuthentication.NONE).encode(RipMessage.request(List.of()), 0))
            .isEqualTo(hex(FRR_REQUEST));
    }

    @Test
    void roundTripsAFullMessageWithEveryAuthentication() {
        for (RipAuthentication authentication : List.of(RipAuthentication.NONE,
            new RipAuthentication.SimplePassword("p"), BIRD_MD5)) {
            List<RipEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < authentication.maxRouteEntries(); i++) {
                entries.add(new RipEntry(i, Ipv4Prefix.normalized(Ipv4Address.parse("10.0.0.0") + (i << 8), 24),
                    i % 2 == 0 ? 0 : Ipv4Address.parse("10.0.0.7"), 1 + i % 16));
            }
            RipCodec codec = new RipCodec(authentication);
            ByteBuffer encoded = codec.encode(RipMessage.response(entries), 42);
            assertThat(encoded.remaining()).isEqualTo(RipPacket.MAX_LENGTH);
            RipCodec.Result decoded = new RipCodec(authentication).decode(encoded);
            assertThat(decoded).isInstanceOf(RipCodec.Accepted.class);
            RipMessage message = ((RipCodec.Accepted) decoded).message();
            assertThat(message.entries()).isEqualTo(entries);
            assertThat(message.sequence()).isEqualTo(authentication instanceof RipAuthentication.KeyedMd5 ? 42 : -1);
        }
    }

    @Test
    void refusesToWriteMoreEntriesThanFit() {
        List<RipEntry> entries = java.util.Collections.nCopies(24,
            new RipEntry(0, Ipv4Prefix.parse("10.1.0.0/16"), 0, 1));
        assertThat(new RipCodec(new RipAuthentication.SimplePassword("p")).encode(RipMessage.response(entries), 0)
            .remaining()).isEqualTo(RipPacket.MAX_LENGTH);
        assertThatThrownBy(() -> new RipCodec(BIRD_MD5).encode(RipMessage.response(entries), 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEveryTruncation() {
        for (String vector : List.of(BIRD_MD5_RESPONSE, BIRD_PASSWORD_RESPONSE, FRR_REQUEST)) {
            ByteBuffer whole = hex(vector);
            for (int length = 0; length < whole.limit(); length++) {
                RipCodec.Result result = new RipCodec(BIRD_MD5).decode(whole.slice(0, length));
                assertThat(result).as("length %d of %s", length, vector).isInstanceOf(RipCodec.Rejected.class);
            }
        }
        assertThat(rejected(RipAuthentication.NONE, hex("0202"))).isEqualTo(RipError.TRUNCATED);
        assertThat(rejected(RipAuthentication.NONE, hex(FRR_REQUEST + "00"))).isEqualTo(RipError.TRUNCATED);
    }

    @Test
    void rejectsMoreThan25Entries() {
        ByteBuffer message = ByteBuffer.allocate(RipPacket.MAX_LENGTH + RipPacket.ENTRY_LENGTH);
        message.put(0, (byte) 2).put(1, (byte) 2);
        assertThat(rejected(RipAuthentication.NONE, message)).isEqualTo(RipError.TOO_LONG);
    }

    @Test
    void rejectsRipVersion1AndOtherVersions() {
        assertThat(rejected(RipAuthentication.NONE, hex("0201 0000" + FRR_REQUEST_ENTRY)))
            .isEqualTo(RipError.VERSION_1);
        assertThat(rejected(RipAuthentication.NONE, hex("0200 0000" + FRR_REQUEST_ENTRY)))
            .isEqualTo(RipError.BAD_VERSION);
        assertThat(rejected(RipAuthentication.NONE, hex("0203 0000" + FRR_REQUEST_ENTRY)))
            .isEqualTo(RipError.BAD_VERSION);
    }

    @Test
    void rejectsAnUnknownCommand() {
        assertThat(rejected(RipAuthentication.NONE, hex("0502 0000" + FRR_REQUEST_ENTRY)))
            .isEqualTo(RipError.BAD_COMMAND);
    }

    @Test
    void rejectsAuthenticationThatIsMissingUnexpectedOrOfAnotherType() {
        assertThat(rejected(BIRD_MD5, hex(FRR_REQUEST))).isEqualTo(RipError.AUTHENTICATION_MISSING);
        assertThat(rejected(new RipAuthentication.SimplePassword("isthmus"), hex(FRR_REQUEST)))
            .isEqualTo(RipError.AUTHENTICATION_MISSING);
        assertThat(rejected(RipAuthentication.NONE, hex(BIRD_MD5_RESPONSE)))
            .isEqualTo(RipError.AUTHENTICATION_UNEXPECTED);
        assertThat(rejected(BIRD_MD5, hex(BIRD_PASSWORD_RESPONSE))).isEqualTo(RipError.AUTHENTICATION_TYPE);
        assertThat(rejected(new RipAuthentication.SimplePassword("isthmus"), hex(BIRD_MD5_RESPONSE)))
            .isEqualTo(RipError.AUTHENTICATION_TYPE);
    }

    @Test
    void rejectsAWrongPassword() {
        assertThat(rejected(new RipAuthentication.SimplePassword("isthmuz"), hex(BIRD_PASSWORD_RESPONSE)))
            .isEqualTo(RipError.PASSWORD_MISMATCH);
    }

    @Test
    void rejectsAnotherKeyIdAndAWrongKey() {
        assertThat(rejected(new RipAuthentication.KeyedMd5(8, "isthmus-secret"), hex(BIRD_MD5_RESPONSE)))
            .isEqualTo(RipError.KEY_ID_MISMATCH);
        assertThat(rejected(new RipAuthentication.KeyedMd5(7, "isthmus-secreT"), hex(BIRD_MD5_RESPONSE)))
            .isEqualTo(RipError.DIGEST_MISMATCH);
    }

    @Test
    void rejectsAnAlteredMessage() {
        ByteBuffer altered = hex(BIRD_MD5_RESPONSE);
        altered.put(43, (byte) 2); // the metric, 1 -> 2
        assertThat(rejected(BIRD_MD5, altered)).isEqualTo(RipError.DIGEST_MISMATCH);
    }

    @Test
    void rejectsAKeyedMd5LayoutThatDoesNotDescribeTheMessage() {
        ByteBuffer wrongLength = hex(BIRD_MD5_RESPONSE);
        wrongLength.putShort(8, (short) 24);
        assertThat(rejected(BIRD_MD5, wrongLength)).isEqualTo(RipError.AUTHENTICATION_LAYOUT);
        ByteBuffer wrongDataLength = hex(BIRD_MD5_RESPONSE);
        wrongDataLength.put(11, (byte) 12);
        assertThat(rejected(BIRD_MD5, wrongDataLength)).isEqualTo(RipError.AUTHENTICATION_LAYOUT);
        ByteBuffer noTrailer = hex(BIRD_MD5_RESPONSE);
        noTrailer.putShort(46, (short) 2);
        assertThat(rejected(BIRD_MD5, noTrailer)).isEqualTo(RipError.AUTHENTICATION_LAYOUT);
    }

    @Test
    void acceptsTheRfc2082DataLengthOf16() {
        ByteBuffer rfc = new RipCodec(BIRD_MD5).encode(RipMessage.request(List.of()), 3);
        rfc.put(11, (byte) 16);
        ByteBuffer copy = ByteBuffer.allocate(rfc.remaining()).put(rfc.duplicate()).flip();
        // the data length is covered by the digest: re-sign as a peer writing 16 would
        assertThat(rejected(BIRD_MD5, copy)).isEqualTo(RipError.DIGEST_MISMATCH);
        java.security.MessageDigest md5 = md5();
        md5.update(copy.slice(0, 48));
        md5.update(BIRD_MD5.padded());
        copy.put(48, md5.digest());
        assertThat(new RipCodec(BIRD_MD5).decode(copy)).isInstanceOf(RipCodec.Accepted.class);
    }

    private static java.security.MessageDigest md5() {
        try {
            return java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** An unauthenticated response with one entry of 20 bytes given as hex. */
    private static RipError entryError(String entry) {
        RipMessage message = accepted(RipAuthentication.NONE, "0202 0000" + entry);
        assertThat(message.entries()).isEmpty();
        assertThat(message.skipped()).hasSize(1);
        return message.skipped().getFirst();
    }

    @Test
    void skipsAnEntryOfAnotherAddressFamily() {
        assertThat(entryError("0001 0000 0a140000 ffff0000 00000000 00000001")).isEqualTo(RipError.BAD_ADDRESS_FAMILY);
        assertThat(entryError("0000 0000 00000000 00000000 00000000 00000010")).isEqualTo(RipError.BAD_ADDRESS_FAMILY);
    }

    @Test
    void skipsAnEntryWithAMetricOutOf1To16() {
        assertThat(entryError("0002 0000 0a140000 ffff0000 00000000 00000000")).isEqualTo(RipError.BAD_METRIC);
        assertThat(entryError("0002 0000 0a140000 ffff0000 00000000 00000011")).isEqualTo(RipError.BAD_METRIC);
        assertThat(entryError("0002 0000 0a140000 ffff0000 00000000 ffffffff")).isEqualTo(RipError.BAD_METRIC);
    }

    @Test
    void skipsAnEntryWithANonContiguousMask() {
        assertThat(entryError("0002 0000 0a140000 ff00ff00 00000000 00000001")).isEqualTo(RipError.BAD_MASK);
    }

    @Test
    void skipsAnEntryWithHostBitsSet() {
        assertThat(entryError("0002 0000 0a140001 ffff0000 00000000 00000001")).isEqualTo(RipError.HOST_BITS_SET);
    }

    @Test
    void skipsAnEntryForAMulticastLoopbackOrNetworkZeroDestination() {
        assertThat(entryError("0002 0000 e0000000 f0000000 00000000 00000001")).isEqualTo(RipError.BAD_DESTINATION);
        assertThat(entryError("0002 0000 f0000000 f0000000 00000000 00000001")).isEqualTo(RipError.BAD_DESTINATION);
        assertThat(entryError("0002 0000 7f000000 ff000000 00000000 00000001")).isEqualTo(RipError.BAD_DESTINATION);
        assertThat(entryError("0002 0000 00010000 ffff0000 00000000 00000001")).isEqualTo(RipError.BAD_DESTINATION);
    }

    @Test
    void keepsTheGoodEntriesBesideABadOneAndAcceptsTheDefaultRoute() {
        RipMessage message = accepted(RipAuthentication.NONE, "0202 0000"
            + "0002 0000 0a140001 ffff0000 00000000 00000001"
            + "0002 0007 00000000 00000000 0a000007 00000003");
        assertThat(message.entries()).containsExactly(
            new RipEntry(7, Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Address.parse("10.0.0.7"), 3));
        assertThat(message.skipped()).containsExactly(RipError.HOST_BITS_SET);
    }

    @Test
    void refusesInvalidKeysAndEntries() {
        assertThatThrownBy(() -> new RipAuthentication.SimplePassword("")).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> new RipAuthentication.KeyedMd5(1, "seventeen-chars!!")).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> new RipAuthentication.KeyedMd5(256, "k")).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> new RipEntry(0, Ipv4Prefix.parse("10.0.0.0/8"), 0, 17)).isInstanceOf(
            IllegalArgumentException.class);
        assertThat(new RipAuthentication.KeyedMd5(1, "secret").toString()).doesNotContain("secret");
    }
}
