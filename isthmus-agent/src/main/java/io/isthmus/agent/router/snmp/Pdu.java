package io.isthmus.agent.router.snmp;

import java.util.List;

/**
 * The protocol data units of SNMPv2c that an agent receives or sends (RFC 3416 section 3). Requests carry zero in
 * the error-status and error-index fields, which a receiver ignores (RFC 3416 section 4.1), so their records do not
 * keep them; GetBulkRequest uses the same two fields as non-repeaters and max-repetitions. Notifications
 * (SNMPv2-Trap, InformRequest), Report and the SNMPv1 Trap have no record: an agent does not receive them, and the
 * decoder rejects them ({@link BerError#UNSUPPORTED_PDU}).
 */
public sealed interface Pdu {
    /** The request-id, which the response copies (RFC 3416 section 4.1). */
    int requestId();

    /** The variable bindings, in order; immutable. */
    List<VarBind> varBinds();

    /** The BER identifier of this PDU's encoding. */
    int tag();

    /** GetRequest-PDU (RFC 3416 section 4.2.1): the values of the named instances. */
    record GetRequest(int requestId, List<VarBind> varBinds) implements Pdu {
        public GetRequest {
            varBinds = List.copyOf(varBinds);
        }

        @Override
        public int tag() {
            return BerTag.GET_REQUEST;
        }
    }

    /** GetNextRequest-PDU (RFC 3416 section 4.2.2): the first instance after each name, in lexicographic order. */
    record GetNextRequest(int requestId, List<VarBind> varBinds) implements Pdu {
        public GetNextRequest {
            varBinds = List.copyOf(varBinds);
        }

        @Override
        public int tag() {
            return BerTag.GET_NEXT_REQUEST;
        }
    }

    /**
     * GetBulkRequest-PDU (RFC 3416 section 4.2.3): one successor for each of the first {@code nonRepeaters} names,
     * then up to {@code maxRepetitions} successors of each of the others. Negative values are allowed on the wire
     * and mean zero.
     */
    record GetBulkRequest(int requestId, int nonRepeaters, int maxRepetitions, List<VarBind> varBinds)
        implements Pdu {
        public GetBulkRequest {
            varBinds = List.copyOf(varBinds);
        }

        @Override
        public int tag() {
            return BerTag.GET_BULK_REQUEST;
        }
    }

    /** SetRequest-PDU (RFC 3416 section 4.2.5); the virtual router's view is read-only. */
    record SetRequest(int requestId, List<VarBind> varBinds) implements Pdu {
        public SetRequest {
            varBinds = List.copyOf(varBinds);
        }

        @Override
        public int tag() {
            return BerTag.SET_REQUEST;
        }
    }

    /**
     * Response-PDU (RFC 3416 section 4.2.4). {@code errorIndex} is 0 or the 1-based position of the binding the error
     * is about.
     */
    record Response(int requestId, ErrorStatus errorStatus, int errorIndex, List<VarBind> varBinds) implements Pdu {
        public Response {
            varBinds = List.copyOf(varBinds);
            java.util.Objects.requireNonNull(errorStatus);
            if (errorIndex < 0) {
                throw new IllegalArgumentException("negative error-index " + errorIndex);
            }
        }

        @Override
        public int tag() {
            return BerTag.RESPONSE;
        }
    }
}
