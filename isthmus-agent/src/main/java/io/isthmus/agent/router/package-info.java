/**
 * The virtual routers' services that are not forwarding: DHCP, SNMP and IGMP membership, run on one slow-path thread
 * per host ({@link io.isthmus.agent.router.RouterServiceThread}) that the data plane punts their frames to, as a
 * hardware router punts control traffic to its CPU. Each service lives in a package of its own below this one.
 */
package io.isthmus.agent.router;
