package io.isthmus.controller.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** Key validation and the UTF-8 byte form the stores order and compare keys by. */
final class Keys {
    private Keys() {
    }

    /**
     * @param key a key
     * @throws IllegalArgumentException if the key is empty or not encodable as UTF-8
     */
    static void check(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) throw new IllegalArgumentException("empty key");
        checkEncodable(key);
    }

    /**
     * @param prefix a prefix, possibly empty (all keys)
     * @throws IllegalArgumentException if not encodable as UTF-8
     */
    static void checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        checkEncodable(prefix);
    }

    private static void checkEncodable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("key has an unpaired surrogate at index " + i);
            }
        }
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The smallest byte string greater than every string that starts with {@code prefix}
     * (etcd's {@code GetPrefixRangeEnd}), or {@code null} when there is none (empty prefix or all
     * bytes 0xff): the range is then unbounded above.
     */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }
}
