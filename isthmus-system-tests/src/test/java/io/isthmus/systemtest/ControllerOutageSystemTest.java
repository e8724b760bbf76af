package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.runtime.AgentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller killed and restarted under running agents, in the {@link AgentLab}: flows keep going on the agents'
 * caches while it is away; once it is back (same data directory, same ports), the agents' update streams resume, and
 * a node moved to another host meanwhile is found again by its peers on both hosts.
 *
 * <pre>
 *   h1: a 10.0.0.4              h2: b 10.0.0.5 (moves to h1), c 10.0.0.6
 * </pre>
 */
@RequiresRoot
@Timeout(180)
class ControllerOutageSystemTest {
    /** How long a moved node may take to be reachable again once the controller is back. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private AgentLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = AgentLab.start(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aNodeMovedAfterAControllerOutageIsFoundAgain() throws Exception {
        NetworkNamespace[] hosts = lab.substrate();
        String host1 = lab.host("host-1", AgentLab.PREFIX1);
        String host2 = lab.host("host-2", AgentLab.PREFIX2);
        String tenant = lab.tenantToken("acme");
        AgentLab.Network net = lab.network(tenant, "prod", "10.0.0.0/24");
        Path attach1 = Files.createDirectories(dir.resolve("attach1"));
        Path attach2 = Files.createDirectories(dir.resolve("attach2"));
        NetworkNamespace a = lab.node(tenant, net.id(), net.subnetId(), "a", host1, "10.0.0.4", attach1);
        NetworkNamespace b = lab.node(tenant, net.id(), net.subnetId(), "b", host2, "10.0.0.5", attach2);
        NetworkNamespace c = lab.node(tenant, net.id(), net.subnetId(), "c", host2, "10.0.0.6", attach2);
        AgentRuntime agent1 = lab.agent(host1, AgentLab.PREFIX1, hosts[1], attach1);
        AgentRuntime agent2 = lab.agent(host2, AgentLab.PREFIX2, hosts[2], attach2);
        lab.awaitAddress(a, agent1);
        lab.awaitAddress(b, agent2);
        lab.awaitAddress(c, agent2);
        lab.awaitReply(a, "10.0.0.5");
        lab.awaitReply(c, "10.0.0.5");

        // Away: the flows that exist keep working.
        lab.controller().kill();
        assertThat(lab.ping(a, 5, "10.0.0.5")).as("a -> b across hosts, controller killed")
            .isGreaterThanOrEqualTo(4);
        assertThat(lab.ping(c, 5, "10.0.0.5")).as("c -> b on host 2, controller killed").isGreaterThanOrEqualTo(4);

        // Back on the same data directory and ports; b moves to host 1 (its namespace stays, its attachment file
        // goes to host 1's directory).
        long restarting = System.nanoTime();
        lab.restartController();
        System.out.printf("controller restarted in %d ms%n", (System.nanoTime() - restarting) / 1_000_000);
        String b1 = lab.nodeId("b");
        ApiClient.Answer moved = lab.api.call("PATCH", "/v1/nodes/" + b1, tenant, Map.of("hostId", host1), null);
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        long movedAt = System.nanoTime();
        Files.move(attach2.resolve(b1), attach1.resolve(b1));

        // b is found again once host 1's agent serves it (the TAP in b's namespace is then agent 1's) and host 2's
        // agent has let it go: a reaches it on its own host, c across the substrate (a fresh resolution).
        long aRecovered = awaitMoved(movedAt, () -> agent1.attachedPorts().keySet().stream()
            .anyMatch(key -> key.startsWith(b1 + "/"))
            && agent2.attachedPorts().keySet().stream().noneMatch(key -> key.startsWith(b1 + "/"))
            && replies(a, "10.0.0.5"));
        long cRecovered = awaitMoved(movedAt, () -> replies(c, "10.0.0.5"));
        System.out.printf("after the move: a -> b again in %d ms, c -> b again in %d ms%n", aRecovered, cRecovered);
        assertThat(lab.ping(a, 5, "10.0.0.5")).as("a -> b on host 1").isGreaterThanOrEqualTo(4);
        assertThat(lab.ping(c, 5, "10.0.0.5")).as("c -> b across hosts").isGreaterThanOrEqualTo(4);
        assertThat(agent2.counterTotals().get(DataplaneCounter.SENT_TO_SUBSTRATE))
            .isPositive();
    }

    private boolean replies(NetworkNamespace from, String to) {
        return AgentLab.received(lab.fixture.tryExec(from, "ping", "-c", "1", "-W", "0.5", to)) == 1;
    }

    /** Waits for {@code recovered} within {@link #RECOVERY_BOUND} of {@code t0}; returns the ms since {@code t0}. */
    private static long awaitMoved(long t0, java.util.function.BooleanSupplier recovered) throws InterruptedException {
        long deadline = t0 + RECOVERY_BOUND.toNanos();
        while (!recovered.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the moved node was not found again within " + RECOVERY_BOUND);
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
