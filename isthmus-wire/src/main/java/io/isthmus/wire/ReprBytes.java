package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/** Byte-array plumbing shared by the value records: copies between views and arrays, range checks. */
final class ReprBytes {
    private ReprBytes() {
    }

    /** A copy of the bytes {@code [from, to)} of the view's window. */
    static byte[] read(PacketView view, int from, int to) {
        return view.segment().asSlice(view.offset() + from, to - from).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Copies {@code bytes} into the view's window at {@code at}. */
    static void write(PacketView view, int at, byte[] bytes) {
        MemorySegment.copy(bytes, 0, view.segment(), ValueLayout.JAVA_BYTE, view.offset() + at, bytes.length);
    }

    /** Checks that the view's window can hold {@code needed} bytes, then shortens it to exactly that. */
    static void fit(PacketView view, int needed, String what) {
        if (view.length() < needed) {
            throw new IllegalArgumentException(what + " needs " + needed + " bytes, the view has " + view.length());
        }
        view.truncate(needed);
    }

    /** Throws unless {@code 0 <= value <= max}. */
    static int range(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ": " + value);
        }
        return value;
    }

    /** Throws unless {@code 0 <= value <= max}. */
    static long range(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ": " + value);
        }
        return value;
    }

    /** A defensive copy of a non-null array no longer than {@code max}. */
    static byte[] copy(String name, byte[] bytes, int max) {
        if (bytes == null) {
            throw new NullPointerException(name);
        }
        if (bytes.length > max) {
            throw new IllegalArgumentException(name + " is " + bytes.length + " bytes, at most " + max + " fit");
        }
        return bytes.clone();
    }

    /** Lowercase hex, for records' {@code toString}. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
