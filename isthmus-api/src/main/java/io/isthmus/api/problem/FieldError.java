package io.isthmus.api.problem;

import java.util.Objects;

/**
 * One rejected field of a request: a JSON Pointer (RFC 6901) into the request body ({@code /cidrBlocks/1},
 * {@code /interfaces/0/address}; the empty string for the whole body), the problem type of this field, and a detail
 * that says what is wrong and, where it helps, what would be accepted. Listed in a {@link Problem}'s {@code errors}
 * extension member, as in RFC 9457 section 3's example.
 */
public record FieldError(String pointer, ProblemType type, String detail) {

    /** Rejects nulls. */
    public FieldError {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }
}
