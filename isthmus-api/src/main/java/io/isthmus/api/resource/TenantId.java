package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a tenant: {@code ten-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record TenantId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "ten";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public TenantId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static TenantId random(RandomGenerator random) {
        return new TenantId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
