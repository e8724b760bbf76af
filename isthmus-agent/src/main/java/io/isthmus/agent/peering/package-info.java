/**
 * Peering in the agent's data plane (DESIGN.md, "Peering routers"): the peer ranges a network reaches, the policies of
 * both attachments, the connections the agent tracks for answers and responses-only, and the meters of peered
 * traffic.
 */
package io.isthmus.agent.peering;
