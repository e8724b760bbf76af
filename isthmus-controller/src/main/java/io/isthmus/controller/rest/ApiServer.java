package io.isthmus.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.isthmus.api.metrics.PrometheusText;
import io.isthmus.api.problem.Problem;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.HostId;
import io.isthmus.controller.channel.AgentCredentials;
import io.isthmus.controller.channel.HostCounters;
import io.isthmus.controller.metering.MeteringService;
import io.isthmus.controller.peering.PeeringViews;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.store.StoreException;
import io.isthmus.controller.system.HostService;
import io.isthmus.controller.system.NetworkService;
import io.isthmus.controller.system.NodeService;
import io.isthmus.controller.system.PeeringService;
import io.isthmus.controller.system.Principal;
import io.isthmus.controller.system.TenantService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The REST API server: authenticates each request, dispatches it to its {@link Route}, and writes JSON, or problem
 * details for every failure. It also serves {@value #METRICS_PATH} to the operator: request counts by method and
 * status, and what the controller adds. Runs on the JDK's HTTP server with one virtual thread per request.
 */
public final class ApiServer implements AutoCloseable {
    /** The path of the controller's metrics (Prometheus text format, operator token). */
    public static final String METRICS_PATH = "/metrics";
    /** Largest request body accepted. */
    public static final int MAX_BODY = 1 << 20;
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes;
    private final TenantService tenants;
    private final byte[] operatorToken;
    private final byte[] openApi;
    private final Consumer<PrometheusText> metrics;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    private ApiServer(HttpServer server, List<Route> routes, TenantService tenants, String operatorToken,
                      Consumer<PrometheusText> metrics) {
        this.server = server;
        this.routes = routes;
        this.tenants = tenants;
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
        this.openApi = OpenApi.document(routes).toString().getBytes(StandardCharsets.UTF_8);
        this.metrics = metrics;
    }

    /**
     * Starts serving {@code /v1} on {@code address} (port 0 picks a free one).
     *
     * @param operatorToken the bearer secret of the operator (hosts and tenants)
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes) throws IOException {
        return start(address, operatorToken, tenants, hosts, networks, nodes, null);
    }

    /**
     * Starts serving {@code /v1} on {@code address} (port 0 picks a free one), with host credentials.
     *
     * @param operatorToken the bearer secret of the operator (hosts and tenants)
     * @param agentCredentials issues the agents' host tokens ({@code POST /v1/hosts/{hostId}/credentials}); null
     *     leaves that endpoint out
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes,
                                  AgentCredentials agentCredentials) throws IOException {
        return start(address, operatorToken, tenants, hosts, networks, nodes, agentCredentials, null, null);
    }

    /**
     * {@link #start(InetSocketAddress, String, TenantService, HostService, NetworkService, NodeService,
     * AgentCredentials, Function, Consumer, RoutingService)} without routing sessions.
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes,
                                  AgentCredentials agentCredentials,
                                  Function<HostId, Optional<HostCounters>> counterReports,
                                  Consumer<PrometheusText> metrics) throws IOException {
        return start(address, operatorToken, tenants, hosts, networks, nodes, agentCredentials, counterReports,
            metrics, null);
    }

    /**
     * Starts serving {@code /v1} and {@code /metrics} on {@code address} (port 0 picks a free one), with host
     * credentials and the agents' counter reports.
     *
     * @param operatorToken the bearer secret of the operator (hosts and tenants)
     * @param agentCredentials issues the agents' host tokens ({@code POST /v1/hosts/{hostId}/credentials}); null
     *     leaves that endpoint out
     * @param counterReports the last counter report of a host's agent ({@code GET /v1/hosts/{hostId}/counters});
     *     null leaves that endpoint out
     * @param metrics adds the controller's own families to a {@code GET /metrics} scrape (operator token), after
     *     the API's request counts; null serves the request counts only
     * @param routing the routing sessions the agents reported ({@code GET /v1/networks/{networkId}/routing/sessions},
     *     {@code GET /v1/routing/sessions}); null leaves those endpoints out
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes,
                                  AgentCredentials agentCredentials,
                                  Function<HostId, Optional<HostCounters>> counterReports,
                                  Consumer<PrometheusText> metrics, RoutingService routing) throws IOException {
        return start(address, operatorToken, tenants, hosts, networks, nodes, agentCredentials, counterReports,
            metrics, routing, null);
    }

    /**
     * {@link #start(InetSocketAddress, String, TenantService, HostService, NetworkService, NodeService,
     * AgentCredentials, Function, Consumer, RoutingService)} with peering routers and attachments
     * ({@code /v1/peering-routers}, {@code /v1/peering-attachments}); a null {@code peering} leaves them out.
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes,
                                  AgentCredentials agentCredentials,
                                  Function<HostId, Optional<HostCounters>> counterReports,
                                  Consumer<PrometheusText> metrics, RoutingService routing, PeeringService peering)
        throws IOException {
        return start(address, operatorToken, tenants, hosts, networks, nodes, agentCredentials, counterReports,
            metrics, routing, peering, null, null);
    }

    /**
     * {@link #start(InetSocketAddress, String, TenantService, HostService, NetworkService, NodeService,
     * AgentCredentials, Function, Consumer, RoutingService, PeeringService)} with the networks' peering views
     * ({@code GET /v1/networks/{networkId}/peering}, and the peering paths of the effective route tables) and metering
     * (attachments' usage, invoices, {@code /v1/fee-schedule}); a null {@code views} or {@code metering} leaves those
     * out.
     */
    public static ApiServer start(InetSocketAddress address, String operatorToken, TenantService tenants,
                                  HostService hosts, NetworkService networks, NodeService nodes,
                                  AgentCredentials agentCredentials,
                                  Function<HostId, Optional<HostCounters>> counterReports,
                                  Consumer<PrometheusText> metrics, RoutingService routing, PeeringService peering,
                                  PeeringViews views, MeteringService metering)
        throws IOException {
        if (operatorToken == null || operatorToken.length() < 16) {
            throw new IllegalArgumentException("the operator token must have at least 16 characters");
        }
        HttpServer http = HttpServer.create(address, 128);
        ApiServer api = new ApiServer(http,
            ApiRoutes.all(tenants, hosts, networks, nodes, agentCredentials, counterReports, routing, peering,
                views, metering), tenants,
            operatorToken,
            metrics);
        http.createContext("/", api::handle);
        http.setExecutor(api.executor);
        http.start();
        return api;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        long started = System.nanoTime();
        int status;
        try {
            status = dispatch(exchange, method, uri);
        } catch (ValidationException e) {
            status = sendProblem(exchange, e.toProblem(URI.create(uri.getPath())));
        } catch (ProblemException e) {
            status = sendProblem(exchange, e.toProblem(URI.create(uri.getPath())));
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "store failure on " + method + " " + uri.getPath(), e);
            status = sendProblem(exchange, Problem.of(ProblemType.STORE_UNAVAILABLE, e.getMessage(),
                URI.create(uri.getPath())));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "failure on " + method + " " + uri.getPath(), e);
            status = sendProblem(exchange, new Problem(URI.create("about:blank"), "Internal Server Error", 500,
                "the controller failed on this request; see its log", URI.create(uri.getPath()), List.of()));
        } finally {
            exchange.close();
        }
        int answered = status;
        // Method names are the client's: unknown ones share one series so the metric stays bounded.
        String counted = KNOWN_METHODS.contains(method) ? method : "OTHER";
        requests.computeIfAbsent(counted + " " + status, k -> new LongAdder()).increment();
        LOG.log(Level.INFO, () -> "event=request method=" + method + " path=" + uri.getPath() + " status=" + answered
            + " micros=" + (System.nanoTime() - started) / 1000);
    }

    private int dispatch(HttpExchange exchange, String method, URI uri) throws IOException {
        List<String> path = Route.split(uri.getRawPath());
        if (method.equals("GET") && uri.getPath().equals("/v1/openapi.json")) {
            return send(exchange, 200, "application/json", openApi, 0);
        }
        if (uri.getPath().equals(METRICS_PATH)) {
            if (!method.equals("GET")) {
                return sendProblem(exchange, new Problem(URI.create("about:blank"), "Method Not Allowed", 405,
                    method + " is not allowed on " + METRICS_PATH, URI.create(uri.getPath()), List.of()));
            }
            if (!(authenticate(exchange) instanceof Principal.Operator)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "the metrics take the operator token");
            }
            return send(exchange, 200, PrometheusText.CONTENT_TYPE, scrape().getBytes(StandardCharsets.UTF_8), 0);
        }
        Route matched = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> p = route.match(path);
            if (p != null) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    matched = route;
                    params = p;
                    break;
                }
            }
        }
        if (matched == null) {
            if (pathKnown) {
                return sendProblem(exchange, new Problem(URI.create("about:blank"), "Method Not Allowed", 405,
                    method + " is not allowed on " + uri.getPath(), URI.create(uri.getPath()), List.of()));
            }
            throw new ProblemException(ProblemType.NOT_FOUND, "no endpoint " + uri.getPath());
        }
        Principal principal = authenticate(exchange);
        boolean operator = principal instanceof Principal.Operator;
        if ((matched.access() == Route.Access.OPERATOR) != operator) {
            // A tenant asking for operator endpoints, or the operator for a tenant's: neither exists for them.
            throw new ProblemException(ProblemType.FORBIDDEN,
                operator ? "tenant endpoints take a tenant's token" : "this endpoint takes the operator token");
        }
        Map<String, String> decoded = new LinkedHashMap<>();
        params.forEach((k, v) -> decoded.put(k, URLDecoder.decode(v, StandardCharsets.UTF_8)));
        Call call = new Call(principal, decoded, query(uri), body(exchange), ifMatch(exchange));
        Response response;
        try {
            response = matched.handler().handle(call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = response.body() == null ? null : JSON.writeValueAsBytes(response.body());
        return send(exchange, response.status(), "application/json", bytes, response.version());
    }

    /** One scrape: the API's request counts (those answered before this one), then the controller's families. */
    private String scrape() {
        PrometheusText text = new PrometheusText();
        text.family("isthmus_controller_api_requests_total", PrometheusText.Type.COUNTER,
            "REST API requests answered, by method and status code.");
        new TreeMap<>(requests).forEach((key, count) -> {
            int space = key.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("method", key.substring(0, space));
            labels.put("status", key.substring(space + 1));
            text.sample(labels, count.sum());
        });
        if (metrics != null) {
            metrics.accept(text);
        }
        return text.toString();
    }

    private Principal authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "send 'Authorization: Bearer <token>'");
        }
        String secret = header.substring(7).strip();
        if (MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), operatorToken)) {
            return new Principal.Operator();
        }
        Optional<Principal.Tenant> tenant = tenants.authenticate(secret);
        return tenant.orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
            "the token is unknown, revoked or expired"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw ValidationException.of(ProblemType.INVALID_FIELD, "", "the request body exceeds "
                    + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                return null;
            }
            try {
                return JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw ValidationException.of(ProblemType.INVALID_FIELD, "", "the request body is not JSON: "
                    + e.getOriginalMessage());
            }
        }
    }

    /** The version named by {@code If-Match: "N"} (0 without the header); {@code *} also means any. */
    private static long ifMatch(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("If-Match");
        if (header == null || header.strip().equals("*")) {
            return 0;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            try {
                long version = Long.parseLong(value.substring(1, value.length() - 1));
                if (version > 0) {
                    return version;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw ValidationException.of(ProblemType.INVALID_FIELD, "/header/If-Match",
            "If-Match must be an ETag this API returned, like \"42\"");
    }

    private static int sendProblem(HttpExchange exchange, Problem problem) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Representations.problem(problem));
        if (problem.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"isthmus\"");
        }
        return send(exchange, problem.status(), "application/problem+json", bytes, 0);
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body, long version)
        throws IOException {
        if (version > 0) {
            exchange.getResponseHeaders().set("ETag", "\"" + version + "\"");
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }
}
