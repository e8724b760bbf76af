package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a node's interface: {@code if-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record InterfaceId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "if";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public InterfaceId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static InterfaceId random(RandomGenerator random) {
        return new InterfaceId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
