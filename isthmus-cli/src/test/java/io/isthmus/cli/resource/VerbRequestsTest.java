package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.cli.CommandRun;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verb sends the method, path, headers and body of the controller's API contract ({@code ApiRoutes}). */
class VerbRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeController controller;

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    static Stream<Arguments> verbs() {
        return Stream.of(
            verb("tenant create acme", "POST", "/v1/tenants", "{\"name\":\"acme\"}"),
            verb("tenant list", "GET", "/v1/tenants", null),
            verb("tenant get ten-0000000000aa", "GET", "/v1/tenants/ten-0000000000aa", null),
            verb("tenant delete ten-0000000000aa", "DELETE", "/v1/tenants/ten-0000000000aa", null),
            verb("token create --tenant ten-1 ci", "POST", "/v1/tenants/ten-1/tokens", "{\"name\":\"ci\"}"),
            verb("token create --tenant ten-1 ci --expires 2027-01-01T00:00:00Z", "POST", "/v1/tenants/ten-1/tokens",
                "{\"name\":\"ci\",\"expiresAt\":\"2027-01-01T00:00:00Z\"}"),
            verb("token list --tenant ten-1", "GET", "/v1/tenants/ten-1/tokens", null),
            verb("token revoke --tenant ten-1 tok-2", "DELETE", "/v1/tenants/ten-1/tokens/tok-2", null),
            verb("host register h1 --prefix 2001:db8:0:100::/72", "POST", "/v1/hosts",
                "{\"name\":\"h1\",\"substratePrefix\":\"2001:db8:0:100::/72\"}"),
            verb("host list", "GET", "/v1/hosts", null),
            verb("host get host-1", "GET", "/v1/hosts/host-1", null),
            verb("host delete host-1", "DELETE", "/v1/hosts/host-1", null),
            verb("network create prod --cidr 10.0.0.0/16 --cidr 10.1.0.0/16", "POST", "/v1/networks",
                "{\"name\":\"prod\",\"cidrBlocks\":[\"10.0.0.0/16\",\"10.1.0.0/16\"],\"options\":{}}"),
            verb("network create prod --cidr 10.0.0.0/16 --mtu 1400 --dns 10.0.0.2 --dns 10.0.0.3 --dhcp-lease 600 "
                + "--snmp-community s3cret --multicast-across-subnets true", "POST", "/v1/networks",
                "{\"name\":\"prod\",\"cidrBlocks\":[\"10.0.0.0/16\"],\"options\":{\"mtu\":1400,\"dnsServers\":"
                    + "[\"10.0.0.2\",\"10.0.0.3\"],\"dhcpLeaseSeconds\":600,\"snmpCommunity\":\"s3cret\","
                    + "\"multicastAcrossSubnets\":true}}"),
            verb("network list", "GET", "/v1/networks", null),
            verb("network get net-1", "GET", "/v1/networks/net-1", null),
            verb("network delete net-1", "DELETE", "/v1/networks/net-1", null),
            verb("subnet create --network net-1 web --cidr 10.0.1.0/24", "POST", "/v1/networks/net-1/subnets",
                "{\"name\":\"web\",\"cidr\":\"10.0.1.0/24\"}"),
            verb("subnet list --network net-1", "GET", "/v1/networks/net-1/subnets", null),
            verb("subnet get sub-1", "GET", "/v1/subnets/sub-1", null),
            verb("subnet rename sub-1 front", "PATCH", "/v1/subnets/sub-1", "{\"name\":\"front\"}"),
            verb("subnet create --network net-1 web --cidr 10.0.1.0/24 --routing-protocols bgp,ospf --bgp-asn 65000",
                "POST", "/v1/networks/net-1/subnets", "{\"name\":\"web\",\"cidr\":\"10.0.1.0/24\",\"routing\":"
                    + "{\"protocols\":[\"BGP\",\"OSPF\"],\"bgp\":{\"asn\":65000}}}"),
            verb("subnet update sub-1 --routing-protocols bgp,rip --bgp-asn 4200000000 --bgp-hold-time 30 "
                + "--router-id 10.0.1.1 --ospf-area 0.0.0.1 --ospf-hello 5 --ospf-dead 20 --ospf-cost 7 "
                + "--ospf-network-type point-to-point --rip-auth md5 --rip-key s3cret --rip-key-id 3", "PATCH",
                "/v1/subnets/sub-1", "{\"routing\":{\"protocols\":[\"BGP\",\"RIP\"],\"routerId\":\"10.0.1.1\","
                    + "\"bgp\":{\"asn\":4200000000,\"holdTimeSeconds\":30},\"ospf\":{\"area\":\"0.0.0.1\","
                    + "\"helloSeconds\":5,\"deadSeconds\":20,\"cost\":7,\"networkType\":\"POINT_TO_POINT\"},"
                    + "\"rip\":{\"authentication\":\"MD5\",\"key\":\"s3cret\",\"keyId\":3}}}"),
            verb("subnet update sub-1 --routing-protocols none", "PATCH", "/v1/subnets/sub-1",
                "{\"routing\":{\"protocols\":[]}}"),
            verb("subnet update sub-1 --name front", "PATCH", "/v1/subnets/sub-1", "{\"name\":\"front\"}"),
            verb("routing sessions", "GET", "/v1/routing/sessions", null),
            verb("routing sessions --network net-1", "GET", "/v1/networks/net-1/routing/sessions", null),
            verb("subnet delete sub-1", "DELETE", "/v1/subnets/sub-1", null),
            verb("node create --network net-1 vm1 --host host-1 --interface sub-1 --interface sub-2=10.0.2.10",
                "POST", "/v1/networks/net-1/nodes", "{\"name\":\"vm1\",\"hostId\":\"host-1\",\"sourceDestCheck\":true,"
                    + "\"interfaces\":[{\"subnetId\":\"sub-1\"},{\"subnetId\":\"sub-2\",\"address\":\"10.0.2.10\"}]}"),
            verb("node create --network net-1 fw --host host-1 --interface sub-1 --appliance", "POST",
                "/v1/networks/net-1/nodes", "{\"name\":\"fw\",\"hostId\":\"host-1\",\"sourceDestCheck\":false,"
                    + "\"interfaces\":[{\"subnetId\":\"sub-1\"}]}"),
            verb("node list --network net-1", "GET", "/v1/networks/net-1/nodes", null),
            verb("node get node-1", "GET", "/v1/nodes/node-1", null),
            verb("node update node-1 --name vm2 --host host-2", "PATCH", "/v1/nodes/node-1",
                "{\"name\":\"vm2\",\"hostId\":\"host-2\"}"),
            verb("node update node-1 --no-appliance", "PATCH", "/v1/nodes/node-1", "{\"sourceDestCheck\":true}"),
            verb("node update node-1 --appliance", "PATCH", "/v1/nodes/node-1", "{\"sourceDestCheck\":false}"),
            verb("node update node-1 --no-healthy", "PATCH", "/v1/nodes/node-1", "{\"healthy\":false}"),
            verb("node update node-1 --healthy", "PATCH", "/v1/nodes/node-1", "{\"healthy\":true}"),
            verb("node delete node-1", "DELETE", "/v1/nodes/node-1", null),
            verb("route-table get sub-1", "GET", "/v1/subnets/sub-1/route-table", null),
            verb("route add --subnet sub-1 0.0.0.0/0 --via node-1:if-1 --via node-2:if-2", "POST",
                "/v1/subnets/sub-1/route-table/routes", "{\"destination\":\"0.0.0.0/0\",\"targets\":["
                    + "{\"type\":\"appliance-interface\",\"nodeId\":\"node-1\",\"interfaceId\":\"if-1\"},"
                    + "{\"type\":\"appliance-interface\",\"nodeId\":\"node-2\",\"interfaceId\":\"if-2\"}]}"),
            verb("route add --subnet sub-1 10.9.0.0/16 --blackhole", "POST", "/v1/subnets/sub-1/route-table/routes",
                "{\"destination\":\"10.9.0.0/16\",\"targets\":[{\"type\":\"blackhole\"}]}"),
            verb("route delete --subnet sub-1 10.9.0.0/16", "DELETE",
                "/v1/subnets/sub-1/route-table/routes/10.9.0.0_16", null),
            verb("device list --network net-1", "GET", "/v1/networks/net-1/devices", null),
            verb("peering-router create hub", "POST", "/v1/peering-routers", "{\"name\":\"hub\",\"restrictions\":{}}"),
            verb("peering-router create hub --allow-tenant ten-2 --allow-network net-2 --window mon,fri@08:00-18:00 "
                + "--window 2027-01-01T00:00:00Z/2027-02-01T00:00:00Z --max-duration 3600 --pre-approved", "POST",
                "/v1/peering-routers", "{\"name\":\"hub\",\"restrictions\":{\"tenants\":[\"ten-2\"],"
                    + "\"networks\":[\"net-2\"],\"windows\":[{\"type\":\"weekly\",\"days\":[\"monday\",\"friday\"],"
                    + "\"start\":\"08:00\",\"end\":\"18:00\"},{\"type\":\"absolute\",\"from\":\"2027-01-01T00:00:00Z\","
                    + "\"until\":\"2027-02-01T00:00:00Z\"}],\"maxAttachmentSeconds\":3600,\"preApproved\":true}}"),
            verb("peering-router list", "GET", "/v1/peering-routers", null),
            verb("peering-router get pr-1", "GET", "/v1/peering-routers/pr-1", null),
            verb("peering-router update pr-1 --name core", "PATCH", "/v1/peering-routers/pr-1",
                "{\"name\":\"core\"}"),
            verb("peering-router delete pr-1", "DELETE", "/v1/peering-routers/pr-1", null),
            verb("peering-attachment create --router pr-1 --network net-1", "POST",
                "/v1/peering-routers/pr-1/attachments", "{\"networkId\":\"net-1\",\"policy\":"
                    + "{\"responsesOnly\":false}}"),
            verb("peering-attachment create --router pr-1 --network net-1 --export 10.0.0.0/16{16,24} "
                + "--import 0.0.0.0/0{0,32} --responses-only --peer pa-2 --overlap translate "
                + "--represent 10.0.0.0/24=210.0.0.0/24 --duration 60", "POST", "/v1/peering-routers/pr-1/attachments",
                "{\"networkId\":\"net-1\",\"durationSeconds\":60,\"policy\":{\"exports\":[\"10.0.0.0/16{16,24}\"],"
                    + "\"imports\":[\"0.0.0.0/0{0,32}\"],\"responsesOnly\":true,\"peers\":[\"pa-2\"],"
                    + "\"overlap\":\"translate\",\"translations\":[{\"block\":\"10.0.0.0/24\","
                    + "\"representative\":\"210.0.0.0/24\"}]}}"),
            verb("peering-attachment update pa-1 --export 10.0.0.0/24 --no-imports --responses-only --peer pa-2 "
                + "--peer pa-3", "PATCH", "/v1/peering-attachments/pa-1", "{\"policy\":{\"exports\":"
                    + "[\"10.0.0.0/24\"],\"imports\":[],\"responsesOnly\":true,\"peers\":[\"pa-2\",\"pa-3\"]}}"),
            verb("peering-attachment update pa-1 --no-rules --no-peers", "PATCH", "/v1/peering-attachments/pa-1",
                "{\"policy\":{\"rules\":[],\"peers\":[]}}"),
            verb("peering-attachment list", "GET", "/v1/peering-attachments", null),
            verb("peering-attachment list --router pr-1", "GET", "/v1/peering-routers/pr-1/attachments", null),
            verb("peering-attachment list --network net-1", "GET", "/v1/networks/net-1/peering-attachments", null),
            verb("peering-attachment get pa-1", "GET", "/v1/peering-attachments/pa-1", null),
            verb("peering-attachment accept pa-1", "POST", "/v1/peering-attachments/pa-1/accept", "{}"),
            verb("peering-attachment reject pa-1", "POST", "/v1/peering-attachments/pa-1/reject", "{}"),
            verb("peering-attachment delete pa-1", "DELETE", "/v1/peering-attachments/pa-1", null),
            verb("peering-router link pr-1 pr-2", "POST", "/v1/peering-routers/pr-1/links",
                "{\"peerRouterId\":\"pr-2\"}"),
            verb("peering-router links pr-1", "GET", "/v1/peering-routers/pr-1/links", null),
            verb("peering-link accept pl-1", "POST", "/v1/peering-links/pl-1/accept", "{}"),
            verb("peering-link reject pl-1", "POST", "/v1/peering-links/pl-1/reject", "{}"),
            verb("peering-link delete pl-1", "DELETE", "/v1/peering-links/pl-1", null));
    }

    private static Arguments verb(String args, String method, String uri, String body) {
        return Arguments.of(args, method, uri, body);
    }

    @ParameterizedTest(name = "isthmus {0}")
    @MethodSource("verbs")
    void sendsTheRequestOfTheContract(String args, String method, String uri, String body) throws Exception {
        CommandRun run = ApiRun.of(controller, args.split(" "));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.requests()).hasSize(1);
        FakeController.Request request = controller.last();
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.uri()).isEqualTo(uri);
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.header("If-Match")).isNull();
        if (body == null) {
            assertThat(request.body()).isEmpty();
            assertThat(request.header("Content-Type")).isNull();
        } else {
            assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree(body));
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void aTrafficRuleIsDirectionProtocolPortsAndDestination() throws Exception {
        CommandRun run = ApiRun.of(controller, "peering-attachment", "create", "--router", "pr-1", "--network",
            "net-1", "--rule", "in tcp:8000-8080 10.0.0.5/32", "--rule", "out icmp");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(controller.last().body()).path("policy").path("rules")).isEqualTo(JSON.readTree(
            "[{\"direction\":\"in\",\"fromPort\":8000,\"toPort\":8080,\"protocol\":\"tcp\","
                + "\"destination\":\"10.0.0.5/32\"},{\"direction\":\"out\",\"protocol\":\"icmp\"}]"));
    }

    @Test
    void anUpdateSendsOnlyThePolicyFieldsGiven() throws Exception {
        CommandRun run = ApiRun.of(controller, "peering-attachment", "update", "pa-1", "--rule", "in tcp:22",
            "--responses-only", "false");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(controller.last().body())).isEqualTo(JSON.readTree("{\"policy\":{\"rules\":"
            + "[{\"direction\":\"in\",\"fromPort\":22,\"toPort\":22,\"protocol\":\"tcp\"}],"
            + "\"responsesOnly\":false}}"));
    }

    @Test
    void anUpdateOfNothingOrOfAListBothGivenAndEmptiedIsAUsageError() {
        assertThat(ApiRun.of(controller, "peering-attachment", "update", "pa-1").exitCode()).isEqualTo(2);
        assertThat(ApiRun.of(controller, "peering-attachment", "update", "pa-1", "--rule", "out any", "--no-rules")
            .exitCode()).isEqualTo(2);
        assertThat(controller.requests()).isEmpty();
    }

    @Test
    void aMalformedRuleOrWindowIsAUsageError() {
        assertThat(ApiRun.of(controller, "peering-attachment", "create", "--router", "pr-1", "--network", "net-1",
            "--rule", "in").exitCode()).isEqualTo(2);
        assertThat(ApiRun.of(controller, "peering-attachment", "create", "--router", "pr-1", "--network", "net-1",
            "--rule", "in tcp:http").exitCode()).isEqualTo(2);
        assertThat(ApiRun.of(controller, "peering-router", "create", "hub", "--window", "someday@08:00-18:00")
            .exitCode()).isEqualTo(2);
        assertThat(ApiRun.of(controller, "peering-router", "create", "hub", "--window", "mondays").exitCode())
            .isEqualTo(2);
        assertThat(controller.requests()).isEmpty();
    }

    static Stream<Arguments> conditional() {
        return Stream.of(
            Arguments.of("tenant delete ten-1 --if-match 3", "DELETE"),
            Arguments.of("host delete host-1 --if-match 3", "DELETE"),
            Arguments.of("network delete net-1 --if-match 3", "DELETE"),
            Arguments.of("peering-attachment update pa-1 --responses-only false --if-match 3", "PATCH"),
            Arguments.of("network update net-1 --name n --cidr 10.0.0.0/8 --if-match 3", "PUT"),
            Arguments.of("subnet rename sub-1 n --if-match 3", "PATCH"),
            Arguments.of("subnet delete sub-1 --if-match 3", "DELETE"),
            Arguments.of("node update node-1 --name n --if-match 3", "PATCH"),
            Arguments.of("node delete node-1 --if-match 3", "DELETE"),
            Arguments.of("route add --subnet sub-1 10.9.0.0/16 --blackhole --if-match 3", "POST"),
            Arguments.of("route delete --subnet sub-1 10.9.0.0/16 --if-match 3", "DELETE"),
            Arguments.of("peering-router update pr-1 --name n --if-match 3", "PATCH"),
            Arguments.of("peering-router delete pr-1 --if-match 3", "DELETE"),
            Arguments.of("peering-attachment accept pa-1 --if-match 3", "POST"),
            Arguments.of("peering-attachment delete pa-1 --if-match 3", "DELETE"));
    }

    @ParameterizedTest(name = "isthmus {0}")
    @MethodSource("conditional")
    void ifMatchIsSentAsAnETag(String args, String method) {
        CommandRun run = ApiRun.of(controller, args.split(" "));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.last().method()).isEqualTo(method);
        assertThat(controller.last().header("If-Match")).isEqualTo("\"3\"");
    }

    private static final String SUBNET_WITH_A_PARTICIPANT = """
        {"id":"sub-0000000000aa","name":"web","routing":{"protocols":["BGP","OSPF"],"participants":[\
        {"node":"node-0000000000f1","protocols":["OSPF"],"allowedPrefixes":["10.9.0.0/16"],"maxPrefixes":5,\
        "messagesPerSecond":100,"burst":200}]},"version":4}""";

    @Test
    void addingAParticipantReadsTheSubnetAndWritesTheWholeListBackAtItsVersion() throws Exception {
        controller.answer(200, SUBNET_WITH_A_PARTICIPANT, 4L);
        CommandRun run = ApiRun.of(controller, "subnet", "routing-participant", "add", "sub-0000000000aa",
            "--node", "node-0000000000f2", "--protocols", "bgp", "--asn", "65001", "--allow", "10.1.0.0/16",
            "--allow", "10.2.0.0/16{24,24}", "--max-prefixes", "100");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.requests()).extracting(r -> r.method() + " " + r.uri()).containsExactly(
            "GET /v1/subnets/sub-0000000000aa", "PATCH /v1/subnets/sub-0000000000aa");
        assertThat(JSON.readTree(controller.last().body())).isEqualTo(JSON.readTree("""
            {"routing":{"participants":[{"node":"node-0000000000f1","protocols":["OSPF"],\
            "allowedPrefixes":["10.9.0.0/16"],"maxPrefixes":5,"messagesPerSecond":100,"burst":200},\
            {"node":"node-0000000000f2","protocols":["BGP"],"asn":65001,\
            "allowedPrefixes":["10.1.0.0/16","10.2.0.0/16{24,24}"],"maxPrefixes":100}]}}"""));
        assertThat(controller.last().header("If-Match")).isEqualTo("\"4\"");
    }

    @Test
    void addingAnExistingParticipantReplacesItsSettings() throws Exception {
        controller.answer(200, SUBNET_WITH_A_PARTICIPANT, 4L);
        CommandRun run = ApiRun.of(controller, "subnet", "routing-participant", "add", "sub-0000000000aa",
            "--node", "node-0000000000f1", "--protocols", "ospf", "--allow", "10.8.0.0/16");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(controller.last().body())).isEqualTo(JSON.readTree("""
            {"routing":{"participants":[{"node":"node-0000000000f1","protocols":["OSPF"],\
            "allowedPrefixes":["10.8.0.0/16"]}]}}"""));
    }

    @Test
    void removingAParticipantWritesTheOthersBackAndAnUnknownOneIsAUsageError() throws Exception {
        controller.answer(200, SUBNET_WITH_A_PARTICIPANT, 4L);
        CommandRun run = ApiRun.of(controller, "subnet", "routing-participant", "remove", "sub-0000000000aa",
            "--node", "node-0000000000f1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(controller.last().body()))
            .isEqualTo(JSON.readTree("{\"routing\":{\"participants\":[]}}"));

        controller.answer(200, SUBNET_WITH_A_PARTICIPANT, 4L);
        CommandRun unknown = ApiRun.of(controller, "subnet", "routing-participant", "remove", "sub-0000000000aa",
            "--node", "node-0000000000f9");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("not a routing participant");
        assertThat(controller.last().method()).isEqualTo("GET");
    }

    @Test
    void subnetUpdateWithNothingIsAUsageError() {
        CommandRun run = ApiRun.of(controller, "subnet", "update", "sub-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(controller.requests()).isEmpty();
    }

    @Test
    void networkUpdateOfOneFieldReadsTheNetworkAndWritesBackAtItsVersion() throws Exception {
        CommandRun run = ApiRun.of(controller, "network", "update", "net-0000000000aa", "--name", "new");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.requests()).extracting(r -> r.method() + " " + r.uri()).containsExactly(
            "GET /v1/networks/net-0000000000aa", "PUT /v1/networks/net-0000000000aa");
        assertThat(JSON.readTree(controller.last().body())).isEqualTo(JSON.readTree("{\"name\":\"new\","
            + "\"cidrBlocks\":[\"10.0.0.0/16\"],\"options\":{\"mtu\":1400,\"dnsServers\":[\"10.0.0.2\"],"
            + "\"dhcpLeaseSeconds\":600,\"snmpCommunity\":\"s3cret\",\"multicastAcrossSubnets\":false}}"));
        assertThat(controller.last().header("If-Match")).isEqualTo("\"7\"");
    }

    @Test
    void networkUpdateOfAnOptionKeepsTheOtherOptionsAndFields() throws Exception {
        CommandRun run = ApiRun.of(controller, "network", "update", "net-0000000000aa", "--mtu", "9000",
            "--no-snmp", "--no-dns", "--name", "new", "--cidr", "10.2.0.0/16");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(controller.last().body())).isEqualTo(JSON.readTree("{\"name\":\"new\","
            + "\"cidrBlocks\":[\"10.2.0.0/16\"],\"options\":{\"mtu\":9000,\"dnsServers\":[],"
            + "\"dhcpLeaseSeconds\":600,\"snmpCommunity\":null,\"multicastAcrossSubnets\":false}}"));
    }

    @Test
    void networkUpdateKeepsAGivenIfMatchOverTheVersionItRead() {
        CommandRun run = ApiRun.of(controller, "network", "update", "net-1", "--cidr", "10.3.0.0/16",
            "--if-match", "5");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.last().body()).contains("\"name\":\"old\"").contains("10.3.0.0/16");
        assertThat(controller.last().header("If-Match")).isEqualTo("\"5\"");
    }

    @Test
    void idsAreEncodedAsOnePathSegment() {
        CommandRun run = ApiRun.of(controller, "network", "get", "a/b c");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.last().uri()).isEqualTo("/v1/networks/a%2Fb%20c");
    }
}
