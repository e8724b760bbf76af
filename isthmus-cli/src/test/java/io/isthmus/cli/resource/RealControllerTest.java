package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.cli.CommandRun;
import io.isthmus.cli.client.Environment;
import io.isthmus.controller.Controller;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource verbs against a real controller on loopback: what the CLI sends, the API accepts, and back. */
class RealControllerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Controller controller;
    private String endpoint;
    private String operatorToken;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        endpoint = "http://127.0.0.1:" + controller.apiAddress().getPort();
        operatorToken = Files.readString(controller.operatorTokenFile()).strip();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private CommandRun run(String token, String... args) {
        return ApiRun.with(Environment.of(Map.of("ISTHMUS_ENDPOINT", endpoint, "ISTHMUS_TOKEN", token), null), args);
    }

    private JsonNode json(String token, String... args) throws Exception {
        CommandRun run = run(token, args);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void anOperatorAndATenantBuildANetworkWithTheCli() throws Exception {
        String tenant = json(operatorToken, "tenant", "create", "acme", "-o", "json").path("id").asText();
        String token = json(operatorToken, "token", "create", "--tenant", tenant, "cli", "-o", "json")
            .path("secret").asText();
        String host = json(operatorToken, "host", "register", "host-1", "--prefix", "2001:db8:0:100::/72",
            "-o", "json").path("id").asText();

        String network = json(token, "network", "create", "prod", "--cidr", "10.0.0.0/16", "-o", "json")
            .path("id").asText();
        String subnet = json(token, "subnet", "create", "--network", network, "web", "--cidr", "10.0.1.0/24",
            "-o", "json").path("id").asText();
        JsonNode node = json(token, "node", "create", "--network", network, "web-1", "--host", host,
            "--interface", subnet + "=10.0.1.10", "-o", "json");
        assertThat(node.path("interfaces").get(0).path("address").asText()).isEqualTo("10.0.1.10");
        JsonNode appliance = json(token, "node", "create", "--network", network, "fw", "--host", host,
            "--interface", subnet, "--appliance", "-o", "json");
        String via = appliance.path("id").asText() + ":" + appliance.path("interfaces").get(0).path("id").asText();
        json(token, "route", "add", "--subnet", subnet, "10.9.0.0/16", "--via", via, "-o", "json");

        CommandRun table = run(token, "route-table", "get", subnet);
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("10.9.0.0/16").contains("10.0.0.0/16");
        CommandRun nodes = run(token, "node", "list", "--network", network);
        assertThat(nodes.out()).contains("web-1").contains("10.0.1.10").contains("fw");
        CommandRun devices = run(token, "device", "list", "--network", network);
        assertThat(devices.out()).contains("10.0.1.1");

        CommandRun overlap = run(token, "subnet", "create", "--network", network, "again", "--cidr", "10.0.1.0/25");
        assertThat(overlap.exitCode()).isEqualTo(1);
        assertThat(overlap.err()).contains("Overlapping subnet").contains("/cidr");

        CommandRun otherTenant = run(operatorToken, "network", "get", network);
        assertThat(otherTenant.exitCode()).isEqualTo(1);
        assertThat(otherTenant.err()).contains("Forbidden");
    }
}
