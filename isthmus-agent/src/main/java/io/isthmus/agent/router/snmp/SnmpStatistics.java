package io.isthmus.agent.router.snmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of the SNMP group of RFC 3418 (section 2, {@code snmp} 1.3.6.1.2.1.11) for one SNMP entity: what it
 * received and why it dropped what it dropped. Incremented by {@link SnmpResponder}, read by the MIB
 * ({@link SystemMib#snmpGroup}) and by the agent's metrics. Thread-safe.
 */
public final class SnmpStatistics {
    private final AtomicLong inPackets = new AtomicLong();
    private final AtomicLong inBadVersions = new AtomicLong();
    private final AtomicLong inBadCommunityNames = new AtomicLong();
    private final AtomicLong inBadCommunityUses = new AtomicLong();
    private final AtomicLong inAsnParseErrors = new AtomicLong();
    private final AtomicLong silentDrops = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();

    /** snmpInPkts: every message delivered to the entity. */
    public long inPackets() {
        return inPackets.get();
    }

    /** snmpInBadVersions: messages of a version the entity does not speak. */
    public long inBadVersions() {
        return inBadVersions.get();
    }

    /** snmpInBadCommunityNames: messages whose community is not the configured one. */
    public long inBadCommunityNames() {
        return inBadCommunityNames.get();
    }

    /**
     * snmpInBadCommunityUses: messages asking an operation the community does not allow; here every SetRequest, the
     * view being read-only (RFC 3418 asks access control to document this).
     */
    public long inBadCommunityUses() {
        return inBadCommunityUses.get();
    }

    /** snmpInASNParseErrs: messages that are not valid BER for an SNMP message. */
    public long inAsnParseErrors() {
        return inAsnParseErrors.get();
    }

    /** snmpSilentDrops: requests whose response, even as tooBig, would not fit the size limit. */
    public long silentDrops() {
        return silentDrops.get();
    }

    /** Responses sent (no RFC 3418 object: snmpOutPkts is of RFC 1213 only); for the agent's metrics. */
    public long responses() {
        return responses.get();
    }

    void countIn() {
        inPackets.incrementAndGet();
    }

    void countBadVersion() {
        inBadVersions.incrementAndGet();
    }

    void countBadCommunityName() {
        inBadCommunityNames.incrementAndGet();
    }

    void countBadCommunityUse() {
        inBadCommunityUses.incrementAndGet();
    }

    void countParseError() {
        inAsnParseErrors.incrementAndGet();
    }

    void countSilentDrop() {
        silentDrops.incrementAndGet();
    }

    void countResponse() {
        responses.incrementAndGet();
    }
}
