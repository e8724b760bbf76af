package io.isthmus.agent.router.snmp;

/**
 * A message {@link SnmpCodec#decode} rejected: the rule it broke and where. The agent counts it
 * (snmpInASNParseErrs, or snmpInBadVersions for {@link BerError#UNSUPPORTED_VERSION}) and drops the datagram.
 */
public final class SnmpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final BerError error;
    private final int offset;

    /** {@code error} found at {@code offset} octets into the message. */
    public SnmpDecodeException(BerError error, int offset, String message) {
        super(message + " at offset " + offset + " (" + error + ")", null, false, false);
        this.error = error;
        this.offset = offset;
    }

    /** The rule broken. */
    public BerError error() {
        return error;
    }

    /** Octets from the start of the message to the element at fault. */
    public int offset() {
        return offset;
    }
}
