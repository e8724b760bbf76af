package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 document of the API, derived from the route table so that it cannot drift from what is served:
 * every path, method, summary, path parameter, the bearer security scheme, and the problem-details responses.
 */
final class OpenApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenApi() {
    }

    static ObjectNode document(List<Route> routes) {
        ObjectNode doc = JSON.objectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Isthmus controller API").put("version", "v1")
            .put("description", "Tenants, hosts, networks, subnets, route tables, virtual routers and nodes. "
                + "Errors are RFC 9457 problem details; conditional updates use ETag and If-Match; listings take "
                + "limit and cursor.");
        doc.putObject("components").putObject("securitySchemes").putObject("bearer")
            .put("type", "http").put("scheme", "bearer");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = doc.putObject("paths");
        for (Route route : routes) {
            ObjectNode path = paths.has(route.template()) ? (ObjectNode) paths.get(route.template())
                : paths.putObject(route.template());
            ObjectNode op = path.putObject(route.method().toLowerCase(Locale.ROOT));
            op.put("summary", route.summary());
            op.putArray("tags").add(route.access() == Route.Access.OPERATOR ? "operator" : "tenant");
            var parameters = op.putArray("parameters");
            for (String segment : route.segments()) {
                if (segment.startsWith("{")) {
                    parameters.addObject().put("name", segment.substring(1, segment.length() - 1))
                        .put("in", "path").put("required", true).putObject("schema").put("type", "string");
                }
            }
            if (periodic(route)) {
                parameters.addObject().put("name", "from").put("in", "query").putObject("schema")
                    .put("type", "string").put("format", "date-time");
                parameters.addObject().put("name", "to").put("in", "query").putObject("schema")
                    .put("type", "string").put("format", "date-time");
            } else if (route.method().equals("GET") && !route.template().endsWith("}")
                && !route.template().equals("/v1/fee-schedule")) {
                parameters.addObject().put("name", "limit").put("in", "query").putObject("schema")
                    .put("type", "integer").put("minimum", 1).put("maximum", 500);
                parameters.addObject().put("name", "cursor").put("in", "query").putObject("schema")
                    .put("type", "string");
            }
            if (!route.method().equals("GET") && !route.method().equals("POST")) {
                parameters.addObject().put("name", "If-Match").put("in", "header").putObject("schema")
                    .put("type", "string");
            }
            ObjectNode responses = op.putObject("responses");
            responses.putObject(route.method().equals("POST") ? "201" : route.method().equals("DELETE") ? "204" : "200")
                .put("description", "success");
            responses.putObject("default").put("description", "problem details (application/problem+json)");
        }
        return doc;
    }

    /** Whether a route answers for a period ({@code from}, {@code to}) rather than a page. */
    private static boolean periodic(Route route) {
        return route.template().endsWith("/usage") || route.template().endsWith("/invoice");
    }
}
