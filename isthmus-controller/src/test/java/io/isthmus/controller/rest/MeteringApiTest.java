package io.isthmus.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.HostId;
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
import io.isthmus.controller.metering.TrafficGrowth;
import io.isthmus.controller.metering.UsageLedger;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Prefix;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metering endpoints of a real controller over HTTP: fee schedule, usage, invoices, who sees what. */
class MeteringApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Controller controller;
    private String operator;
    private String tokenX;
    private String tokenY;
    private String tokenZ;
    private Tenant y;
    private PeeringAttachment ax;
    private PeeringAttachment ay;
    private String period;
    /** The routing updates the controller metered for Y's attachment when X's range reached Y's network. */
    private long propagated;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(dataDir, new InetSocketAddress("127.0.0.1", 0), null);
        operator = Files.readString(controller.operatorTokenFile()).strip();
        SystemManager system = controller.system();
        Tenant x = system.tenants().create(new TenantRequest("x"));
        y = system.tenants().create(new TenantRequest("y"));
        Tenant z = system.tenants().create(new TenantRequest("z"));
        tokenX = system.tenants().issueToken(x.id(), new ApiTokenRequest("t", null)).secret();
        tokenY = system.tenants().issueToken(y.id(), new ApiTokenRequest("t", null)).secret();
        tokenZ = system.tenants().issueToken(z.id(), new ApiTokenRequest("t", null)).secret();
        Network nx = system.networks().create(x.id(), new NetworkRequest("nx", List.of(Ipv4Prefix.parse(
            "10.0.0.0/24"))));
        Network ny = system.networks().create(y.id(), new NetworkRequest("ny", List.of(Ipv4Prefix.parse(
            "10.1.0.0/24"))));
        PeeringRouter hub = system.peering().create(x.id(), new PeeringRouterRequest("hub",
            new PeeringRestrictions(List.of(), List.of(), List.of(), 0, true)));
        ax = system.peering().attach(x.id(), hub.id(), new PeeringAttachmentRequest(nx.id(), null, 0));
        ay = system.peering().attach(y.id(), hub.id(), new PeeringAttachmentRequest(ny.id(), null, 0));
        // 2.5 GB from X's network to Y's, and 1000 routing updates to Y's network, this hour
        controller.metering().ledger().report(new HostId("host-111111111111"), "boot-1",
            Map.of(new TrafficGrowth.Pair(ax.id().value(), ay.id().value()),
                new TrafficGrowth.Counts(2_000_000, 2_500_000_000L)), Set.of());
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        period = "from=" + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(1, ChronoUnit.HOURS);
        // The controller's own propagation meters X's range appearing in Y's network, a moment after attaching.
        propagated = awaitRoutingUpdates(ay, 1);
        controller.metering().ledger().routingUpdates(ay.id(), 1000);
    }

    /** The routing updates of {@code attachment} this hour, once there are at least {@code least} (or after 5 s). */
    private long awaitRoutingUpdates(PeeringAttachment attachment, long least) throws InterruptedException {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        long deadline = System.nanoTime() + 5_000_000_000L;
        long updates;
        do {
            updates = UsageLedger.total(controller.metering().ledger().hours(attachment.id(), hour,
                hour.plus(1, ChronoUnit.HOURS))).routingUpdates();
            if (updates < least) {
                Thread.sleep(20);
            }
        } while (updates < least && System.nanoTime() < deadline);
        return updates;
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + controller.apiAddress().getPort() + path)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = call(method, path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theFeeScheduleIsZeroUntilTheOperatorSetsItAndOnlyTheOperatorSeesIt() throws Exception {
        JsonNode initial = ok("GET", "/v1/fee-schedule", operator, null);
        assertThat(initial.path("currency").asText()).isEqualTo("USD");
        assertThat(initial.path("gigabyteOut").asText()).isEqualTo("0");

        JsonNode set = ok("PUT", "/v1/fee-schedule", operator, """
            {"currency": "EUR", "attachmentHour": "0.02", "gigabyteIn": 0, "gigabyteOut": "0.05",
             "thousandRoutingUpdates": "0.10"}""");
        assertThat(set.path("gigabyteOut").asText()).isEqualTo("0.05");
        assertThat(ok("GET", "/v1/fee-schedule", operator, null)).isEqualTo(set);
        assertThat(call("GET", "/v1/fee-schedule", tokenX, null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/v1/fee-schedule", tokenX, set.toString()).statusCode()).isEqualTo(403);
    }

    @Test
    void aMalformedFeeScheduleIsRefusedFieldByField() throws Exception {
        HttpResponse<String> response = call("PUT", "/v1/fee-schedule", operator, """
            {"currency": "euro", "attachmentHour": "-1", "gigabyteIn": 0.05, "gigabyteOut": "x"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        assertThat(errors.findValuesAsText("pointer")).containsExactlyInAnyOrder("/currency", "/attachmentHour",
            "/gigabyteIn", "/gigabyteOut", "/thousandRoutingUpdates");
        assertThat(ok("GET", "/v1/fee-schedule", operator, null).path("currency").asText()).isEqualTo("USD");
    }

    @Test
    void bothPartiesSeeAnAttachmentsUsageAndNobodyElse() throws Exception {
        JsonNode usage = ok("GET", "/v1/peering-attachments/" + ay.id().value() + "/usage?" + period, tokenY, null);
        assertThat(usage.path("bytesIn").asLong()).isEqualTo(2_500_000_000L);
        assertThat(usage.path("packetsIn").asLong()).isEqualTo(2_000_000);
        assertThat(usage.path("bytesOut").asLong()).isZero();
        assertThat(usage.path("routingUpdates").asLong()).isEqualTo(propagated + 1000);
        assertThat(usage.path("hours")).hasSize(1);
        assertThat(new java.math.BigDecimal(usage.path("attachmentHours").asText())).isPositive();

        JsonNode owner = ok("GET", "/v1/peering-attachments/" + ax.id().value() + "/usage?" + period, tokenX, null);
        assertThat(owner.path("bytesOut").asLong()).isEqualTo(2_500_000_000L);
        assertThat(ok("GET", "/v1/peering-attachments/" + ay.id().value() + "/usage", tokenX, null)
            .path("bytesIn").asLong()).as("the router's owner, the current month by default").isEqualTo(2_500_000_000L);
        assertThat(call("GET", "/v1/peering-attachments/" + ay.id().value() + "/usage", tokenZ, null).statusCode())
            .isEqualTo(404);
    }

    @Test
    void periodsAreWholeHoursAndMalformedOnesAreFieldErrors() throws Exception {
        JsonNode usage = ok("GET", "/v1/peering-attachments/" + ay.id().value()
            + "/usage?from=2026-12-06T14:20:00Z&to=2026-12-06T15:00:01Z", tokenY, null);
        assertThat(usage.path("from").asText()).isEqualTo("2026-12-06T14:00:00Z");
        assertThat(usage.path("to").asText()).isEqualTo("2026-12-06T16:00:00Z");

        HttpResponse<String> bad = call("GET", "/v1/peering-attachments/" + ay.id().value()
            + "/usage?from=yesterday", tokenY, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("errors").findValuesAsText("pointer"))
            .containsExactly("/query/from");
        HttpResponse<String> backwards = call("GET", "/v1/tenants/" + y.id().value()
            + "/invoice?from=2026-12-06T14:00:00Z&to=2026-12-06T13:00:00Z", operator, null);
        assertThat(JSON.readTree(backwards.body()).path("errors").findValuesAsText("pointer"))
            .containsExactly("/query/to");
    }

    @Test
    void theNetworksTenantIsInvoicedForItsAttachment() throws Exception {
        ok("PUT", "/v1/fee-schedule", operator, """
            {"currency": "EUR", "attachmentHour": "0", "gigabyteIn": "0.04", "gigabyteOut": "1",
             "thousandRoutingUpdates": "0.5"}""");

        JsonNode invoice = ok("GET", "/v1/tenants/" + y.id().value() + "/invoice?" + period, operator, null);

        assertThat(invoice.path("currency").asText()).isEqualTo("EUR");
        assertThat(invoice.path("attachments")).singleElement().satisfies(a -> {
            assertThat(a.path("attachmentId").asText()).isEqualTo(ay.id().value());
            assertThat(a.path("lines").findValuesAsText("item")).containsExactly("attachment-hours",
                "gigabytes-in", "gigabytes-out", "thousand-routing-updates");
            assertThat(a.path("lines").get(1).path("quantity").asText()).isEqualTo("2.5");
            assertThat(a.path("lines").get(1).path("amount").asText()).isEqualTo("0.10");
            assertThat(a.path("lines").get(3).path("amount").asText()).isEqualTo("0.50");
            assertThat(a.path("subtotal").asText()).isEqualTo("0.60");
        });
        assertThat(invoice.path("total").asText()).isEqualTo("0.60");
        JsonNode own = ok("GET", "/v1/invoice?" + period, tokenY, null);
        assertThat(own.path("tenantId").asText()).isEqualTo(y.id().value());
        assertThat(own.path("total").asText()).isEqualTo("0.60");
        assertThat(call("GET", "/v1/tenants/" + y.id().value() + "/invoice", tokenY, null).statusCode())
            .isEqualTo(403);
        assertThat(call("GET", "/v1/tenants/ten-000000000000/invoice", operator, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDetachedAttachmentStaysOnTheInvoiceOfItsPeriod() throws Exception {
        controller.system().peering().detach(y.id(), ay.id(), 0);

        JsonNode invoice = ok("GET", "/v1/tenants/" + y.id().value() + "/invoice?" + period, operator, null);

        assertThat(invoice.path("attachments")).singleElement().satisfies(a -> {
            assertThat(a.path("attachmentId").asText()).isEqualTo(ay.id().value());
            assertThat(a.path("detachedAt").isTextual()).isTrue();
            assertThat(a.path("bytesIn").asLong()).isEqualTo(2_500_000_000L);
        });
        // The detach withdraws X's range from Y's network: one more update, metered a moment later.
        long updates = awaitRoutingUpdates(ay, propagated + 1001);
        assertThat(updates).isEqualTo(propagated + 1001);
        assertThat(ok("GET", "/v1/peering-attachments/" + ay.id().value() + "/usage?" + period, tokenX, null)
            .path("routingUpdates").asLong()).isEqualTo(updates);
    }

    @Test
    void theMetricsCountUsageReportsAndRefusedPairs() throws Exception {
        HttpResponse<String> metrics = call("GET", "/metrics", operator, null);

        assertThat(metrics.body()).contains("isthmus_controller_peering_usage_reports_total 0\n")
            .contains("isthmus_controller_peering_usage_refused_pairs_total 0\n");
    }

    @Test
    void theOpenApiDocumentDescribesThePeriodQueries() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/openapi.json", operator, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode op = JSON.readTree(response.body()).path("paths").path("/v1/peering-attachments/{attachmentId}/usage")
            .path("get");
        assertThat(op.path("parameters").findValuesAsText("name")).contains("from", "to").doesNotContain("limit");
    }
}
