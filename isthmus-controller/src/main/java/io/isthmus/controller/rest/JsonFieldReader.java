package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.api.problem.FieldError;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the readers of request bodies share: the field errors found so far, each with its JSON pointer, reported
 * together by {@link #throwIfInvalid()}, and the readers of integer and boolean fields of a JSON object.
 */
abstract class JsonFieldReader {
    private final List<FieldError> errors = new ArrayList<>();

    /** Records that the field at {@code pointer} is invalid. */
    final void invalid(String pointer, String detail) {
        errors.add(new FieldError(pointer, ProblemType.INVALID_FIELD, detail));
    }

    /** Throws every error recorded, at once, if there is any. */
    final void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The int in {@code object}'s {@code field}, or {@code absent} when it is missing, null or invalid. */
    final int integer(JsonNode object, String pointer, String field, int absent) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            invalid(pointer, "must be an integer");
            return absent;
        }
        return node.intValue();
    }

    /** The long in {@code object}'s {@code field}, or {@code absent} when it is missing, null or invalid. */
    final long longInteger(JsonNode object, String pointer, String field, long absent) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            invalid(pointer, "must be an integer");
            return absent;
        }
        return node.longValue();
    }

    /** The boolean in {@code object}'s {@code field}, or {@code absent} when it is missing, null or invalid. */
    final boolean bool(JsonNode object, String pointer, String field, boolean absent) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            invalid(pointer, "must be true or false");
            return absent;
        }
        return node.booleanValue();
    }
}
