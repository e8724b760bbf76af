/**
 * Packet formats on the wire: flyweight views and value records.
 *
 * <p>Every format has two levels. A <em>view</em> ({@code Ipv4Packet}, {@code UdpDatagram} ...) wraps a
 * {@link java.lang.foreign.MemorySegment} at an offset, names every field offset as a constant and has
 * big-endian getters and setters; it is re-wrapped per packet and never allocates. Untrusted bytes pass one
 * {@code checkLength()} that returns a {@link io.isthmus.wire.WireStatus}; after {@code WireStatus.OK} no
 * accessor can read outside the packet. A <em>value record</em> ({@code Ipv4Repr} ...) holds only valid values
 * and has {@code parse(view)}, {@code emit(view)} and {@code bufferLength()}; records belong to the control
 * plane, tests and tools, not to the forwarding path.
 *
 * <p>This package has no dependencies and does no I/O.
 */
package io.isthmus.wire;
