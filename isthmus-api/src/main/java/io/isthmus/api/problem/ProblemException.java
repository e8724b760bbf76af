package io.isthmus.api.problem;

import java.util.Objects;

/**
 * A request the controller refuses for a reason other than its fields (those are {@link ValidationException}): the
 * resource does not exist or belongs to someone else (not-found), the caller may not do this (forbidden), the
 * version does not match (version-mismatch), the store is unavailable. The REST layer renders {@link #type()} as
 * problem details.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The catalogue type of the problem. */
    public ProblemType type() {
        return type;
    }

    /** The problem, with the request path as its instance. */
    public Problem toProblem(java.net.URI instance) {
        return Problem.of(type, getMessage(), instance);
    }
}
