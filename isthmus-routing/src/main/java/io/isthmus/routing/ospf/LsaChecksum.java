package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;

/**
 * The Fletcher checksum of an LSA (RFC 2328 section 12.1.7, computed as in RFC 905 annex B): over the whole LSA but its
 * LS age, with the checksum field at offset 16 chosen so that both Fletcher sums of the covered bytes are 0 modulo
 * 255. Allocation-free.
 */
public final class LsaChecksum {
    /** Where the checksum sits in an LSA. */
    public static final int FIELD_OFFSET = 16;
    private static final int COVERED_FROM = 2;

    private LsaChecksum() {
    }

    /**
     * The checksum field value for the LSA of {@code length} bytes at {@code offset} in {@code lsa}, as if its checksum
     * field were 0. The buffer is not changed.
     */
    public static int compute(ByteBuffer lsa, int offset, int length) {
        int covered = length - COVERED_FROM;
        int fieldInCovered = FIELD_OFFSET - COVERED_FROM;
        long c0 = 0;
        long c1 = 0;
        for (int i = 0; i < covered; i++) {
            int at = offset + COVERED_FROM + i;
            int value = at == offset + FIELD_OFFSET || at == offset + FIELD_OFFSET + 1 ? 0 : lsa.get(at) & 0xff;
            c0 += value;
            c1 += c0;
            if ((i & 0xfff) == 0xfff) {
                c0 %= 255;
                c1 %= 255;
            }
        }
        c0 %= 255;
        c1 %= 255;
        // RFC 905 annex B.4: X = (L - n) * C0 - C1, Y = C1 - (L - n + 1) * C0, with n the 1-based field position.
        int x = (int) Math.floorMod((long) (covered - fieldInCovered - 1) * c0 - c1, 255L);
        if (x == 0) {
            x = 255;
        }
        int y = (int) (510 - c0 - x);
        if (y > 255) {
            y -= 255;
        }
        return (x << 8) | y;
    }

    /** Whether the LSA of {@code length} bytes at {@code offset} carries a valid checksum (RFC 905 annex B.3). */
    public static boolean verify(ByteBuffer lsa, int offset, int length) {
        if (length < LsaHeader.LENGTH) {
            return false;
        }
        long c0 = 0;
        long c1 = 0;
        for (int i = offset + COVERED_FROM; i < offset + length; i++) {
            c0 += lsa.get(i) & 0xff;
            c1 += c0;
            if (((i - offset) & 0xfff) == 0xfff) {
                c0 %= 255;
                c1 %= 255;
            }
        }
        return c0 % 255 == 0 && c1 % 255 == 0 && (lsa.getShort(offset + FIELD_OFFSET) != 0);
    }
}
