package io.isthmus.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.linux.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TCP, HTTP and ICMP between nodes with the standard tools, each probe with a bounded wait: servers are socat
 * processes in a node's namespace (closed with the lab), clients socat, curl and ping. A probe that gets no answer in
 * its wait reports it as empty or zero; it never throws for that.
 */
final class NodeProbes {
    /** How long a TCP client waits for its connection, then for the answer. */
    static final Duration TCP_WAIT = Duration.ofSeconds(2);

    private final NetnsFixture fixture;
    private final Path dir;

    /** Probes run with {@code fixture}; the servers' scripts are written to {@code dir}. */
    NodeProbes(NetnsFixture fixture, Path dir) {
        this.fixture = fixture;
        this.dir = dir;
    }

    /**
     * A TCP server in {@code node} on {@code port} (every address) that answers each connection with the address of
     * the peer as the node sees it ({@code 10.0.0.10}), then closes it; returns once it listens.
     */
    void peerAddressServer(NetworkNamespace node, int port) throws Exception {
        server(node, port, "echo \"$SOCAT_PEERADDR\"\n");
    }

    /**
     * An HTTP/1.0 server in {@code node} on {@code port} that reads a request's head and answers 200 with the body
     * {@code body} and a newline; returns once it listens.
     */
    void httpServer(NetworkNamespace node, int port, String body) throws Exception {
        server(node, port, "sed -u '/^\\r*$/q' >/dev/null\nprintf 'HTTP/1.0 200 OK\\r\\nContent-Length: "
            + (body.length() + 1) + "\\r\\n\\r\\n" + body + "\\n'\n");
    }

    /** A server in {@code node} on {@code port} that sends an SSH version line on each connection, as sshd does. */
    void sshLikeServer(NetworkNamespace node, int port) throws Exception {
        server(node, port, "echo SSH-2.0-isthmus-test\n");
    }

    /** A socat server running {@code script} (sh) for each connection: a file, so that socat parses no quotes. */
    private void server(NetworkNamespace node, int port, String script) throws Exception {
        Path file = Files.createTempFile(dir, "server-" + port + "-", ".sh");
        Files.writeString(file, script);
        Process socat = new ProcessBuilder("ip", "netns", "exec", node.name(), "socat",
            "TCP-LISTEN:" + port + ",reuseaddr,fork", "SYSTEM:sh " + file).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        fixture.track((AutoCloseable) () -> socat.destroyForcibly().waitFor());
        AgentLab.awaitTrue(() -> fixture.tryExec(node, "ss", "-Hltn", "sport = :" + port).output()
            .contains(":" + port), "a server listening on port " + port + " in " + node.name());
    }

    /**
     * Connects from {@code from} to {@code address}:{@code port}, sends nothing and returns the first line the
     * server answers, or empty when the connection or the answer did not come within {@link #TCP_WAIT} each.
     */
    Optional<String> tcp(NetworkNamespace from, String address, int port) {
        long wait = TCP_WAIT.toSeconds();
        CommandResult result = fixture.tryExec(from, "socat", "-t", Long.toString(wait), "-T", Long.toString(wait),
            "-", "TCP:" + address + ":" + port + ",connect-timeout=" + wait);
        System.out.println("tcp " + address + ":" + port + " from " + from.name() + ": " + result.describe());
        String first = result.output().lines().findFirst().orElse("").strip();
        return result.succeeded() && !first.isEmpty() ? Optional.of(first) : Optional.empty();
    }

    /** {@code curl} of {@code url} from {@code from} (3 s at most); returns the body, or empty on any failure. */
    Optional<String> http(NetworkNamespace from, String url) {
        CommandResult result = fixture.tryExec(from, "curl", "-sS", "--max-time", "3", url);
        System.out.println("curl " + url + " from " + from.name() + ": " + result.describe());
        return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    /** Sends {@code count} echo requests from {@code from} to {@code address} (0.2 s apart, 1 s wait); the replies. */
    int ping(NetworkNamespace from, String address, int count) {
        return ping(from, address, count, List.of());
    }

    /** {@link #ping(NetworkNamespace, String, int)} with the echo identifier {@code identifier}. */
    int ping(NetworkNamespace from, String address, int count, int identifier) {
        return ping(from, address, count, List.of("-e", Integer.toString(identifier)));
    }

    private int ping(NetworkNamespace from, String address, int count, List<String> options) {
        List<String> command = new ArrayList<>(List.of("ping", "-n", "-c", Integer.toString(count), "-i", "0.2",
            "-W", "1"));
        command.addAll(options);
        command.add(address);
        CommandResult result = fixture.tryExec(from, command.toArray(String[]::new));
        System.out.println(String.join(" ", command) + " from " + from.name() + ": " + result.output());
        return AgentLab.received(result);
    }

    /** A ping from {@code from} to {@code address} every 20 ms, with {@code options}, until the fixture closes. */
    void pingContinuously(NetworkNamespace from, String address, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", from.name(), "ping", "-q", "-i",
            "0.02"));
        command.addAll(List.of(options));
        command.add(address);
        Process ping = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        fixture.track((AutoCloseable) () -> ping.destroyForcibly().waitFor());
    }

    /**
     * The hops {@code traceroute} shows from {@code from} to {@code destination}, one probe each ({@code -I}: ICMP
     * echo probes; else UDP), as "N ADDRESS" ("N *" for no answer).
     */
    List<String> traceroute(NetworkNamespace from, String destination, boolean icmp) {
        List<String> command = new ArrayList<>(List.of("traceroute", "-n", "-q", "1", "-N", "1", "-w", "2", "-m",
            "8"));
        if (icmp) {
            command.add("-I");
        }
        command.add(destination);
        CommandResult trace = fixture.tryExec(from, command.toArray(String[]::new));
        System.out.println(String.join(" ", command) + " in " + from.name() + ":\n" + trace.output());
        assertThat(trace.succeeded()).as(trace.describe()).isTrue();
        return trace.output().lines().skip(1).map(String::strip)
            .map(line -> line.replaceAll("\\s+", " ").replaceAll(" [0-9.]+ ms.*", "")).toList();
    }
}
