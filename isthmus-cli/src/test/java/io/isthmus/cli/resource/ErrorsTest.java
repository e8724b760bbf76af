package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Problem details on standard error with exit 1, usage errors with exit 2, and an unreachable controller. */
class ErrorsTest {
    private FakeController controller;

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void problemPrintsTitleAndDetail() {
        controller.problem(409, """
            {"type":"https://isthmus.io/problems/conflict","title":"Conflict","status":409,\
            "detail":"network net-1 still has subnets","instance":"/v1/networks/net-1"}""");

        CommandRun run = ApiRun.of(controller, "network", "delete", "net-1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: Conflict: network net-1 still has subnets");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void problemPrintsEachFieldErrorIndentedBelow() {
        controller.problem(400, """
            {"type":"https://isthmus.io/problems/invalid-field","title":"Invalid field","status":400,\
            "detail":"the request has 2 invalid fields","instance":"/v1/networks","errors":[\
            {"pointer":"/cidrBlocks/0","type":"https://isthmus.io/problems/invalid-field",\
            "detail":"'10.0.0.1/16' is not an IPv4 prefix like 10.0.0.0/16: host bits set"},\
            {"pointer":"","type":"https://isthmus.io/problems/invalid-field","detail":"whole body"}]}""");

        CommandRun run = ApiRun.of(controller, "network", "create", "n", "--cidr", "10.0.0.1/16");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
            "isthmus: Invalid field: the request has 2 invalid fields",
            "  /cidrBlocks/0: '10.0.0.1/16' is not an IPv4 prefix like 10.0.0.0/16: host bits set",
            "  (body): whole body");
    }

    @Test
    void problemWithoutDetailPrintsTheTitle() {
        controller.problem(412, "{\"type\":\"about:blank\",\"title\":\"Precondition Failed\",\"status\":412}");

        CommandRun run = ApiRun.of(controller, "node", "delete", "node-1", "--if-match", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: Precondition Failed");
    }

    @Test
    void serverErrorThatIsNotAProblemPrintsItsStatusAndFirstLine() {
        controller.raw(502, "text/html", "<html>Bad Gateway</html>\n<body>proxy</body>");

        CommandRun run = ApiRun.of(controller, "tenant", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: HTTP 502: <html>Bad Gateway</html>");
    }

    @Test
    void failureOnALaterPageIsReportedToo() {
        controller.answer(200, "{\"items\":[],\"nextCursor\":\"c2\"}")
            .problem(503, "{\"title\":\"Store unavailable\",\"status\":503,\"detail\":\"etcd is down\"}");

        CommandRun run = ApiRun.of(controller, "host", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("isthmus: Store unavailable: etcd is down");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unreachableControllerSaysConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        CommandRun run = ApiRun.with(ApiRun.environment(Map.of(), null), "tenant", "list", "--endpoint", endpoint,
            "--token", "t");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
            "isthmus: cannot reach the controller at " + endpoint + ": Connection refused");
    }

    @ParameterizedTest(name = "isthmus {0}")
    @ValueSource(strings = {
        "network create n",
        "network update net-1",
        "node update node-1",
        "node create --network net-1 vm --host h --interface =10.0.0.1",
        "route add --subnet sub-1 10.9.0.0/16",
        "route add --subnet sub-1 10.9.0.0/16 --blackhole --via node-1:if-1",
        "route add --subnet sub-1 10.9.0.0/16 --via node-1",
        "tenant list --limit 0",
        "tenant list --cursor c2",
        "tenant list -o yaml",
        "tenant delete t --if-match x",
        "token create --tenant t ci --expires tomorrow",
        "subnet rename sub-1"})
    void usageErrorsAreOneLineWithExit2AndSendNothing(String args) {
        CommandRun run = ApiRun.of(controller, args.split(" "));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1).first().asString().startsWith("isthmus: ");
        assertThat(controller.requests()).isEmpty();
    }

    @Test
    void bareGroupPointsAtItsHelp() {
        CommandRun run = ApiRun.of(controller, "network");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
            "isthmus: missing command; try 'isthmus network --help' for the list");
    }
}
