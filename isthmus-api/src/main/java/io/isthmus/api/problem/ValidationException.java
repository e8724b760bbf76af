package io.isthmus.api.problem;

import java.net.URI;
import java.util.List;

/**
 * Thrown by a model rule that rejects a request: one or more {@link FieldError}s. The problem type of the whole
 * rejection ({@link #type()}) is that of the first error; rules check a request's own fields first and its conflicts
 * with existing state after, and throw at the end of each stage, so one exception never mixes a 400 with a 409.
 */
public final class ValidationException extends RuntimeException {
    private final transient List<FieldError> errors;

    /** An exception for {@code errors}, which must not be empty. */
    public ValidationException(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** An exception with one field error. */
    public static ValidationException of(ProblemType type, String pointer, String detail) {
        return new ValidationException(List.of(new FieldError(pointer, type, detail)));
    }

    private static String message(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one error");
        }
        StringBuilder text = new StringBuilder();
        for (FieldError error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(error.type().slug()).append(" at '").append(error.pointer()).append("': ")
                .append(error.detail());
        }
        return text.toString();
    }

    /** The problem type of the rejection: that of the first error. */
    public ProblemType type() {
        return errors.getFirst().type();
    }

    /** Every rejected field, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The problem document answered for this rejection of the request at {@code instance} (may be null). */
    public Problem toProblem(URI instance) {
        ProblemType type = type();
        String detail = errors.size() == 1 ? errors.getFirst().detail()
            : errors.size() + " fields rejected; see errors";
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, errors);
    }
}
