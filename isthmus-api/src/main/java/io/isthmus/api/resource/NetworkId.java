package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a network: {@code net-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record NetworkId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "net";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public NetworkId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static NetworkId random(RandomGenerator random) {
        return new NetworkId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
