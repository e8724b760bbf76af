package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a subnet: {@code sub-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record SubnetId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "sub";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public SubnetId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static SubnetId random(RandomGenerator random) {
        return new SubnetId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
