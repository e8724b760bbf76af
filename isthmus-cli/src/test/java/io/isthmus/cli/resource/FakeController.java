package io.isthmus.cli.resource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for the controller's REST API: records every request and answers the canned responses queued with
 * {@link #answer}, in order; when none is queued it answers {@link #DEFAULT} (a network at version 7).
 */
final class FakeController implements AutoCloseable {
    static final String DEFAULT = """
        {"id":"net-0000000000aa","tenantId":"ten-0000000000aa","name":"old","cidrBlocks":["10.0.0.0/16"],\
        "networkId":5,"options":{"mtu":1400,"dnsServers":["10.0.0.2"],"dhcpLeaseSeconds":600,\
        "snmpCommunity":"s3cret","multicastAcrossSubnets":false},"version":7}""";

    /** A recorded request; header names in lower case. */
    record Request(String method, String uri, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Canned(int status, String contentType, String body, Long version) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Canned> answers = new ArrayDeque<>();

    FakeController() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL to give as {@code --endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues a JSON answer with an {@code ETag} of {@code version} (none when null). */
    FakeController answer(int status, String json, Long version) {
        synchronized (answers) {
            answers.add(new Canned(status, "application/json", json, version));
        }
        return this;
    }

    /** Queues a JSON answer without ETag. */
    FakeController answer(int status, String json) {
        return answer(status, json, null);
    }

    /** Queues a problem+json answer. */
    FakeController problem(int status, String json) {
        synchronized (answers) {
            answers.add(new Canned(status, "application/problem+json", json, null));
        }
        return this;
    }

    /** Queues an answer of another type (a proxy's error page). */
    FakeController raw(int status, String contentType, String body) {
        synchronized (answers) {
            answers.add(new Canned(status, contentType, body, null));
        }
        return this;
    }

    /** The requests received so far. */
    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The last request received. */
    Request last() {
        return requests().getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (requests) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                body));
        }
        Canned canned;
        synchronized (answers) {
            canned = answers.isEmpty() ? new Canned(200, "application/json", DEFAULT, 7L) : answers.poll();
        }
        if (canned.version() != null) {
            exchange.getResponseHeaders().set("ETag", "\"" + canned.version() + "\"");
        }
        if (canned.body() == null) {
            exchange.sendResponseHeaders(canned.status(), -1);
        } else {
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", canned.contentType());
            exchange.sendResponseHeaders(canned.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
