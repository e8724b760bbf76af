package io.isthmus.agent.dataplane;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The traffic of one virtual router interface ({@link VirtualRouterCounters}) that passed through this host, for
 * the router's ifTable (RFC 2863) as SNMP shows it. The router is distributed: each agent emulates it for the packets
 * its own nodes send, so each agent counts what its share of the router forwarded or answered, and the sum over
 * agents is the router's traffic, every packet counted once (on the host of its sender).
 *
 * <p>Written by every data-plane thread and the routers' slow path without allocation and without locks: the values
 * are striped by thread (eight stripes, each on cache lines of its own) and added atomically; a reader sums the
 * stripes. Counters only grow; 64 bits do not wrap in practice.
 */
public final class RouterInterfaceCounters {
    /** What is counted. */
    public enum Counter {
        /** Octets of the Ethernet frames the router received on the interface (RFC 2863 ifInOctets). */
        IN_OCTETS,
        /** Unicast packets the router received on the interface, to forward or addressed to it. */
        IN_PACKETS,
        /** Packets to the router dropped without an error in them: its slow path was full. */
        IN_DISCARDS,
        /** Packets to the router with errors: bad ICMP checksums. */
        IN_ERRORS,
        /** Packets to the router for a protocol it does not serve. */
        IN_UNKNOWN_PROTOCOLS,
        /** Octets of the Ethernet frames the router sent out of the interface (ifOutOctets). */
        OUT_OCTETS,
        /** Unicast packets the router sent out of the interface: forwarded into the subnet, or its own answers. */
        OUT_PACKETS
    }

    private static final Counter[] COUNTERS = Counter.values();
    private static final int STRIPES = 8;
    /** Longs per stripe: 16 x 8 bytes, two cache lines, so that stripes never share a line. */
    private static final int STRIDE = 16;

    private final AtomicLongArray values = new AtomicLongArray(STRIPES * STRIDE);

    /** A frame of {@code octets} received on the interface. Allocation-free. */
    public void received(int octets) {
        int base = stripe();
        values.getAndAdd(base + Counter.IN_OCTETS.ordinal(), octets);
        values.getAndIncrement(base + Counter.IN_PACKETS.ordinal());
    }

    /** A frame of {@code octets} sent out of the interface. Allocation-free. */
    public void sent(int octets) {
        int base = stripe();
        values.getAndAdd(base + Counter.OUT_OCTETS.ordinal(), octets);
        values.getAndIncrement(base + Counter.OUT_PACKETS.ordinal());
    }

    /** Adds one to {@code counter}. Allocation-free. */
    public void increment(Counter counter) {
        values.getAndIncrement(stripe() + counter.ordinal());
    }

    /** The total of {@code counter}, from any thread. */
    public long get(Counter counter) {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += values.get(stripe * STRIDE + counter.ordinal());
        }
        return sum;
    }

    private static int stripe() {
        return (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * STRIDE;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("RouterInterfaceCounters[");
        for (Counter counter : COUNTERS) {
            out.append(counter).append('=').append(get(counter)).append(counter == Counter.OUT_PACKETS ? "]" : " ");
        }
        return out.toString();
    }
}
