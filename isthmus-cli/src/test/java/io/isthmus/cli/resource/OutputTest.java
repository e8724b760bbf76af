package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tables, JSON and pagination, against canned answers shaped like the controller's {@code Representations}. */
class OutputTest {
    private static final String NODE = """
        {"id":"node-000000000001","tenantId":"ten-000000000001","networkId":"net-000000000001","name":"fw",\
        "hostId":"host-000000000001","sourceDestCheck":false,"interfaces":[\
        {"id":"if-000000000001","subnetId":"sub-000000000001","address":"10.0.1.10","mac":"02:00:0a:00:01:0a"},\
        {"id":"if-000000000002","subnetId":"sub-000000000002","address":"10.0.2.10","mac":"02:00:0a:00:02:0a"}],\
        "version":4}""";

    private FakeController controller;

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private static String tenant(int n) {
        return "{\"id\":\"ten-00000000000" + n + "\",\"name\":\"tenant" + "x".repeat(n) + "\",\"version\":" + n + "}";
    }

    @Test
    void subnetTableHasAlignedColumnsAndNoTrailingSpaces() {
        controller.answer(201, """
            {"id":"sub-000000000001","tenantId":"ten-000000000001","networkId":"net-000000000001","name":"web",\
            "cidr":"10.0.1.0/24","gateway":"10.0.1.1","version":3}""", 3L);

        CommandRun run = ApiRun.of(controller, "subnet", "create", "--network", "net-000000000001", "web",
            "--cidr", "10.0.1.0/24");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
            ID                NAME  NETWORK           CIDR         GATEWAY   ROUTING  PARTICIPANTS  VERSION
            sub-000000000001  web   net-000000000001  10.0.1.0/24  10.0.1.1  -        0             3
            """);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void nodeShowsItsInterfacesBelowIt() {
        controller.answer(200, NODE, 4L);

        CommandRun run = ApiRun.of(controller, "node", "get", "node-000000000001");

        assertThat(run.out()).isEqualTo("""
            ID                 NAME  HOST               ADDRESS              APPLIANCE  VERSION
            node-000000000001  fw    host-000000000001  10.0.1.10,10.0.2.10  yes        4

            INTERFACE        SUBNET            ADDRESS    MAC
            if-000000000001  sub-000000000001  10.0.1.10  02:00:0a:00:01:0a
            if-000000000002  sub-000000000002  10.0.2.10  02:00:0a:00:02:0a
            """);
    }

    @Test
    void routeTableShowsItsRoutesWithTheirTargets() {
        controller.answer(201, """
            {"id":"rt-000000000001","tenantId":"ten-1","networkId":"net-1","subnetId":"sub-000000000001","routes":[\
            {"destination":"10.0.1.0/24","kind":"local","targets":[{"type":"local"}]},\
            {"destination":"0.0.0.0/0","kind":"static","targets":[\
            {"type":"appliance-interface","nodeId":"node-1","interfaceId":"if-1"},\
            {"type":"appliance-interface","nodeId":"node-2","interfaceId":"if-2"}]}],"version":9}""", 9L);

        CommandRun run = ApiRun.of(controller, "route", "add", "--subnet", "sub-000000000001", "0.0.0.0/0",
            "--via", "node-1:if-1", "--via", "node-2:if-2");

        assertThat(run.out()).isEqualTo("""
            ID               SUBNET            ROUTES  VERSION
            rt-000000000001  sub-000000000001  2       9

            DESTINATION  KIND    TARGET
            10.0.1.0/24  local   local
            0.0.0.0/0    static  node-1:if-1,node-2:if-2
            """);
    }

    @Test
    void missingValuesShowAsADash() {
        controller.answer(201, """
            {"id":"tok-000000000001","tenantId":"ten-1","name":"ci","createdAt":"2026-01-01T00:00:00Z",\
            "expiresAt":null,"version":1,"secret":"s3cret"}""", 1L);

        CommandRun run = ApiRun.of(controller, "token", "create", "--tenant", "ten-1", "ci");

        assertThat(run.out()).isEqualTo("""
            ID                NAME  EXPIRES  SECRET
            tok-000000000001  ci    -        s3cret
            """);
    }

    @Test
    void jsonPrintsTheAnswerPrettyInItsOwnOrder() {
        controller.answer(200, NODE, 4L);

        CommandRun run = ApiRun.of(controller, "node", "get", "node-000000000001", "-o", "json");

        assertThat(run.out()).startsWith("""
            {
              "id": "node-000000000001",
              "tenantId": "ten-000000000001",
              "networkId": "net-000000000001",
              "name": "fw",
              "hostId": "host-000000000001",
              "sourceDestCheck": false,
              "interfaces": [
                {
                  "id": "if-000000000001",
                  "subnetId": "sub-000000000001",
                  "address": "10.0.1.10",
                  "mac": "02:00:0a:00:01:0a"
                },
            """).endsWith("""
                }
              ],
              "version": 4
            }
            """);
    }

    @Test
    void deletePrintsWhatItDeletedInTableFormAndNothingInJson() {
        controller.answer(204, null).answer(204, null);

        CommandRun table = ApiRun.of(controller, "tenant", "delete", "ten-000000000001");
        CommandRun json = ApiRun.of(controller, "tenant", "delete", "ten-000000000001", "-o", "json");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).isEqualTo("deleted ten-000000000001\n");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).isEmpty();
    }

    @Test
    void listFollowsCursorsToTheLastPage() {
        controller.answer(200, "{\"items\":[" + tenant(1) + "," + tenant(2) + "],\"nextCursor\":\"c/2=\"}")
            .answer(200, "{\"items\":[" + tenant(3) + "],\"nextCursor\":null}");

        CommandRun run = ApiRun.of(controller, "tenant", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.requests()).extracting(FakeController.Request::uri)
            .containsExactly("/v1/tenants", "/v1/tenants?cursor=c%2F2%3D");
        assertThat(run.out()).isEqualTo("""
            ID                NAME       VERSION
            ten-000000000001  tenantx    1
            ten-000000000002  tenantxx   2
            ten-000000000003  tenantxxx  3
            """);
    }

    @Test
    void listInJsonJoinsAllPagesIntoOneListing() {
        controller.answer(200, "{\"items\":[" + tenant(1) + "],\"nextCursor\":\"c2\"}")
            .answer(200, "{\"items\":[" + tenant(2) + "],\"nextCursor\":null}");

        CommandRun run = ApiRun.of(controller, "tenant", "list", "-o", "json");

        assertThat(run.out()).isEqualTo("""
            {
              "items": [
                {
                  "id": "ten-000000000001",
                  "name": "tenantx",
                  "version": 1
                },
                {
                  "id": "ten-000000000002",
                  "name": "tenantxx",
                  "version": 2
                }
              ],
              "nextCursor": null
            }
            """);
    }

    @Test
    void limitFetchesOnePageAndSaysHowToGoOn() {
        controller.answer(200, "{\"items\":[" + tenant(1) + "],\"nextCursor\":\"c2\"}")
            .answer(200, "{\"items\":[" + tenant(2) + "],\"nextCursor\":null}");

        CommandRun first = ApiRun.of(controller, "tenant", "list", "--limit", "1");
        CommandRun second = ApiRun.of(controller, "tenant", "list", "--limit", "1", "--cursor", "c2");

        assertThat(controller.requests()).extracting(FakeController.Request::uri)
            .containsExactly("/v1/tenants?limit=1", "/v1/tenants?limit=1&cursor=c2");
        assertThat(first.outLines()).hasSize(2).last().asString().startsWith("ten-000000000001");
        assertThat(first.errLines()).containsExactly("more: repeat with --cursor c2");
        assertThat(second.outLines()).hasSize(2).last().asString().startsWith("ten-000000000002");
        assertThat(second.err()).isEmpty();
    }

    @Test
    void limitInJsonPrintsThePageAsSent() {
        controller.answer(200, "{\"items\":[],\"nextCursor\":\"c2\"}");

        CommandRun run = ApiRun.of(controller, "host", "list", "--limit", "5", "-o", "json");

        assertThat(run.out()).isEqualTo("""
            {
              "items": [ ],
              "nextCursor": "c2"
            }
            """);
    }

    @Test
    void emptyListPrintsTheHeader() {
        controller.answer(200, "{\"items\":[],\"nextCursor\":null}");

        CommandRun run = ApiRun.of(controller, "device", "list", "--network", "net-1");

        assertThat(run.outLines()).containsExactly("ID  KIND  SUBNET  ADDRESS  MAC");
    }

    @Test
    void routingSessionsShowStateUptimeCountsAndLastError() {
        controller.answer(200, """
            {"items":[{"networkId":"net-000000000001","subnetId":"sub-000000000001","nodeId":"node-000000000001",\
            "peer":"10.0.1.10","protocol":"BGP","hostId":"host-000000000001","state":"Established","up":true,\
            "uptimeSeconds":3725,"received":3,"accepted":2,"announced":4,"filtered":1,"overLimit":0,\
            "rateLimited":0,"messagesIn":9,"messagesOut":8,"lastError":"","learned":[]},\
            {"networkId":"net-000000000001","subnetId":"sub-000000000001","nodeId":"node-000000000002",\
            "peer":"10.0.1.11","protocol":"OSPF","hostId":"host-000000000002","state":"Down","up":false,\
            "uptimeSeconds":0,"received":0,"accepted":0,"announced":0,"filtered":0,"overLimit":0,\
            "rateLimited":12,"messagesIn":0,"messagesOut":0,"lastError":"dead interval expired","learned":[]}],\
            "nextCursor":null}""");

        CommandRun run = ApiRun.of(controller, "routing", "sessions", "--network", "net-000000000001");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(controller.last().uri()).isEqualTo("/v1/networks/net-000000000001/routing/sessions");
        assertThat(run.out()).isEqualTo("""
            SUBNET            NODE               PEER       PROTOCOL  STATE        UPTIME    RECEIVED  ACCEPTED  \
            ANNOUNCED  FILTERED  OVER-LIMIT  RATE-LIMITED  HOST               LAST-ERROR
            sub-000000000001  node-000000000001  10.0.1.10  BGP       Established  1h02m05s  3         2         \
            4          1         0           0             host-000000000001  -
            sub-000000000001  node-000000000002  10.0.1.11  OSPF      Down         -         0         0         \
            0          0         0           12            host-000000000002  dead interval expired
            """);
    }
}
