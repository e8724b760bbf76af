package io.isthmus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests of the REST API over loopback. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(InetSocketAddress address) {
        this.base = "http://127.0.0.1:" + address.getPort();
    }

    /** One answer: status, ETag (or null), JSON body (or null), content type. */
    record Answer(int status, String etag, JsonNode body, String contentType) {
        String text(String field) {
            return body.path(field).asText();
        }

        String problemType() {
            return body.path("type").asText().replace("https://isthmus.dev/problems/", "");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer call(String method, String path, String token, Object body, String ifMatch) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("ETag").orElse(null), json,
                response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String token) {
        return call("GET", path, token, null, null);
    }

    Answer post(String path, String token, Object body) {
        return call("POST", path, token, body, null);
    }

    Answer delete(String path, String token) {
        return call("DELETE", path, token, null, null);
    }
}
