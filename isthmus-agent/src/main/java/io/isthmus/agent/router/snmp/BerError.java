package io.isthmus.agent.router.snmp;

/**
 * Why {@link SnmpCodec#decode} rejected a message: one constant per rule, so that a test can name the rule and an
 * operator can count it. X.690 sections are of the 2021 edition (BER); RFC 3417 section 8 narrows BER for SNMP
 * (definite lengths, primitive strings).
 *
 * <p>There is no "nested too deep" reason: the decoder follows the SNMP message's fixed shape (message, PDU, binding
 * list, binding: four levels) and never descends into an encoding it does not expect, so a nesting bomb is an
 * {@link #UNEXPECTED_TAG} at its first level, rejected after reading two octets.
 */
public enum BerError {
    /** The input ends before the message does: the outermost length, or a tag or length octet, is missing. */
    TRUNCATED,
    /** An element's length runs past the end of the element that encloses it (lengths that disagree). */
    OVERRUNS_ENCLOSING,
    /** Octets follow the message in the datagram, or follow the last field of a SEQUENCE (RFC 3417 section 2). */
    TRAILING_BYTES,
    /** The high-tag-number form (X.690 section 8.1.2.4): a tag number of 31 or more, which SNMP never uses. */
    HIGH_TAG_NUMBER,
    /** An identifier other than the one the message's shape allows at that point. */
    UNEXPECTED_TAG,
    /** The indefinite length form {@code 0x80} (X.690 section 8.1.3.6), which RFC 3417 section 8 forbids. */
    INDEFINITE_LENGTH,
    /** The length octet {@code 0xff}, reserved (X.690 section 8.1.3.5 c). */
    RESERVED_LENGTH,
    /** A long-form length of more than 4 octets or of more than 2^31-1. */
    LENGTH_TOO_LONG,
    /** An INTEGER (or application integer) with no contents octet (X.690 section 8.3.1). */
    EMPTY_INTEGER,
    /** An integer whose first nine bits are all zeros or all ones (X.690 section 8.3.2). */
    NON_MINIMAL_INTEGER,
    /** An integer outside its type's range: Integer32, the unsigned 32-bit types, or Counter64. */
    INTEGER_OUT_OF_RANGE,
    /** A NULL or an exception value with contents (X.690 section 8.8.2). */
    NULL_WITH_CONTENTS,
    /** An IpAddress of other than 4 octets (RFC 2578 section 7.1.5). */
    BAD_IP_ADDRESS_LENGTH,
    /** An OCTET STRING or Opaque longer than 65535 octets (RFC 2578 section 7.1.2). */
    OCTET_STRING_TOO_LONG,
    /** An OBJECT IDENTIFIER with no contents octet. */
    EMPTY_OID,
    /** A sub-identifier that starts with the octet {@code 0x80} (X.690 section 8.19.2: fewest octets). */
    NON_MINIMAL_OID_ARC,
    /** The last contents octet has bit 8 set: a sub-identifier that does not end (X.690 section 8.19.2). */
    UNTERMINATED_OID_ARC,
    /** A sub-identifier above 2^32-1 (RFC 2578 section 3.5); the decoder stops at the first octet that makes it so. */
    OID_ARC_TOO_LARGE,
    /** More than 128 sub-identifiers (RFC 2578 section 3.5). */
    OID_TOO_LONG,
    /** A version other than SNMPv2c's 1 (RFC 3416 section 4 and RFC 3584: counted as snmpInBadVersions). */
    UNSUPPORTED_VERSION,
    /** A PDU an agent does not receive: SNMPv1 Trap, InformRequest, SNMPv2-Trap, Report. */
    UNSUPPORTED_PDU,
    /** A Response whose error-status is not one of RFC 3416's, or whose error-index is negative. */
    BAD_ERROR_STATUS,
}
