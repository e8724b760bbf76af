package io.isthmus.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.isthmus.api.metrics.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (and {@code HEAD}) in the Prometheus text format on the JDK's HTTP server, one virtual
 * thread per request; any other path answers 404 and any other method 405. No authentication: bind it to a
 * management address (loopback by default in the CLI), as exporters usually are.
 */
public final class MetricsServer implements AutoCloseable {
    /** The path scraped. */
    public static final String PATH = "/metrics";
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<String> scrape;

    private MetricsServer(HttpServer server, ExecutorService executor, Supplier<String> scrape) {
        this.server = server;
        this.executor = executor;
        this.scrape = scrape;
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free one).
     *
     * @param scrape renders one scrape; called on each request
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<String> scrape) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        MetricsServer server = new MetricsServer(http, executor, scrape);
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "not found; metrics are at " + PATH + "\n", false);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "method not allowed\n", false);
            } else {
                String body;
                try {
                    body = scrape.get();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "metrics scrape failed", e);
                    send(exchange, 500, "scrape failed: " + e + "\n", false);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                send(exchange, 200, body, method.equals("HEAD"));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body, boolean headOnly) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        if (headOnly) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving (waiting up to one second for requests in flight). */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
