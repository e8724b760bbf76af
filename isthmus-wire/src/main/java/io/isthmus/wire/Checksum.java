package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The internet checksum (RFC 1071): ones' complement sum of 16-bit words, and its incremental update (RFC 1624).
 *
 * <p>Partial sums are ints holding a folded 16-bit ones' complement sum; {@link #finish} complements one into the
 * value carried in a header. Nothing here allocates.
 */
public final class Checksum {
    private Checksum() {
    }

    /** Ones' complement sum of {@code length} bytes of {@code segment} from {@code offset}, added to {@code sum}. */
    public static int sum(MemorySegment segment, long offset, int length, int sum) {
        long acc = sum & 0xffffffffL;
        long at = offset;
        long end = offset + length;
        while (end - at >= 4) {
            acc += segment.get(PacketView.U32, at) & 0xffffffffL;
            at += 4;
        }
        if (end - at >= 2) {
            acc += segment.get(PacketView.U16, at) & 0xffff;
            at += 2;
        }
        if (at < end) {
            acc += (segment.get(ValueLayout.JAVA_BYTE, at) & 0xff) << 8;
        }
        return fold(acc);
    }

    /** Folds a wide accumulator into a 16-bit ones' complement sum. */
    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** Ones' complement addition of two partial sums. */
    public static int add(int a, int b) {
        return fold((a & 0xffffffffL) + (b & 0xffffffffL));
    }

    /** Partial sum of a 32-bit value taken as two 16-bit words. */
    public static int ofInt(int value) {
        return fold((value >>> 16) + (value & 0xffff));
    }

    /** Partial sum of a 64-bit value taken as four 16-bit words. */
    public static int ofLong(long value) {
        return fold((value >>> 48) + ((value >>> 32) & 0xffff) + ((value >>> 16) & 0xffff) + (value & 0xffff));
    }

    /** The checksum field value for a partial sum: its complement. */
    public static int finish(int sum) {
        return ~fold(sum & 0xffffffffL) & 0xffff;
    }

    /** Partial sum of the IPv4 pseudo-header (RFC 768, RFC 793). */
    public static int ipv4PseudoHeader(int source, int destination, int protocol, int upperLayerLength) {
        return fold((source >>> 16) + (source & 0xffff) + (destination >>> 16) + (destination & 0xffff)
            + protocol + upperLayerLength);
    }

    /** Partial sum of the IPv6 pseudo-header (RFC 8200 section 8.1). */
    public static int ipv6PseudoHeader(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                                       int nextHeader, int upperLayerLength) {
        long acc = ofLong(sourceHigh) + ofLong(sourceLow) + ofLong(destinationHigh) + ofLong(destinationLow)
            + (upperLayerLength >>> 16) + (upperLayerLength & 0xffff) + nextHeader;
        return fold(acc);
    }

    /**
     * Incremental update (RFC 1624 equation 3): the new checksum field value when data whose partial sum was
     * {@code oldSum} is replaced by data whose partial sum is {@code newSum}. {@code HC' = ~(~HC + ~m + m')}.
     */
    public static int adjust(int checksum, int oldSum, int newSum) {
        long acc = (~checksum & 0xffff) + (~oldSum & 0xffff) + (newSum & 0xffff);
        return ~fold(acc) & 0xffff;
    }
}
