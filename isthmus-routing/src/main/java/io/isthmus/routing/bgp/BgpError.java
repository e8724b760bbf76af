package io.isthmus.routing.bgp;

import java.util.Map;

/**
 * A BGP error as the protocol names it (RFC 4271 section 4.5): error code, subcode and data, with what it does to
 * the session (RFC 7606 section 2).
 *
 * @param code the error code
 * @param subcode the error subcode
 * @param data the data a NOTIFICATION carries
 * @param outcome what the receiver does about it
 */
public record BgpError(int code, int subcode, OpaqueBytes data, Outcome outcome) {
    /** Error code: Message Header Error. */
    public static final int MESSAGE_HEADER = 1;
    /** Error code: OPEN Message Error. */
    public static final int OPEN_MESSAGE = 2;
    /** Error code: UPDATE Message Error. */
    public static final int UPDATE_MESSAGE = 3;
    /** Error code: Hold Timer Expired. */
    public static final int HOLD_TIMER_EXPIRED = 4;
    /** Error code: Finite State Machine Error. */
    public static final int FSM = 5;
    /** Error code: Cease. */
    public static final int CEASE = 6;

    /** Message Header Error subcode: Connection Not Synchronized (the marker is not all ones). */
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    /** Message Header Error subcode: Bad Message Length. */
    public static final int BAD_MESSAGE_LENGTH = 2;
    /** Message Header Error subcode: Bad Message Type. */
    public static final int BAD_MESSAGE_TYPE = 3;
    /** OPEN Message Error subcode: Unsupported Version Number. */
    public static final int UNSUPPORTED_VERSION = 1;
    /** OPEN Message Error subcode: Bad Peer AS. */
    public static final int BAD_PEER_AS = 2;
    /** OPEN Message Error subcode: Bad BGP Identifier. */
    public static final int BAD_BGP_IDENTIFIER = 3;
    /** OPEN Message Error subcode: Unsupported Optional Parameter. */
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    /** OPEN Message Error subcode: Unacceptable Hold Time. */
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    /** UPDATE Message Error subcode: Malformed Attribute List. */
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    /** UPDATE Message Error subcode: Unrecognized Well-known Attribute. */
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    /** UPDATE Message Error subcode: Missing Well-known Attribute. */
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    /** UPDATE Message Error subcode: Attribute Flags Error. */
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    /** UPDATE Message Error subcode: Attribute Length Error. */
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    /** UPDATE Message Error subcode: Invalid ORIGIN Attribute. */
    public static final int INVALID_ORIGIN = 6;
    /** UPDATE Message Error subcode: Optional Attribute Error. */
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    /** UPDATE Message Error subcode: Invalid Network Field. */
    public static final int INVALID_NETWORK_FIELD = 10;
    /** UPDATE Message Error subcode: Malformed AS_PATH. */
    public static final int MALFORMED_AS_PATH = 11;
    /** Cease subcode: Maximum Number of Prefixes Reached (RFC 4486). */
    public static final int MAXIMUM_PREFIXES = 1;
    /** Cease subcode: Administrative Shutdown (RFC 4486). */
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    /** Cease subcode: Connection Collision Resolution (RFC 4486). */
    public static final int CONNECTION_COLLISION = 7;

    /** What a receiver does about an error (RFC 7606 section 2). */
    public enum Outcome {
        /** Ignore the one malformed attribute, use the rest of the UPDATE. */
        ATTRIBUTE_DISCARD,
        /** Handle every prefix of the UPDATE as withdrawn. */
        TREAT_AS_WITHDRAW,
        /** Send a NOTIFICATION and close the connection. */
        SESSION_RESET
    }

    private static final Map<Integer, String> CODE_NAMES = Map.of(MESSAGE_HEADER, "Message Header Error",
        OPEN_MESSAGE, "OPEN Message Error", UPDATE_MESSAGE, "UPDATE Message Error", HOLD_TIMER_EXPIRED,
        "Hold Timer Expired", FSM, "Finite State Machine Error", CEASE, "Cease");

    // Subcode names by (code << 8 | subcode): RFC 4271 6.1 to 6.6, RFC 4486 section 4, RFC 6608 section 3.
    private static final Map<Integer, String> SUBCODE_NAMES = Map.ofEntries(
        Map.entry(MESSAGE_HEADER << 8 | 1, "Connection Not Synchronized"),
        Map.entry(MESSAGE_HEADER << 8 | 2, "Bad Message Length"),
        Map.entry(MESSAGE_HEADER << 8 | 3, "Bad Message Type"),
        Map.entry(OPEN_MESSAGE << 8 | 1, "Unsupported Version Number"),
        Map.entry(OPEN_MESSAGE << 8 | 2, "Bad Peer AS"),
        Map.entry(OPEN_MESSAGE << 8 | 3, "Bad BGP Identifier"),
        Map.entry(OPEN_MESSAGE << 8 | 4, "Unsupported Optional Parameter"),
        Map.entry(OPEN_MESSAGE << 8 | 6, "Unacceptable Hold Time"),
        Map.entry(OPEN_MESSAGE << 8 | 7, "Unsupported Capability"),
        Map.entry(UPDATE_MESSAGE << 8 | 1, "Malformed Attribute List"),
        Map.entry(UPDATE_MESSAGE << 8 | 2, "Unrecognized Well-known Attribute"),
        Map.entry(UPDATE_MESSAGE << 8 | 3, "Missing Well-known Attribute"),
        Map.entry(UPDATE_MESSAGE << 8 | 4, "Attribute Flags Error"),
        Map.entry(UPDATE_MESSAGE << 8 | 5, "Attribute Length Error"),
        Map.entry(UPDATE_MESSAGE << 8 | 6, "Invalid ORIGIN Attribute"),
        Map.entry(UPDATE_MESSAGE << 8 | 8, "Invalid NEXT_HOP Attribute"),
        Map.entry(UPDATE_MESSAGE << 8 | 9, "Optional Attribute Error"),
        Map.entry(UPDATE_MESSAGE << 8 | 10, "Invalid Network Field"),
        Map.entry(UPDATE_MESSAGE << 8 | 11, "Malformed AS_PATH"),
        Map.entry(FSM << 8 | 1, "Receive Unexpected Message in OpenSent State"),
        Map.entry(FSM << 8 | 2, "Receive Unexpected Message in OpenConfirm State"),
        Map.entry(FSM << 8 | 3, "Receive Unexpected Message in Established State"),
        Map.entry(CEASE << 8 | 1, "Maximum Number of Prefixes Reached"),
        Map.entry(CEASE << 8 | 2, "Administrative Shutdown"),
        Map.entry(CEASE << 8 | 3, "Peer De-configured"),
        Map.entry(CEASE << 8 | 4, "Administrative Reset"),
        Map.entry(CEASE << 8 | 5, "Connection Rejected"),
        Map.entry(CEASE << 8 | 6, "Other Configuration Change"),
        Map.entry(CEASE << 8 | 7, "Connection Collision Resolution"),
        Map.entry(CEASE << 8 | 8, "Out of Resources"));

    /** An error that resets the session, without data. */
    public static BgpError reset(int code, int subcode) {
        return new BgpError(code, subcode, OpaqueBytes.EMPTY, Outcome.SESSION_RESET);
    }

    /** An error that resets the session, with {@code data}. */
    public static BgpError reset(int code, int subcode, OpaqueBytes data) {
        return new BgpError(code, subcode, data, Outcome.SESSION_RESET);
    }

    /** An UPDATE error whose prefixes are handled as withdrawn (RFC 7606 section 2). */
    public static BgpError treatAsWithdraw(int subcode) {
        return new BgpError(UPDATE_MESSAGE, subcode, OpaqueBytes.EMPTY, Outcome.TREAT_AS_WITHDRAW);
    }

    /** An UPDATE error that drops one attribute (RFC 7606 section 2). */
    public static BgpError attributeDiscard(int subcode) {
        return new BgpError(UPDATE_MESSAGE, subcode, OpaqueBytes.EMPTY, Outcome.ATTRIBUTE_DISCARD);
    }

    /** The error as BIRD and FRR print it, e.g. {@code Cease/Administrative Shutdown}. */
    public String describe() {
        String codeName = CODE_NAMES.getOrDefault(code, "code " + code);
        String subcodeName = SUBCODE_NAMES.get(code << 8 | subcode);
        if (subcodeName == null) {
            return subcode == 0 ? codeName : codeName + "/subcode " + subcode;
        }
        return codeName + "/" + subcodeName;
    }
}
