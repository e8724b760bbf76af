package io.isthmus.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.agent.router.dhcp.DhcpCounter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
    @Test
    void peeredTrafficIsASeriesPerPairOfAttachments() {
        TrafficMeters meters = new TrafficMeters();
        meters.count(meters.meter("pa-x", "pa-y"), 1500);
        meters.count(meters.meter("pa-x", "pa-y"), 84);
        meters.meter("pa-y", "pa-x");
        String text = new AgentMetrics(Map.of(), 0, 0, Map.of(), 0, Map.of(), Map.of(), Map.of(), meters.readings(),
            12).toPrometheusText();

        assertThat(text)
            .contains("isthmus_agent_peering_connection_evictions_total 12\n")
            .contains("# TYPE isthmus_agent_peering_bytes_total counter\n")
            .contains("isthmus_agent_peering_bytes_total{from=\"pa-x\",to=\"pa-y\"} 1584\n")
            .contains("isthmus_agent_peering_packets_total{from=\"pa-x\",to=\"pa-y\"} 2\n")
            .contains("isthmus_agent_peering_bytes_total{from=\"pa-y\",to=\"pa-x\"} 0\n");
    }

    @Test
    void everyCounterIsASeriesZeroOrNotWithItsKind() {
        DataplaneCounters thread1 = new DataplaneCounters();
        DataplaneCounters thread2 = new DataplaneCounters();
        thread1.increment(DataplaneCounter.SPOOFED_SOURCE_IP);
        thread2.increment(DataplaneCounter.SPOOFED_SOURCE_IP);
        thread2.increment(DataplaneCounter.SENT_TO_SUBSTRATE);
        thread2.increment(DataplaneCounter.RESOLUTION_REQUESTED);
        Map<DataplaneCounter, Long> totals = DataplaneCounters.totals(List.of(thread1, thread2));
        String text = new AgentMetrics(totals, 3, 17).toPrometheusText();

        assertThat(text).contains(
            "# TYPE isthmus_agent_packets_total counter\n",
            "isthmus_agent_packets_total{outcome=\"spoofed_source_ip\",kind=\"drop\"} 2\n",
            "isthmus_agent_packets_total{outcome=\"sent_to_substrate\",kind=\"forward\"} 1\n",
            "isthmus_agent_packets_total{outcome=\"arp_probe_ignored\",kind=\"consumed\"} 0\n",
            "isthmus_agent_packets_total{outcome=\"source_in_other_network\",kind=\"drop\"} 0\n",
            "# TYPE isthmus_agent_dataplane_events_total counter\n",
            "isthmus_agent_dataplane_events_total{event=\"resolution_requested\"} 1\n",
            "isthmus_agent_dataplane_events_total{event=\"fragmented\"} 0\n",
            "# TYPE isthmus_agent_ports gauge\nisthmus_agent_ports 3\n",
            "isthmus_agent_resolution_cache_entries 17\n");
        for (DataplaneCounter counter : DataplaneCounter.values()) {
            String series = counter.kind() == DataplaneCounter.Kind.EVENT
                ? AgentMetrics.EVENTS + "{event=\"" + AgentMetrics.label(counter) + "\"} "
                : AgentMetrics.PACKETS + "{outcome=\"" + AgentMetrics.label(counter) + "\",kind=\"";
            assertThat(text).as(counter.name()).containsOnlyOnce(series);
        }
        // Each line is a comment or "name{labels} value".
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? -?\\d+");
        }
    }

    @Test
    void aCounterMissingFromTheMapIsZero() {
        String text = new AgentMetrics(Map.of(DataplaneCounter.NOT_ALLOWED, 5L), 0, 0).toPrometheusText();
        assertThat(text).contains("{outcome=\"not_allowed\",kind=\"drop\"} 5\n",
            "{outcome=\"delivered_local\",kind=\"forward\"} 0\n");
    }

    @Test
    void snmpCountersAreSeriesByOutcome() {
        String text = new AgentMetrics(Map.of(), 1, 0, Map.of(), 0, Map.of("ANSWERED", 7L, "BAD_COMMUNITY", 1L,
            "SNMP_OFF", 0L)).toPrometheusText();

        assertThat(text).contains("# TYPE isthmus_agent_snmp_datagrams_total counter\n",
            "isthmus_agent_snmp_datagrams_total{outcome=\"answered\"} 7\n",
            "isthmus_agent_snmp_datagrams_total{outcome=\"bad_community\"} 1\n",
            "isthmus_agent_snmp_datagrams_total{outcome=\"snmp_off\"} 0\n");
    }

    @Test
    void dhcpCountersAreSeriesWithTheirKindAndLeasesAGauge() {
        String text = new AgentMetrics(Map.of(), 1, 0, Map.of(DhcpCounter.UNKNOWN_CLIENT, 4L,
            DhcpCounter.ACKED_RENEWING, 2L), 1, Map.of()).toPrometheusText();

        assertThat(text).contains(
            "# TYPE isthmus_agent_dhcp_messages_total counter\n",
            "isthmus_agent_dhcp_messages_total{outcome=\"unknown_client\",kind=\"ignored\"} 4\n",
            "isthmus_agent_dhcp_messages_total{outcome=\"acked_renewing\",kind=\"answered\"} 2\n",
            "isthmus_agent_dhcp_messages_total{outcome=\"offered\",kind=\"answered\"} 0\n",
            "isthmus_agent_dhcp_messages_total{outcome=\"released\",kind=\"handled\"} 0\n",
            "# TYPE isthmus_agent_dhcp_leases gauge\nisthmus_agent_dhcp_leases 1\n");
        for (DhcpCounter counter : DhcpCounter.values()) {
            assertThat(text).as(counter.name()).containsOnlyOnce(AgentMetrics.DHCP + "{outcome=\""
                + counter.name().toLowerCase(java.util.Locale.ROOT) + "\",kind=\"");
        }
        assertThat(new AgentMetrics(Map.of(), 0, 0).toPrometheusText()).contains("isthmus_agent_dhcp_leases 0\n");
    }

    @Test
    void serverAnswersMetricsOnlyAtItsPath() throws Exception {
        int[] scrapes = {0};
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> "scrape " + ++scrapes[0] + "\n")) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.address().getPort();
            HttpResponse<String> ok = get(http, base + "/metrics");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(ok.body()).isEqualTo("scrape 1\n");
            assertThat(get(http, base + "/metrics").body()).isEqualTo("scrape 2\n");
            assertThat(get(http, base + "/").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(scrapes[0]).isEqualTo(2);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routingSessionsAndDropsAreLabelledByProtocol() {
        String text = new AgentMetrics(Map.of(), 0, 0, Map.of(), 0, Map.of(), Map.of("bgp/up", 2L, "ospf/down", 1L),
            Map.of("rip/no_session", 4L)).toPrometheusText();
        assertThat(text).contains("isthmus_agent_routing_sessions{protocol=\"bgp\",state=\"up\"} 2\n")
            .contains("isthmus_agent_routing_sessions{protocol=\"ospf\",state=\"down\"} 1\n")
            .contains("isthmus_agent_routing_drops_total{protocol=\"rip\",reason=\"no_session\"} 4\n");
    }
}
