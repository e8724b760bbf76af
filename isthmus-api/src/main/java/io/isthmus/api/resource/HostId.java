package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a host of the substrate: {@code host-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record HostId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "host";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public HostId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static HostId random(RandomGenerator random) {
        return new HostId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
