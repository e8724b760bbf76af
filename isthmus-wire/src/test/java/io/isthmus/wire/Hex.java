package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * Test vectors written as hex. Whitespace, newlines and comments from {@code #} or {@code //} to the end of a line
 * are ignored, so a vector can be annotated byte by byte.
 */
public final class Hex {
    private Hex() {
    }

    /** The bytes of an annotated hex vector. */
    public static byte[] bytes(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int comment = line.indexOf('#');
            int slashes = line.indexOf("//");
            if (slashes >= 0 && (comment < 0 || slashes < comment)) {
                comment = slashes;
            }
            String code = comment >= 0 ? line.substring(0, comment) : line;
            for (char c : code.toCharArray()) {
                if (!Character.isWhitespace(c)) {
                    digits.append(c);
                }
            }
        }
        return HexFormat.of().parseHex(digits);
    }

    /** A heap segment holding the bytes of an annotated hex vector. */
    public static MemorySegment segment(String annotated) {
        return MemorySegment.ofArray(bytes(annotated));
    }

    /** Lowercase hex of {@code length} bytes of {@code segment} from {@code offset}, no separators. */
    public static String of(MemorySegment segment, long offset, int length) {
        return HexFormat.of().formatHex(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    }

    /** Lowercase hex of a byte array. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
