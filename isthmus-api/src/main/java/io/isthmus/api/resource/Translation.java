package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * A 1:1 prefix translation of an attached network's block: peers see {@code block} as {@code representative}, a
 * prefix of the same length (address {@code block + i} appears as {@code representative + i}).
 */
public record Translation(Ipv4Prefix block, Ipv4Prefix representative) {
    /** Rejects nulls (validation checks the lengths, so that a caller's mistake is a field error). */
    public Translation {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(representative, "representative");
    }
}
