package io.isthmus.routing.bgp;

import static io.isthmus.routing.bgp.BgpVectors.bytes;
import static io.isthmus.routing.bgp.BgpVectors.message;
import static io.isthmus.routing.bgp.BgpVectors.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.bgp.BgpError.Outcome;
import io.isthmus.routing.bgp.PathAttributes.AsPathSegment;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpCodecTest {
    // Valid attributes for UPDATEs built in tests: ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 10.0.0.10.
    private static final String ORIGIN = "40010100";
    private static final String AS_PATH = "4002060201" + "0000fde9";
    private static final String NEXT_HOP = "400304" + "0a00000a";
    private static final String NLRI = "100a09";

    private static BgpDecoder.Decoded decoded(String hex, boolean fourOctetAs) {
        ByteBuffer in = bytes(hex);
        BgpDecoder.Result result = BgpDecoder.decode(in, fourOctetAs);
        assertThat(result).isInstanceOf(BgpDecoder.Decoded.class);
        assertThat(in.hasRemaining()).isFalse();
        return (BgpDecoder.Decoded) result;
    }

    private static BgpError failure(String hex) {
        BgpDecoder.Result result = BgpDecoder.decode(bytes(hex), true);
        assertThat(result).isInstanceOf(BgpDecoder.Failed.class);
        BgpError error = ((BgpDecoder.Failed) result).error();
        assertThat(error.outcome()).isEqualTo(Outcome.SESSION_RESET);
        return error;
    }

    private static List<BgpError> updateErrors(String attributes, String nlri) {
        return decoded(update("", attributes, nlri), true).updateErrors();
    }

    @Test
    void readsEveryFieldOfBirdsOpen() {
        BgpMessage.Open open = (BgpMessage.Open) decoded(BgpVectors.BIRD_OPEN, false).message();
        assertThat(open.version()).isEqualTo(4);
        assertThat(open.myAs()).isEqualTo(65001);
        assertThat(open.holdTime()).isEqualTo(6);
        assertThat(open.bgpIdentifier()).isEqualTo(Ipv4Address.parse("192.0.2.1"));
        assertThat(open.capabilities()).containsExactly(
            Capability.Multiprotocol.ipv4Unicast(),
            new Capability.RouteRefresh(),
            new Capability.GracefulRestart(0, 120, List.of(new Capability.GracefulRestart.Family(1, 1, 0))),
            new Capability.FourOctetAs(65001),
            new Capability.Unknown(70, OpaqueBytes.EMPTY),
            new Capability.Unknown(71, OpaqueBytes.EMPTY));
        assertThat(open.asNumber()).isEqualTo(65001);
        assertThat(open.supportsFourOctetAs()).isTrue();
        assertThat(open.supportsRouteRefresh()).isTrue();
        assertThat(open.gracefulRestart().restartTime()).isEqualTo(120);
    }

    @Test
    void readsFrrsOpenWithOneParameterPerCapability() {
        BgpMessage.Open open = (BgpMessage.Open) decoded(BgpVectors.FRR_OPEN, false).message();
        assertThat(open.myAs()).isEqualTo(65002);
        assertThat(open.bgpIdentifier()).isEqualTo(Ipv4Address.parse("192.0.2.3"));
        assertThat(open.capabilities()).hasSize(10);
        assertThat(open.capabilities()).contains(new Capability.FourOctetAs(65002),
            new Capability.Unknown(73, OpaqueBytes.ofHex("02743200")),
            new Capability.Unknown(69, OpaqueBytes.ofHex("00010101")));
        assertThat(open.gracefulRestart()).isEqualTo(new Capability.GracefulRestart(0xc, 120, List.of()));
    }

    @Test
    void readsEveryFieldOfBirdsAndFrrsUpdates() {
        BgpMessage.Update bird = (BgpMessage.Update) decoded(BgpVectors.BIRD_UPDATE, true).message();
        assertThat(bird.withdrawn()).isEmpty();
        assertThat(bird.nlri()).containsExactly(Ipv4Prefix.parse("10.9.0.0/16"));
        PathAttributes a = bird.attributes();
        assertThat(a.origin()).isZero();
        assertThat(a.asPath()).containsExactly(AsPathSegment.sequence(65001L));
        assertThat(a.hasNextHop()).isTrue();
        assertThat(a.nextHop()).isEqualTo(Ipv4Address.parse("127.0.0.2"));
        assertThat(a.med()).isEqualTo(7);
        assertThat(a.localPref()).isEqualTo(-1);
        assertThat(bird.isEndOfRib()).isFalse();

        BgpDecoder.Decoded frr = decoded(BgpVectors.FRR_UPDATE, true);
        assertThat(frr.updateErrors()).isEmpty();
        BgpMessage.Update update = (BgpMessage.Update) frr.message();
        assertThat(update.announced()).containsExactly(Ipv4Prefix.parse("10.20.0.0/16"));
        assertThat(update.attributes().asPath()).containsExactly(AsPathSegment.sequence(65002L));
        assertThat(update.attributes().nextHop()).isEqualTo(Ipv4Address.parse("10.255.0.3"));
        assertThat(update.attributes().med()).isZero();
    }

    @Test
    void recognisesEndOfRibInBothForms() {
        assertThat(((BgpMessage.Update) decoded(BgpVectors.END_OF_RIB, true).message()).isEndOfRib()).isTrue();
        // RFC 4724 section 2: for a family other than IPv4 unicast, an empty MP_UNREACH_NLRI; for IPv4 via MP too.
        BgpMessage.Update mp = (BgpMessage.Update) decoded(update("", "800f03" + "000101", ""), true).message();
        assertThat(mp.isEndOfRib()).isTrue();
        BgpMessage.Update ipv6 = (BgpMessage.Update) decoded(update("", "800f03" + "000201", ""), true).message();
        assertThat(ipv6.isEndOfRib()).isFalse();
        assertThat(BgpEncoder.encode(BgpMessage.Update.endOfRib(), true)).isEqualTo(bytes(BgpVectors.END_OF_RIB));
    }

    @Test
    void buildsEveryMessageAndReadsItBack() {
        PathAttributes all = new PathAttributes(2, List.of(AsPathSegment.sequence(65000L, 4_200_000_000L),
            new AsPathSegment(AsPathSegment.AS_SET, List.of(1L, 2L))), Ipv4Address.parse("10.0.0.1"), true, 99, 100,
            true, new PathAttributes.Aggregator(65000, Ipv4Address.parse("10.0.0.1")), OpaqueBytes.ofHex("fde80001"),
            new PathAttributes.MpReach(1, 1, OpaqueBytes.ofHex("0a000001"), List.of(Ipv4Prefix.parse("10.1.0.0/16")),
                OpaqueBytes.EMPTY),
            new PathAttributes.MpUnreach(1, 1, List.of(Ipv4Prefix.parse("10.2.0.0/24")), OpaqueBytes.EMPTY), null,
            List.of(new PathAttributes.RawAttribute(0xc0, 32, OpaqueBytes.ofHex("0000fde8000000010000002a"))));
        List<BgpMessage> messages = List.of(
            new BgpMessage.Open(4, 65000, 90, Ipv4Address.parse("10.0.0.1"), List.of(
                Capability.Multiprotocol.ipv4Unicast(), new Capability.RouteRefresh(), new Capability.FourOctetAs(65000),
                new Capability.GracefulRestart(8, 300, List.of(new Capability.GracefulRestart.Family(1, 1, 0x80))),
                new Capability.Unknown(70, OpaqueBytes.EMPTY))),
            new BgpMessage.Update(List.of(Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Prefix.parse("192.168.1.128/25")), all,
                List.of(Ipv4Prefix.parse("10.9.0.0/16"), Ipv4Prefix.parse("10.9.8.7/32"))),
            BgpMessage.Update.endOfRib(),
            new BgpMessage.Notification(BgpError.reset(6, 2, OpaqueBytes.ofHex("0462796521"))),
            new BgpMessage.Keepalive(),
            new BgpMessage.RouteRefresh(1, 1));
        for (BgpMessage message : messages) {
            assertThat(decoded(hex(BgpEncoder.encode(message, true)), true).message()).isEqualTo(message);
        }
    }

    @Test
    void aTwoOctetSessionCarriesLargeAsNumbersInAs4Path() {
        PathAttributes ours = PathAttributes.announcement(4_200_000_000L, Ipv4Address.parse("10.0.0.1"), 5);
        ByteBuffer encoded = BgpEncoder.encode(new BgpMessage.Update(List.of(), ours, List.of(
            Ipv4Prefix.parse("10.50.0.0/16"))), false);
        PathAttributes read = ((BgpMessage.Update) decoded(hex(encoded), false).message()).attributes();
        assertThat(read.asPath()).containsExactly(AsPathSegment.sequence((long) BgpMessage.AS_TRANS));
        assertThat(read.as4Path()).containsExactly(AsPathSegment.sequence(4_200_000_000L));
        assertThat(read.pathContains(4_200_000_000L)).isTrue();
        assertThat(read.med()).isEqualTo(5);
    }

    @Test
    void waitsForWholeMessagesAtEveryTruncation() {
        for (String vector : List.of(BgpVectors.BIRD_OPEN, BgpVectors.FRR_OPEN, BgpVectors.BIRD_UPDATE,
            BgpVectors.FRR_UPDATE, BgpVectors.END_OF_RIB, BgpVectors.KEEPALIVE)) {
            byte[] whole = HexFormat.of().parseHex(vector);
            for (int length = 0; length < whole.length; length++) {
                ByteBuffer partial = ByteBuffer.wrap(whole, 0, length);
                assertThat(BgpDecoder.decode(partial, true)).as("%d of %d", length, whole.length)
                    .isInstanceOf(BgpDecoder.NeedMore.class);
                assertThat(partial.position()).isZero();
            }
        }
    }

    @Test
    void decodesMessagesOneAfterAnotherFromAStream() {
        ByteBuffer stream = bytes(BgpVectors.BIRD_OPEN + BgpVectors.KEEPALIVE + BgpVectors.BIRD_UPDATE
            + BgpVectors.END_OF_RIB.substring(0, 30));
        assertThat(((BgpDecoder.Decoded) BgpDecoder.decode(stream, true)).message()).isInstanceOf(BgpMessage.Open.class);
        assertThat(((BgpDecoder.Decoded) BgpDecoder.decode(stream, true)).message())
            .isInstanceOf(BgpMessage.Keepalive.class);
        assertThat(((BgpDecoder.Decoded) BgpDecoder.decode(stream, true)).message())
            .isInstanceOf(BgpMessage.Update.class);
        int before = stream.position();
        assertThat(BgpDecoder.decode(stream, true)).isInstanceOf(BgpDecoder.NeedMore.class);
        assertThat(stream.position()).isEqualTo(before);
    }

    @Test
    void refusesAMarkerThatIsNotAllOnes() {
        assertThat(failure("fe" + BgpVectors.KEEPALIVE.substring(2)))
            .isEqualTo(BgpError.reset(1, BgpError.CONNECTION_NOT_SYNCHRONIZED));
    }

    @Test
    void refusesLengthsOutside19To4096WithoutWaitingForThem() {
        assertThat(failure(BgpVectors.MARKER + "0012" + "04"))
            .isEqualTo(BgpError.reset(1, BgpError.BAD_MESSAGE_LENGTH, OpaqueBytes.ofHex("0012")));
        assertThat(failure(BgpVectors.MARKER + "1001" + "02"))
            .isEqualTo(BgpError.reset(1, BgpError.BAD_MESSAGE_LENGTH, OpaqueBytes.ofHex("1001")));
    }

    @Test
    void refusesLengthsThatDoNotFitTheType() {
        assertThat(failure(message(4, "00")).subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
        assertThat(failure(message(1, "04fde9")).subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
        assertThat(failure(message(5, "0001000100")).subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
    }

    @Test
    void refusesUnknownMessageTypes() {
        assertThat(failure(message(7, ""))).isEqualTo(BgpError.reset(1, BgpError.BAD_MESSAGE_TYPE,
            OpaqueBytes.ofHex("07")));
    }

    @Test
    void refusesOpenVersionsOtherThan4() {
        assertThat(failure(message(1, "03fde90006c000020100"))).isEqualTo(BgpError.reset(2,
            BgpError.UNSUPPORTED_VERSION, OpaqueBytes.ofHex("0004")));
    }

    @Test
    void refusesHoldTimesOf1And2() {
        assertThat(failure(message(1, "04fde90002c000020100")).subcode()).isEqualTo(BgpError.UNACCEPTABLE_HOLD_TIME);
        assertThat(decoded(message(1, "04fde90000c000020100"), true).message()).isInstanceOf(BgpMessage.Open.class);
    }

    @Test
    void refusesAZeroBgpIdentifier() {
        assertThat(failure(message(1, "04fde900060000000000")).subcode()).isEqualTo(BgpError.BAD_BGP_IDENTIFIER);
    }

    @Test
    void refusesOptionalParametersOtherThanCapabilities() {
        assertThat(failure(message(1, "04fde90006c000020104" + "01020000")).subcode())
            .isEqualTo(BgpError.UNSUPPORTED_OPTIONAL_PARAMETER);
    }

    @Test
    void refusesCapabilitiesThatOverrunOrDoNotFitTheirCode() {
        assertThat(failure(message(1, "04fde90006c000020104" + "02024104")).code()).isEqualTo(2);
        assertThat(failure(message(1, "04fde90006c000020106" + "0204410200fd")).code()).isEqualTo(2);
        assertThat(failure(message(1, "04fde90006c000020105" + "02020100")).code()).isEqualTo(2);
    }

    @Test
    void resetsOnWithdrawnOrAttributeLengthsPastTheMessage() {
        assertThat(failure(MARKER_UPDATE("0009" + "00" + "0000"))).isEqualTo(
            BgpError.reset(3, BgpError.MALFORMED_ATTRIBUTE_LIST));
        assertThat(failure(MARKER_UPDATE("0000" + "0009" + "400101"))).isEqualTo(
            BgpError.reset(3, BgpError.MALFORMED_ATTRIBUTE_LIST));
    }

    private static String MARKER_UPDATE(String body) {
        return message(2, body);
    }

    @Test
    void resetsOnPrefixesLongerThan32BitsOrPastTheirField() {
        assertThat(failure(update("", ORIGIN + AS_PATH + NEXT_HOP, "210a000000ff"))).isEqualTo(
            BgpError.reset(3, BgpError.INVALID_NETWORK_FIELD));
        assertThat(failure(update("", ORIGIN + AS_PATH + NEXT_HOP, "180a00"))).isEqualTo(
            BgpError.reset(3, BgpError.INVALID_NETWORK_FIELD));
        assertThat(failure(update("180a", "", ""))).isEqualTo(BgpError.reset(3, BgpError.INVALID_NETWORK_FIELD));
    }

    @Test
    void treatsAnInvalidOriginAsWithdraw() {
        assertThat(updateErrors("40010103" + AS_PATH + NEXT_HOP, NLRI)).contains(
            BgpError.treatAsWithdraw(BgpError.INVALID_ORIGIN));
    }

    @Test
    void treatsAMalformedAsPathAsWithdraw() {
        BgpDecoder.Decoded decoded = decoded(update("", ORIGIN + "4002060203" + "0000fde9" + NEXT_HOP, NLRI), true);
        assertThat(decoded.treatAsWithdraw()).isTrue();
        assertThat(decoded.updateErrors()).contains(BgpError.treatAsWithdraw(BgpError.MALFORMED_AS_PATH));
    }

    @Test
    void treatsANextHopOfTheWrongLengthAsWithdraw() {
        assertThat(updateErrors(ORIGIN + AS_PATH + "4003030a0000", NLRI)).contains(
            BgpError.treatAsWithdraw(BgpError.ATTRIBUTE_LENGTH_ERROR));
    }

    @Test
    void treatsAMissingWellKnownAttributeAsWithdraw() {
        assertThat(updateErrors(ORIGIN + AS_PATH, NLRI)).containsExactly(new BgpError(3,
            BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, OpaqueBytes.ofHex("03"), Outcome.TREAT_AS_WITHDRAW));
        // Without prefixes to announce, nothing is mandatory.
        assertThat(updateErrors("", "")).isEmpty();
    }

    @Test
    void treatsWellKnownFlagsOnAnOptionalTypeAsAMalformation() {
        assertThat(updateErrors("c0010100" + AS_PATH + NEXT_HOP, NLRI)).contains(
            BgpError.treatAsWithdraw(BgpError.INVALID_ORIGIN));
    }

    @Test
    void treatsMalformedCommunitiesAsWithdraw() {
        assertThat(updateErrors(ORIGIN + AS_PATH + NEXT_HOP + "c00803fde800", NLRI)).contains(
            BgpError.treatAsWithdraw(BgpError.OPTIONAL_ATTRIBUTE_ERROR));
    }

    @Test
    void discardsAMalformedAtomicAggregateAggregatorOrLocalPref() {
        BgpDecoder.Decoded decoded = decoded(update("", ORIGIN + AS_PATH + NEXT_HOP + "40060100" + "c00705fde90a0000"
            + "40050200ff", NLRI), true);
        assertThat(decoded.treatAsWithdraw()).isFalse();
        assertThat(decoded.updateErrors()).hasSize(3)
            .allMatch(e -> e.outcome() == Outcome.ATTRIBUTE_DISCARD);
        PathAttributes attributes = ((BgpMessage.Update) decoded.message()).attributes();
        assertThat(attributes.atomicAggregate()).isFalse();
        assertThat(attributes.aggregator()).isNull();
        assertThat(attributes.localPref()).isEqualTo(-1);
    }

    @Test
    void resetsOnAnUnrecognisedWellKnownAttribute() {
        assertThat(failure(update("", ORIGIN + AS_PATH + NEXT_HOP + "401e0101", NLRI))).isEqualTo(
            BgpError.reset(3, BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, OpaqueBytes.ofHex("01")));
    }

    @Test
    void keepsUnknownOptionalAttributes() {
        BgpDecoder.Decoded decoded = decoded(update("", ORIGIN + AS_PATH + NEXT_HOP + "c0200c0000fde8000000010000002a",
            NLRI), true);
        assertThat(decoded.updateErrors()).isEmpty();
        assertThat(((BgpMessage.Update) decoded.message()).attributes().unknown()).containsExactly(
            new PathAttributes.RawAttribute(0xc0, 32, OpaqueBytes.ofHex("0000fde8000000010000002a")));
    }

    @Test
    void discardsRepeatedAttributesButResetsOnRepeatedMpAttributes() {
        BgpDecoder.Decoded decoded = decoded(update("", ORIGIN + "40010102" + AS_PATH + NEXT_HOP, NLRI), true);
        assertThat(decoded.updateErrors()).containsExactly(BgpError.attributeDiscard(BgpError.MALFORMED_ATTRIBUTE_LIST));
        assertThat(((BgpMessage.Update) decoded.message()).attributes().origin()).isZero();
        assertThat(failure(update("", "800f03000101" + "800f03000101", ""))).isEqualTo(
            BgpError.reset(3, BgpError.MALFORMED_ATTRIBUTE_LIST));
    }

    @Test
    void resetsOnAMalformedMpReachNlri() {
        assertThat(failure(update("", ORIGIN + AS_PATH + "800e08" + "000101" + "040a000001" + "00", ""))).isEqualTo(
            BgpError.reset(3, BgpError.OPTIONAL_ATTRIBUTE_ERROR));
    }

    @Test
    void readsIpv4UnicastFromMpReachAndMpUnreach() {
        BgpMessage.Update update = (BgpMessage.Update) decoded(update("", ORIGIN + AS_PATH
            + "800e0c" + "000101" + "04" + "0a000001" + "00" + "100a01"
            + "800f06" + "000101" + "100a02", ""), true).message();
        assertThat(update.announced()).containsExactly(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThat(update.withdrawnAll()).containsExactly(Ipv4Prefix.parse("10.2.0.0/16"));
    }

    @Test
    void treatsAnAttributeOverrunningTheListAsWithdraw() {
        assertThat(updateErrors(ORIGIN + AS_PATH + NEXT_HOP + "800404", NLRI)).contains(
            BgpError.treatAsWithdraw(BgpError.ATTRIBUTE_LENGTH_ERROR));
    }

    @Test
    void namesErrorsAsBirdAndFrrDo() {
        assertThat(BgpError.reset(6, 2).describe()).isEqualTo("Cease/Administrative Shutdown");
        assertThat(BgpError.reset(6, 1).describe()).isEqualTo("Cease/Maximum Number of Prefixes Reached");
        assertThat(BgpError.reset(4, 0).describe()).isEqualTo("Hold Timer Expired");
        assertThat(BgpError.reset(9, 9).describe()).isEqualTo("code 9/subcode 9");
    }

    static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
