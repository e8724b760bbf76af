package io.isthmus.agent.runtime;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.agent.linux.TunDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a node is attached, as one file of the attachment directory (named by the node id) says. Two forms:
 *
 * <ul>
 *   <li>lab mode, {@link Namespace}: the file holds the name of the node's network namespace (as {@code ip netns}
 *       knows it). The agent creates a TAP {@code eth0}, {@code eth1}... per node interface inside it and configures
 *       MAC, address, MTU and default route; or, when the name is followed by the word {@code dhcp}, only the MAC,
 *       leaving address, route and MTU to a DHCP client in the node, as on a machine that boots;</li>
 *   <li>interface mode, {@link Interfaces}: one line {@code interface IFNAME} or {@code interface IFNAME netns NS}
 *       per node interface, in the node's interface order, naming an existing host-side interface (a VM's TAP, a
 *       container's veth end) in the agent's host namespace or in {@code NS}. The agent sets it up and reads and
 *       writes its frames through a packet socket; the node configures its own addresses.</li>
 * </ul>
 *
 * <p>Blank lines and lines starting with {@code #} are ignored. A namespace named {@code interface} cannot be used
 * in lab mode: that word alone reads as an incomplete interface line.
 */
sealed interface Attachment {
    /**
     * Lab mode: TAPs created inside the node's namespace {@code namespace}.
     *
     * @param namespace the node's namespace
     * @param dhcp whether the node configures its interfaces by DHCP (the agent sets only their MAC) rather than the
     *     agent statically
     */
    record Namespace(String namespace, boolean dhcp) implements Attachment {
        public Namespace {
            NetworkNamespace.named(namespace);
        }

        /** Configured by the agent. */
        public Namespace(String namespace) {
            this(namespace, false);
        }
    }

    /** Interface mode: existing interfaces, the first for the node's first interface and so on. */
    record Interfaces(List<HostInterface> interfaces) implements Attachment {
        public Interfaces {
            interfaces = List.copyOf(interfaces);
        }
    }

    /**
     * An existing interface.
     *
     * @param name its name
     * @param namespace the namespace it is in, or null for the agent's host namespace
     */
    record HostInterface(String name, String namespace) {
        public HostInterface {
            Objects.requireNonNull(name, "name");
            int length = name.getBytes(StandardCharsets.UTF_8).length;
            if (length == 0 || length >= TunDevice.IFNAMSIZ || name.indexOf('/') >= 0 || name.equals(".")
                || name.equals("..") || !name.chars().allMatch(c -> c > ' ' && c != ':' && c < 0x7f)) {
                throw new IllegalArgumentException("not an interface name: '" + name + "'");
            }
            if (namespace != null) {
                NetworkNamespace.named(namespace);
            }
        }
    }

    /**
     * Parses a file's content.
     *
     * @throws IllegalArgumentException with what is wrong, for an empty file, a malformed line or a mix of the two
     *     forms
     */
    static Attachment parse(String text) {
        List<String[]> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                lines.add(stripped.split("\\s+"));
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        String[] first = lines.getFirst();
        if (lines.size() == 1 && !first[0].equals("interface")
            && (first.length == 1 || first.length == 2 && first[1].equals("dhcp"))) {
            return new Namespace(first[0], first.length == 2);
        }
        List<HostInterface> interfaces = new ArrayList<>();
        for (String[] words : lines) {
            if (!words[0].equals("interface") || (words.length != 2 && words.length != 4)
                || (words.length == 4 && !words[2].equals("netns"))) {
                throw new IllegalArgumentException("expected 'interface IFNAME' or 'interface IFNAME netns NS', "
                    + "or only a namespace name (and 'dhcp'), not '" + String.join(" ", words) + "'");
            }
            interfaces.add(new HostInterface(words[1], words.length == 4 ? words[3] : null));
        }
        return new Interfaces(interfaces);
    }
}
