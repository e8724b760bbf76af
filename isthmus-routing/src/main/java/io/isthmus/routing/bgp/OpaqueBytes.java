package io.isthmus.routing.bgp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes carried without interpretation (unknown capabilities and attributes, COMMUNITIES, NOTIFICATION data), with
 * value equality so that the records holding them compare by content.
 *
 * @param bytes the bytes; copied in and never handed out, see {@link #toArray()}
 */
public record OpaqueBytes(byte[] bytes) {
    /** No bytes. */
    public static final OpaqueBytes EMPTY = new OpaqueBytes(new byte[0]);

    /** Copies {@code bytes}. */
    public OpaqueBytes {
        bytes = bytes.clone();
    }

    /** Reads the next {@code length} bytes of {@code in}, advancing its position. */
    static OpaqueBytes read(ByteBuffer in, int length) {
        byte[] copy = new byte[length];
        in.get(copy);
        return new OpaqueBytes(copy);
    }

    /** Parses hexadecimal digits, e.g. {@code "0004"}. */
    public static OpaqueBytes ofHex(String hex) {
        return new OpaqueBytes(HexFormat.of().parseHex(hex));
    }

    /** How many bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
