package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/**
 * The format shared by every {@link ResourceId}: a type prefix, a hyphen and {@value #RANDOM_LENGTH} characters of
 * lowercase Crockford base32 ({@code 0-9} and {@code a-z} without {@code i l o u}), e.g. {@code net-3fk9x2hq7m1c}.
 * 60 random bits: URL-safe, case-stable, readable aloud, and collision-free in practice (a store creating a
 * resource still refuses an existing id, and the caller draws again).
 */
public final class Ids {
    /** The characters after the prefix. */
    public static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    /** Number of random characters after the prefix. */
    public static final int RANDOM_LENGTH = 12;

    private Ids() {
    }

    /** A fresh id value {@code prefix-xxxxxxxxxxxx} drawn from {@code random}. */
    public static String random(String prefix, RandomGenerator random) {
        StringBuilder text = new StringBuilder(prefix.length() + 1 + RANDOM_LENGTH).append(prefix).append('-');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Returns {@code value} if it is a well-formed id with {@code prefix}; throws {@link IllegalArgumentException}. */
    public static String check(String prefix, String value) {
        if (value == null || !isValid(prefix, value)) {
            throw new IllegalArgumentException("not a " + prefix + " id: " + value);
        }
        return value;
    }

    /** Whether {@code value} is a well-formed id with {@code prefix}. */
    public static boolean isValid(String prefix, String value) {
        if (value.length() != prefix.length() + 1 + RANDOM_LENGTH || !value.startsWith(prefix)
            || value.charAt(prefix.length()) != '-') {
            return false;
        }
        for (int i = prefix.length() + 1; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The random part of an id value (after the prefix and hyphen). */
    static String suffix(String value) {
        return value.substring(value.indexOf('-') + 1);
    }
}
