package io.isthmus.controller.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key and its value as stored, with etcd's revision fields.
 *
 * <ul>
 *   <li>{@code createRevision}: the store revision of the put that created the key (since its
 *       last delete);</li>
 *   <li>{@code modRevision}: the store revision of the key's last put;</li>
 *   <li>{@code version}: the number of puts since creation, 1 after the creating put; a delete
 *       removes the key, so a put after a delete starts again at 1 with a new createRevision.</li>
 * </ul>
 *
 * In a {@link Event.Type#DELETE DELETE} event's {@link Event#kv()}, as in etcd, only the key and
 * {@code modRevision} (the revision of the delete) are set: the value is empty and the other
 * fields are 0.
 *
 * <p>The value array is copied in and out, so a {@code KeyValue} is immutable.
 *
 * @param key the key, a '/'-separated path
 * @param value the value bytes (copied; never {@code null})
 * @param createRevision revision that created the key
 * @param modRevision revision of the last modification
 * @param version puts since creation
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

    /** Validates and copies the value. */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
    }

    /** {@return a copy of the value bytes} */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** {@return the value decoded as UTF-8} */
    public String valueUtf8() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Compares the value with other bytes.
     *
     * @param other bytes to compare with
     * @return whether the value equals {@code other}, without copying
     */
    public boolean valueEquals(byte[] other) {
        return Arrays.equals(value, other);
    }

    /** {@return the value's length in bytes, without copying} */
    public int valueLength() {
        return value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv
                && key.equals(kv.key)
                && createRevision == kv.createRevision
                && modRevision == kv.modRevision
                && version == kv.version
                && Arrays.equals(value, kv.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, createRevision, modRevision, version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String shown = value.length <= 32 ? HexFormat.of().formatHex(value)
                : HexFormat.of().formatHex(value, 0, 32) + "...";
        return "KeyValue[key=" + key + ", value=" + shown + " (" + value.length + " B), createRevision="
                + createRevision + ", modRevision=" + modRevision + ", version=" + version + "]";
    }
}
