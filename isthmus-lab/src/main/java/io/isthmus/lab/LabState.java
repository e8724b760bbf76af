package io.isthmus.lab;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a lab remembers between commands, kept as JSON in {@link LabLayout#stateFile()}: the namespace prefix, the
 * agent channel its agents use, its hosts (controller id, agent prefix, namespace, agent pid) and its nodes (controller
 * id and name, host, namespace). Immutable; the {@code with...} methods return changed copies.
 *
 * @param prefix the namespace prefix
 * @param agentEndpoint the controller's agent channel, {@code HOST:PORT}
 * @param hosts the hosts, by index from 1
 * @param nodes the nodes placed so far
 */
public record LabState(String prefix, String agentEndpoint, List<Host> hosts, List<Node> nodes) {
    private static final ObjectMapper JSON = new ObjectMapper()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A host of the lab.
     *
     * @param index the host's number, from 1
     * @param name its name in the controller
     * @param id its id in the controller
     * @param substratePrefix its agent prefix
     * @param namespace its namespace
     * @param agentPid the pid of its agent process, 0 before it is started
     */
    public record Host(int index, String name, String id, String substratePrefix, String namespace, long agentPid) {
        /** This host with its agent's pid. */
        public Host withAgentPid(long pid) {
            return new Host(index, name, id, substratePrefix, namespace, pid);
        }
    }

    /**
     * A node placed in the lab.
     *
     * @param id its id in the controller
     * @param name its name in the controller
     * @param hostId the id of its host
     * @param namespace its namespace
     */
    public record Node(String id, String name, String hostId, String namespace) {
    }

    /** Copies the lists; a missing list is empty. */
    public LabState {
        if (prefix == null || agentEndpoint == null) {
            throw new IllegalArgumentException("a lab state needs a prefix and an agent endpoint");
        }
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /**
     * Reads the state file.
     *
     * @return the state, or empty when there is no state file (no lab)
     * @throws LabException when the file cannot be read or is not a lab state
     */
    public static Optional<LabState> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LabException("cannot read the lab state " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(JSON.readValue(bytes, LabState.class));
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new LabException("the lab state " + file + " is not readable (" + reason
                + "); 'isthmus lab down' removes the lab", e);
        }
    }

    /** Writes the state file: into a temporary file beside it, then renamed over it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write the lab state " + file + ": " + e.getMessage(), e);
        }
    }

    /** The host with the controller id {@code hostId}. */
    public Optional<Host> hostById(String hostId) {
        return hosts.stream().filter(h -> h.id().equals(hostId)).findFirst();
    }

    /**
     * The node with id {@code idOrName}, or else the one node named {@code idOrName}.
     *
     * @throws LabException when several nodes have that name (name one by id)
     */
    public Optional<Node> node(String idOrName) {
        Optional<Node> byId = nodes.stream().filter(n -> n.id().equals(idOrName)).findFirst();
        if (byId.isPresent()) {
            return byId;
        }
        List<Node> named = nodes.stream().filter(n -> n.name().equals(idOrName)).toList();
        if (named.size() > 1) {
            throw new LabException("several nodes of the lab are named '" + idOrName + "': give the id, one of "
                + named.stream().map(Node::id).collect(Collectors.joining(", ")));
        }
        return named.stream().findFirst();
    }

    /** This state with {@code host} replacing the host of the same index. */
    public LabState withHost(Host host) {
        List<Host> changed = new ArrayList<>(hosts.stream().filter(h -> h.index() != host.index()).toList());
        changed.add(host);
        changed.sort(java.util.Comparator.comparingInt(Host::index));
        return new LabState(prefix, agentEndpoint, changed, nodes);
    }

    /** This state with {@code node} added, or replacing the node of the same id. */
    public LabState withNode(Node node) {
        List<Node> changed = new ArrayList<>(nodes.stream().filter(n -> !n.id().equals(node.id())).toList());
        changed.add(node);
        return new LabState(prefix, agentEndpoint, hosts, changed);
    }

    /** This state without the node of id {@code nodeId}. */
    public LabState withoutNode(String nodeId) {
        return new LabState(prefix, agentEndpoint, hosts,
            nodes.stream().filter(n -> !n.id().equals(nodeId)).toList());
    }
}
