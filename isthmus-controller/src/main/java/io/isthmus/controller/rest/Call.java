package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.TenantId;
import io.isthmus.controller.system.Principal;
import java.util.Map;

/**
 * One authenticated request as a handler sees it: the caller, the path parameters, the query, the parsed body and
 * the {@code If-Match} version (0 when absent).
 */
record Call(Principal principal, Map<String, String> path, Map<String, String> query, JsonNode body, long ifVersion) {

    /** A path parameter. */
    String param(String name) {
        return path.get(name);
    }

    /** The calling tenant; only routes with {@link Route.Access#TENANT} are called by tenants. */
    TenantId tenant() {
        if (principal instanceof Principal.Tenant tenant) {
            return tenant.tenantId();
        }
        throw new ProblemException(ProblemType.FORBIDDEN, "this endpoint is for tenants");
    }

    /** {@code limit} from the query: 1..500, default 100. */
    int limit() {
        String text = query.get("limit");
        if (text == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw io.isthmus.api.problem.ValidationException.of(ProblemType.INVALID_FIELD, "/query/limit",
            "limit must be a whole number from 1 to 500, was '" + text + "'");
    }

    /** {@code cursor} from the query, or null. */
    String cursor() {
        return query.get("cursor");
    }
}
