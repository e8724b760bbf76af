/**
 * The virtual routers' DHCP server (RFC 2131, options of RFC 2132): {@link io.isthmus.agent.router.dhcp.DhcpServer}
 * answers each node interface's own client, on its port, with the interface's configured address and its network's
 * parameters; {@link io.isthmus.agent.router.dhcp.DhcpLease} is what it remembers per port and
 * {@link io.isthmus.agent.router.dhcp.DhcpCounter} what became of every message.
 */
package io.isthmus.agent.router.dhcp;
