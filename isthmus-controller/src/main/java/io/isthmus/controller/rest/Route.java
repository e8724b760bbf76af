package io.isthmus.controller.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: method, path template with {@code {name}} segments, who may call it, a one-line summary (also the
 * OpenAPI operation summary) and its handler.
 */
record Route(String method, String template, Access access, String summary, Handler handler) {

    /** Who may call an endpoint. */
    enum Access {
        /** The operator token only (hosts, tenants). */
        OPERATOR,
        /** A tenant token; the handler sees the tenant. */
        TENANT
    }

    /** Handles a call; returns the response or throws a problem. */
    @FunctionalInterface
    interface Handler {
        Response handle(Call call) throws Exception;
    }

    List<String> segments() {
        return split(template);
    }

    /** The path parameters when {@code path} matches this route's template, else null. */
    Map<String, String> match(List<String> path) {
        List<String> parts = segments();
        if (parts.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{")) {
                params.put(part.substring(1, part.length() - 1), path.get(i));
            } else if (!part.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}
