package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    @TempDir
    Path dataDir;

    private ControllerProcess controller;
    private ApiClient api;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
    }

    private void start() throws Exception {
        controller = ControllerProcess.start(dataDir);
        api = new ApiClient(controller.api());
    }

    private String created(String path, String token, Object body) {
        ApiClient.Answer answer = api.post(path, token, body);
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return answer.text("id").isEmpty() ? answer.text("secret") : answer.text("id");
    }

    private String tenantToken() throws Exception {
        String tenant = created("/v1/tenants", controller.operatorToken(), Map.of("name", "acme"));
        ApiClient.Answer token = api.post("/v1/tenants/" + tenant + "/tokens", controller.operatorToken(),
            Map.of("name", "burst"));
        assertThat(token.status()).as("%s", token).isEqualTo(201);
        return token.text("secret");
    }

    private Set<String> allNetworks(String token) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            ApiClient.Answer page = api.get("/v1/networks?limit=500" + (cursor == null ? "" : "&cursor=" + cursor),
                token);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.body().path("items").forEach(n -> ids.add(n.path("id").asText()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.text("nextCursor");
        } while (cursor != null);
        return ids;
    }

    @Test
    void stateSurvivesAGracefulRestart() throws Exception {
        start();
        String token = tenantToken();
        String network = created("/v1/networks", token, Map.of("name", "prod", "cidrBlocks", List.of("10.0.0.0/16")));
        controller.stop();
        start();
        assertThat(api.get("/v1/networks/" + network, token).status()).isEqualTo(200);
    }

    @Test
    void killDashNineDuringABurstLosesNoAcknowledgedCreate() throws Exception {
        start();
        String token = tenantToken();
        for (int round = 0; round < 3; round++) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger sequence = new AtomicInteger();
            int killAfter = 40 + 30 * round;
            ApiClient burstClient = api;
            ExecutorService burst = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                burst.submit(() -> {
                    while (true) {
                        ApiClient.Answer answer;
                        try {
                            answer = burstClient.post("/v1/networks", token, Map.of("name",
                                "burst-" + sequence.incrementAndGet(), "cidrBlocks", List.of("10.0.0.0/16")));
                        } catch (RuntimeException e) {
                            return; // the controller died under us: this create was never acknowledged
                        }
                        if (answer.status() == 201) {
                            acknowledged.add(answer.text("id"));
                        }
                    }
                });
            }
            while (acknowledged.size() < killAfter) {
                Thread.sleep(5);
            }
            controller.kill();
            burst.shutdown();
            assertThat(burst.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            start();
            assertThat(allNetworks(token)).as("round %d: every acknowledged create survives kill -9", round)
                .containsAll(acknowledged);
        }
    }
}
