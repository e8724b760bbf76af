package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a node: {@code node-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record NodeId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "node";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public NodeId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static NodeId random(RandomGenerator random) {
        return new NodeId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
