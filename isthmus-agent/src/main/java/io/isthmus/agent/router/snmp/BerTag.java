package io.isthmus.agent.router.snmp;

/**
 * The BER identifier octets SNMP uses (X.690 section 8.1.2: class in bits 8-7, constructed in bit 6, number in bits
 * 5-1). SNMP only uses tag numbers below 31, so every identifier is one octet; the high-tag-number form (low five bits
 * all ones) never occurs in a valid message.
 */
public final class BerTag {
    /** Bit 6: the contents are a series of encodings (X.690 section 8.1.2.5). */
    public static final int CONSTRUCTED = 0x20;
    /** Low five bits all ones: the tag number follows in more octets (X.690 section 8.1.2.4). */
    public static final int HIGH_TAG_NUMBER = 0x1f;

    /** UNIVERSAL 2. */
    public static final int INTEGER = 0x02;
    /** UNIVERSAL 4, primitive (RFC 3417 section 8: strings are never constructed in SNMP). */
    public static final int OCTET_STRING = 0x04;
    /** UNIVERSAL 5. */
    public static final int NULL = 0x05;
    /** UNIVERSAL 6. */
    public static final int OBJECT_IDENTIFIER = 0x06;
    /** UNIVERSAL 16, constructed. */
    public static final int SEQUENCE = 0x30;

    /** IpAddress, APPLICATION 0 (RFC 2578 section 2). */
    public static final int IP_ADDRESS = 0x40;
    /** Counter32, APPLICATION 1. */
    public static final int COUNTER32 = 0x41;
    /** Gauge32 and Unsigned32, APPLICATION 2. */
    public static final int GAUGE32 = 0x42;
    /** TimeTicks, APPLICATION 3. */
    public static final int TIME_TICKS = 0x43;
    /** Opaque, APPLICATION 4. */
    public static final int OPAQUE = 0x44;
    /** Counter64, APPLICATION 6. */
    public static final int COUNTER64 = 0x46;

    /** noSuchObject, context-specific 0, primitive (RFC 3416 section 3). */
    public static final int NO_SUCH_OBJECT = 0x80;
    /** noSuchInstance, context-specific 1. */
    public static final int NO_SUCH_INSTANCE = 0x81;
    /** endOfMibView, context-specific 2. */
    public static final int END_OF_MIB_VIEW = 0x82;

    /** GetRequest-PDU, context-specific 0, constructed (RFC 3416 section 3). */
    public static final int GET_REQUEST = 0xa0;
    /** GetNextRequest-PDU, 1. */
    public static final int GET_NEXT_REQUEST = 0xa1;
    /** Response-PDU, 2. */
    public static final int RESPONSE = 0xa2;
    /** SetRequest-PDU, 3. */
    public static final int SET_REQUEST = 0xa3;
    /** SNMPv1 Trap-PDU, 4 (RFC 1157): not part of SNMPv2c. */
    public static final int V1_TRAP = 0xa4;
    /** GetBulkRequest-PDU, 5. */
    public static final int GET_BULK_REQUEST = 0xa5;
    /** InformRequest-PDU, 6. */
    public static final int INFORM_REQUEST = 0xa6;
    /** SNMPv2-Trap-PDU, 7. */
    public static final int SNMPV2_TRAP = 0xa7;
    /** Report-PDU, 8. */
    public static final int REPORT = 0xa8;

    private BerTag() {
    }

    /** {@code 0x30} as {@code "0x30"}, for error messages. */
    static String name(int tag) {
        return String.format("0x%02x", tag);
    }
}
