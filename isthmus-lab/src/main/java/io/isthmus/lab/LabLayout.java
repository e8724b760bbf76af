package io.isthmus.lab;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a lab keeps its files and what it names its namespaces and addresses. Host {@code N} (1 to
 * {@value #MAX_HOSTS}) is:
 *
 * <pre>
 *   namespace PREFIX hN, device up0 2001:db8:N::2/64, default route via the router
 *   agent prefix 2001:db8:0:N00::/72 (N in hex), routed to it by the router namespace PREFIX rt (device hN 2001:db8:N::1)
 *   DIR/hN/attach (attachment directory), DIR/hN/agent.log, DIR/hN/agent.pid, DIR/hN/token
 * </pre>
 *
 * with the state in {@code DIR/lab.json}.
 *
 * and a node gets the namespace {@code PREFIX n-NAME}, its name made safe.
 *
 * @param directory the lab directory (state, logs, attachment directories)
 * @param prefix the start of every namespace name of the lab
 */
public record LabLayout(Path directory, String prefix) {
    /** The most hosts a lab has (each runs an agent JVM). */
    public static final int MAX_HOSTS = 16;
    /** The lab directory when none is given. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/run/isthmus-lab");
    /** The namespace prefix when none is given. */
    public static final String DEFAULT_PREFIX = "isl-";
    /** The name of the substrate TUN the agents open in their host namespaces. */
    public static final String SUBSTRATE_TUN = "sub0";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final int MAX_NODE_PART = 24;

    /** Checks the prefix: a lowercase letter, then up to 15 lowercase letters, digits or '-'. */
    public LabLayout {
        if (directory == null) {
            throw new IllegalArgumentException("no lab directory");
        }
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("namespace prefix '" + prefix + "' must be a lowercase letter followed "
                + "by up to 15 lowercase letters, digits or '-'");
        }
    }

    /**
     * Checks a host count.
     *
     * @throws IllegalArgumentException when it is not from 1 to {@value #MAX_HOSTS}
     */
    public static int checkHostCount(int hosts) {
        if (hosts < 1 || hosts > MAX_HOSTS) {
            throw new IllegalArgumentException("a lab has 1 to " + MAX_HOSTS + " hosts, not " + hosts);
        }
        return hosts;
    }

    /** The state file. */
    public Path stateFile() {
        return directory.resolve("lab.json");
    }

    /**
     * Where a command that runs from a jar keeps a copy of it for the agents, so that rebuilding the jar does not
     * pull it from under running agents; removed with the lab.
     */
    public Path agentJar() {
        return directory.resolve("isthmus.jar");
    }

    /** The namespace of the substrate router. */
    public String routerNamespace() {
        return prefix + "rt";
    }

    /** The namespace of host {@code n}. */
    public String hostNamespace(int n) {
        return prefix + "h" + n;
    }

    /** The name host {@code n} is registered under in the controller. */
    public static String hostName(int n) {
        return "host-" + n;
    }

    /** The agent prefix of host {@code n}: {@code 2001:db8:0:N00::/72} with N in hex. */
    public static String hostPrefix(int n) {
        return String.format(Locale.ROOT, "2001:db8:0:%x00::/72", checkHostCount(n));
    }

    /** The router's address on its link to host {@code n}, with its /64. */
    public static String routerLinkAddress(int n) {
        return String.format(Locale.ROOT, "2001:db8:%x::1", checkHostCount(n));
    }

    /** Host {@code n}'s address on its link to the router ({@code up0}), with its /64. */
    public static String hostLinkAddress(int n) {
        return String.format(Locale.ROOT, "2001:db8:%x::2", checkHostCount(n));
    }

    /** The directory of host {@code n}'s files. */
    public Path hostDirectory(int n) {
        return directory.resolve("h" + n);
    }

    /** Host {@code n}'s attachment directory: one file per node id naming the node's namespace. */
    public Path attachDirectory(int n) {
        return hostDirectory(n).resolve("attach");
    }

    /** Host {@code n}'s agent log. */
    public Path agentLog(int n) {
        return hostDirectory(n).resolve("agent.log");
    }

    /** Host {@code n}'s agent pid file. */
    public Path agentPidFile(int n) {
        return hostDirectory(n).resolve("agent.pid");
    }

    /** Host {@code n}'s agent credential. */
    public Path tokenFile(int n) {
        return hostDirectory(n).resolve("token");
    }

    /**
     * The namespace for a node: the prefix, {@code n-} and the node's name with every character other than a lowercase letter,
     * digit or '-' replaced by '-' (at most {@value #MAX_NODE_PART} of them); when that is taken already, the end
     * of the node's id is appended.
     *
     * @param taken the namespaces the lab's other nodes have
     */
    public String nodeNamespace(String nodeName, String nodeId, Set<String> taken) {
        String name = safe(nodeName);
        String candidate = prefix + "n-" + name;
        if (!taken.contains(candidate)) {
            return candidate;
        }
        String id = safe(nodeId);
        String suffix = id.substring(Math.max(0, id.length() - 8));
        return prefix + "n-" + name + "-" + suffix;
    }

    private static String safe(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (out.length() == MAX_NODE_PART) {
                break;
            }
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
        }
        return out.isEmpty() ? "node" : out.toString();
    }
}
