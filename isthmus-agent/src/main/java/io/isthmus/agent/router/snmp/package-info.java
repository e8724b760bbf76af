/**
 * SNMPv2c for the virtual routers (issue 5): the BER codec of community-based messages ({@link
 * io.isthmus.agent.router.snmp.SnmpCodec}: sealed interfaces of records for {@link
 * io.isthmus.agent.router.snmp.Pdu}s and {@link io.isthmus.agent.router.snmp.SnmpValue}s, a decoder that names every
 * rejection with a {@link io.isthmus.agent.router.snmp.BerError}), a MIB view ordered for GetNext ({@link
 * io.isthmus.agent.router.snmp.MibTree}), the router's system, interfaces and snmp groups ({@link
 * io.isthmus.agent.router.snmp.SystemMib}) and the command responder that applies RFC 3416's rules ({@link
 * io.isthmus.agent.router.snmp.SnmpResponder}), all pure logic; and {@link
 * io.isthmus.agent.router.snmp.SnmpService}, the router service that takes the SNMP datagrams the data plane punts to
 * the routers' slow-path thread, answers them from the gateway and shows each router's interfaces with the traffic
 * counters the data plane keeps ({@link io.isthmus.agent.dataplane.RouterInterfaceCounters}).
 */
package io.isthmus.agent.router.snmp;
