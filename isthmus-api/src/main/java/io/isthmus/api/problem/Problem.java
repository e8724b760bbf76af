package io.isthmus.api.problem;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem details document ({@code application/problem+json}): {@code type} (a URI of the
 * {@link ProblemType} catalogue), {@code title}, {@code status}, {@code detail}, {@code instance} (the request path,
 * or {@code null}), and the extension member {@code errors} listing the rejected fields (empty when the problem is
 * not about fields).
 */
public record Problem(URI type, String title, int status, String detail, URI instance, List<FieldError> errors) {

    /** Copies {@code errors}; {@code detail} and {@code instance} may be null. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = List.copyOf(errors);
    }

    /** A problem of a catalogue type, with no field errors. */
    public static Problem of(ProblemType type, String detail, URI instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, List.of());
    }

    /** The catalogue type of this problem. */
    public ProblemType problemType() {
        return ProblemType.ofUri(type);
    }
}
