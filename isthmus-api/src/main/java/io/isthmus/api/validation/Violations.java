package io.isthmus.api.validation;

import io.isthmus.api.problem.FieldError;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;

/** Collects the field errors of one validation stage. */
final class Violations {
    private final List<FieldError> errors = new ArrayList<>();

    void add(String pointer, ProblemType type, String detail) {
        errors.add(new FieldError(pointer, type, detail));
    }

    void addAll(ValidationException e) {
        errors.addAll(e.errors());
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Ends a stage: throws if anything was found. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
