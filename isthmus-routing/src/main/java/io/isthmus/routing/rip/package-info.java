/**
 * RIPv2 (RFC 2453) for the virtual routers: the message codec ({@link io.isthmus.routing.rip.RipPacket} view,
 * {@link io.isthmus.routing.rip.RipEntry} and {@link io.isthmus.routing.rip.RipMessage} values, the
 * {@link io.isthmus.routing.rip.RipCodec} that checks and writes simple-password and keyed-MD5 authentication of RFC
 * 2453 section 4.1, RFC 2082 and RFC 4822), and the {@link io.isthmus.routing.rip.RipPort}, the virtual router's RIP
 * speaker towards one participant node. Every message or route entry dropped is counted under a
 * {@link io.isthmus.routing.rip.RipError}.
 */
package io.isthmus.routing.rip;
