package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link SnmpCodec}: encode then decode is the identity; no input makes the decoder fail otherwise. */
class SnmpCodecPropertiesTest {
    @Property
    void decodeInvertsEncode(@ForAll("messages") SnmpMessage message) throws SnmpDecodeException {
        byte[] bytes = SnmpCodec.encode(message);
        assertThat(bytes).hasSize(SnmpCodec.encodedLength(message));
        assertThat(SnmpCodec.decode(bytes)).isEqualTo(message);
    }

    @Property
    void bindingLengthsAddUpToTheMessage(@ForAll("messages") SnmpMessage message) {
        int octets = message.pdu().varBinds().stream().mapToInt(SnmpCodec::varBindLength).sum();
        assertThat(SnmpCodec.encodedLength(message, octets)).isEqualTo(SnmpCodec.encodedLength(message));
    }

    @Property
    void anyBytesDecodeOrFailWithAReason(@ForAll byte[] bytes) {
        decodeOrReject(bytes);
    }

    @Property
    void aCorruptedMessageDecodesOrFailsWithAReason(@ForAll("messages") SnmpMessage message,
                                                    @ForAll @IntRange(max = 10_000) int where,
                                                    @ForAll byte value) {
        byte[] bytes = SnmpCodec.encode(message);
        bytes[where % bytes.length] = value;
        decodeOrReject(bytes);
    }

    @Property
    void everyPrefixIsTruncated(@ForAll("messages") SnmpMessage message, @ForAll @IntRange(max = 10_000) int cut) {
        byte[] bytes = SnmpCodec.encode(message);
        byte[] prefix = Arrays.copyOf(bytes, cut % bytes.length);
        try {
            SnmpCodec.decode(prefix);
            throw new AssertionError("a prefix decoded");
        } catch (SnmpDecodeException e) {
            assertThat(e.error()).isEqualTo(BerError.TRUNCATED);
        }
    }

    private static void decodeOrReject(byte[] bytes) {
        try {
            SnmpMessage message = SnmpCodec.decode(bytes);
            // What decodes is an SNMPv2c message, and re-encodes to no more octets than it came in (BER allows
            // longer lengths than DER's).
            assertThat(message.version()).isEqualTo(SnmpMessage.VERSION_2C);
            assertThat(SnmpCodec.encodedLength(message)).isLessThanOrEqualTo(bytes.length);
        } catch (SnmpDecodeException e) {
            assertThat(e.error()).isNotNull();
            assertThat(e.offset()).isBetween(0, bytes.length);
        }
    }

    @Provide
    Arbitrary<SnmpMessage> messages() {
        Arbitrary<byte[]> community = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Combinators.combine(community, pdus()).as(SnmpMessage::v2c);
    }

    static Arbitrary<Pdu> pdus() {
        Arbitrary<Integer> id = Arbitraries.integers();
        Arbitrary<List<VarBind>> bindings = varBinds().list().ofMaxSize(12);
        return Arbitraries.oneOf(
            Combinators.combine(id, bindings).as(Pdu.GetRequest::new),
            Combinators.combine(id, bindings).as(Pdu.GetNextRequest::new),
            Combinators.combine(id, bindings).as(Pdu.SetRequest::new),
            Combinators.combine(id, Arbitraries.integers(), Arbitraries.integers(), bindings)
                .as(Pdu.GetBulkRequest::new),
            Combinators.combine(id, Arbitraries.of(ErrorStatus.class), Arbitraries.integers().greaterOrEqual(0),
                bindings).as(Pdu.Response::new));
    }

    static Arbitrary<VarBind> varBinds() {
        return Combinators.combine(oids(), values()).as(VarBind::new);
    }

    static Arbitrary<Oid> oids() {
        Arbitrary<Integer> arc = Arbitraries.oneOf(Arbitraries.integers().between(0, 300), Arbitraries.integers());
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 39),
                arc.list().ofMaxSize(Oid.MAX_ARCS - 2), arc)
            .as((first, second, rest, big) -> {
                int[] arcs = new int[2 + rest.size()];
                arcs[0] = first;
                arcs[1] = first == 2 ? big : second;
                for (int i = 0; i < rest.size(); i++) {
                    arcs[2 + i] = rest.get(i);
                }
                return Oid.of(arcs);
            });
    }

    static Arbitrary<SnmpValue> values() {
        Arbitrary<Long> unsigned32 = Arbitraries.longs().between(0, 0xffff_ffffL);
        Arbitrary<byte[]> octets = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
            Arbitraries.integers().map(SnmpValue.Integer32::new),
            octets.map(SnmpValue.OctetString::new),
            octets.map(SnmpValue.Opaque::new),
            oids().map(SnmpValue.ObjectId::new),
            Arbitraries.integers().map(SnmpValue.IpAddress::new),
            unsigned32.map(SnmpValue.Counter32::new),
            unsigned32.map(SnmpValue.Gauge32::new),
            unsigned32.map(SnmpValue.TimeTicks::new),
            Arbitraries.longs().map(SnmpValue.Counter64::new),
            Arbitraries.of(SnmpValue.NULL, SnmpValue.NO_SUCH_OBJECT, SnmpValue.NO_SUCH_INSTANCE,
                SnmpValue.END_OF_MIB_VIEW));
    }
}
