package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The body of an LSA of a type this speaker does not interpret (opaque LSAs, types 9 to 11 of RFC 5250, and any
 * other), kept as its bytes.
 *
 * @param bytes the body
 */
public record OpaqueLsa(byte[] bytes) implements LsaBody {
    /** Copies {@code bytes}. */
    public OpaqueLsa {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    static OpaqueLsa parse(ByteBuffer buffer, int offset, int length) {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        return new OpaqueLsa(copy);
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.put(offset, bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpaqueLsa that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "OpaqueLsa[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
