package io.isthmus.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentRequest;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Prefix;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /v1/peering-attachments/{id}} on a real controller: the network's tenant changes the policy with
 * {@code If-Match}, field errors come back as Problem JSON, and the network's peering view follows.
 */
class PeeringPolicyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Controller controller;
    private String tokenX;
    private String tokenY;
    private Network ny;
    private PeeringAttachment ay;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        SystemManager system = controller.system();
        Tenant x = system.tenants().create(new TenantRequest("x"));
        Tenant y = system.tenants().create(new TenantRequest("y"));
        tokenX = system.tenants().issueToken(x.id(), new ApiTokenRequest("t", null)).secret();
        tokenY = system.tenants().issueToken(y.id(), new ApiTokenRequest("t", null)).secret();
        Network nx = system.networks().create(x.id(), new NetworkRequest("nx", List.of(Ipv4Prefix.parse(
            "10.0.0.0/24"))));
        ny = system.networks().create(y.id(), new NetworkRequest("ny", List.of(Ipv4Prefix.parse("10.1.0.0/24"))));
        PeeringRouter hub = system.peering().create(x.id(), new PeeringRouterRequest("hub",
            new PeeringRestrictions(List.of(), List.of(), List.of(), 0, true)));
        system.peering().attach(x.id(), hub.id(), new PeeringAttachmentRequest(nx.id(), null, 0));
        ay = system.peering().attach(y.id(), hub.id(), new PeeringAttachmentRequest(ny.id(), null, 0));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String ifMatch, String body)
        throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + controller.apiAddress().getPort() + path)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode peeringView() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/networks/" + ny.id().value() + "/peering", tokenY, null,
            null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitView(java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode view;
        while (!condition.test(view = peeringView())) {
            assertThat(System.nanoTime()).as("view: %s", view).isLessThan(deadline);
            Thread.sleep(20);
        }
        return view;
    }

    @Test
    void theNetworksTenantChangesThePolicyAndTheViewFollows() throws Exception {
        String path = "/v1/peering-attachments/" + ay.id().value();
        awaitView(v -> v.path("peers").size() == 1);

        HttpResponse<String> stale = call("PATCH", path, tokenY, "\"" + (ay.version() + 100) + "\"",
            "{\"policy\": {\"responsesOnly\": true}}");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);

        HttpResponse<String> changed = call("PATCH", path, tokenY, "\"" + ay.version() + "\"",
            "{\"policy\": {\"imports\": [\"10.9.0.0/16{16,32}\"], \"responsesOnly\": true}}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(changed.body());
        assertThat(body.path("policy").path("imports").get(0).asText()).isEqualTo("10.9.0.0/16");
        assertThat(body.path("policy").path("responsesOnly").asBoolean()).isTrue();
        assertThat(body.path("policy").path("overlap").asText()).isEqualTo("refuse");
        assertThat(changed.headers().firstValue("ETag")).contains("\"" + body.path("version").asLong() + "\"");

        awaitView(v -> v.path("peers").isEmpty());
    }

    @Test
    void theRouterOwnerMayNotChangeIt() throws Exception {
        HttpResponse<String> response = call("PATCH", "/v1/peering-attachments/" + ay.id().value(), tokenX, null,
            "{\"policy\": {\"responsesOnly\": true}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("network's tenant");
    }

    @Test
    void fieldErrorsAndTheFixedFieldsAreProblems() throws Exception {
        String path = "/v1/peering-attachments/" + ay.id().value();
        HttpResponse<String> malformed = call("PATCH", path, tokenY, null,
            "{\"policy\": {\"exports\": [\"ten/8\"], \"rules\": [{\"direction\": \"in\", \"protocol\": \"tcp\", "
                + "\"fromPort\": 0, \"toPort\": 70000}]}}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.body()).contains("/policy/exports/0");
        HttpResponse<String> ports = call("PATCH", path, tokenY, null,
            "{\"policy\": {\"rules\": [{\"direction\": \"in\", \"protocol\": \"tcp\", \"fromPort\": 0, "
                + "\"toPort\": 70000}]}}");
        assertThat(ports.statusCode()).as(ports.body()).isEqualTo(400);
        assertThat(ports.body()).contains("/policy/rules/0/ports");
        HttpResponse<String> overlap = call("PATCH", path, tokenY, null,
            "{\"policy\": {\"overlap\": \"translate\"}}");
        assertThat(overlap.statusCode()).as(overlap.body()).isEqualTo(400);
        assertThat(overlap.body()).contains("/policy/overlap").contains("cannot be changed");
        HttpResponse<String> same = call("PATCH", path, tokenY, null,
            "{\"policy\": {\"overlap\": \"refuse\", \"translations\": []}}");
        assertThat(same.statusCode()).as("the fixed fields sent unchanged: %s", same.body()).isEqualTo(200);
        HttpResponse<String> noPolicy = call("PATCH", path, tokenY, null, "{}");
        assertThat(noPolicy.statusCode()).as(noPolicy.body()).isEqualTo(400);
        assertThat(noPolicy.body()).contains("/policy");
    }
}
