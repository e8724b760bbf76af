package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.cli.CommandRun;
import io.isthmus.cli.client.Environment;
import io.isthmus.api.resource.HostId;
import io.isthmus.controller.Controller;
import io.isthmus.controller.metering.TrafficGrowth;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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

    private String tenantToken(String name) throws Exception {
        String tenant = json(operatorToken, "tenant", "create", name, "-o", "json").path("id").asText();
        return json(operatorToken, "token", "create", "--tenant", tenant, "cli", "-o", "json").path("secret").asText();
    }

    @Test
    void twoTenantsPeerTheirNetworksWithTheCli() throws Exception {
        String x = tenantToken("x");
        String y = tenantToken("y");
        String nx = json(x, "network", "create", "nx", "--cidr", "10.0.0.0/24", "-o", "json").path("id").asText();
        String ny = json(y, "network", "create", "ny", "--cidr", "10.0.0.0/24", "-o", "json").path("id").asText();
        JsonNode router = json(x, "peering-router", "create", "hub", "--window", "mon,tue,wed,thu,fri,sat,sun@00:00-00:00",
            "--max-duration", "86400", "-o", "json");
        String hub = router.path("id").asText();
        assertThat(router.path("restrictions").path("windows").get(0).path("days")).hasSize(7);
        json(x, "peering-attachment", "create", "--router", hub, "--network", nx, "--rule", "out any", "-o", "json");

        CommandRun refused = run(y, "peering-attachment", "create", "--router", hub, "--network", ny);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Overlapping peering range").contains("10.0.1.0/24 is free");

        JsonNode pending = json(y, "peering-attachment", "create", "--router", hub, "--network", ny,
            "--overlap", "translate", "--represent", "10.0.0.0/24=210.0.0.0/24", "--rule", "in tcp:80 10.0.0.5/32",
            "--responses-only", "-o", "json");
        assertThat(pending.path("state").asText()).isEqualTo("pending-acceptance");
        assertThat(pending.path("policy").path("rules").get(0).path("toPort").asInt()).isEqualTo(80);
        String attachment = pending.path("id").asText();

        CommandRun notOwner = run(y, "peering-router", "get", hub);
        assertThat(notOwner.exitCode()).isEqualTo(1);
        assertThat(notOwner.err()).contains("Not found");
        CommandRun list = run(x, "peering-attachment", "list", "--router", hub);
        assertThat(list.out()).contains(attachment).contains("10.0.0.0/24=210.0.0.0/24").contains("pending");

        JsonNode active = json(x, "peering-attachment", "accept", attachment, "-o", "json");
        assertThat(active.path("state").asText()).isEqualTo("active");
        assertThat(active.path("expiresAt").isNull()).isFalse();
        assertThat(run(y, "peering-attachment", "list").out()).contains(attachment).contains("active");
        // The controller computes the networks' peering views a moment after the change.
        CommandRun view = run(x, "network", "peering", nx);
        for (int i = 0; i < 50 && !view.out().contains("210.0.0.0/24"); i++) {
            Thread.sleep(100);
            view = run(x, "network", "peering", nx);
        }
        assertThat(view.out()).contains("210.0.0.0/24").contains("10.0.0.0/24").contains(ny)
            .contains("PEER-RESPONSES-ONLY");
        String hop = json(x, "network", "peering", nx, "-o", "json").path("peers").get(0).path("routers").get(0)
            .path("hop").asText();
        assertThat(io.isthmus.wire.Ipv4Address.parse(hop) & 0xffc0_0000).as("hop %s in 100.64.0.0/10", hop)
            .isEqualTo(io.isthmus.wire.Ipv4Address.parse("100.64.0.0"));
        JsonNode seenByY = json(y, "network", "peering", ny, "-o", "json").path("peers").get(0);
        assertThat(seenByY.path("peerPrefix").asText()).isEqualTo("10.0.0.0/24");
        assertThat(seenByY.path("prefix").asText()).as("an import representative: y's own block is 10.0.0.0/24")
            .isNotEqualTo("10.0.0.0/24");

        CommandRun inUse = run(x, "peering-router", "delete", hub);
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err()).contains("Peering router has attachments");
        JsonNode renamed = json(x, "peering-router", "update", hub, "--name", "core", "--pre-approved", "-o", "json");
        assertThat(renamed.path("restrictions").path("preApproved").asBoolean()).isTrue();
        assertThat(renamed.path("restrictions").path("maxAttachmentSeconds").asLong()).isEqualTo(86400);

        assertThat(run(y, "peering-attachment", "delete", attachment).exitCode()).isZero();
        String mine = json(x, "peering-attachment", "list", "--network", nx, "-o", "json").path("items").get(0)
            .path("id").asText();
        assertThat(run(x, "peering-attachment", "delete", mine).exitCode()).isZero();
        assertThat(run(x, "peering-router", "delete", hub).exitCode()).isZero();
    }

    @Test
    void theOperatorPricesPeeringAndTenantsSeeUsageAndInvoicesWithTheCli() throws Exception {
        String tenant = json(operatorToken, "tenant", "create", "x", "-o", "json").path("id").asText();
        String x = json(operatorToken, "token", "create", "--tenant", tenant, "cli", "-o", "json").path("secret")
            .asText();
        String nx = json(x, "network", "create", "nx", "--cidr", "10.0.0.0/24", "-o", "json").path("id").asText();
        String hub = json(x, "peering-router", "create", "hub", "-o", "json").path("id").asText();
        String attachment = json(x, "peering-attachment", "create", "--router", hub, "--network", nx, "-o", "json")
            .path("id").asText();
        // 3 GB out of nx, as an agent would report them
        controller.metering().ledger().report(new HostId("host-111111111111"), "boot-1",
            Map.of(new TrafficGrowth.Pair(attachment, "pa-000000000000"),
                new TrafficGrowth.Counts(2_000_000, 3_000_000_000L)), Set.of());

        JsonNode usage = json(x, "peering-attachment", "usage", attachment, "-o", "json");
        assertThat(usage.path("bytesOut").asLong()).isEqualTo(3_000_000_000L);
        CommandRun table = run(x, "peering-attachment", "usage", attachment, "--from", "2000-01-01T00:00:00Z",
            "--to", "2100-01-01T00:00:00Z");
        assertThat(table.out()).contains("BYTES-OUT").contains("3000000000").contains("2000-01-01T00:00:00Z");

        JsonNode fees = json(operatorToken, "fee-schedule", "set", "--currency", "EUR", "--gb-out", "0.5", "-o",
            "json");
        assertThat(fees.path("gigabyteOut").asText()).isEqualTo("0.5");
        json(operatorToken, "fee-schedule", "set", "--routing-updates", "0.25", "-o", "json");
        CommandRun get = run(operatorToken, "fee-schedule", "get");
        assertThat(get.out()).contains("EUR").contains("0.5").contains("0.25");
        CommandRun negative = run(operatorToken, "fee-schedule", "set", "--gb-in", "-1");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err()).contains("gigabyteIn");
        assertThat(run(x, "fee-schedule", "get").exitCode()).isEqualTo(1);

        JsonNode invoice = json(operatorToken, "invoice", tenant, "-o", "json");
        assertThat(invoice.path("currency").asText()).isEqualTo("EUR");
        assertThat(invoice.path("total").asText()).isEqualTo("1.50");
        CommandRun own = run(x, "invoice");
        assertThat(own.exitCode()).as("%s", own).isZero();
        assertThat(own.out()).contains("gigabytes-out").contains("1.50").contains(attachment);
    }

    @Test
    void twoOwnersLinkTheirRoutersWithTheCli() throws Exception {
        String x = tenantToken("x");
        String y = tenantToken("y");
        String hub = json(x, "peering-router", "create", "hub", "-o", "json").path("id").asText();
        String other = json(y, "peering-router", "create", "other", "-o", "json").path("id").asText();
        JsonNode link = json(x, "peering-router", "link", hub, other, "-o", "json");
        assertThat(link.path("state").asText()).isEqualTo("pending-acceptance");
        CommandRun notTheirs = run(x, "peering-link", "accept", link.path("id").asText());
        assertThat(notTheirs.exitCode()).isEqualTo(1);
        assertThat(notTheirs.err()).contains("Invalid attachment transition");
        assertThat(json(y, "peering-link", "accept", link.path("id").asText(), "-o", "json").path("state").asText())
            .isEqualTo("active");
        assertThat(run(y, "peering-router", "links", other).out()).contains(hub).contains("active");
        assertThat(run(x, "peering-link", "delete", link.path("id").asText()).exitCode()).isZero();
        assertThat(run(x, "peering-router", "delete", hub).exitCode()).isZero();
    }
}
