package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;

/**
 * Optimistic concurrency: a write that carries {@code If-Match} with the version the caller last read applies only
 * if the resource still has that version (RFC 9110 section 13.1.1); otherwise {@link ProblemType#VERSION_MISMATCH}
 * (412).
 */
public final class Versions {
    private Versions() {
    }

    /** Throws {@link ProblemType#VERSION_MISMATCH} unless {@code expected == current}. */
    public static void checkMatch(long expected, long current) {
        if (expected != current) {
            throw ValidationException.of(ProblemType.VERSION_MISMATCH, "",
                "the resource is at version " + current + ", not " + expected + "; read it again and retry");
        }
    }
}
