package io.isthmus.agent.metrics;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.agent.router.dhcp.DhcpCounter;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.api.metrics.PrometheusText;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of an agent: its data-plane counters summed over its threads, and gauges. Rendered as
 *
 * <ul>
 *   <li>{@code isthmus_agent_packets_total{outcome="...",kind="forward|consumed|drop"}}: one series per packet
 *       outcome ({@link DataplaneCounter} of kind other than {@code EVENT}, its name in lower case); every packet
 *       the pipelines see ends in exactly one, so the sum over outcomes is the packets handled, and
 *       {@code kind="drop"} selects the drops by reason.</li>
 *   <li>{@code isthmus_agent_dataplane_events_total{event="..."}}: what happened to packets on the way (resolution
 *       requests, stale forwards, fragmentation, ICMP errors): not outcomes.</li>
 *   <li>{@code isthmus_agent_dhcp_messages_total{outcome="...",kind="answered|handled|ignored"}}: what the virtual
 *       routers' DHCP server did with each message ({@link DhcpCounter}); {@code kind="ignored"} are the reasons a
 *       client got no answer (an unknown MAC is {@code unknown_client}).</li>
 *   <li>{@code isthmus_agent_snmp_datagrams_total{outcome="..."}}: what the virtual routers' SNMP agent did with each
 *       datagram ({@code SnmpService.Counter}: {@code answered}, or why not, e.g. {@code bad_community}).</li>
 *   <li>{@code isthmus_agent_routing_sessions{protocol="bgp|ospf|rip",state="up|down"}} (gauge) and
 *       {@code isthmus_agent_routing_drops_total{protocol="...",reason="..."}}: the virtual routers' routing
 *       sessions with participants on this host, and the packets their services dropped.</li>
 *   <li>{@code isthmus_agent_peering_connection_evictions_total}: peered connections evicted from the full
 *       connection table.</li>
 *   <li>{@code isthmus_agent_peering_packets_total{from="...",to="..."}} and
 *       {@code isthmus_agent_peering_bytes_total{from="...",to="..."}}: what this host's nodes sent from one
 *       attachment's network to another's (IPv4 bytes), per pair of peering attachment ids, since the agent started.
 *       </li>
 *   <li>{@code isthmus_agent_ports}, {@code isthmus_agent_resolution_cache_entries} and
 *       {@code isthmus_agent_dhcp_leases} (bound leases): gauges.</li>
 * </ul>
 *
 * Every counter appears, zero or not, so that a series exists before its first increment ({@code rate()} and
 * alerts see it go from 0).
 *
 * @param counters every data-plane counter's value; a counter missing from the map is written as 0
 * @param ports the node interfaces attached on this host
 * @param cachedResolutions the entries of the resolution cache
 * @param dhcp every DHCP server counter's value; a counter missing from the map is written as 0
 * @param dhcpLeases the DHCP leases bound now
 * @param snmp every SNMP agent counter's value by name
 * @param routingSessions the routing sessions by {@code protocol/state} ({@code bgp/up}, {@code ospf/down}, ...)
 * @param routingDrops the packets the routing protocols' services dropped, by {@code protocol/reason}
 * @param peering the meters of peered traffic
 * @param connectionEvictions the peered connections replaced before their time because their bucket was full
 */
public record AgentMetrics(Map<DataplaneCounter, Long> counters, int ports, int cachedResolutions,
                           Map<DhcpCounter, Long> dhcp, int dhcpLeases, Map<String, Long> snmp,
                           Map<String, Long> routingSessions, Map<String, Long> routingDrops,
                           List<TrafficMeters.Reading> peering, long connectionEvictions) {
    /** The metric family of packet outcomes. */
    public static final String PACKETS = "isthmus_agent_packets_total";
    /** The metric family of data-plane events. */
    public static final String EVENTS = "isthmus_agent_dataplane_events_total";
    /** The metric family of DHCP server outcomes. */
    public static final String DHCP = "isthmus_agent_dhcp_messages_total";
    /** The metric family of SNMP agent outcomes. */
    public static final String SNMP = "isthmus_agent_snmp_datagrams_total";

    /** Copies the counters. */
    public AgentMetrics {
        Map<DataplaneCounter, Long> copy = new EnumMap<>(DataplaneCounter.class);
        copy.putAll(counters);
        counters = copy;
        Map<DhcpCounter, Long> dhcpCopy = new EnumMap<>(DhcpCounter.class);
        dhcpCopy.putAll(dhcp);
        dhcp = dhcpCopy;
        snmp = new TreeMap<>(snmp);
        routingSessions = new TreeMap<>(routingSessions);
        routingDrops = new TreeMap<>(routingDrops);
        peering = List.copyOf(peering);
    }

    /** Metrics without peered traffic. */
    public AgentMetrics(Map<DataplaneCounter, Long> counters, int ports, int cachedResolutions,
                        Map<DhcpCounter, Long> dhcp, int dhcpLeases, Map<String, Long> snmp,
                        Map<String, Long> routingSessions, Map<String, Long> routingDrops) {
        this(counters, ports, cachedResolutions, dhcp, dhcpLeases, snmp, routingSessions, routingDrops, List.of(), 0);
    }

    /** Metrics without routing protocols. */
    public AgentMetrics(Map<DataplaneCounter, Long> counters, int ports, int cachedResolutions,
                        Map<DhcpCounter, Long> dhcp, int dhcpLeases, Map<String, Long> snmp) {
        this(counters, ports, cachedResolutions, dhcp, dhcpLeases, snmp, Map.of(), Map.of());
    }

    /** Data-plane metrics only: every DHCP counter zero, no lease, no SNMP counter. */
    public AgentMetrics(Map<DataplaneCounter, Long> counters, int ports, int cachedResolutions) {
        this(counters, ports, cachedResolutions, Map.of(), 0, Map.of());
    }

    /** The metrics of {@code runtime} now. */
    public static AgentMetrics of(AgentRuntime runtime) {
        return new AgentMetrics(runtime.counterTotals(), runtime.attachedPorts().size(), runtime.cachedResolutions(),
            runtime.dhcp().counters().totals(), runtime.dhcp().boundLeases(), runtime.snmpCounters(),
            runtime.routing().sessionCounts(), runtime.routing().drops(), runtime.trafficMeters().readings(),
            runtime.peeredConnectionEvictions());
    }

    /** The scrape in the Prometheus text exposition format. */
    public String toPrometheusText() {
        PrometheusText text = new PrometheusText();
        text.family(PACKETS, PrometheusText.Type.COUNTER,
            "Packets handled by the data plane, by outcome (each packet ends in exactly one); kind=\"drop\" are the "
                + "drop reasons.");
        for (DataplaneCounter counter : DataplaneCounter.values()) {
            if (counter.kind() != DataplaneCounter.Kind.EVENT) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("outcome", label(counter));
                labels.put("kind", counter.kind().name().toLowerCase(Locale.ROOT));
                text.sample(labels, value(counter));
            }
        }
        text.family(EVENTS, PrometheusText.Type.COUNTER,
            "Events on the way of packets (resolution requests, stale forwards, fragmentation, ICMP errors sent).");
        for (DataplaneCounter counter : DataplaneCounter.values()) {
            if (counter.kind() == DataplaneCounter.Kind.EVENT) {
                text.sample(Map.of("event", label(counter)), value(counter));
            }
        }
        text.family(DHCP, PrometheusText.Type.COUNTER,
            "DHCP messages from nodes, by what the virtual routers' DHCP server did (each ends in exactly one); "
                + "kind=\"ignored\" are the reasons a client got no answer.");
        for (DhcpCounter counter : DhcpCounter.values()) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("outcome", counter.name().toLowerCase(Locale.ROOT));
            labels.put("kind", counter.kind().name().toLowerCase(Locale.ROOT));
            text.sample(labels, dhcp.getOrDefault(counter, 0L));
        }
        text.family(SNMP, PrometheusText.Type.COUNTER,
            "SNMP datagrams to the virtual routers, by what their agent did (each ends in exactly one).");
        snmp.forEach((name, value) -> text.sample(Map.of("outcome", name.toLowerCase(Locale.ROOT)), value));
        text.family("isthmus_agent_routing_sessions", PrometheusText.Type.GAUGE,
            "Routing sessions of the virtual routers with participants on this host, by protocol and state.");
        routingSessions.forEach((key, value) -> text.sample(pair("protocol", "state", key), value));
        text.family("isthmus_agent_routing_drops_total", PrometheusText.Type.COUNTER,
            "Routing protocol packets the virtual routers' services dropped before any session, by reason.");
        routingDrops.forEach((key, value) -> text.sample(pair("protocol", "reason", key), value));
        text.family("isthmus_agent_peering_packets_total", PrometheusText.Type.COUNTER,
            "Packets this host's nodes sent from one peering attachment's network to another's, by attachment ids.");
        peering.forEach(r -> text.sample(pair(r.pair()), r.packets()));
        text.family("isthmus_agent_peering_bytes_total", PrometheusText.Type.COUNTER,
            "IPv4 bytes (headers and payload) this host's nodes sent from one peering attachment's network to "
                + "another's, by attachment ids.");
        peering.forEach(r -> text.sample(pair(r.pair()), r.bytes()));
        text.family("isthmus_agent_peering_connection_evictions_total", PrometheusText.Type.COUNTER,
            "Peered connections the agent stopped tracking before their idle timeout because their bucket of the "
                + "connection table was full (their answers may be refused).").sample(connectionEvictions);
        text.family("isthmus_agent_dhcp_leases", PrometheusText.Type.GAUGE,
            "DHCP leases bound now (offers not counted).").sample(dhcpLeases);
        text.family("isthmus_agent_ports", PrometheusText.Type.GAUGE, "Node interfaces attached on this host.")
            .sample(ports);
        text.family("isthmus_agent_resolution_cache_entries", PrometheusText.Type.GAUGE,
            "Entries of the resolution cache (fresh and stale).").sample(cachedResolutions);
        return text.toString();
    }

    /** Labels {@code first} and {@code second} from a key {@code "first value/second value"}. */
    private static Map<String, String> pair(String first, String second, String key) {
        int slash = key.indexOf('/');
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(first, key.substring(0, slash));
        labels.put(second, key.substring(slash + 1));
        return labels;
    }

    private static Map<String, String> pair(TrafficMeters.Pair pair) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("from", pair.fromAttachmentId());
        labels.put("to", pair.toAttachmentId());
        return labels;
    }

    /** The label value of {@code counter}: its name in lower case. */
    public static String label(DataplaneCounter counter) {
        return counter.name().toLowerCase(Locale.ROOT);
    }

    private long value(DataplaneCounter counter) {
        return counters.getOrDefault(counter, 0L);
    }
}
