package io.isthmus.xlat.mapping;

import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;

/**
 * The mapper of one tenant network on an agent: a node IPv4 address becomes the substrate address
 * {@code owning agent's prefix | network id | IPv4} ({@link OverlayAddressing}), the owner coming from an
 * {@link AgentPrefixTable}.
 *
 * <p>IPv6 to IPv4 is also an anti-spoofing check: an address maps back only if its network id is this network's
 * and its agent prefix is the one the table records for the embedded IPv4 address. A packet claiming a node address
 * from the wrong host, or another tenant's network, gets {@link #NO_MAPPING} and is dropped.
 *
 * <p>Both methods are allocation-free. The table is an immutable snapshot held in a volatile field: a control
 * thread calls {@link #replaceTable} and the data-plane thread sees the new table from its next lookup.
 */
public final class OverlayAddressMapper implements AddressMapper {
    private final OverlayAddressing addressing;
    private final int networkId;
    private volatile AgentPrefixTable table;

    /**
     * A mapper for network {@code networkId}.
     *
     * @throws IllegalArgumentException if the network id does not fit the layout, or the table's agent prefix
     *     length is not the layout's
     */
    public OverlayAddressMapper(OverlayAddressing addressing, long networkId, AgentPrefixTable table) {
        this.addressing = addressing;
        this.networkId = addressing.checkNetworkId(networkId);
        this.table = checkTable(table);
    }

    private AgentPrefixTable checkTable(AgentPrefixTable t) {
        if (t == null) {
            throw new IllegalArgumentException("agent prefix table must not be null");
        }
        if (t.agentPrefixLength() != addressing.agentPrefixLength()) {
            throw new IllegalArgumentException("agent prefix table holds /" + t.agentPrefixLength()
                + " prefixes but the overlay uses /" + addressing.agentPrefixLength());
        }
        return t;
    }

    /** Swaps in a new table (from the control thread). */
    public void replaceTable(AgentPrefixTable newTable) {
        this.table = checkTable(newTable);
    }

    /** The current table. */
    public AgentPrefixTable table() {
        return table;
    }

    /** The layout. */
    public OverlayAddressing addressing() {
        return addressing;
    }

    /** This mapper's network id (unsigned). */
    public int networkId() {
        return networkId;
    }

    /** The substrate address of node {@code ipv4}; false if the table has no owner for it. */
    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        AgentPrefixTable t = table;
        int slot = t.slotOf(ipv4);
        if (slot == AgentPrefixTable.ABSENT) {
            return false;
        }
        return addressing.compose(t.prefixHigh(slot), t.prefixLow(slot), networkId, ipv4, out);
    }

    /**
     * The node IPv4 address in {@code high:low}, or {@link #NO_MAPPING} if the network id is not this network's, the
     * IPv4 address has no owner, or the address's agent prefix is not the owner's.
     */
    @Override
    public long toIpv4(long high, long low) {
        if (addressing.networkId(high, low) != networkId) {
            return NO_MAPPING;
        }
        int ipv4 = addressing.ipv4(high, low);
        AgentPrefixTable t = table;
        int slot = t.slotOf(ipv4);
        if (slot == AgentPrefixTable.ABSENT
                || !addressing.hasAgentPrefix(high, low, t.prefixHigh(slot), t.prefixLow(slot))) {
            return NO_MAPPING;
        }
        return ipv4 & 0xffff_ffffL;
    }

    @Override
    public String toString() {
        return "OverlayAddressMapper[network " + Integer.toUnsignedString(networkId) + ", " + addressing + ", "
            + table + "]";
    }
}
