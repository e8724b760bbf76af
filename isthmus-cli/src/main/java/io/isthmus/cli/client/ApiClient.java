package io.isthmus.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The controller's REST API over {@link HttpClient}: one method sends a request with the bearer token, an optional
 * JSON body and an optional {@code If-Match}, and returns the JSON answer or throws {@link ApiException}.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Connection connection;
    private final HttpClient http;

    /** A client for the controller and token of {@code connection}. */
    public ApiClient(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * An answer.
     *
     * @param status the HTTP status (2xx)
     * @param body the JSON body, null for none (204)
     * @param version the version from the {@code ETag}, or null without one
     */
    public record Reply(int status, JsonNode body, Long version) {
    }

    /**
     * Sends a request.
     *
     * @param method the HTTP method
     * @param path the path from the endpoint, with its query ({@code /v1/networks?limit=10}); build ids into it with
     *             {@link #segment}
     * @param body the JSON body, or null for none
     * @param ifMatch the version for {@code If-Match: "N"}, or null for none
     * @throws ApiException on an error answer, or when the controller cannot be reached
     */
    public Reply send(String method, String path, JsonNode body, Long ifMatch) {
        URI uri = URI.create(connection.endpoint() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + connection.token())
            .header("Accept", "application/json, application/problem+json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", "\"" + ifMatch + "\"");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiException.unreachable(connection.endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unreachable(connection.endpoint(), e);
        }
        int status = response.statusCode();
        if (status >= 300) {
            throw ApiException.answer(status, response.body());
        }
        JsonNode json = Json.parseOrNull(response.body());
        if (json == null && !response.body().isBlank()) {
            throw ApiException.unreadable(uri, status);
        }
        return new Reply(status, json, version(response.headers().firstValue("ETag").orElse(null)));
    }

    /** {@code value} encoded as one path segment. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Long version(String etag) {
        if (etag == null) {
            return null;
        }
        String text = etag.strip();
        text = text.startsWith("W/") ? text.substring(2) : text;
        try {
            return Long.parseLong(text.replace("\"", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
