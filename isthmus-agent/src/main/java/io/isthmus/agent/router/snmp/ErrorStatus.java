package io.isthmus.agent.router.snmp;

/** The error-status values of a Response-PDU (RFC 3416 section 3, {@code PDU.error-status}), by their code. */
public enum ErrorStatus {
    NO_ERROR(0),
    TOO_BIG(1),
    NO_SUCH_NAME(2),
    BAD_VALUE(3),
    READ_ONLY(4),
    GEN_ERR(5),
    NO_ACCESS(6),
    WRONG_TYPE(7),
    WRONG_LENGTH(8),
    WRONG_ENCODING(9),
    WRONG_VALUE(10),
    NO_CREATION(11),
    INCONSISTENT_VALUE(12),
    RESOURCE_UNAVAILABLE(13),
    COMMIT_FAILED(14),
    UNDO_FAILED(15),
    AUTHORIZATION_ERROR(16),
    NOT_WRITABLE(17),
    INCONSISTENT_NAME(18);

    private static final ErrorStatus[] BY_CODE = values();

    private final int code;

    ErrorStatus(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** The status of {@code code}, or null if RFC 3416 defines none. */
    public static ErrorStatus ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
