package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.systemtest.PeeringLab.Site;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peering routers between the networks of three tenants (issue 8), seen from the nodes: who reaches whom by TCP and
 * ICMP under responses-only policies, a port filter, the peering router's hop in traceroute, and the usage the agents
 * meter against what iperf3 sent. The lab is {@link PeeringLab}'s: x 10.0.0.10 (host 1), y 10.1.0.20 (host 2),
 * z 10.2.0.30 (host 1), each in its tenant's network; X owns the router.
 */
@RequiresRoot
@Timeout(180)
class PeeringSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The UDP payload of iperf3's datagrams, and how many it sends: small enough that the 28 bytes of headers are 5%
     * of each packet, so that a meter counting payloads only, or Ethernet frames, is off by more than 1%.
     */
    private static final int DATAGRAM = 500;
    private static final int DATAGRAMS = 5000;
    /** Longer than two usage report intervals of the lab's agents (1 s). */
    private static final Duration USAGE_SETTLE = Duration.ofMillis(2500);

    @TempDir
    Path dir;

    private PeeringLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = PeeringLab.start(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void xReachesYAndZWhichOnlyAnswerAndYAndZCannotReachEachOther() throws Exception {
        String router = lab.router(lab.tenantX, "hub");
        // X's policy: only answers to X's own connections come in, so Y and Z answer only.
        String attachmentX = lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of("responsesOnly", true))
            .path("id").asText();
        // Y asks to attach and X accepts; X asks to attach Z's network and Z accepts: each exchanges with X only.
        lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of("peers", List.of(attachmentX)));
        lab.attach(lab.tenantX, lab.tenantZ, router, lab.z, Map.of("peers", List.of(attachmentX)));
        lab.echoServers(lab.x, lab.y, lab.z);
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        lab.lab.awaitReply(lab.x.node(), lab.z.address());

        for (Site from : List.of(lab.x, lab.y, lab.z)) {
            for (Site to : List.of(lab.x, lab.y, lab.z)) {
                if (from == to) {
                    continue;
                }
                if (from == lab.x) {
                    lab.assertReaches(from, to);
                } else if (to == lab.x) {
                    assertBlocked(from, to, DataplaneCounter.PEERING_RESPONSES_ONLY);
                } else {
                    // Neither network's routes reach the other: their virtual routers have no route.
                    assertBlocked(from, to, DataplaneCounter.NO_ROUTE);
                }
            }
        }
    }

    @Test
    void aBgpSpeakerOfXLearnsThePeersRangeFromItsVirtualRouterAndLosesItOnDetach() throws Exception {
        AgentLab.Appliance fw = lab.lab.appliance(lab.tenantX.token(), lab.x.networkId(), "fw", lab.hosts.host1(),
            Map.of(lab.x.network().subnetId(), "10.0.0.50"), lab.hosts.attach1());
        AgentLab.awaitTrue(() -> lab.fixture.tryExec(fw.namespace(), "ip", "-4", "addr", "show", "dev", "eth0")
            .output().contains("10.0.0.50"), "fw has its address");
        RoutingDaemon bird = RoutingDaemon.bird(lab.fixture, fw.namespace(), """
            router id 10.0.0.50;
            protocol device {}
            protocol bgp vr {
              local 10.0.0.50 as 65001;
              neighbor 10.0.0.1 as 65000;
              hold time 9;
              ipv4 { import all; export none; };
            }
            """);
        ApiClient.Answer routing = lab.lab.api.call("PATCH", "/v1/subnets/" + lab.x.network().subnetId(),
            lab.tenantX.token(), Map.of("routing", Map.of("protocols", List.of("BGP"), "bgp", Map.of("asn", 65000,
                "holdTimeSeconds", 9), "participants", List.of(RoutingLab.participant(fw.id(), List.of("BGP"), 65001,
                List.of(), 10)))), null);
        assertThat(routing.status()).as("routing set: %s", routing.body()).isEqualTo(200);
        bird.awaitShow("show route protocol vr", s -> s.contains("10.0.0.0/24"), Duration.ofSeconds(30));

        String router = lab.router(lab.tenantX, "hub");
        lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of());
        String attachmentY = lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of()).path("id").asText();
        // Y's 10.1.0.0/24 is a propagated route of X's subnet: the virtual router announces it like any other.
        bird.awaitShow("show route protocol vr", s -> s.contains("10.1.0.0/24"), Duration.ofSeconds(15));

        assertThat(lab.lab.api.delete("/v1/peering-attachments/" + attachmentY, lab.tenantY.token()).status())
            .isEqualTo(204);
        bird.awaitShow("show route protocol vr", s -> !s.contains("10.1.0.0/24") && s.contains("10.0.0.0/24"),
            Duration.ofSeconds(15));
    }

    @Test
    void anEchoRequestToAResponsesOnlyNetworkIsNoAnswerEvenWithTheIdentifierOfAnOpenPing() throws Exception {
        String router = lab.router(lab.tenantX, "hub");
        lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of("responsesOnly", true));
        lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of());
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        // x pings y all along with identifier 4242: y's echo replies are answers.
        lab.probes.pingContinuously(lab.x.node(), lab.y.address(), "-e", "4242");
        Thread.sleep(500);
        long before = lab.counter(DataplaneCounter.PEERING_RESPONSES_ONLY);
        // An echo request of y with that identifier is no answer: it asks, and x takes only answers.
        assertThat(lab.probes.ping(lab.y.node(), lab.x.address(), 3, 4242)).as("ping y -> x with x's identifier")
            .isZero();
        assertThat(lab.counter(DataplaneCounter.PEERING_RESPONSES_ONLY) - before).as("y's echo requests dropped")
            .isGreaterThanOrEqualTo(3);
    }

    @Test
    void onlyTcp80ToOneAddressPasses() throws Exception {
        String router = lab.router(lab.tenantX, "web");
        lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of());
        Site y2 = lab.node(lab.y, "y2", "10.1.0.21", 1);
        lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of("rules", List.of(Map.of("direction", "in",
            "protocol", "tcp", "fromPort", 80, "toPort", 80, "destination", lab.y.address() + "/32"))));
        lab.probes.httpServer(lab.y.node(), 80, "hello from y");
        lab.probes.httpServer(y2.node(), 80, "hello from y2");
        lab.probes.sshLikeServer(lab.y.node(), 22);
        // The servers answer inside Y's network: what X does not get below, the policy withholds.
        assertThat(lab.probes.http(y2.node(), "http://" + lab.y.address() + "/")).contains("hello from y");
        assertThat(lab.probes.tcp(y2.node(), lab.y.address(), 22)).contains("SSH-2.0-isthmus-test");
        assertThat(lab.probes.http(lab.y.node(), "http://" + y2.address() + "/")).contains("hello from y2");
        assertThat(lab.lab.ping(y2.node(), 1, lab.y.address())).isEqualTo(1);

        // The first request may leave before the agents have the peering view.
        AgentLab.awaitTrue(() -> lab.probes.http(lab.x.node(), "http://" + lab.y.address() + "/").isPresent(),
            "curl from x to y's port 80");
        assertThat(lab.probes.http(lab.x.node(), "http://" + lab.y.address() + "/")).contains("hello from y");

        long before = lab.counter(DataplaneCounter.PEERING_RULE_DENIED);
        assertThat(lab.probes.tcp(lab.x.node(), lab.y.address(), 22)).as("TCP 22 from x to y").isEmpty();
        long afterSsh = lab.counter(DataplaneCounter.PEERING_RULE_DENIED);
        assertThat(afterSsh - before).as("SYNs to port 22 dropped by the rules").isPositive();
        assertThat(lab.probes.ping(lab.x.node(), lab.y.address(), 2)).as("ping from x to y").isZero();
        long afterPing = lab.counter(DataplaneCounter.PEERING_RULE_DENIED);
        assertThat(afterPing - afterSsh).as("echo requests dropped by the rules").isGreaterThanOrEqualTo(2);
        assertThat(lab.probes.http(lab.x.node(), "http://" + y2.address() + "/")).as("port 80 of another address")
            .isEmpty();
        assertThat(lab.counter(DataplaneCounter.PEERING_RULE_DENIED) - afterPing).as("SYNs to y2's port 80 dropped")
            .isPositive();
        // Answers of the allowed connection pass, again.
        assertThat(lab.probes.http(lab.x.node(), "http://" + lab.y.address() + "/")).contains("hello from y");
    }

    @Test
    void tracerouteShowsTheNetworkRouterThePeeringRouterAndTheFarRouter() throws Exception {
        String router = lab.router(lab.tenantX, "hub");
        lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of());
        lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of());
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        String hop = lab.routerHop(lab.x, "10.1.0.0/24", 0);
        assertThat(hop).as("the router's hop address is in 100.64.0.0/10").matches("100\\.(6[4-9]|[7-9]\\d|1[01]\\d"
            + "|12[0-7])\\.\\d+\\.\\d+");
        assertThat(lab.routerHop(lab.y, "10.0.0.0/24", 0)).as("every network sees the router at one address")
            .isEqualTo(hop);
        for (boolean icmp : List.of(false, true)) {
            assertThat(lab.probes.traceroute(lab.x.node(), lab.y.address(), icmp)).as("traceroute %s",
                icmp ? "-I" : "(UDP)").containsExactly("1 10.0.0.1", "2 " + hop, "3 10.1.0.1",
                "4 " + lab.y.address());
        }
        // Three routers on the way each way: y's replies arrive with 64 - 3.
        assertThat(lab.fixture.tryExec(lab.x.node(), "ping", "-c", "1", "-W", "2", lab.y.address()).output())
            .contains("ttl=61");
    }

    @Test
    void usageMatchesWhatIperf3Sent() throws Exception {
        String router = lab.router(lab.tenantX, "metered");
        String ax = lab.attach(lab.tenantX, lab.tenantX, router, lab.x, Map.of()).path("id").asText();
        String ay = lab.attach(lab.tenantY, lab.tenantX, router, lab.y, Map.of()).path("id").asText();
        lab.lab.awaitReply(lab.x.node(), lab.y.address());
        lab.lab.iperfServer(lab.y.node(), lab.y.address());
        // What the first pings left in the figures, once the agents have reported them (every second in the lab).
        Thread.sleep(USAGE_SETTLE.toMillis());
        JsonNode xBefore = lab.usage(lab.tenantX, ax);
        JsonNode yBefore = lab.usage(lab.tenantY, ay);

        CommandResult iperf = lab.lab.iperf(lab.x.node(), lab.y.address(), "-u", "-b", "10M", "-l",
            Integer.toString(DATAGRAM), "-k", Integer.toString(DATAGRAMS), "-J");
        assertThat(iperf.succeeded()).as(iperf.describe()).isTrue();
        JsonNode sent = JSON.readTree(iperf.output()).path("end").path("sum");
        long packets = sent.path("packets").asLong();
        long bytes = sent.path("bytes").asLong();
        assertThat(packets).as("datagrams iperf3 sent").isEqualTo(DATAGRAMS);
        assertThat(bytes).isEqualTo((long) DATAGRAM * DATAGRAMS);
        // IPv4 bytes: each datagram has a 20-byte IPv4 and an 8-byte UDP header.
        long ipv4Bytes = bytes + 28 * packets;
        System.out.println("figure: iperf3 sent " + packets + " datagrams, " + ipv4Bytes + " IPv4 bytes; the server "
            + "lost " + sent.path("lost_packets").asLong());

        Thread.sleep(USAGE_SETTLE.toMillis());
        JsonNode xAfter = awaitUsage(lab.tenantX, ax, "bytesOut", xBefore, ipv4Bytes);
        JsonNode yAfter = awaitUsage(lab.tenantY, ay, "bytesIn", yBefore, ipv4Bytes);
        System.out.println("figure: usage of x's attachment " + xAfter + ", of y's " + yAfter);
        assertWithinOnePercent("x's bytes out", delta(xAfter, xBefore, "bytesOut"), ipv4Bytes);
        assertWithinOnePercent("x's packets out", delta(xAfter, xBefore, "packetsOut"), packets);
        assertWithinOnePercent("y's bytes in", delta(yAfter, yBefore, "bytesIn"), ipv4Bytes);
        assertWithinOnePercent("y's packets in", delta(yAfter, yBefore, "packetsIn"), packets);
        // Y's range appearing in X's network was a routing update through the router, and X's in Y's.
        assertThat(xAfter.path("routingUpdates").asLong()).as("x's routing updates").isPositive();
        assertThat(yAfter.path("routingUpdates").asLong()).as("y's routing updates").isPositive();
    }

    /**
     * Reads the attachment's usage until {@code field} has grown from {@code before} by at least 99% of
     * {@code expected} and then stays put for {@link #USAGE_SETTLE}; returns it.
     */
    private JsonNode awaitUsage(PeeringLab.Tenant tenant, String attachment, String field, JsonNode before,
                                long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode usage = lab.usage(tenant, attachment);
        while (System.nanoTime() < deadline) {
            if (delta(usage, before, field) >= expected * 0.99) {
                Thread.sleep(USAGE_SETTLE.toMillis());
                JsonNode later = lab.usage(tenant, attachment);
                if (later.path(field).asLong() == usage.path(field).asLong()) {
                    return later;
                }
                usage = later;
            } else {
                Thread.sleep(500);
                usage = lab.usage(tenant, attachment);
            }
        }
        return usage;
    }

    private static long delta(JsonNode after, JsonNode before, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    private static void assertWithinOnePercent(String what, long measured, long expected) {
        assertThat((double) measured).as("%s: %s, expected %s within 1%%", what, measured, expected)
            .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1));
    }

    /**
     * Neither an echo request nor a TCP connection from {@code from} gets an answer from {@code to} in its bounded
     * wait, and the agents drop each echo request and the SYNs: as {@code counter}, except a first packet to an
     * address the sender's agent has not resolved yet, which it drops as {@link DataplaneCounter#RESOLUTION_MISS}
     * while it asks the controller (as for any first packet of a flow).
     */
    private void assertBlocked(Site from, Site to, DataplaneCounter counter) {
        long before = lab.counter(counter);
        long missesBefore = lab.counter(DataplaneCounter.RESOLUTION_MISS);
        assertThat(lab.probes.ping(from.node(), to.address(), 2)).as("ping %s -> %s", from.nodeName(), to.nodeName())
            .isZero();
        long afterPing = lab.counter(counter);
        long misses = lab.counter(DataplaneCounter.RESOLUTION_MISS) - missesBefore;
        assertThat(afterPing - before).as("%s's echo requests to %s counted as %s", from.nodeName(), to.nodeName(),
            counter).isPositive();
        assertThat(afterPing - before + misses).as("%s's echo requests to %s dropped (%s, resolution misses)",
            from.nodeName(), to.nodeName(), counter).isGreaterThanOrEqualTo(2);
        assertThat(lab.probes.tcp(from.node(), to.address(), PeeringLab.ECHO_PORT)).as("TCP %s -> %s", from.nodeName(),
            to.nodeName()).isEmpty();
        assertThat(lab.counter(counter) - afterPing).as("%s's SYNs to %s counted as %s", from.nodeName(),
            to.nodeName(), counter).isPositive();
    }
}
