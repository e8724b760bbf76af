package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a handler answers: a status, an optional JSON body, and an optional resource version that becomes the
 * {@code ETag}.
 */
record Response(int status, JsonNode body, long version) {
    static Response ok(JsonNode body, long version) {
        return new Response(200, body, version);
    }

    static Response ok(JsonNode body) {
        return new Response(200, body, 0);
    }

    static Response created(JsonNode body, long version) {
        return new Response(201, body, version);
    }

    static Response noContent() {
        return new Response(204, null, 0);
    }
}
