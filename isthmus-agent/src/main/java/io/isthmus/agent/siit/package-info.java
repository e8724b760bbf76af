/**
 * A stateless SIIT gateway (RFC 7915) on one TUN device: the kernel routes the IPv4 and IPv6 ranges the translator
 * serves into the TUN, and the gateway writes every translation back into it. The same shape as TAYGA, so the two
 * can be measured side by side; the agent's overlay data plane builds on the same translator.
 */
package io.isthmus.agent.siit;
