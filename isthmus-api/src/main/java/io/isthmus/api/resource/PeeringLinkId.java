package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a {@link PeeringLink}: {@code pl-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record PeeringLinkId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "pl";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public PeeringLinkId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static PeeringLinkId random(RandomGenerator random) {
        return new PeeringLinkId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
