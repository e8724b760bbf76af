package io.isthmus.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A request that failed: the controller answered an error (its problem details rendered as lines), or could not be
 * reached. The command prints each line on standard error, the first after {@code isthmus: }, and exits with 1.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;

    private ApiException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    /** The lines to print: {@code title: detail}, then {@code   pointer: detail} per field error. */
    public List<String> lines() {
        return lines;
    }

    /** An error answer: problem details when the body is one, else the status and the start of the body. */
    static ApiException answer(int status, String body) {
        JsonNode problem = Json.parseOrNull(body);
        if (problem == null || !problem.isObject() || !problem.path("title").isTextual()) {
            String text = body.strip().lines().findFirst().orElse("");
            return new ApiException(List.of("HTTP " + status
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text))));
        }
        List<String> lines = new ArrayList<>();
        String detail = problem.path("detail").asText("");
        lines.add(problem.get("title").asText() + (detail.isEmpty() ? "" : ": " + detail));
        for (JsonNode error : problem.path("errors")) {
            String pointer = error.path("pointer").asText("");
            lines.add("  " + (pointer.isEmpty() ? "(body)" : pointer) + ": " + error.path("detail").asText(""));
        }
        return new ApiException(lines);
    }

    /** A 2xx answer this command cannot read. */
    static ApiException unreadable(URI uri, int status) {
        return new ApiException(List.of("the controller answered " + uri + " with " + status
            + " and a body that is not JSON"));
    }

    /** The controller could not be reached: {@code cannot reach the controller at URL: Connection refused}. */
    static ApiException unreachable(URI endpoint, Throwable cause) {
        String reason = null;
        for (Throwable t = cause; t != null && reason == null; t = t.getCause()) {
            reason = t.getMessage();
        }
        if (reason == null) {
            reason = cause instanceof java.net.ConnectException ? "Connection refused" : cause.getClass().getSimpleName();
        }
        return new ApiException(List.of("cannot reach the controller at " + endpoint + ": " + reason));
    }
}
