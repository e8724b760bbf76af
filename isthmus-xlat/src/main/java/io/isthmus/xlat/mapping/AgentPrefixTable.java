package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For one tenant network: which agent owns each node IPv4 address, as an immutable open-addressing table from an
 * int to an agent prefix (two longs). Lookups are allocation-free. The agent builds a new table when the controller
 * sends a change and swaps it into its {@link OverlayAddressMapper}.
 */
public final class AgentPrefixTable {
    /** Returned by {@link #slotOf} when the address has no entry. */
    public static final int ABSENT = -1;

    private final int agentPrefixLength;
    private final int size;
    private final int[] keys;
    private final boolean[] used;
    private final long[] prefixHigh;
    private final long[] prefixLow;

    private AgentPrefixTable(int agentPrefixLength, Map<Integer, Ipv6Prefix> entries) {
        this.agentPrefixLength = agentPrefixLength;
        this.size = entries.size();
        int capacity = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
        keys = new int[capacity];
        used = new boolean[capacity];
        prefixHigh = new long[capacity];
        prefixLow = new long[capacity];
        int m = capacity - 1;
        for (Map.Entry<Integer, Ipv6Prefix> e : entries.entrySet()) {
            int key = e.getKey();
            int s = hash(key) & m;
            while (used[s]) {
                s = (s + 1) & m;
            }
            used[s] = true;
            keys[s] = key;
            prefixHigh[s] = e.getValue().high();
            prefixLow[s] = e.getValue().low();
        }
    }

    /** A builder of a table whose agent prefixes are all {@code agentPrefixLength} bits long. */
    public static Builder builder(int agentPrefixLength) {
        return new Builder(agentPrefixLength);
    }

    /** A table with no entries. */
    public static AgentPrefixTable empty(int agentPrefixLength) {
        return builder(agentPrefixLength).build();
    }

    private static int hash(int key) {
        int h = key * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    /** The length every agent prefix in this table has. */
    public int agentPrefixLength() {
        return agentPrefixLength;
    }

    /** Number of IPv4 addresses in the table. */
    public int size() {
        return size;
    }

    /** The slot of {@code ipv4}, for {@link #prefixHigh(int)} and {@link #prefixLow(int)}, or {@link #ABSENT}. */
    public int slotOf(int ipv4) {
        int m = keys.length - 1;
        for (int s = hash(ipv4) & m; ; s = (s + 1) & m) {
            if (!used[s]) {
                return ABSENT;
            }
            if (keys[s] == ipv4) {
                return s;
            }
        }
    }

    /** The first 64 bits of the agent prefix in {@code slot}. */
    public long prefixHigh(int slot) {
        return prefixHigh[slot];
    }

    /** The last 64 bits of the agent prefix in {@code slot}. */
    public long prefixLow(int slot) {
        return prefixLow[slot];
    }

    /** The agent prefix of {@code ipv4}, or null; for tools and tests. */
    public Ipv6Prefix prefixOf(int ipv4) {
        int s = slotOf(ipv4);
        return s == ABSENT ? null : new Ipv6Prefix(prefixHigh[s], prefixLow[s], agentPrefixLength);
    }

    @Override
    public String toString() {
        return "AgentPrefixTable[/" + agentPrefixLength + ", " + size + " addresses]";
    }

    /** Collects entries; not thread-safe. */
    public static final class Builder {
        private final int agentPrefixLength;
        private final Map<Integer, Ipv6Prefix> entries = new LinkedHashMap<>();

        private Builder(int agentPrefixLength) {
            new OverlayAddressing(agentPrefixLength); // validates the length
            this.agentPrefixLength = agentPrefixLength;
        }

        /**
         * Records that {@code agentPrefix} owns {@code ipv4}, replacing any earlier owner.
         *
         * @throws IllegalArgumentException if the prefix length is not the table's
         */
        public Builder put(int ipv4, Ipv6Prefix agentPrefix) {
            if (agentPrefix == null || agentPrefix.length() != agentPrefixLength) {
                throw new IllegalArgumentException("agent prefix " + agentPrefix + " for "
                    + Ipv4Address.format(ipv4) + " must be a /" + agentPrefixLength);
            }
            entries.put(ipv4, agentPrefix);
            return this;
        }

        /** {@link #put(int, Ipv6Prefix)} from text, e.g. {@code put("10.0.0.5", "2001:db8:0:1:ab::/72")}. */
        public Builder put(String ipv4, String agentPrefix) {
            return put(Ipv4Address.parse(ipv4), Ipv6Prefix.parse(agentPrefix));
        }

        /** Removes {@code ipv4}, if present. */
        public Builder remove(int ipv4) {
            entries.remove(ipv4);
            return this;
        }

        /** Starts from the entries of {@code table}. */
        public Builder putAll(AgentPrefixTable table) {
            if (table.agentPrefixLength != agentPrefixLength) {
                throw new IllegalArgumentException("table of /" + table.agentPrefixLength
                    + " agent prefixes cannot be merged into a table of /" + agentPrefixLength);
            }
            for (int s = 0; s < table.keys.length; s++) {
                if (table.used[s]) {
                    entries.put(table.keys[s],
                        new Ipv6Prefix(table.prefixHigh[s], table.prefixLow[s], agentPrefixLength));
                }
            }
            return this;
        }

        /** The immutable table. */
        public AgentPrefixTable build() {
            return new AgentPrefixTable(agentPrefixLength, entries);
        }
    }
}
