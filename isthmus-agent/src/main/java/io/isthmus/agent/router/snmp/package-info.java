/**
 * SNMPv2c for the virtual routers (issue 5): the BER codec of community-based messages ({@link
 * io.isthmus.agent.router.snmp.SnmpCodec}: sealed interfaces of records for {@link
 * io.isthmus.agent.router.snmp.Pdu}s and {@link io.isthmus.agent.router.snmp.SnmpValue}s, a decoder that names every
 * rejection with a {@link io.isthmus.agent.router.snmp.BerError}), a MIB view ordered for GetNext ({@link
 * io.isthmus.agent.router.snmp.MibTree}), the router's system, interfaces and snmp groups ({@link
 * io.isthmus.agent.router.snmp.SystemMib}) and the command responder that applies RFC 3416's rules ({@link
 * io.isthmus.agent.router.snmp.SnmpResponder}). No I/O and no threads: the router service of the agent feeds it UDP
 * payloads on the router's slow-path thread.
 */
package io.isthmus.agent.router.snmp;
