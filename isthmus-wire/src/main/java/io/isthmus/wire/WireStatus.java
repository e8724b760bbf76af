package io.isthmus.wire;

/**
 * Outcome of a view's {@code checkLength()}: {@link #OK}, or the reason the bytes are not a packet of that format.
 * Constants, so the data plane can count drops per reason without allocating.
 */
public enum WireStatus {
    /** The bytes hold a complete header and every length field is consistent with the buffer. */
    OK,
    /** The buffer ends before the header (or the length a header field announces) does. */
    TRUNCATED,
    /** The version field is not the one of this format. */
    BAD_VERSION,
    /** A header length field is below the minimum or beyond the packet. */
    BAD_HEADER_LENGTH,
    /** A total or payload length field disagrees with the header or the buffer. */
    BAD_LENGTH,
    /** A field holds a value the format forbids (for example ARP with unsupported address sizes). */
    BAD_FIELD,
    /** An option or extension header is malformed. */
    BAD_OPTION,
    /** The checksum does not verify (value records' {@code parse}; views leave checksums to the caller). */
    BAD_CHECKSUM
}
