/**
 * BGP-4 (RFC 4271) as the virtual routers speak it with tenant nodes: the message codec ({@link
 * io.isthmus.routing.bgp.BgpDecoder}, {@link io.isthmus.routing.bgp.BgpEncoder}, {@link
 * io.isthmus.routing.bgp.BgpMessage}), its errors with their RFC 7606 outcomes ({@link io.isthmus.routing.bgp.BgpError})
 * and the passive speaker for one participant ({@link io.isthmus.routing.bgp.BgpPeer}) with its finite state machine
 * ({@link io.isthmus.routing.bgp.BgpState}). Only IPv4 unicast is carried; the speaker never opens connections, it is
 * handed the ones a participant opens and outlives them, which is what graceful restart (RFC 4724, receiver side) needs.
 * Capabilities: multiprotocol IPv4 unicast (RFC 4760), 4-octet AS numbers (RFC 6793), route refresh (RFC 2918) and
 * graceful restart.
 *
 * <p>No I/O: the caller feeds bytes and the clock and writes what the speaker hands to its {@link
 * io.isthmus.routing.bgp.BgpOutput}.
 */
package io.isthmus.routing.bgp;
