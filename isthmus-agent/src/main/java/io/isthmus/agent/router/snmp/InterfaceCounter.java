package io.isthmus.agent.router.snmp;

/**
 * The traffic counters of one interface that {@link SystemMib} exposes in ifTable (RFC 2863 section 6) and, for the
 * octets and unicast packets, as 64-bit ifXTable counters. The source keeps 64-bit totals; ifTable shows their low
 * 32 bits (Counter32 wraps, RFC 2578 section 7.1.6).
 */
public enum InterfaceCounter {
    /** ifInOctets / ifHCInOctets: octets received, Ethernet header included. */
    IN_OCTETS,
    /** ifInUcastPkts / ifHCInUcastPkts. */
    IN_UNICAST_PACKETS,
    /** ifInDiscards: received packets dropped without an error in them. */
    IN_DISCARDS,
    /** ifInErrors: received packets with errors (bad checksums). */
    IN_ERRORS,
    /** ifInUnknownProtos: received packets for a protocol the interface's layer does not handle. */
    IN_UNKNOWN_PROTOCOLS,
    /** ifOutOctets / ifHCOutOctets. */
    OUT_OCTETS,
    /** ifOutUcastPkts / ifHCOutUcastPkts. */
    OUT_UNICAST_PACKETS,
    /** ifOutDiscards. */
    OUT_DISCARDS,
    /** ifOutErrors. */
    OUT_ERRORS;

    /** Reads one interface's counters. */
    @FunctionalInterface
    public interface Source {
        /** The current 64-bit total of {@code counter}. */
        long read(InterfaceCounter counter);

        /** A source whose counters stay zero. */
        Source ZERO = counter -> 0;
    }
}
