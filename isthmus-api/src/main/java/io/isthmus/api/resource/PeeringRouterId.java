package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a {@link PeeringRouter}: {@code pr-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record PeeringRouterId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "pr";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public PeeringRouterId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static PeeringRouterId random(RandomGenerator random) {
        return new PeeringRouterId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
