/**
 * The agent's runtime on Linux: the devices and threads around the pure {@link io.isthmus.agent.dataplane} pipelines.
 *
 * <p>{@link io.isthmus.agent.runtime.AgentRuntime} registers the host with the controller, opens the substrate TUN,
 * follows the controller's update stream to learn the nodes placed on this host, attaches each of their interfaces
 * as an attachment directory says (one file per node id, parsed by {@code Attachment}), and runs one data-plane
 * thread per device (TUN reader: inbound pipeline; each node device's reader: outbound pipeline) plus one control
 * thread answering the pipelines' resolution requests through the controller, and a reporter of the counters.
 *
 * <p>Lab attach mode (the file names the node's namespace): the agent opens a TAP per node interface inside it and
 * configures the node side (MAC, IPv4 address and prefix, MTU, default route via the subnet's gateway) by running
 * {@code ip -n NS ...}. Interface attach mode ({@code interface IFNAME [netns NS]} lines): the agent attaches to an
 * existing host-side interface of a VM or container through a {@link io.isthmus.agent.linux.PacketSocket}, sets it
 * up and leaves the node's configuration to the node. The substrate TUN (link up, route of the agent prefix into
 * it) is configured with {@code ip} in both modes.
 */
package io.isthmus.agent.runtime;
