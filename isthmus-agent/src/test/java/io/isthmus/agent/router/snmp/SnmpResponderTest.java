package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Hex;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3416 section 4.2's rules, applied by {@link SnmpResponder} to a router's MIB. */
class SnmpResponderTest {
    static final byte[] COMMUNITY = "public".getBytes(StandardCharsets.US_ASCII);
    static final Oid SYS_UP_TIME = SystemMib.SYS_UP_TIME;
    static final Oid IF_DESCR = SystemMib.IF_ENTRY.append(2);
    static final Oid IF_TYPE = SystemMib.IF_ENTRY.append(3);

    final SnmpStatistics statistics = new SnmpStatistics();
    final SnmpResponder responder = new SnmpResponder(statistics);
    final MibTree mib = SystemMib.build(SystemMibTest.SYSTEM, () -> 42, List.of(
        new SystemMib.Interface(1, "subnet web", "web", SystemMib.IF_TYPE_ETHERNET, 1480, 10_000_000_000L,
            0x020000000001L, true, 0, InterfaceCounter.Source.ZERO),
        new SystemMib.Interface(2, "subnet db", "db", SystemMib.IF_TYPE_ETHERNET, 1480, 10_000_000_000L,
            0x020000000002L, true, 0, InterfaceCounter.Source.ZERO)), statistics);

    private SnmpResponder.Result answer(byte[] community, Pdu pdu, int limit) {
        return answer(SnmpCodec.encode(SnmpMessage.v2c(community, pdu)), limit);
    }

    private SnmpResponder.Result answer(byte[] message, int limit) {
        return responder.answer(MemorySegment.ofArray(message), 0, message.length, COMMUNITY, mib, limit);
    }

    private Pdu.Response respond(Pdu pdu) {
        return respond(pdu, 1472);
    }

    private Pdu.Response respond(Pdu pdu, int limit) {
        SnmpResponder.Result result = answer(COMMUNITY, pdu, limit);
        assertThat(result.outcome()).isEqualTo(SnmpResponder.Outcome.RESPONDED);
        assertThat(result.response().community()).isEqualTo(COMMUNITY);
        assertThat(SnmpCodec.encodedLength(result.response())).isLessThanOrEqualTo(limit);
        assertThat(result.response().pdu().requestId()).isEqualTo(pdu.requestId());
        return (Pdu.Response) result.response().pdu();
    }

    private static List<VarBind> names(Oid... names) {
        return java.util.Arrays.stream(names).map(VarBind::request).toList();
    }

    @Test
    void answersNetSnmpsGetRequest() {
        SnmpResponder.Result result = answer(Hex.bytes(SnmpCodecTest.GET_SYS_NAME), 1472);
        assertThat(result.response().pdu()).isEqualTo(new Pdu.Response(1082940268, ErrorStatus.NO_ERROR, 0,
            List.of(new VarBind(SnmpCodecTest.SYS_NAME_0, SnmpValue.OctetString.of("gw-10-0-0-1")))));
        assertThat(statistics.inPackets()).isEqualTo(1);
        assertThat(statistics.responses()).isEqualTo(1);
    }

    @Test
    void getAnswersEachNameOrItsException() {
        Pdu.Response response = respond(new Pdu.GetRequest(7, names(SYS_UP_TIME.append(0), SYS_UP_TIME,
            SYS_UP_TIME.append(1), IF_DESCR.append(2), IF_DESCR.append(3))));
        assertThat(response.errorStatus()).isEqualTo(ErrorStatus.NO_ERROR);
        assertThat(response.varBinds()).extracting(VarBind::value).containsExactly(new SnmpValue.TimeTicks(42),
            SnmpValue.NO_SUCH_OBJECT, SnmpValue.NO_SUCH_INSTANCE, SnmpValue.OctetString.of("subnet db"),
            SnmpValue.NO_SUCH_INSTANCE);
        assertThat(response.varBinds()).extracting(VarBind::name).containsExactly(SYS_UP_TIME.append(0),
            SYS_UP_TIME, SYS_UP_TIME.append(1), IF_DESCR.append(2), IF_DESCR.append(3));
    }

    @Test
    void getNextAnswersEachSuccessorOrTheEndOfTheView() {
        Pdu.Response response = respond(new Pdu.GetNextRequest(8, names(SystemMib.SYSTEM, IF_DESCR.append(2),
            Oid.parse("1.3.6.1.2.1.11.32.0"), SystemMib.IF_X_ENTRY.append(19, 2))));
        // ifXTable (mib-2.31) is the last part of the view, after snmp (mib-2.11).
        assertThat(response.varBinds()).containsExactly(
            new VarBind(SystemMib.SYS_DESCR.append(0), SnmpValue.OctetString.of("Isthmus virtual router")),
            new VarBind(IF_TYPE.append(1), new SnmpValue.Integer32(6)),
            new VarBind(SystemMib.IF_X_ENTRY.append(1, 1), SnmpValue.OctetString.of("web")),
            new VarBind(SystemMib.IF_X_ENTRY.append(19, 2), SnmpValue.END_OF_MIB_VIEW));
    }

    @Test
    void getBulkAnswersNonRepeatersOnceThenRepeatersRoundByRound() {
        Pdu.Response response = respond(new Pdu.GetBulkRequest(9, 1, 3, names(SYS_UP_TIME, IF_DESCR,
            SystemMib.IF_X_ENTRY.append(1))));
        assertThat(response.varBinds()).extracting(VarBind::name).containsExactly(SYS_UP_TIME.append(0),
            IF_DESCR.append(1), SystemMib.IF_X_ENTRY.append(1, 1),
            IF_DESCR.append(2), SystemMib.IF_X_ENTRY.append(1, 2),
            IF_TYPE.append(1), SystemMib.IF_X_ENTRY.append(6, 1));
    }

    @Test
    void getBulkTreatsNegativeFieldsAsZeroAndClampsNonRepeaters() {
        assertThat(respond(new Pdu.GetBulkRequest(1, -5, 2, names(SYS_UP_TIME))).varBinds()).hasSize(2);
        assertThat(respond(new Pdu.GetBulkRequest(1, 0, -1, names(SYS_UP_TIME))).varBinds()).isEmpty();
        assertThat(respond(new Pdu.GetBulkRequest(1, 9, 100, names(SYS_UP_TIME, IF_DESCR))).varBinds())
            .extracting(VarBind::name).containsExactly(SYS_UP_TIME.append(0), IF_DESCR.append(1));
    }

    @Test
    void getBulkStopsWhenEveryRepeaterIsAtTheEnd() {
        Oid last = SystemMib.IF_X_ENTRY.append(19, 2);
        Pdu.Response response = respond(new Pdu.GetBulkRequest(1, 0, Integer.MAX_VALUE,
            names(SystemMib.IF_X_ENTRY.append(19, 1))));
        assertThat(response.varBinds()).containsExactly(new VarBind(last, new SnmpValue.TimeTicks(0)),
            new VarBind(last, SnmpValue.END_OF_MIB_VIEW));
    }

    @Test
    void getBulkDropsTheBindingsThatDoNotFit() {
        Pdu bulk = new Pdu.GetBulkRequest(1, 0, 10_000, names(Oid.parse("0.0")));
        List<VarBind> whole = respond(bulk, 65_000).varBinds();
        assertThat(whole.getLast().value()).isEqualTo(SnmpValue.END_OF_MIB_VIEW);
        assertThat(whole.size()).isEqualTo(mib.size() + 1);
        for (int limit : List.of(484, 700, 1000)) {
            List<VarBind> cut = respond(bulk, limit).varBinds();
            assertThat(cut.size()).isLessThan(whole.size());
            // Names only: snmpInPkts, in the walk, grows with each request.
            assertThat(cut).isNotEmpty().extracting(VarBind::name)
                .isEqualTo(whole.subList(0, cut.size()).stream().map(VarBind::name).toList());
            // The next binding would not have fitted.
            SnmpMessage bigger = SnmpMessage.v2c(COMMUNITY, new Pdu.Response(1, ErrorStatus.NO_ERROR, 0,
                whole.subList(0, cut.size() + 1)));
            assertThat(SnmpCodec.encodedLength(bigger)).isGreaterThan(limit);
        }
    }

    @Test
    void aGetResponseThatDoesNotFitBecomesTooBig() {
        Oid[] many = new Oid[60];
        java.util.Arrays.fill(many, SystemMib.SYS_DESCR.append(0));
        Pdu.Response response = respond(new Pdu.GetRequest(3, names(many)), 484);
        assertThat(response).isEqualTo(new Pdu.Response(3, ErrorStatus.TOO_BIG, 0, List.of()));
        assertThat(statistics.silentDrops()).isZero();
    }

    @Test
    void aTooBigThatDoesNotFitEitherIsDroppedAndCounted() {
        SnmpResponder.Result result = answer(COMMUNITY, new Pdu.GetRequest(3, names(SYS_UP_TIME.append(0))), 20);
        assertThat(result.outcome()).isEqualTo(SnmpResponder.Outcome.TOO_BIG);
        assertThat(result.response()).isNull();
        assertThat(statistics.silentDrops()).isEqualTo(1);
    }

    @Test
    void anotherCommunityGetsNoAnswerAndIsCounted() {
        SnmpResponder.Result result = answer("Public".getBytes(StandardCharsets.US_ASCII),
            new Pdu.GetRequest(1, names(SYS_UP_TIME.append(0))), 1472);
        assertThat(result.outcome()).isEqualTo(SnmpResponder.Outcome.BAD_COMMUNITY);
        assertThat(result.response()).isNull();
        assertThat(statistics.inBadCommunityNames()).isEqualTo(1);
        assertThat(answer(new byte[0], new Pdu.GetRequest(1, List.of()), 1472).outcome())
            .isEqualTo(SnmpResponder.Outcome.BAD_COMMUNITY);
        assertThat(statistics.inBadCommunityNames()).isEqualTo(2);
        assertThat(statistics.inPackets()).isEqualTo(2);
        assertThat(statistics.responses()).isZero();
    }

    @Test
    void anotherVersionIsCounted() {
        byte[] v1 = Hex.bytes(SnmpCodecTest.GET_SYS_NAME);
        v1[4] = 0;
        SnmpResponder.Result result = answer(v1, 1472);
        assertThat(result.outcome()).isEqualTo(SnmpResponder.Outcome.BAD_VERSION);
        assertThat(statistics.inBadVersions()).isEqualTo(1);
        assertThat(statistics.inAsnParseErrors()).isZero();
    }

    @Test
    void badBerIsCountedWithItsReason() {
        SnmpResponder.Result result = answer(Hex.bytes("30 80 00 00"), 1472);
        assertThat(result.outcome()).isEqualTo(SnmpResponder.Outcome.MALFORMED);
        assertThat(result.parseError()).isEqualTo(BerError.INDEFINITE_LENGTH);
        assertThat(statistics.inAsnParseErrors()).isEqualTo(1);
    }

    @Test
    void setIsRefusedWithNoAccessAndCounted() {
        List<VarBind> set = List.of(new VarBind(SystemMib.SYS_NAME.append(0), SnmpValue.OctetString.of("x")));
        Pdu.Response response = respond(new Pdu.SetRequest(4, set));
        assertThat(response).isEqualTo(new Pdu.Response(4, ErrorStatus.NO_ACCESS, 1, set));
        assertThat(statistics.inBadCommunityUses()).isEqualTo(1);
    }

    @Test
    void aResponseIsNotAnswered() {
        assertThat(answer(COMMUNITY, new Pdu.Response(1, ErrorStatus.NO_ERROR, 0, List.of()), 1472).outcome())
            .isEqualTo(SnmpResponder.Outcome.UNEXPECTED_PDU);
    }

    @Test
    void aValueThatCannotBeReadIsGenErrOnItsBinding() {
        MibTree broken = MibTree.builder().scalar(SystemMib.SYS_NAME, () -> {
            throw new IllegalStateException("broken");
        }).build();
        byte[] request = SnmpCodec.encode(SnmpMessage.v2c(COMMUNITY, new Pdu.GetRequest(5,
            names(SYS_UP_TIME, SystemMib.SYS_NAME.append(0)))));
        SnmpResponder.Result result = responder.answer(MemorySegment.ofArray(request), 0, request.length, COMMUNITY,
            broken, 1472);
        assertThat(result.response().pdu()).isEqualTo(new Pdu.Response(5, ErrorStatus.GEN_ERR, 2,
            names(SYS_UP_TIME, SystemMib.SYS_NAME.append(0))));
    }
}
