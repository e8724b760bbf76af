package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual routers answer SNMPv2c (issue 5), asked by net-snmp's own tools from node namespaces, in the
 * {@link AgentLab}:
 *
 * <pre>
 *   network "prod" 10.0.0.0/16, community s3cret: subnets web 10.0.0.0/24 and db 10.0.1.0/24, each with its router
 *     n1 10.0.0.4 (web, host 1)   n2 10.0.1.5 (db, host 1)   n3 10.0.1.6 (db, host 2)
 *   network "plain" 10.1.0.0/24, no community (SNMP off): p1 10.1.0.4 (host 1)
 * </pre>
 *
 * The tools ask for numeric OIDs and print them ({@code -On}): Debian's snmp package comes without the IETF MIB
 * modules, so names like {@code sysName.0} would not resolve there.
 */
@RequiresRoot
@Timeout(180)
class SnmpSystemTest {
    private static final String COMMUNITY = "s3cret";
    private static final String SYSTEM = "1.3.6.1.2.1.1";
    private static final String SYS_UP_TIME = SYSTEM + ".3.0";
    private static final String SYS_NAME = SYSTEM + ".5.0";
    private static final String IF_TABLE = "1.3.6.1.2.1.2.2";
    private static final String IF_DESCR = IF_TABLE + ".1.2";
    private static final String IF_IN_UCAST = IF_TABLE + ".1.11";
    private static final String IF_OUT_UCAST = IF_TABLE + ".1.17";
    private static final String IF_HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6";
    private static final String IF_HC_OUT_OCTETS = "1.3.6.1.2.1.31.1.1.1.10";
    private static final String SNMP_IN_BAD_COMMUNITY_NAMES = "1.3.6.1.2.1.11.4.0";
    /** {@code OID = TYPE: value}, as snmpget -On prints a binding. */
    private static final Pattern BINDING = Pattern.compile("^\\.?([0-9.]+) = (?:([A-Za-z0-9-]+): ?)?(.*)$");

    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void theVirtualRouterAnswersSnmpWalksOfItsSystemGroupAndInterfaces() throws Exception {
        NetworkNamespace[] hosts = lab.substrate();
        String host1 = lab.host("host-1", AgentLab.PREFIX1);
        String host2 = lab.host("host-2", AgentLab.PREFIX2);
        String tenant = lab.tenantToken("acme");
        String prod = AgentLab.created(lab.api.post("/v1/networks", tenant, Map.of("name", "prod", "cidrBlocks",
            List.of("10.0.0.0/16"), "options", Map.of("snmpCommunity", COMMUNITY))));
        String web = subnet(tenant, prod, "web", "10.0.0.0/24");
        String db = subnet(tenant, prod, "db", "10.0.1.0/24");
        AgentLab.Network plain = lab.network(tenant, "plain", "10.1.0.0/24");

        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace n1 = lab.node(tenant, prod, web, "n1", host1, "10.0.0.4", attach1);
        NetworkNamespace n2 = lab.node(tenant, prod, db, "n2", host1, "10.0.1.5", attach1);
        NetworkNamespace n3 = lab.node(tenant, prod, db, "n3", host2, "10.0.1.6", attach2);
        NetworkNamespace p1 = lab.node(tenant, plain.id(), plain.subnetId(), "p1", host1, "10.1.0.4", attach1);
        AgentRuntime agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        AgentRuntime agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        for (NetworkNamespace node : List.of(n1, n2, p1)) {
            lab.awaitAddress(node, agent1);
        }
        lab.awaitAddress(n3, agent2);

        // snmpget: the router's name and uptime, from its address in n1's subnet.
        Map<String, String> got = values(snmp(n1, "snmpget", COMMUNITY, "10.0.0.1", SYS_NAME, SYS_UP_TIME));
        assertThat(got).containsEntry(SYS_NAME, "STRING: \"gw-10.0.0.1\"");
        assertThat(got.get(SYS_UP_TIME)).startsWith("Timeticks: ");

        // snmpwalk of the system group: eight scalars, in order.
        Map<String, String> system = values(snmp(n1, "snmpwalk", COMMUNITY, "10.0.0.1", SYSTEM));
        assertThat(system.keySet()).containsExactly(SYSTEM + ".1.0", SYSTEM + ".2.0", SYSTEM + ".3.0", SYSTEM + ".4.0",
            SYSTEM + ".5.0", SYSTEM + ".6.0", SYSTEM + ".7.0", SYSTEM + ".8.0");
        assertThat(system.get(SYSTEM + ".1.0")).contains("Isthmus virtual router of subnet " + web
            + " 10.0.0.0/24 in network " + prod);
        assertThat(system.get(SYSTEM + ".2.0")).isEqualTo("OID: .1.3.6.1.4.1.32473.1.1");
        assertThat(system.get(SYSTEM + ".6.0")).contains(host1);
        assertThat(system.get(SYSTEM + ".7.0")).isEqualTo("INTEGER: 4");

        // snmpwalk of ifTable: the router's interface in web, then its uplink to the other subnets' routers.
        Map<String, String> table = values(snmp(n1, "snmpwalk", COMMUNITY, "10.0.0.1", IF_TABLE));
        assertThat(table).containsEntry(IF_DESCR + ".1", "STRING: \"subnet " + web + " 10.0.0.0/24\"")
            .containsEntry(IF_DESCR + ".2", "STRING: \"uplink to the routers of the other subnets of network "
                + prod + "\"")
            .containsEntry(IF_TABLE + ".1.3.1", "INTEGER: 6")
            .containsEntry(IF_TABLE + ".1.3.2", "INTEGER: 53")
            .containsEntry(IF_TABLE + ".1.4.2", "INTEGER: 1480")
            .containsEntry(IF_TABLE + ".1.6.2", "\"\"")
            .containsEntry(IF_TABLE + ".1.8.1", "INTEGER: 1");
        assertThat(mac(table.get(IF_TABLE + ".1.6.1"))).isEqualTo(VirtualMacs.router(Ipv4Address.parse("10.0.0.1")));

        // Counters: pings from web to db, on this host and across hosts, cross web's router, then db's, on host 1
        // (the sender's agent emulates both).
        String[] counters = {IF_IN_UCAST + ".1", IF_OUT_UCAST + ".2", IF_HC_IN_OCTETS + ".1",
            IF_HC_OUT_OCTETS + ".2"};
        String[] dbCounters = {IF_IN_UCAST + ".2", IF_OUT_UCAST + ".1"};
        Map<String, Long> before = numbers(values(snmp(n1, "snmpget", COMMUNITY, "10.0.0.1", counters)));
        Map<String, Long> dbBefore = numbers(values(snmp(n2, "snmpget", COMMUNITY, "10.0.1.1", dbCounters)));
        lab.awaitReply(n1, "10.0.1.6");
        assertThat(lab.ping(n1, 5, "10.0.1.5")).isEqualTo(5);
        assertThat(lab.ping(n1, 5, "10.0.1.6")).isGreaterThanOrEqualTo(4);
        Map<String, Long> after = numbers(values(snmp(n1, "snmpget", COMMUNITY, "10.0.0.1", counters)));
        Map<String, Long> dbAfter = numbers(values(snmp(n2, "snmpget", COMMUNITY, "10.0.1.1", dbCounters)));
        System.out.println("web's router before " + before + ", after " + after + "; db's router before " + dbBefore
            + ", after " + dbAfter);
        // Ten echo requests (98 octets of frame each) entered web's router from web and left by its uplink...
        assertThat(after.get(IF_IN_UCAST + ".1") - before.get(IF_IN_UCAST + ".1")).isGreaterThanOrEqualTo(10);
        assertThat(after.get(IF_OUT_UCAST + ".2") - before.get(IF_OUT_UCAST + ".2")).isGreaterThanOrEqualTo(10);
        assertThat(after.get(IF_HC_IN_OCTETS + ".1") - before.get(IF_HC_IN_OCTETS + ".1"))
            .isGreaterThanOrEqualTo(10 * 98);
        assertThat(after.get(IF_HC_OUT_OCTETS + ".2") - before.get(IF_HC_OUT_OCTETS + ".2"))
            .isGreaterThanOrEqualTo(10 * 98);
        // ...and entered db's router by its uplink and left into db.
        assertThat(dbAfter.get(IF_IN_UCAST + ".2") - dbBefore.get(IF_IN_UCAST + ".2")).isGreaterThanOrEqualTo(10);
        assertThat(dbAfter.get(IF_OUT_UCAST + ".1") - dbBefore.get(IF_OUT_UCAST + ".1")).isGreaterThanOrEqualTo(10);

        // n1 asks db's router too, across its own: the answer comes from 10.0.1.1, one router hop away.
        Map<String, String> across = values(snmp(n1, "snmpget", COMMUNITY, "10.0.1.1", SYS_NAME, IF_DESCR + ".1"));
        assertThat(across).containsEntry(SYS_NAME, "STRING: \"gw-10.0.1.1\"")
            .containsEntry(IF_DESCR + ".1", "STRING: \"subnet " + db + " 10.0.1.0/24\"");

        // snmpbulkwalk gives what snmpwalk gives, in fewer requests; snmpbulkget: N = 1 once, then M = 3 rounds.
        Map<String, String> bulkTable = values(snmp(n1, "snmpbulkwalk", COMMUNITY, "10.0.0.1", "-Cr25", IF_TABLE));
        assertThat(bulkTable.keySet()).isEqualTo(table.keySet());
        Map<String, String> bulk = values(snmp(n1, "snmpbulkget", COMMUNITY, "10.0.0.1", "-Cn1", "-Cr3",
            SYSTEM + ".3", IF_DESCR));
        assertThat(bulk.keySet()).containsExactly(SYS_UP_TIME, IF_DESCR + ".1", IF_DESCR + ".2",
            IF_TABLE + ".1.3.1");

        // n3 asks the same router from host 2: that agent answers, and counts what its own nodes sent: n3's replies
        // to n1 entered db's router from db there.
        Map<String, String> far = values(snmp(n3, "snmpget", COMMUNITY, "10.0.1.1", SYS_NAME, SYSTEM + ".6.0",
            IF_DESCR + ".1", IF_IN_UCAST + ".1"));
        assertThat(far).containsEntry(SYS_NAME, "STRING: \"gw-10.0.1.1\"")
            .containsEntry(IF_DESCR + ".1", "STRING: \"subnet " + db + " 10.0.1.0/24\"");
        assertThat(far.get(SYSTEM + ".6.0")).contains(host2);
        assertThat(numbers(Map.of("in", far.get(IF_IN_UCAST + ".1"))).get("in")).isGreaterThanOrEqualTo(4);

        // Another community gets no answer at all, and the router counts it.
        CommandResult wrong = snmpOnce(n1, "snmpget", "guess", "10.0.0.1", SYS_NAME);
        System.out.println("wrong community:\n" + wrong.output());
        assertThat(wrong.succeeded()).isFalse();
        assertThat(wrong.output()).contains("Timeout: No Response from 10.0.0.1");
        assertThat(numbers(values(snmp(n1, "snmpget", COMMUNITY, "10.0.0.1", SNMP_IN_BAD_COMMUNITY_NAMES))))
            .containsEntry(SNMP_IN_BAD_COMMUNITY_NAMES, 1L);
        assertThat(agent1.snmpCounters()).containsEntry("BAD_COMMUNITY", 1L);

        // A network without a community has SNMP off: its router answers ping, and never SNMP.
        assertThat(lab.ping(p1, 2, "10.1.0.1")).isEqualTo(2);
        CommandResult off = snmpOnce(p1, "snmpget", COMMUNITY, "10.1.0.1", SYS_NAME);
        System.out.println("SNMP off:\n" + off.output());
        assertThat(off.succeeded()).isFalse();
        assertThat(off.output()).contains("Timeout: No Response from 10.1.0.1");
        assertThat(agent1.snmpCounters().get("SNMP_OFF")).isPositive();
        System.out.println("agent 1 SNMP: " + agent1.snmpCounters() + ", agent 2 SNMP: " + agent2.snmpCounters());
        assertThat(agent1.counters().getOrDefault("PUNTED_TO_ROUTER", 0L)).isPositive();
    }

    private String subnet(String token, String network, String name, String cidr) {
        return AgentLab.created(lab.api.post("/v1/networks/" + network + "/subnets", token,
            Map.of("name", name, "cidr", cidr)));
    }

    /** Runs net-snmp's {@code tool} in {@code node} (v2c, numeric OIDs out, 2 s and 2 retries); must succeed. */
    private CommandResult snmp(NetworkNamespace node, String tool, String community, String agent, String... args) {
        CommandResult result = fixture.tryExec(node, command(tool, community, "2", "2", agent, args));
        System.out.println(tool + " " + String.join(" ", args) + " in " + node.name() + ":\n" + result.output());
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result;
    }

    /** As {@link #snmp}, one try of one second, which may fail. */
    private CommandResult snmpOnce(NetworkNamespace node, String tool, String community, String agent,
                                   String... args) {
        return fixture.tryExec(node, command(tool, community, "1", "0", agent, args));
    }

    private static String[] command(String tool, String community, String timeout, String retries, String agent,
                                    String... args) {
        List<String> command = new ArrayList<>(List.of(tool, "-v2c", "-c", community, "-On", "-t", timeout, "-r",
            retries, agent));
        // The bulk tools' -C options go before the agent's address.
        List<String> options = new ArrayList<>();
        List<String> oids = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("-") ? options : oids).add(arg);
        }
        command.addAll(command.size() - 1, options);
        command.addAll(oids);
        return command.toArray(String[]::new);
    }

    /** The bindings printed, by numeric OID (no leading dot), as {@code TYPE: value}. */
    private static Map<String, String> values(CommandResult result) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : result.output().split("\n")) {
            Matcher m = BINDING.matcher(line.strip());
            if (m.matches()) {
                out.put(m.group(1), m.group(2) == null ? m.group(3) : m.group(2) + ": " + m.group(3));
            }
        }
        return out;
    }

    /** The values of counter and gauge bindings as numbers. */
    private static Map<String, Long> numbers(Map<String, String> values) {
        Map<String, Long> out = new LinkedHashMap<>();
        values.forEach((oid, value) -> out.put(oid, Long.parseLong(value.replaceAll("^[A-Za-z0-9]+: ", "")
            .strip())));
        return out;
    }

    /** A MAC printed as {@code Hex-STRING: 02 00 0A ...} (no MIB) or {@code STRING: 2:0:a:...} (with the MIB). */
    private static long mac(String value) {
        String body = value.replaceAll("^[A-Za-z-]+: ", "").strip().toLowerCase(Locale.ROOT);
        String[] octets = body.contains(":") ? body.split(":") : body.split("\\s+");
        assertThat(octets).as(value).hasSize(6);
        long mac = 0;
        for (String octet : octets) {
            mac = mac << 8 | Long.parseLong(octet, 16);
        }
        return mac;
    }
}
