package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.controller.channel.AgentCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API of a real controller process (embedded store in a temporary directory) over loopback HTTP: every resource,
 * the validation problems, authentication, cross-tenant isolation on every tenant endpoint, conditional updates,
 * pagination, and the one-winner race.
 */
class ApiIntegrationTest {
    @TempDir
    Path dataDir;

    private ControllerProcess controller;
    private ApiClient api;
    private String operator;
    private String tokenA;
    private String tokenB;
    private String hostId;

    @BeforeEach
    void start() throws Exception {
        controller = ControllerProcess.start(dataDir);
        api = new ApiClient(controller.api());
        operator = controller.operatorToken();
        tokenA = tenantToken("acme");
        tokenB = tenantToken("globex");
        ApiClient.Answer host = api.post("/v1/hosts", operator,
            Map.of("name", "host-one", "substratePrefix", "2001:db8:0:100::/72"));
        assertThat(host.status()).as("%s", host).isEqualTo(201);
        hostId = host.text("id");
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
    }

    private String tenantToken(String name) {
        ApiClient.Answer tenant = api.post("/v1/tenants", operator, Map.of("name", name));
        assertThat(tenant.status()).as("%s", tenant).isEqualTo(201);
        ApiClient.Answer token = api.post("/v1/tenants/" + tenant.text("id") + "/tokens", operator,
            Map.of("name", "cli"));
        assertThat(token.status()).as("%s", token).isEqualTo(201);
        return token.text("secret");
    }

    private ApiClient.Answer created(ApiClient.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        assertThat(answer.etag()).isEqualTo("\"" + answer.body().path("version").asLong() + "\"");
        return answer;
    }

    private void problem(ApiClient.Answer answer, int status, String type) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.problemType()).as("%s", answer).isEqualTo(type);
    }

    private String network(String token, String cidr) {
        return created(api.post("/v1/networks", token, Map.of("name", "net-" + Math.abs(cidr.hashCode()),
            "cidrBlocks", List.of(cidr)))).text("id");
    }

    private String subnet(String token, String network, String cidr) {
        return created(api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", "sub-" + Math.abs(cidr.hashCode()), "cidr", cidr))).text("id");
    }

    private ApiClient.Answer node(String token, String network, String name, String subnet, String address,
                                  boolean sourceDestCheck) {
        Map<String, Object> nic = address == null ? Map.of("subnetId", subnet)
            : Map.of("subnetId", subnet, "address", address);
        return api.post("/v1/networks/" + network + "/nodes", token, Map.of("name", name, "hostId", hostId,
            "sourceDestCheck", sourceDestCheck, "interfaces", List.of(nic)));
    }

    @Test
    void aTenantBuildsANetworkWithSubnetsNodesRoutesAndDevices() {
        ApiClient.Answer net = created(api.post("/v1/networks", tokenA,
            Map.of("name", "prod", "cidrBlocks", List.of("10.0.0.0/16"))));
        assertThat(net.body().path("networkId").asInt()).isBetween(1, 0xffffff);
        String network = net.text("id");
        ApiClient.Answer sub = created(api.post("/v1/networks/" + network + "/subnets", tokenA,
            Map.of("name", "web", "cidr", "10.0.1.0/24")));
        assertThat(sub.text("gateway")).isEqualTo("10.0.1.1");
        String subnet = sub.text("id");

        ApiClient.Answer chosen = created(node(tokenA, network, "web-1", subnet, "10.0.1.10", true));
        assertThat(chosen.body().path("interfaces").get(0).path("address").asText()).isEqualTo("10.0.1.10");
        ApiClient.Answer allocated = created(node(tokenA, network, "web-2", subnet, null, true));
        assertThat(allocated.body().path("interfaces").get(0).path("address").asText()).isEqualTo("10.0.1.4");
        assertThat(allocated.body().path("interfaces").get(0).path("mac").asText()).startsWith("02:");

        ApiClient.Answer devices = api.get("/v1/networks/" + network + "/devices", tokenA);
        assertThat(devices.status()).isEqualTo(200);
        assertThat(devices.body().path("items").get(0).path("address").asText()).isEqualTo("10.0.1.1");

        ApiClient.Answer table = api.get("/v1/subnets/" + subnet + "/route-table", tokenA);
        assertThat(table.status()).isEqualTo(200);
        assertThat(table.body().path("routes").toString()).contains("10.0.0.0/16").contains("local");

        ApiClient.Answer appliance = created(node(tokenA, network, "fw", subnet, null, false));
        JsonNode nic = appliance.body().path("interfaces").get(0);
        ApiClient.Answer route = api.post("/v1/subnets/" + subnet + "/route-table/routes", tokenA,
            Map.of("destination", "10.9.0.0/16", "targets", List.of(Map.of("type", "appliance-interface",
                "nodeId", appliance.text("id"), "interfaceId", nic.path("id").asText()))));
        assertThat(route.status()).as("%s", route).isEqualTo(201);
        assertThat(route.body().path("routes").toString()).contains("10.9.0.0/16").contains("static");
        ApiClient.Answer blackhole = api.post("/v1/subnets/" + subnet + "/route-table/routes", tokenA,
            Map.of("destination", "192.0.2.0/24", "targets", List.of(Map.of("type", "blackhole"))));
        assertThat(blackhole.status()).as("%s", blackhole).isEqualTo(201);
        ApiClient.Answer removed = api.delete("/v1/subnets/" + subnet + "/route-table/routes/10.9.0.0_16", tokenA);
        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
        assertThat(removed.body().path("routes").toString()).doesNotContain("10.9.0.0/16");

        ApiClient.Answer renamed = api.call("PATCH", "/v1/nodes/" + chosen.text("id"), tokenA,
            Map.of("name", "web-one"), null);
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("web-one");
        assertThat(api.delete("/v1/nodes/" + allocated.text("id"), tokenA).status()).isEqualTo(204);
        assertThat(api.get("/v1/nodes/" + allocated.text("id"), tokenA).status()).isEqualTo(404);
    }

    @Test
    void aNetworksOptionsDefaultAreSetAndReplaced() {
        ApiClient.Answer plain = created(api.post("/v1/networks", tokenA,
            Map.of("name", "plain", "cidrBlocks", List.of("10.0.0.0/16"))));
        JsonNode defaults = plain.body().path("options");
        assertThat(defaults.path("mtu").asInt()).isEqualTo(1480);
        assertThat(defaults.path("dnsServers").size()).isZero();
        assertThat(defaults.path("dhcpLeaseSeconds").asInt()).isEqualTo(86_400);
        assertThat(defaults.path("snmpCommunity").isNull()).isTrue();
        assertThat(defaults.path("multicastAcrossSubnets").asBoolean()).isFalse();

        Map<String, Object> options = Map.of("mtu", 1400, "dnsServers", List.of("10.0.0.2", "10.0.0.3"),
            "dhcpLeaseSeconds", 600, "snmpCommunity", "s3cret", "multicastAcrossSubnets", true);
        ApiClient.Answer set = created(api.post("/v1/networks", tokenA,
            Map.of("name", "tuned", "cidrBlocks", List.of("10.1.0.0/16"), "options", options)));
        assertThat(set.body().path("options").toString()).isEqualTo("{\"mtu\":1400,\"dnsServers\":[\"10.0.0.2\","
            + "\"10.0.0.3\"],\"dhcpLeaseSeconds\":600,\"snmpCommunity\":\"s3cret\",\"multicastAcrossSubnets\":true}");
        ApiClient.Answer read = api.get("/v1/networks/" + set.text("id"), tokenA);
        assertThat(read.body().path("options")).isEqualTo(set.body().path("options"));

        ApiClient.Answer replaced = api.call("PUT", "/v1/networks/" + set.text("id"), tokenA, Map.of("name", "tuned",
            "cidrBlocks", List.of("10.1.0.0/16"), "options", Map.of("mtu", 9000)), null);
        assertThat(replaced.status()).as("%s", replaced).isEqualTo(200);
        assertThat(replaced.body().path("options").path("mtu").asInt()).isEqualTo(9000);
        assertThat(replaced.body().path("options").path("snmpCommunity").isNull()).isTrue();

        ApiClient.Answer bad = api.post("/v1/networks", tokenA, Map.of("name", "bad", "cidrBlocks",
            List.of("10.2.0.0/16"), "options", Map.of("mtu", "big", "dnsServers", List.of("not-an-address"),
                "multicastAcrossSubnets", "yes")));
        problem(bad, 400, "invalid-field");
        assertThat(bad.body().path("errors").findValuesAsText("pointer")).containsExactlyInAnyOrder("/options/mtu",
            "/options/dnsServers/0", "/options/multicastAcrossSubnets");
        problem(api.post("/v1/networks", tokenA, Map.of("name", "small", "cidrBlocks", List.of("10.3.0.0/16"),
            "options", Map.of("mtu", 500))), 400, "invalid-field");
    }

    @Test
    void everyValidationRuleAnswersAProblemWithItsType() {
        String network = network(tokenA, "10.0.0.0/16");
        String subnet = subnet(tokenA, network, "10.0.1.0/24");
        String path = "/v1/networks/" + network + "/subnets";
        problem(api.post(path, tokenA, Map.of("name", "again", "cidr", "10.0.1.128/25")), 409, "overlapping-subnet");
        problem(api.post(path, tokenA, Map.of("name", "tiny", "cidr", "10.0.2.0/29")), 400, "prefix-too-small");
        problem(api.post(path, tokenA, Map.of("name", "outside", "cidr", "10.1.0.0/24")), 400,
            "cidr-outside-network");
        problem(api.post(path, tokenA, Map.of("name", "bad", "cidr", "10.0.3.0/33")), 400, "invalid-field");
        problem(node(tokenA, network, "n1", subnet, "10.0.2.10", true), 400, "address-outside-subnet");
        problem(node(tokenA, network, "n2", subnet, "10.0.1.1", true), 400, "address-reserved");
        created(node(tokenA, network, "n3", subnet, "10.0.1.20", true));
        problem(node(tokenA, network, "n4", subnet, "10.0.1.20", true), 409, "address-in-use");
        ApiClient.Answer unknownHost = api.post("/v1/networks/" + network + "/nodes", tokenA, Map.of("name", "n5",
            "hostId", "host-0000000000zz", "sourceDestCheck", true, "interfaces", List.of(Map.of("subnetId", subnet))));
        problem(unknownHost, 400, "unknown-host");
        problem(api.delete("/v1/subnets/" + subnet, tokenA), 409, "subnet-has-interfaces");
        problem(api.post("/v1/networks", tokenA, "{not json"), 400, "invalid-field");
        ApiClient.Answer missing = api.post("/v1/networks", tokenA, Map.of("name", "x"));
        problem(missing, 400, "invalid-field");
        assertThat(missing.body().path("errors").get(0).path("pointer").asText()).isEqualTo("/cidrBlocks");
        problem(api.post("/v1/hosts", operator, Map.of("name", "host-two", "substratePrefix", "2001:db8:0:100::/72")),
            409, "overlapping-host-prefix");
    }

    @Test
    void authenticationAndAuthorization() {
        ApiClient.Answer none = api.get("/v1/networks", null);
        problem(none, 401, "unauthorized");
        problem(api.get("/v1/networks", "not-a-token"), 401, "unauthorized");
        problem(api.get("/v1/tenants", tokenA), 403, "forbidden");
        problem(api.get("/v1/networks", operator), 403, "forbidden");
        problem(api.get("/v1/nowhere", tokenA), 404, "not-found");
        assertThat(api.call("PUT", "/v1/tenants", operator, Map.of(), null).status()).isEqualTo(405);
    }

    @Test
    void theOperatorIssuesHostCredentialsForTheAgentChannel() throws Exception {
        ApiClient.Answer issued = api.post("/v1/hosts/" + hostId + "/credentials", operator, null);
        assertThat(issued.status()).as("%s", issued).isEqualTo(200);
        assertThat(issued.text("hostId")).isEqualTo(hostId);
        assertThat(AgentCredentials.open(dataDir).verify(issued.text("token")))
            .hasValueSatisfying(h -> assertThat(h.value()).isEqualTo(hostId));
        // The same host, the same token: credentials are derived, not stored.
        assertThat(api.post("/v1/hosts/" + hostId + "/credentials", operator, null).text("token"))
            .isEqualTo(issued.text("token"));

        problem(api.post("/v1/hosts/" + hostId + "/credentials", tokenA, null), 403, "forbidden");
        problem(api.post("/v1/hosts/" + hostId + "/credentials", null, null), 401, "unauthorized");
        problem(api.post("/v1/hosts/host-000000000000/credentials", operator, null), 404, "not-found");
        problem(api.post("/v1/hosts/nonsense/credentials", operator, null), 404, "not-found");
    }

    @Test
    void anotherTenantsIdsAnswerNotFoundOnEveryEndpoint() {
        String network = network(tokenA, "10.0.0.0/16");
        String subnet = subnet(tokenA, network, "10.0.1.0/24");
        String node = created(node(tokenA, network, "n1", subnet, null, true)).text("id");
        Map<String, Object> anyBody = Map.of("name", "x", "cidrBlocks", List.of("10.0.0.0/16"), "cidr",
            "10.0.2.0/24", "destination", "10.9.0.0/16", "targets", List.of(Map.of("type", "blackhole")));
        List<String[]> calls = List.of(
            new String[] {"GET", "/v1/networks/" + network}, new String[] {"PUT", "/v1/networks/" + network},
            new String[] {"DELETE", "/v1/networks/" + network},
            new String[] {"GET", "/v1/networks/" + network + "/devices"},
            new String[] {"POST", "/v1/networks/" + network + "/subnets"},
            new String[] {"GET", "/v1/networks/" + network + "/subnets"},
            new String[] {"GET", "/v1/subnets/" + subnet}, new String[] {"PATCH", "/v1/subnets/" + subnet},
            new String[] {"DELETE", "/v1/subnets/" + subnet},
            new String[] {"GET", "/v1/subnets/" + subnet + "/route-table"},
            new String[] {"POST", "/v1/subnets/" + subnet + "/route-table/routes"},
            new String[] {"DELETE", "/v1/subnets/" + subnet + "/route-table/routes/10.0.0.0_16"},
            new String[] {"POST", "/v1/networks/" + network + "/nodes"},
            new String[] {"GET", "/v1/networks/" + network + "/nodes"},
            new String[] {"GET", "/v1/nodes/" + node}, new String[] {"PATCH", "/v1/nodes/" + node},
            new String[] {"DELETE", "/v1/nodes/" + node});
        for (String[] call : calls) {
            ApiClient.Answer answer = api.call(call[0], call[1], tokenB,
                call[0].equals("GET") || call[0].equals("DELETE") ? null : anyBody, null);
            assertThat(answer.status()).as("tenant B: %s %s -> %s", call[0], call[1], answer).isEqualTo(404);
        }
        assertThat(api.get("/v1/networks", tokenB).body().path("items").size()).isZero();
        // Tenant A still has everything.
        assertThat(api.get("/v1/nodes/" + node, tokenA).status()).isEqualTo(200);
    }

    @Test
    void conditionalUpdatesUseETags() {
        ApiClient.Answer net = created(api.post("/v1/networks", tokenA,
            Map.of("name", "prod", "cidrBlocks", List.of("10.0.0.0/16"))));
        String path = "/v1/networks/" + net.text("id");
        Map<String, Object> rename = Map.of("name", "production", "cidrBlocks", List.of("10.0.0.0/16"));
        ApiClient.Answer updated = api.call("PUT", path, tokenA, rename, net.etag());
        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        assertThat(updated.etag()).isNotEqualTo(net.etag());
        problem(api.call("PUT", path, tokenA, rename, net.etag()), 412, "version-mismatch");
        problem(api.call("DELETE", path, tokenA, null, net.etag()), 412, "version-mismatch");
        problem(api.call("DELETE", path, tokenA, null, "garbage"), 400, "invalid-field");
        assertThat(api.call("DELETE", path, tokenA, null, updated.etag()).status()).isEqualTo(204);
    }

    @Test
    void listingsPageWithCursors() {
        for (int i = 0; i < 7; i++) {
            created(api.post("/v1/networks", tokenA, Map.of("name", "n" + i, "cidrBlocks",
                List.of("10." + i + ".0.0/16"))));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Answer page = api.get("/v1/networks?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                tokenA);
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(n -> assertThat(seen.add(n.path("id").asText())).isTrue());
            cursor = page.body().path("nextCursor").isNull() ? null : page.text("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
        problem(api.get("/v1/networks?limit=0", tokenA), 400, "invalid-field");
    }

    @Test
    void concurrentCreatesForOneAddressHaveExactlyOneWinner() throws Exception {
        String network = network(tokenA, "10.0.0.0/16");
        String subnet = subnet(tokenA, network, "10.0.1.0/24");
        List<Callable<ApiClient.Answer>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "racer-" + i;
            racers.add(() -> node(tokenA, network, name, subnet, "10.0.1.50", true));
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ApiClient.Answer> f : pool.invokeAll(racers)) {
                ApiClient.Answer a = f.get();
                statuses.add(a.status());
                if (a.status() != 201) {
                    assertThat(a.problemType()).isEqualTo("address-in-use");
                }
            }
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
    }

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        ApiClient.Answer doc = api.get("/v1/openapi.json", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.text("openapi")).isEqualTo("3.1.0");
        for (String path : List.of("/v1/tenants", "/v1/hosts", "/v1/networks/{networkId}/subnets",
            "/v1/subnets/{subnetId}/route-table/routes", "/v1/nodes/{nodeId}")) {
            assertThat(doc.body().path("paths").has(path)).as(path).isTrue();
        }
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        String network = network(tokenA, "10.0.0.0/16");
        controller.stop();
        controller = ControllerProcess.start(dataDir);
        api = new ApiClient(controller.api());
        assertThat(api.get("/v1/networks/" + network, tokenA).status()).isEqualTo(200);
    }

    @Test
    void networkIdExhaustionIsAProblemNotACrash() throws Exception {
        controller.stop();
        controller = ControllerProcess.start(dataDir, "--network-ids", "7-8");
        api = new ApiClient(controller.api());
        network(tokenA, "10.0.0.0/16");
        network(tokenA, "10.1.0.0/16");
        problem(api.post("/v1/networks", tokenA, Map.of("name", "third", "cidrBlocks", List.of("10.2.0.0/16"))),
            503, "network-id-exhausted");
        // Freeing an id makes room again.
        String first = api.get("/v1/networks", tokenA).body().path("items").get(0).path("id").asText();
        assertThat(api.delete("/v1/networks/" + first, tokenA).status()).isEqualTo(204);
        created(api.post("/v1/networks", tokenA, Map.of("name", "third", "cidrBlocks", List.of("10.2.0.0/16"))));
    }
}
