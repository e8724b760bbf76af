package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of an API token (not the secret): {@code tok-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record ApiTokenId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "tok";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public ApiTokenId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static ApiTokenId random(RandomGenerator random) {
        return new ApiTokenId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
