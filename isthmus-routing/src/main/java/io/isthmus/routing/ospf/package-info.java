/**
 * OSPFv2 (RFC 2328) as the virtual router speaks it on one participant's link: the packet and LSA codecs
 * ({@link io.isthmus.routing.ospf.OspfPacket}, {@link io.isthmus.routing.ospf.Lsa}), the LSA checksum
 * ({@link io.isthmus.routing.ospf.LsaChecksum}), the link-state database with aging
 * ({@link io.isthmus.routing.ospf.LinkStateDatabase}), the shortest-path computation
 * ({@link io.isthmus.routing.ospf.ShortestPathTree}) and the session ({@link io.isthmus.routing.ospf.OspfInterface})
 * that runs the interface and neighbour state machines, the database exchange and flooding.
 *
 * <p>The session has no I/O of its own: the caller hands it the IP payload of each OSPF packet and the clock, and it
 * answers through a {@link io.isthmus.routing.PacketOutput}. Bad packets are counted and dropped, never thrown.
 */
package io.isthmus.routing.ospf;
