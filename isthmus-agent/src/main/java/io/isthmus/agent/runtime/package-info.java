/**
 * The agent's runtime on Linux: the devices and threads around the pure {@link io.isthmus.agent.dataplane} pipelines.
 *
 * <p>{@link io.isthmus.agent.runtime.AgentRuntime} registers the host with the controller, opens the substrate TUN,
 * follows the controller's update stream to learn the nodes placed on this host, opens a TAP for each of their
 * interfaces inside the node's network namespace (named by an attachment source, in the lab a directory with one
 * file per node id holding the namespace's name), and runs one data-plane thread per device (TUN reader: inbound
 * pipeline; each TAP reader: outbound pipeline) plus one control thread answering the pipelines' resolution requests
 * through the controller, and a reporter of the counters.
 *
 * <p>Lab attach mode: the node side of each TAP (MAC, IPv4 address and prefix, MTU, default route via the subnet's
 * gateway) and the substrate TUN (link up, route of the agent prefix into it) are configured by running
 * {@code ip} ({@code ip -n NS ...}); a production attach (a hypervisor, a container runtime) would do this itself.
 */
package io.isthmus.agent.runtime;
