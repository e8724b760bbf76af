package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab of steering through appliances (issue 6): an appliance node with an interface in each of two subnets
 * ({@link AgentLab#appliance}) forwarding between them as a router, and a static route through it
 * ({@link AgentLab#routeThrough}) that steers a's packets to b through fw. Network 10.0.0.0/16:
 *
 * <pre>
 *   subnet A 10.0.1.0/24                          subnet B 10.0.2.0/24
 *     a 10.0.1.10 on host 1                         b 10.0.2.20 on host 2
 *                    fw on host 2: eth0 10.0.1.100 (A), eth1 10.0.2.100 (B), forwarding
 * </pre>
 */
@RequiresRoot
@Timeout(180)
class ApplianceLabSystemTest {
    @TempDir
    Path dir;

    private AgentLab lab;
    private NetnsFixture fixture;
    private String token;
    private AgentLab.Subnet subnetA;
    private AgentLab.Appliance fw;
    private NetworkNamespace a;
    private NetworkNamespace b;
    private AgentRuntime agent2;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
        fixture = lab.fixture;
        NetworkNamespace[] hosts = lab.substrate();
        String host1 = lab.host("host-1", AgentLab.PREFIX1);
        String host2 = lab.host("host-2", AgentLab.PREFIX2);
        token = lab.tenantToken("acme");
        String network = lab.bareNetwork(token, "prod", "10.0.0.0/16");
        subnetA = lab.subnet(token, network, "a", "10.0.1.0/24");
        AgentLab.Subnet subnetB = lab.subnet(token, network, "b", "10.0.2.0/24");
        assertThat(subnetB.gateway()).isEqualTo("10.0.2.1");
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        a = lab.node(token, network, subnetA.id(), "a", host1, "10.0.1.10", attach1);
        b = lab.node(token, network, subnetB.id(), "b", host2, "10.0.2.20", attach2);
        Map<String, String> interfaces = new LinkedHashMap<>();
        interfaces.put(subnetA.id(), "10.0.1.100");
        interfaces.put(subnetB.id(), "10.0.2.100");
        fw = lab.appliance(token, network, "fw", host2, interfaces, attach2);
        AgentRuntime agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        lab.awaitAddress(a, agent1);
        lab.awaitAddress(b, agent2);
        lab.awaitAddress(fw.namespace(), agent2);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void anApplianceWithTwoInterfacesReachesBothSubnetsAndARouteSteersThroughIt() throws Exception {
        assertThat(fw.interfaceIds()).hasSize(2);
        AgentLab.awaitTrue(() -> fixture.tryExec(fw.namespace(), "ip", "-o", "-4", "addr", "show").output()
            .contains("10.0.2.100/24"), "fw's second interface configured by its agent");
        assertThat(fixture.exec(fw.namespace(), "sysctl", "-n", "net.ipv4.ip_forward").output().strip())
            .isEqualTo("1");
        // Each interface reaches its subnet's node: fw is on host 2 with b, a is on host 1.
        lab.awaitReply(fw.namespace(), "10.0.1.10");
        lab.awaitReply(fw.namespace(), "10.0.2.20");
        lab.awaitReply(a, "10.0.2.20");
        ApiClient.Answer table = lab.routeThrough(token, subnetA.id(), "10.0.2.0/24",
            List.of(Map.entry(fw.id(), fw.interfaceIds().get(0))));
        assertThat(table.body().path("routes").toString()).contains("10.0.2.0/24");
        // The routing manager pushes subnet A's table: a's packets to b now cross fw (in on eth0, out on eth1); b's
        // answers, with no route back through fw in subnet B's table, go to a directly.
        AgentLab.awaitTrue(() -> {
            lab.ping(a, 1, "10.0.2.20");
            return agent2.counters().getOrDefault("DELIVERED_TO_APPLIANCE", 0L) > 0;
        }, "a's packets to b delivered to fw");
        int requests = lab.count(fw.namespace(), "eth0", "icmp[icmptype] == icmp-echo and dst host 10.0.2.20",
            () -> assertThat(lab.ping(a, 3, "10.0.2.20")).isEqualTo(3));
        assertThat(requests).isEqualTo(3);
    }
}
