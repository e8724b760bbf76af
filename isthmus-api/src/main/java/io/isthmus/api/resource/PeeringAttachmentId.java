package io.isthmus.api.resource;

import java.util.random.RandomGenerator;

/** The id of a {@link PeeringAttachment}: {@code pa-} and {@value Ids#RANDOM_LENGTH} base32 characters (see {@link Ids}). */
public record PeeringAttachmentId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "pa";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public PeeringAttachmentId {
        Ids.check(PREFIX, value);
    }

    /** A fresh random id. */
    public static PeeringAttachmentId random(RandomGenerator random) {
        return new PeeringAttachmentId(Ids.random(PREFIX, random));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
