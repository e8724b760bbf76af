package io.isthmus.agent.router.snmp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * BER encoding and decoding of SNMPv2c messages ({@link SnmpMessage}): RFC 1901 section 3 for the message, RFC 3416
 * section 3 for the PDUs, RFC 3417 section 8 and X.690 for the encoding.
 *
 * <pre>
 * Message ::= SEQUENCE { version INTEGER (1), community OCTET STRING, data PDUs }
 * PDU     ::= [n] IMPLICIT SEQUENCE { request-id Integer32, error-status INTEGER (0..18),   -- or non-repeaters
 *                                     error-index INTEGER (0..max-bindings),                 -- or max-repetitions
 *                                     variable-bindings SEQUENCE OF SEQUENCE { name OBJECT IDENTIFIER, value } }
 * </pre>
 *
 * <p>The decoder reads one datagram's octets as exactly one message and rejects, with a specific {@link BerError},
 * anything else: truncation, lengths that disagree, indefinite or over-long lengths, multi-octet tags, non-minimal or
 * out-of-range integers, malformed or oversized OIDs, trailing octets. Its work and memory are linear in the input.
 * The encoder writes the minimal definite-length encoding; {@link #encodedLength} tells its size beforehand, and
 * {@link #varBindLength} the share of one binding, so a responder can stop adding bindings before a size limit.
 */
public final class SnmpCodec {
    private SnmpCodec() {
    }

    /**
     * The message in {@code length} octets of {@code segment} from {@code offset}, which must hold exactly one.
     *
     * @throws SnmpDecodeException naming the rule the octets break
     */
    public static SnmpMessage decode(MemorySegment segment, long offset, int length) throws SnmpDecodeException {
        BerReader input = BerReader.over(segment, offset, length);
        BerReader message = input.enter(BerTag.SEQUENCE, "message");
        input.requireEnd("the message");
        int versionAt = message.offset();
        int version = message.integer("version");
        if (version != SnmpMessage.VERSION_2C) {
            throw new SnmpDecodeException(BerError.UNSUPPORTED_VERSION, versionAt, "version " + version);
        }
        byte[] community = message.octets(message.header(BerTag.OCTET_STRING, "community"));
        Pdu pdu = pdu(message);
        message.requireEnd("the PDU");
        return new SnmpMessage(version, community, pdu);
    }

    /** The message in the whole of {@code bytes}. */
    public static SnmpMessage decode(byte[] bytes) throws SnmpDecodeException {
        return decode(MemorySegment.ofArray(bytes), 0, bytes.length);
    }

    private static Pdu pdu(BerReader message) throws SnmpDecodeException {
        int tag = message.peekTag();
        switch (tag) {
            case BerTag.GET_REQUEST, BerTag.GET_NEXT_REQUEST, BerTag.RESPONSE, BerTag.SET_REQUEST,
                 BerTag.GET_BULK_REQUEST -> {
            }
            case BerTag.V1_TRAP, BerTag.INFORM_REQUEST, BerTag.SNMPV2_TRAP, BerTag.REPORT ->
                throw message.error(BerError.UNSUPPORTED_PDU, "PDU " + BerTag.name(tag));
            default -> throw message.error(BerError.UNEXPECTED_TAG, "PDU: identifier " + BerTag.name(tag));
        }
        BerReader pdu = message.enter(tag, "PDU");
        int requestId = pdu.integer("request-id");
        int statusAt = pdu.offset();
        int second = pdu.integer(tag == BerTag.GET_BULK_REQUEST ? "non-repeaters" : "error-status");
        int third = pdu.integer(tag == BerTag.GET_BULK_REQUEST ? "max-repetitions" : "error-index");
        List<VarBind> varBinds = varBinds(pdu.enter(BerTag.SEQUENCE, "variable-bindings"));
        pdu.requireEnd("the variable-bindings");
        return switch (tag) {
            case BerTag.GET_REQUEST -> new Pdu.GetRequest(requestId, varBinds);
            case BerTag.GET_NEXT_REQUEST -> new Pdu.GetNextRequest(requestId, varBinds);
            case BerTag.SET_REQUEST -> new Pdu.SetRequest(requestId, varBinds);
            case BerTag.GET_BULK_REQUEST -> new Pdu.GetBulkRequest(requestId, second, third, varBinds);
            default -> {
                ErrorStatus status = ErrorStatus.ofCode(second);
                if (status == null || third < 0) {
                    throw new SnmpDecodeException(BerError.BAD_ERROR_STATUS, statusAt,
                        "error-status " + second + ", error-index " + third);
                }
                yield new Pdu.Response(requestId, status, third, varBinds);
            }
        };
    }

    private static List<VarBind> varBinds(BerReader list) throws SnmpDecodeException {
        List<VarBind> out = new ArrayList<>();
        while (!list.atEnd()) {
            BerReader binding = list.enter(BerTag.SEQUENCE, "variable binding");
            int length = binding.header(BerTag.OBJECT_IDENTIFIER, "name");
            Oid name = binding.oidContents(length, "name");
            out.add(new VarBind(name, value(binding)));
            binding.requireEnd("the value");
        }
        return out;
    }

    private static SnmpValue value(BerReader binding) throws SnmpDecodeException {
        int tag = binding.peekTag();
        int at = binding.offset();
        return switch (tag) {
            case BerTag.INTEGER -> new SnmpValue.Integer32(binding.integer("value"));
            case BerTag.OCTET_STRING -> new SnmpValue.OctetString(string(binding, tag, at));
            case BerTag.OPAQUE -> new SnmpValue.Opaque(string(binding, tag, at));
            case BerTag.NULL -> empty(binding, tag, SnmpValue.NULL);
            case BerTag.NO_SUCH_OBJECT -> empty(binding, tag, SnmpValue.NO_SUCH_OBJECT);
            case BerTag.NO_SUCH_INSTANCE -> empty(binding, tag, SnmpValue.NO_SUCH_INSTANCE);
            case BerTag.END_OF_MIB_VIEW -> empty(binding, tag, SnmpValue.END_OF_MIB_VIEW);
            case BerTag.OBJECT_IDENTIFIER ->
                new SnmpValue.ObjectId(binding.oidContents(binding.header(tag, "value"), "value"));
            case BerTag.IP_ADDRESS -> {
                int length = binding.header(tag, "IpAddress");
                if (length != 4) {
                    throw new SnmpDecodeException(BerError.BAD_IP_ADDRESS_LENGTH, at, length + " octets");
                }
                byte[] octets = binding.octets(4);
                yield new SnmpValue.IpAddress((octets[0] & 0xff) << 24 | (octets[1] & 0xff) << 16
                    | (octets[2] & 0xff) << 8 | octets[3] & 0xff);
            }
            case BerTag.COUNTER32 ->
                new SnmpValue.Counter32(binding.unsignedContents(binding.header(tag, "Counter32"), 32, "Counter32"));
            case BerTag.GAUGE32 ->
                new SnmpValue.Gauge32(binding.unsignedContents(binding.header(tag, "Gauge32"), 32, "Gauge32"));
            case BerTag.TIME_TICKS ->
                new SnmpValue.TimeTicks(binding.unsignedContents(binding.header(tag, "TimeTicks"), 32, "TimeTicks"));
            case BerTag.COUNTER64 ->
                new SnmpValue.Counter64(binding.unsignedContents(binding.header(tag, "Counter64"), 64, "Counter64"));
            default -> throw binding.error(BerError.UNEXPECTED_TAG, "value: identifier " + BerTag.name(tag));
        };
    }

    private static byte[] string(BerReader binding, int tag, int at) throws SnmpDecodeException {
        int length = binding.header(tag, "value");
        if (length > SnmpValue.OctetString.MAX_LENGTH) {
            throw new SnmpDecodeException(BerError.OCTET_STRING_TOO_LONG, at, length + " octets");
        }
        return binding.octets(length);
    }

    private static SnmpValue empty(BerReader binding, int tag, SnmpValue value) throws SnmpDecodeException {
        int at = binding.offset();
        int length = binding.header(tag, "value");
        if (length != 0) {
            throw new SnmpDecodeException(BerError.NULL_WITH_CONTENTS, at, length + " octets");
        }
        return value;
    }

    /** The number of octets {@link #encode} writes for {@code message}. */
    public static int encodedLength(SnmpMessage message) {
        return BerWriter.elementLength(messageContents(message, pduLength(message.pdu())));
    }

    /**
     * The number of octets {@code message} would take with bindings whose encodings add up to
     * {@code varBindOctets} (each from {@link #varBindLength}) instead of its own.
     */
    public static int encodedLength(SnmpMessage message, int varBindOctets) {
        return BerWriter.elementLength(messageContents(message,
            BerWriter.elementLength(pduHeaderContents(message.pdu()) + BerWriter.elementLength(varBindOctets))));
    }

    /** The octets one binding takes in a binding list. */
    public static int varBindLength(VarBind varBind) {
        return BerWriter.elementLength(varBindContents(varBind));
    }

    private static int messageContents(SnmpMessage message, int pduLength) {
        return BerWriter.elementLength(BerWriter.integerOctets(message.version()))
            + BerWriter.elementLength(message.community().length) + pduLength;
    }

    private static int pduLength(Pdu pdu) {
        return BerWriter.elementLength(pduContents(pdu));
    }

    /** The request-id, error-status and error-index elements (or their GetBulk equivalents). */
    private static int pduHeaderContents(Pdu pdu) {
        long second = 0;
        long third = 0;
        if (pdu instanceof Pdu.GetBulkRequest bulk) {
            second = bulk.nonRepeaters();
            third = bulk.maxRepetitions();
        } else if (pdu instanceof Pdu.Response response) {
            second = response.errorStatus().code();
            third = response.errorIndex();
        }
        return BerWriter.elementLength(BerWriter.integerOctets(pdu.requestId()))
            + BerWriter.elementLength(BerWriter.integerOctets(second))
            + BerWriter.elementLength(BerWriter.integerOctets(third));
    }

    private static int varBindContents(VarBind varBind) {
        return BerWriter.elementLength(BerWriter.oidOctets(varBind.name())) + valueLength(varBind.value());
    }

    private static int valueLength(SnmpValue value) {
        return BerWriter.elementLength(switch (value) {
            case SnmpValue.Integer32 v -> BerWriter.integerOctets(v.value());
            case SnmpValue.OctetString v -> v.length();
            case SnmpValue.Opaque v -> v.value().length;
            case SnmpValue.ObjectId v -> BerWriter.oidOctets(v.value());
            case SnmpValue.IpAddress v -> 4;
            case SnmpValue.Counter32 v -> BerWriter.integerOctets(v.value());
            case SnmpValue.Gauge32 v -> BerWriter.integerOctets(v.value());
            case SnmpValue.TimeTicks v -> BerWriter.integerOctets(v.value());
            case SnmpValue.Counter64 v -> BerWriter.unsigned64Octets(v.value());
            case SnmpValue.Null v -> 0;
            case SnmpValue.NoSuchObject v -> 0;
            case SnmpValue.NoSuchInstance v -> 0;
            case SnmpValue.EndOfMibView v -> 0;
        });
    }

    /**
     * Writes {@code message} into {@code segment} from {@code offset}, which must have room for
     * {@link #encodedLength} octets; returns that number.
     */
    public static int encode(SnmpMessage message, MemorySegment segment, long offset) {
        Pdu pdu = message.pdu();
        int pduLength = pduLength(pdu);
        BerWriter out = new BerWriter(segment, offset);
        byte[] community = message.community();
        out.header(BerTag.SEQUENCE, messageContents(message, pduLength));
        out.integer(BerTag.INTEGER, message.version());
        out.octets(BerTag.OCTET_STRING, community);
        out.header(pdu.tag(), pduContents(pdu));
        out.integer(BerTag.INTEGER, pdu.requestId());
        switch (pdu) {
            case Pdu.GetBulkRequest bulk -> {
                out.integer(BerTag.INTEGER, bulk.nonRepeaters());
                out.integer(BerTag.INTEGER, bulk.maxRepetitions());
            }
            case Pdu.Response response -> {
                out.integer(BerTag.INTEGER, response.errorStatus().code());
                out.integer(BerTag.INTEGER, response.errorIndex());
            }
            default -> {
                out.integer(BerTag.INTEGER, 0);
                out.integer(BerTag.INTEGER, 0);
            }
        }
        int bindings = 0;
        for (VarBind varBind : pdu.varBinds()) {
            bindings += varBindLength(varBind);
        }
        out.header(BerTag.SEQUENCE, bindings);
        for (VarBind varBind : pdu.varBinds()) {
            out.header(BerTag.SEQUENCE, varBindContents(varBind));
            out.oid(varBind.name());
            value(out, varBind.value());
        }
        return (int) (out.position() - offset);
    }

    private static int pduContents(Pdu pdu) {
        int bindings = 0;
        for (VarBind varBind : pdu.varBinds()) {
            bindings += varBindLength(varBind);
        }
        return pduHeaderContents(pdu) + BerWriter.elementLength(bindings);
    }

    /** {@code message} encoded in a new array. */
    public static byte[] encode(SnmpMessage message) {
        byte[] out = new byte[encodedLength(message)];
        encode(message, MemorySegment.ofArray(out), 0);
        return out;
    }

    private static void value(BerWriter out, SnmpValue value) {
        switch (value) {
            case SnmpValue.Integer32 v -> out.integer(v.tag(), v.value());
            case SnmpValue.OctetString v -> out.octets(v.tag(), v.value());
            case SnmpValue.Opaque v -> out.octets(v.tag(), v.value());
            case SnmpValue.ObjectId v -> out.oid(v.value());
            case SnmpValue.IpAddress v -> {
                out.header(v.tag(), 4);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.octet(v.value() >>> shift);
                }
            }
            case SnmpValue.Counter32 v -> out.integer(v.tag(), v.value());
            case SnmpValue.Gauge32 v -> out.integer(v.tag(), v.value());
            case SnmpValue.TimeTicks v -> out.integer(v.tag(), v.value());
            case SnmpValue.Counter64 v -> out.unsigned64(v.tag(), v.value());
            case SnmpValue.Null v -> out.header(v.tag(), 0);
            case SnmpValue.NoSuchObject v -> out.header(v.tag(), 0);
            case SnmpValue.NoSuchInstance v -> out.header(v.tag(), 0);
            case SnmpValue.EndOfMibView v -> out.header(v.tag(), 0);
        }
    }
}
