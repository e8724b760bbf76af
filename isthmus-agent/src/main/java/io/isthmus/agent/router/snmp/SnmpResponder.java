package io.isthmus.agent.router.snmp;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A command responder (RFC 3413 section 3.2) for SNMPv2c over one read-only {@link MibTree}: takes one received
 * message, returns the response to send or why there is none. The rules of RFC 3416 section 4.2:
 *
 * <ul>
 *   <li>a message that is not valid BER is dropped (snmpInASNParseErrs), one of another version too
 *       (snmpInBadVersions), one with another community too (snmpInBadCommunityNames; RFC 3584 section 4.1: no
 *       response, so a scanner learns nothing);</li>
 *   <li>GetRequest: each name's value or {@code noSuchObject}/{@code noSuchInstance} (4.2.1); GetNextRequest: each
 *       name's successor or {@code endOfMibView} (4.2.2); GetBulkRequest: N = max(min(non-repeaters, L), 0)
 *       successors, then up to M = max(max-repetitions, 0) rounds of successors of the other names, ending early when
 *       every one of them is at the end of the view, and cut to the bindings that fit the size limit (4.2.3);</li>
 *   <li>SetRequest: the view is read-only: {@code noAccess} on the first binding (4.2.5), counted as
 *       snmpInBadCommunityUses; a Response is dropped (an agent sends them, it does not take them);</li>
 *   <li>a Get or GetNext response larger than the limit becomes {@code tooBig} with no bindings; if even that does not
 *       fit, nothing is sent (snmpSilentDrops).</li>
 * </ul>
 *
 * <p>Slow path: allocates per message, bounded by the size limit (GetBulk stops computing once the limit is reached).
 */
public final class SnmpResponder {
    /** What became of a message. */
    public enum Outcome {
        /** A response was produced. */
        RESPONDED,
        /** Not valid BER for an SNMP message, or a PDU an agent does not take. */
        MALFORMED,
        /** Not SNMPv2c. */
        BAD_VERSION,
        /** Not the configured community. */
        BAD_COMMUNITY,
        /** A Response-PDU, which an agent does not take. */
        UNEXPECTED_PDU,
        /** The response would not fit the size limit even as tooBig. */
        TOO_BIG,
    }

    /** The result: the outcome and, when {@link Outcome#RESPONDED}, the response. */
    public record Result(Outcome outcome, SnmpMessage response, BerError parseError) {
    }

    private final SnmpStatistics statistics;

    /** A responder that counts in {@code statistics}. */
    public SnmpResponder(SnmpStatistics statistics) {
        this.statistics = statistics;
    }

    /** The statistics this responder counts in. */
    public SnmpStatistics statistics() {
        return statistics;
    }

    /**
     * Answers the message in {@code length} octets of {@code segment} from {@code offset} for {@code community},
     * from {@code mib}, in a response of at most {@code maxMessageSize} octets.
     */
    public Result answer(MemorySegment segment, long offset, int length, byte[] community, MibTree mib,
                         int maxMessageSize) {
        statistics.countIn();
        SnmpMessage request;
        try {
            request = SnmpCodec.decode(segment, offset, length);
        } catch (SnmpDecodeException e) {
            if (e.error() == BerError.UNSUPPORTED_VERSION) {
                statistics.countBadVersion();
                return new Result(Outcome.BAD_VERSION, null, e.error());
            }
            statistics.countParseError();
            return new Result(Outcome.MALFORMED, null, e.error());
        }
        // Constant time, so the time to drop does not tell how much of a guess was right.
        if (!MessageDigest.isEqual(request.community(), community)) {
            statistics.countBadCommunityName();
            return new Result(Outcome.BAD_COMMUNITY, null, null);
        }
        Pdu pdu = request.pdu();
        Pdu response;
        switch (pdu) {
            case Pdu.GetRequest get -> response = getOrNext(get, mib, false);
            case Pdu.GetNextRequest next -> response = getOrNext(next, mib, true);
            case Pdu.GetBulkRequest bulk -> response = bulk(bulk, mib, request, maxMessageSize);
            case Pdu.SetRequest set -> {
                statistics.countBadCommunityUse();
                response = set.varBinds().isEmpty()
                    ? new Pdu.Response(set.requestId(), ErrorStatus.NO_ERROR, 0, List.of())
                    : new Pdu.Response(set.requestId(), ErrorStatus.NO_ACCESS, 1, set.varBinds());
            }
            case Pdu.Response ignored -> {
                return new Result(Outcome.UNEXPECTED_PDU, null, null);
            }
        }
        SnmpMessage message = new SnmpMessage(request.version(), request.community(), response);
        if (SnmpCodec.encodedLength(message) > maxMessageSize) {
            message = new SnmpMessage(request.version(), request.community(),
                new Pdu.Response(pdu.requestId(), ErrorStatus.TOO_BIG, 0, List.of()));
            if (SnmpCodec.encodedLength(message) > maxMessageSize) {
                statistics.countSilentDrop();
                return new Result(Outcome.TOO_BIG, null, null);
            }
        }
        statistics.countResponse();
        return new Result(Outcome.RESPONDED, message, null);
    }

    private static Pdu getOrNext(Pdu request, MibTree mib, boolean next) {
        List<VarBind> out = new ArrayList<>(request.varBinds().size());
        int index = 0;
        for (VarBind asked : request.varBinds()) {
            index++;
            try {
                out.add(next ? mib.next(asked.name()) : new VarBind(asked.name(), mib.get(asked.name())));
            } catch (RuntimeException e) {
                // A value that cannot be read is the agent's fault: genErr on that binding (RFC 3416 4.2.1 (3)).
                return new Pdu.Response(request.requestId(), ErrorStatus.GEN_ERR, index, request.varBinds());
            }
        }
        return new Pdu.Response(request.requestId(), ErrorStatus.NO_ERROR, 0, out);
    }

    private static Pdu bulk(Pdu.GetBulkRequest request, MibTree mib, SnmpMessage message, int maxMessageSize) {
        List<VarBind> asked = request.varBinds();
        int nonRepeaters = Math.max(Math.min(request.nonRepeaters(), asked.size()), 0);
        int maxRepetitions = Math.max(request.maxRepetitions(), 0);
        int repeaters = asked.size() - nonRepeaters;
        List<VarBind> out = new ArrayList<>();
        // Octets of the bindings so far, against the limit: the rest of the message is fixed.
        int octets = 0;
        Pdu.Response empty = new Pdu.Response(request.requestId(), ErrorStatus.NO_ERROR, 0, List.of());
        SnmpMessage frame = new SnmpMessage(message.version(), message.community(), empty);
        try {
            for (int i = 0; i < nonRepeaters; i++) {
                VarBind found = mib.next(asked.get(i).name());
                octets += SnmpCodec.varBindLength(found);
                if (SnmpCodec.encodedLength(frame, octets) > maxMessageSize) {
                    return new Pdu.Response(request.requestId(), ErrorStatus.NO_ERROR, 0, out);
                }
                out.add(found);
            }
            Oid[] last = new Oid[repeaters];
            for (int r = 0; r < repeaters; r++) {
                last[r] = asked.get(nonRepeaters + r).name();
            }
            for (int round = 0; round < maxRepetitions && repeaters > 0; round++) {
                boolean allEnded = true;
                for (int r = 0; r < repeaters; r++) {
                    VarBind found = mib.next(last[r]);
                    octets += SnmpCodec.varBindLength(found);
                    if (SnmpCodec.encodedLength(frame, octets) > maxMessageSize) {
                        return new Pdu.Response(request.requestId(), ErrorStatus.NO_ERROR, 0, out);
                    }
                    out.add(found);
                    last[r] = found.name();
                    allEnded &= found.value() instanceof SnmpValue.EndOfMibView;
                }
                if (allEnded) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return new Pdu.Response(request.requestId(), ErrorStatus.GEN_ERR, 0, asked);
        }
        return new Pdu.Response(request.requestId(), ErrorStatus.NO_ERROR, 0, out);
    }
}
