package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as a real process ({@code isthmus controller}) on loopback: its state survives a restart, and a
 * {@code kill -9} in the middle of a burst of creates loses none that were acknowledged.
 */
@Timeout(180)
class ControllerProcessSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("event=started api=(http://[^ ]+)");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private String endpoint;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void startController() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"), "io.isthmus.cli.IsthmusCommand", "controller",
            "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0")
            .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                endpoint = m.group(1);
                Thread.ofVirtual().start(() -> drain(out));
                return;
            }
        }
        throw new AssertionError("controller did not start:\n" + seen);
    }

    /** Keeps reading the controller's log so it never blocks on a full pipe; ends when the process does. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the log is not checked here
            }
        } catch (java.io.IOException e) {
            // the process was killed: its output is gone
        }
    }

    private HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode created(String path, String token, Object body) throws Exception {
        HttpResponse<String> response = send("POST", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private String operatorToken() throws Exception {
        return Files.readString(dataDir.resolve("operator-token")).strip();
    }

    private String tenantToken() throws Exception {
        String tenant = created("/v1/tenants", operatorToken(), Map.of("name", "acme")).path("id").asText();
        return created("/v1/tenants/" + tenant + "/tokens", operatorToken(), Map.of("name", "burst"))
            .path("secret").asText();
    }

    private Set<String> allNetworks(String token) throws Exception {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> page = send("GET", "/v1/networks?limit=500" + (cursor == null ? "" : "&cursor="
                + cursor), token, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.path("items").forEach(n -> ids.add(n.path("id").asText()));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    @Test
    void stateSurvivesAGracefulRestart() throws Exception {
        startController();
        String token = tenantToken();
        String network = created("/v1/networks", token, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"))).path("id").asText();
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        startController();
        assertThat(send("GET", "/v1/networks/" + network, token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void killDashNineDuringABurstLosesNoAcknowledgedCreate() throws Exception {
        startController();
        String token = tenantToken();
        for (int round = 0; round < 3; round++) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger sequence = new AtomicInteger();
            int killAfter = 40 + 30 * round;
            ExecutorService burst = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                burst.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        int i = sequence.incrementAndGet();
                        HttpResponse<String> response;
                        try {
                            response = send("POST", "/v1/networks", token, Map.of("name",
                                "r" + thread + "-" + i + "-" + System.nanoTime(), "cidrBlocks", List.of("10.0.0.0/16")));
                        } catch (Exception e) {
                            return null; // the controller died under us: this create was never acknowledged
                        }
                        if (response.statusCode() == 201) {
                            acknowledged.add(JSON.readTree(response.body()).path("id").asText());
                        }
                    }
                    return null;
                });
            }
            while (acknowledged.size() < killAfter) {
                Thread.sleep(5);
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            burst.shutdown();
            assertThat(burst.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            startController();
            Set<String> present = allNetworks(token);
            assertThat(present).as("round %d: every acknowledged create survives kill -9", round)
                .containsAll(acknowledged);
        }
    }
}
