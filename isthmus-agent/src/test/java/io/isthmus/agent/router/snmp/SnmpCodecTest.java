package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.wire.Hex;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STYLE.md point 10 for {@link SnmpCodec}: annotated vectors, both directions, truncation, one test per rule. */
class SnmpCodecTest {
    /** {@code snmpget -v2c -c public 127.0.0.1 1.3.6.1.2.1.1.5.0}, as net-snmp 5.9 sent it. */
    static final String GET_SYS_NAME = """
        30 29                          # message: SEQUENCE of 41
        02 01 01                       #   version: INTEGER 1 (SNMPv2c)
        04 06 70 75 62 6c 69 63        #   community: OCTET STRING "public"
        a0 1c                          #   GetRequest-PDU of 28
        02 04 40 8c 5b 6c              #     request-id 1082940268
        02 01 00                       #     error-status 0
        02 01 00                       #     error-index 0
        30 0e                          #     variable-bindings: SEQUENCE of 14
        30 0c                          #       VarBind: SEQUENCE of 12
        06 08 2b 06 01 02 01 01 05 00  #         name 1.3.6.1.2.1.1.5.0 (sysName.0; 2b = 40 * 1 + 3)
        05 00                          #         value NULL
        """;

    /** {@code snmpbulkget -v2c -c public -Cn1 -Cr5 127.0.0.1 sysUpTime ifDescr}, as net-snmp sent it. */
    static final String BULK = """
        30 37                          # message: SEQUENCE of 55
        02 01 01                       #   version 1
        04 06 70 75 62 6c 69 63        #   community "public"
        a5 2a                          #   GetBulkRequest-PDU of 42
        02 04 5c 1d 07 ee              #     request-id 1545406446
        02 01 01                       #     non-repeaters 1
        02 01 05                       #     max-repetitions 5
        30 1c                          #     variable-bindings of 28
        30 0b 06 07 2b 06 01 02 01 01 03 05 00        # 1.3.6.1.2.1.1.3 (sysUpTime) NULL
        30 0d 06 09 2b 06 01 02 01 02 02 01 02 05 00  # 1.3.6.1.2.1.2.2.1.2 (ifDescr) NULL
        """;

    /** A response with one binding of every value type, written by hand after RFC 3416 and X.690. */
    static final String RESPONSE = """
        30 81 c5                       # message: SEQUENCE of 197 (long form, one length octet)
        02 01 01                       #   version 1
        04 06 73 33 63 72 65 74        #   community "s3cret"
        a2 81 b7                       #   Response-PDU of 183
        02 02 ff 7f                    #     request-id -129 (two octets: ff 7f, since 7f alone is +127)
        02 01 02                       #     error-status 2 (noSuchName)
        02 01 03                       #     error-index 3
        30 81 aa                       #     variable-bindings of 170
        30 0d 06 08 2b 06 01 02 01 01 07 00 02 01 04  # sysServices.0 = INTEGER 4
        30 11 06 08 2b 06 01 02 01 01 01 00           # sysDescr.0 =
              04 05 68 65 6c 6c 6f                    #   OCTET STRING "hello"
        30 14 06 08 2b 06 01 02 01 01 02 00           # sysObjectID.0 =
              06 08 2b 06 01 04 01 81 fd 59           #   OID 1.3.6.1.4.1.32473 (32473 = 0x81 0xfd 0x59, base 128)
        30 0c 06 04 2b 06 01 02 40 04 0a 00 00 01     # 1.3.6.1.2 = IpAddress 10.0.0.1
        30 0d 06 04 2b 06 01 03 41 05 00 ff ff ff ff  # 1.3.6.1.3 = Counter32 4294967295 (leading zero octet)
        30 09 06 04 2b 06 01 04 42 01 00              # 1.3.6.1.4 = Gauge32 0
        30 0b 06 04 2b 06 01 05 43 03 01 00 00        # 1.3.6.1.5 = TimeTicks 65536
        30 11 06 04 2b 06 01 06 46 09 00 ff ff ff ff ff ff ff ff  # 1.3.6.1.6 = Counter64 2^64-1 (nine octets)
        30 0a 06 04 2b 06 01 07 44 02 05 00           # 1.3.6.1.7 = Opaque (05 00: a wrapped NULL)
        30 08 06 04 2b 06 01 08 80 00                 # 1.3.6.1.8 = noSuchObject
        30 08 06 04 2b 06 01 09 81 00                 # 1.3.6.1.9 = noSuchInstance
        30 08 06 04 2b 06 01 0a 82 00                 # 1.3.6.1.10 = endOfMibView
        """;

    static final Oid SYS_NAME_0 = Oid.parse("1.3.6.1.2.1.1.5.0");

    static Pdu.Response responsePdu() {
        return new Pdu.Response(-129, ErrorStatus.NO_SUCH_NAME, 3, List.of(
            new VarBind(Oid.parse("1.3.6.1.2.1.1.7.0"), new SnmpValue.Integer32(4)),
            new VarBind(Oid.parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString.of("hello")),
            new VarBind(Oid.parse("1.3.6.1.2.1.1.2.0"), new SnmpValue.ObjectId(Oid.parse("1.3.6.1.4.1.32473"))),
            new VarBind(Oid.parse("1.3.6.1.2"), new SnmpValue.IpAddress(0x0a000001)),
            new VarBind(Oid.parse("1.3.6.1.3"), new SnmpValue.Counter32(0xffff_ffffL)),
            new VarBind(Oid.parse("1.3.6.1.4"), new SnmpValue.Gauge32(0)),
            new VarBind(Oid.parse("1.3.6.1.5"), new SnmpValue.TimeTicks(65536)),
            new VarBind(Oid.parse("1.3.6.1.6"), new SnmpValue.Counter64(-1L)),
            new VarBind(Oid.parse("1.3.6.1.7"), new SnmpValue.Opaque(new byte[] {5, 0})),
            new VarBind(Oid.parse("1.3.6.1.8"), SnmpValue.NO_SUCH_OBJECT),
            new VarBind(Oid.parse("1.3.6.1.9"), SnmpValue.NO_SUCH_INSTANCE),
            new VarBind(Oid.parse("1.3.6.1.10"), SnmpValue.END_OF_MIB_VIEW)));
    }

    private static SnmpMessage decode(byte[] bytes) throws SnmpDecodeException {
        return SnmpCodec.decode(bytes);
    }

    private static void assertRejected(byte[] bytes, BerError error) {
        assertThatThrownBy(() -> decode(bytes)).isInstanceOfSatisfying(SnmpDecodeException.class,
            e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
    }

    private static void assertRejected(String annotated, BerError error) {
        assertRejected(Hex.bytes(annotated), error);
    }

    @Test
    void readsEveryFieldOfAGetRequest() throws Exception {
        SnmpMessage message = decode(Hex.bytes(GET_SYS_NAME));
        assertThat(message.version()).isEqualTo(SnmpMessage.VERSION_2C);
        assertThat(new String(message.community(), StandardCharsets.US_ASCII)).isEqualTo("public");
        assertThat(message.pdu()).isEqualTo(new Pdu.GetRequest(1082940268, List.of(VarBind.request(SYS_NAME_0))));
    }

    @Test
    void readsEveryFieldOfAGetBulkRequest() throws Exception {
        SnmpMessage message = decode(Hex.bytes(BULK));
        assertThat(message.pdu()).isEqualTo(new Pdu.GetBulkRequest(1545406446, 1, 5, List.of(
            VarBind.request(Oid.parse("1.3.6.1.2.1.1.3")), VarBind.request(Oid.parse("1.3.6.1.2.1.2.2.1.2")))));
    }

    @Test
    void readsEveryValueType() throws Exception {
        SnmpMessage message = decode(Hex.bytes(RESPONSE));
        assertThat(message.community()).isEqualTo("s3cret".getBytes(StandardCharsets.US_ASCII));
        assertThat(message.pdu()).isEqualTo(responsePdu());
    }

    @Test
    void buildsEveryField() {
        assertThat(Hex.of(SnmpCodec.encode(SnmpMessage.v2c("public".getBytes(StandardCharsets.US_ASCII),
            new Pdu.GetRequest(1082940268, List.of(VarBind.request(SYS_NAME_0)))))))
            .isEqualTo(Hex.of(Hex.bytes(GET_SYS_NAME)));
        assertThat(Hex.of(SnmpCodec.encode(SnmpMessage.v2c("s3cret".getBytes(StandardCharsets.US_ASCII),
            responsePdu())))).isEqualTo(Hex.of(Hex.bytes(RESPONSE)));
    }

    @Test
    void roundTripsTheVectorsAndKnowsTheirLength() throws Exception {
        for (String vector : List.of(GET_SYS_NAME, BULK, RESPONSE)) {
            byte[] bytes = Hex.bytes(vector);
            SnmpMessage message = decode(bytes);
            assertThat(SnmpCodec.encodedLength(message)).isEqualTo(bytes.length);
            assertThat(SnmpCodec.encode(message)).isEqualTo(bytes);
        }
    }

    @Test
    void encodesAtAnOffsetAndDecodesFromOne() throws Exception {
        byte[] vector = Hex.bytes(GET_SYS_NAME);
        MemorySegment buffer = MemorySegment.ofArray(new byte[vector.length + 20]);
        SnmpMessage message = decode(vector);
        assertThat(SnmpCodec.encode(message, buffer, 7)).isEqualTo(vector.length);
        assertThat(Hex.of(buffer, 7, vector.length)).isEqualTo(Hex.of(vector));
        assertThat(SnmpCodec.decode(buffer, 7, vector.length)).isEqualTo(message);
    }

    @Test
    void measuresABindingAndAMessageWithOtherBindings() throws Exception {
        SnmpMessage response = decode(Hex.bytes(RESPONSE));
        int bindings = 0;
        for (VarBind varBind : response.pdu().varBinds()) {
            bindings += SnmpCodec.varBindLength(varBind);
        }
        assertThat(bindings).isEqualTo(170);
        assertThat(SnmpCodec.encodedLength(response, bindings)).isEqualTo(Hex.bytes(RESPONSE).length);
        assertThat(SnmpCodec.encodedLength(response, 0)).isEqualTo(2 + 3 + 8 + 2 + 4 + 3 + 3 + 2);
    }

    @Test
    void everyPrefixIsTruncated() {
        for (String vector : List.of(GET_SYS_NAME, BULK, RESPONSE)) {
            byte[] bytes = Hex.bytes(vector);
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> decode(prefix)).as("prefix %d", length)
                    .isInstanceOfSatisfying(SnmpDecodeException.class,
                        e -> assertThat(e.error()).isEqualTo(BerError.TRUNCATED));
            }
        }
    }

    @Test
    void rejectsTrailingOctetsAfterTheMessage() {
        assertRejected(GET_SYS_NAME + "00", BerError.TRAILING_BYTES);
    }

    @Test
    void rejectsAnExtraFieldInAVarBind() {
        // A third element, 05 00, in the VarBind.
        assertRejected(binding("06 08 2b 06 01 02 01 01 05 00 05 00 05 00"), BerError.TRAILING_BYTES);
    }

    @Test
    void rejectsAnInnerLengthThatOverrunsItsSequence() {
        assertRejected("""
            30 29 02 01 01 04 06 70 75 62 6c 69 63
            a0 1c 02 04 40 8c 5b 6c 02 01 00 02 01 00
            30 0e 30 0c 06 0b              # name of 11 octets: the VarBind holds 12, 2 + 11 do not fit
                  2b 06 01 02 01 01 05 00 05 00
            """, BerError.OVERRUNS_ENCLOSING);
    }

    @Test
    void rejectsTheHighTagNumberForm() {
        assertRejected("3f 81 00 00", BerError.HIGH_TAG_NUMBER);
        assertRejected("""
            30 10 02 01 01 04 00 a0 09 02 01 00 02 01 00
            1f 81 00                       # an over-long tag where error-index goes
            """, BerError.HIGH_TAG_NUMBER);
    }

    @Test
    void rejectsAnUnexpectedOuterTag() {
        assertRejected("31 03 02 01 01", BerError.UNEXPECTED_TAG);
    }

    @Test
    void rejectsAnUnknownPduTag() {
        assertRejected("30 0b 02 01 01 04 00 a9 04 02 02 00 00", BerError.UNEXPECTED_TAG);
    }

    @Test
    void rejectsAConstructedOctetString() {
        // RFC 3417 section 8: strings are primitive in SNMP, though BER allows the constructed form.
        assertRejected("30 0b 02 01 01 24 04 04 02 70 75 a0 00", BerError.UNEXPECTED_TAG);
    }

    @Test
    void rejectsTheIndefiniteLength() {
        assertRejected("30 80 02 01 01 00 00", BerError.INDEFINITE_LENGTH);
    }

    @Test
    void rejectsTheReservedLength() {
        assertRejected("30 ff 02 01 01", BerError.RESERVED_LENGTH);
    }

    @Test
    void rejectsMoreThanFourLengthOctets() {
        assertRejected("30 85 00 00 00 00 05 02 01 01 04 00", BerError.LENGTH_TOO_LONG);
    }

    @Test
    void rejectsALengthAbove2To31() {
        assertRejected("30 84 80 00 00 00 02 01 01", BerError.LENGTH_TOO_LONG);
    }

    @Test
    void acceptsANonMinimalLongFormLength() throws Exception {
        // BER (unlike DER) allows lengths in more octets than needed (X.690 section 8.1.3.5, note 2).
        byte[] bytes = Hex.bytes(GET_SYS_NAME.replaceFirst("30 29", "30 82 00 29"));
        assertThat(decode(bytes)).isEqualTo(decode(Hex.bytes(GET_SYS_NAME)));
    }

    @Test
    void rejectsAnEmptyInteger() {
        assertRejected("30 02 02 00", BerError.EMPTY_INTEGER);
    }

    @Test
    void rejectsANonMinimalInteger() {
        assertRejected("30 04 02 02 00 01", BerError.NON_MINIMAL_INTEGER);
        assertRejected("30 04 02 02 ff 80", BerError.NON_MINIMAL_INTEGER);
    }

    @Test
    void rejectsAnIntegerBeyond32Bits() {
        assertRejected("30 07 02 05 01 00 00 00 00", BerError.INTEGER_OUT_OF_RANGE);
    }

    @Test
    void rejectsACounterBeyondItsRange() {
        assertRejected(withValue("41 05 01 00 00 00 00"), BerError.INTEGER_OUT_OF_RANGE);
        assertRejected(withValue("42 01 ff"), BerError.INTEGER_OUT_OF_RANGE);
        assertRejected(withValue("46 09 01 ff ff ff ff ff ff ff ff"), BerError.INTEGER_OUT_OF_RANGE);
        assertRejected(withValue("46 0a 00 ff ff ff ff ff ff ff ff ff"), BerError.INTEGER_OUT_OF_RANGE);
        assertRejected(withValue("46 09 00 7f ff ff ff ff ff ff ff"), BerError.NON_MINIMAL_INTEGER);
    }

    @Test
    void rejectsANullWithContents() {
        assertRejected(withValue("05 01 00"), BerError.NULL_WITH_CONTENTS);
        assertRejected(withValue("82 01 00"), BerError.NULL_WITH_CONTENTS);
    }

    @Test
    void rejectsAnIpAddressOfOtherThanFourOctets() {
        assertRejected(withValue("40 05 0a 00 00 01 00"), BerError.BAD_IP_ADDRESS_LENGTH);
    }

    @Test
    void rejectsAnOctetStringAbove65535Octets() {
        byte[] value = element(BerTag.OCTET_STRING, new byte[65536]);
        assertRejected(getRequest(value), BerError.OCTET_STRING_TOO_LONG);
    }

    @Test
    void rejectsAnEmptyOid() {
        assertRejected(withName("06 00"), BerError.EMPTY_OID);
    }

    @Test
    void rejectsANonMinimalOidArc() {
        assertRejected(withName("06 03 2b 80 01"), BerError.NON_MINIMAL_OID_ARC);
    }

    @Test
    void rejectsAnUnterminatedOidArc() {
        assertRejected(withName("06 02 2b 86"), BerError.UNTERMINATED_OID_ARC);
    }

    @Test
    void rejectsAnOidArcAbove2To32() {
        // 0x90 0x80 0x80 0x80 0x00 = 2^32: one more than the largest arc.
        assertRejected(withName("06 06 2b 90 80 80 80 00"), BerError.OID_ARC_TOO_LARGE);
        // A run of continuation octets is stopped as soon as the value passes the bound, long before its end.
        assertRejected(withName("06 20 2b" + " ff".repeat(30) + " 7f"), BerError.OID_ARC_TOO_LARGE);
    }

    @Test
    void acceptsTheLargestOidArcs() throws Exception {
        // 2^32-1 = 0x8f 0xff 0xff 0xff 0x7f; under arc 2, the first sub-identifier may be 80 + 2^32 - 1.
        SnmpMessage message = decode(Hex.bytes(withName("06 06 2b 8f ff ff ff 7f")));
        assertThat(message.pdu().varBinds().getFirst().name()).isEqualTo(Oid.parse("1.3.4294967295"));
        message = decode(Hex.bytes(withName("06 05 90 80 80 80 4f")));
        assertThat(message.pdu().varBinds().getFirst().name()).isEqualTo(Oid.parse("2.4294967295"));
        assertRejected(withName("06 05 90 80 80 80 50"), BerError.OID_ARC_TOO_LARGE);
    }

    @Test
    void rejectsAnOidOfMoreThan128Arcs() throws Exception {
        assertThat(decode(Hex.bytes(withName("06 7f 2b" + " 01".repeat(126)))).pdu().varBinds().getFirst()
            .name().size()).isEqualTo(128);
        assertRejected(withName("06 81 80 2b" + " 01".repeat(127)), BerError.OID_TOO_LONG);
    }

    @Test
    void rejectsAnotherVersion() {
        assertRejected("30 0c 02 01 00 04 00 a0 05 02 01 00 30 00", BerError.UNSUPPORTED_VERSION);
        assertRejected("30 0c 02 01 03 04 00 a0 05 02 01 00 30 00", BerError.UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsPdusAnAgentDoesNotReceive() {
        for (String tag : List.of("a4", "a6", "a7", "a8")) {
            assertRejected("30 0d 02 01 01 04 00 " + tag + " 06 02 01 00 02 01 00", BerError.UNSUPPORTED_PDU);
        }
    }

    @Test
    void rejectsAResponseWithAnUnknownErrorStatus() {
        assertRejected("30 12 02 01 01 04 00 a2 0b 02 01 00 02 01 13 02 01 00 30 00",
            BerError.BAD_ERROR_STATUS);
        assertRejected("30 12 02 01 01 04 00 a2 0b 02 01 00 02 01 00 02 01 ff 30 00",
            BerError.BAD_ERROR_STATUS);
    }

    @Test
    void rejectsANestingBombAtItsFirstLevel() {
        // 10,000 nested indefinite-length SEQUENCEs inside a SEQUENCE given as a value: the decoder expects a
        // simple type there and reads no further.
        byte[] bomb = new byte[20_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x30;
            bomb[i + 1] = (byte) 0x80;
        }
        byte[] message = getRequest(element(BerTag.SEQUENCE, bomb));
        assertThatThrownBy(() -> decode(message)).isInstanceOfSatisfying(SnmpDecodeException.class, e -> {
            assertThat(e.error()).isEqualTo(BerError.UNEXPECTED_TAG);
            assertThat(message[e.offset()]).isEqualTo((byte) 0x30);
            assertThat(e.offset()).isEqualTo(message.length - bomb.length - 6);
        });
    }

    @Test
    void reportsTheOffsetOfTheFault() {
        assertThatThrownBy(() -> decode(Hex.bytes(withName("06 02 2b 86"))))
            // 30 L, version (3), community (2), a0 L, three INTEGERs (9), 30 L, 30 L, 06 02 2b: the arc at 25.
            .isInstanceOfSatisfying(SnmpDecodeException.class, e -> assertThat(e.offset()).isEqualTo(25));
    }

    /** A BER element with a four-octet long-form length. */
    private static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[6 + length];
        out[0] = (byte) tag;
        out[1] = (byte) 0x84;
        for (int i = 0; i < 4; i++) {
            out[2 + i] = (byte) (length >>> (24 - 8 * i));
        }
        int at = 6;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** A GetRequest with the one binding {@code 1.3.6 = value}, {@code value} an encoded element. */
    private static byte[] getRequest(byte[] value) {
        byte[] varBind = element(BerTag.SEQUENCE, Hex.bytes("06 02 2b 06"), value);
        byte[] pdu = element(BerTag.GET_REQUEST, Hex.bytes("02 01 00 02 01 00 02 01 00"),
            element(BerTag.SEQUENCE, varBind));
        return element(BerTag.SEQUENCE, Hex.bytes("02 01 01 04 00"), pdu);
    }

    /** A GetRequest with the one binding {@code 1.3.6 = value}, {@code value} given as hex. */
    private static String withValue(String value) {
        return binding("06 02 2b 06 " + value);
    }

    /** A GetRequest with the one binding {@code name = NULL}, {@code name} given as hex. */
    private static String withName(String name) {
        return binding(name + " 05 00");
    }

    private static String binding(String contents) {
        int varBind = Hex.bytes(contents).length;
        int list = 1 + lengthOctets(varBind) + varBind;
        int pdu = 9 + 1 + lengthOctets(list) + list;
        int message = 3 + 2 + 1 + lengthOctets(pdu) + pdu;
        return "30 " + length(message) + " 02 01 01 04 00 a0 " + length(pdu) + " 02 01 00 02 01 00 02 01 00 30 "
            + length(list) + " 30 " + length(varBind) + " " + contents;
    }

    private static int lengthOctets(int length) {
        return length < 0x80 ? 1 : length < 0x100 ? 2 : 3;
    }

    private static String length(int length) {
        return length < 0x80 ? String.format("%02x", length)
            : length < 0x100 ? String.format("81 %02x", length) : String.format("82 %04x", length);
    }
}
