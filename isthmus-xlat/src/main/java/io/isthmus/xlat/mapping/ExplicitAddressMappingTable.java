package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The Explicit Address Mapping Table of RFC 7757: an immutable set of {@link ExplicitAddressMapping}s looked up by
 * longest-prefix match in both directions (RFC 7757 section 3.2), the suffix bits copied unchanged.
 *
 * <p>Overlap rules, checked by {@link Builder#build()}:
 * <ul>
 *   <li>two entries with the same IPv4 prefix, or the same IPv6 prefix, are always rejected: a longest-prefix match
 *       cannot choose between them;</li>
 *   <li>entries whose IPv4 prefixes, or whose IPv6 prefixes, nest (one contains the other) are rejected by default.
 *       Longest-prefix match gives them a meaning (the more specific entry wins), but the mapping is then not
 *       symmetric: an address of the covering entry's IPv6 prefix can translate to an IPv4 address that translates
 *       back through the more specific entry to a different IPv6 address, which breaks return traffic. Jool's
 *       {@code eamt add} refuses the same unless forced. {@link Builder#allowNestedOverlaps(boolean)} accepts them
 *       (for coexistence with IVI-style deployments) and lookups then take the longest match.</li>
 * </ul>
 *
 * <p>Lookups are allocation-free and probe one open-addressing hash table per prefix length present (at most 33),
 * longest first; they never scan the entries. Since the suffixes are equal, an IPv4 /k always pairs with an IPv6
 * /(96+k), so the tables of both directions are indexed by the IPv4 length k.
 */
public final class ExplicitAddressMappingTable implements AddressMapper {
    private static final int EMPTY = -1;
    private static final ExplicitAddressMappingTable EMPTY_TABLE = builder().build();

    private final List<ExplicitAddressMapping> entries;
    private final boolean nestedOverlapsAllowed;

    /** IPv4 prefix lengths that have at least one entry, longest first. */
    private final int[] lengthsDescending;
    /** Per IPv4 prefix length: slot -> masked IPv4 key, and slot -> entry index or {@link #EMPTY}. */
    private final int[][] keys4;
    private final int[][] values4;
    /** Per IPv4 prefix length k: slot -> masked IPv6 /(96+k) key, and slot -> entry index or {@link #EMPTY}. */
    private final long[][] keys6High;
    private final long[][] keys6Low;
    private final int[][] values6;
    /** Per entry: the two prefixes as primitives. */
    private final int[] entryIpv4;
    private final long[] entryIpv6High;
    private final long[] entryIpv6Low;

    private ExplicitAddressMappingTable(List<ExplicitAddressMapping> entries, boolean nestedOverlapsAllowed) {
        this.entries = List.copyOf(entries);
        this.nestedOverlapsAllowed = nestedOverlapsAllowed;
        int n = entries.size();
        entryIpv4 = new int[n];
        entryIpv6High = new long[n];
        entryIpv6Low = new long[n];
        int[] countPerLength = new int[33];
        for (int i = 0; i < n; i++) {
            ExplicitAddressMapping e = entries.get(i);
            entryIpv4[i] = e.ipv4().address();
            entryIpv6High[i] = e.ipv6().high();
            entryIpv6Low[i] = e.ipv6().low();
            countPerLength[e.ipv4().length()]++;
        }
        keys4 = new int[33][];
        values4 = new int[33][];
        keys6High = new long[33][];
        keys6Low = new long[33][];
        values6 = new int[33][];
        int present = 0;
        for (int k = 32; k >= 0; k--) {
            if (countPerLength[k] > 0) {
                present++;
                int capacity = Integer.highestOneBit(Math.max(2, countPerLength[k] * 2 - 1)) << 1;
                keys4[k] = new int[capacity];
                values4[k] = filled(capacity);
                keys6High[k] = new long[capacity];
                keys6Low[k] = new long[capacity];
                values6[k] = filled(capacity);
            }
        }
        lengthsDescending = new int[present];
        for (int k = 32, j = 0; k >= 0; k--) {
            if (countPerLength[k] > 0) {
                lengthsDescending[j++] = k;
            }
        }
        for (int i = 0; i < n; i++) {
            int k = entries.get(i).ipv4().length();
            insert4(k, entryIpv4[i], i);
            insert6(k, entryIpv6High[i], entryIpv6Low[i], i);
        }
    }

    private static int[] filled(int capacity) {
        int[] a = new int[capacity];
        Arrays.fill(a, EMPTY);
        return a;
    }

    /** A table with no entries. */
    public static ExplicitAddressMappingTable empty() {
        return EMPTY_TABLE;
    }

    /** A builder that rejects every overlap. */
    public static Builder builder() {
        return new Builder();
    }

    /** The entries, in the order they were added. */
    public List<ExplicitAddressMapping> entries() {
        return entries;
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** Whether this table was built with nested overlaps allowed. */
    public boolean nestedOverlapsAllowed() {
        return nestedOverlapsAllowed;
    }

    /** The longest-match entry for {@code ipv4}, or null; for tools and tests (the data plane uses toIpv6). */
    public ExplicitAddressMapping entryFor(int ipv4) {
        int i = findIpv4(ipv4);
        return i == EMPTY ? null : entries.get(i);
    }

    /** The longest-match entry for {@code high:low}, or null; for tools and tests. */
    public ExplicitAddressMapping entryFor(long high, long low) {
        int i = findIpv6(high, low);
        return i == EMPTY ? null : entries.get(i);
    }

    /** Translates {@code ipv4} through its longest-match entry; false if no entry covers it. */
    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        for (int k : lengthsDescending) {
            int mask = k == 0 ? 0 : -1 << (32 - k);
            int i = probe4(k, ipv4 & mask);
            if (i != EMPTY) {
                out.set(entryIpv6High[i], entryIpv6Low[i] | ((ipv4 & ~mask) & 0xffff_ffffL));
                return true;
            }
        }
        return false;
    }

    /** Translates {@code high:low} through its longest-match entry, or {@link #NO_MAPPING}. */
    @Override
    public long toIpv4(long high, long low) {
        for (int k : lengthsDescending) {
            int i = probe6(k, high, low & Ipv6Prefix.lowMask(96 + k));
            if (i != EMPTY) {
                int mask = k == 0 ? 0 : -1 << (32 - k);
                return (entryIpv4[i] | ((int) low & ~mask)) & 0xffff_ffffL;
            }
        }
        return NO_MAPPING;
    }

    private int findIpv4(int ipv4) {
        for (int k : lengthsDescending) {
            int i = probe4(k, ipv4 & (k == 0 ? 0 : -1 << (32 - k)));
            if (i != EMPTY) {
                return i;
            }
        }
        return EMPTY;
    }

    private int findIpv6(long high, long low) {
        for (int k : lengthsDescending) {
            int i = probe6(k, high, low & Ipv6Prefix.lowMask(96 + k));
            if (i != EMPTY) {
                return i;
            }
        }
        return EMPTY;
    }

    private static int hash4(int key) {
        int h = key * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }

    private static int hash6(long high, long low) {
        long h = high * 0x9E37_79B9_7F4A_7C15L ^ low;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        return (int) (h ^ (h >>> 32));
    }

    private int probe4(int k, int key) {
        int[] keys = keys4[k];
        int[] values = values4[k];
        int m = keys.length - 1;
        for (int s = hash4(key) & m; ; s = (s + 1) & m) {
            int v = values[s];
            if (v == EMPTY || keys[s] == key) {
                return v;
            }
        }
    }

    private int probe6(int k, long high, long low) {
        long[] kh = keys6High[k];
        long[] kl = keys6Low[k];
        int[] values = values6[k];
        int m = kh.length - 1;
        for (int s = hash6(high, low) & m; ; s = (s + 1) & m) {
            int v = values[s];
            if (v == EMPTY || (kh[s] == high && kl[s] == low)) {
                return v;
            }
        }
    }

    private void insert4(int k, int key, int index) {
        int[] keys = keys4[k];
        int m = keys.length - 1;
        int s = hash4(key) & m;
        while (values4[k][s] != EMPTY) {
            s = (s + 1) & m;
        }
        keys[s] = key;
        values4[k][s] = index;
    }

    private void insert6(int k, long high, long low, int index) {
        int m = keys6High[k].length - 1;
        int s = hash6(high, low) & m;
        while (values6[k][s] != EMPTY) {
            s = (s + 1) & m;
        }
        keys6High[k][s] = high;
        keys6Low[k][s] = low;
        values6[k][s] = index;
    }

    @Override
    public String toString() {
        return "ExplicitAddressMappingTable" + entries;
    }

    /** Collects entries and checks them; not thread-safe. */
    public static final class Builder {
        private final List<ExplicitAddressMapping> entries = new ArrayList<>();
        private boolean allowNestedOverlaps;

        private Builder() {
        }

        /**
         * Whether entries whose prefixes nest (in either family) are accepted, the longest match winning; default
         * false. Equal prefixes are rejected either way.
         */
        public Builder allowNestedOverlaps(boolean allow) {
            this.allowNestedOverlaps = allow;
            return this;
        }

        /** Adds an entry; throws {@link IllegalArgumentException} if the suffix lengths differ. */
        public Builder add(Ipv4Prefix ipv4, Ipv6Prefix ipv6) {
            return add(new ExplicitAddressMapping(ipv4, ipv6));
        }

        /** Adds an entry parsed from text, e.g. {@code add("10.0.0.0/24", "2001:db8:2::/120")}. */
        public Builder add(String ipv4Prefix, String ipv6Prefix) {
            return add(ExplicitAddressMapping.parse(ipv4Prefix, ipv6Prefix));
        }

        /** Adds an entry. */
        public Builder add(ExplicitAddressMapping entry) {
            if (entry == null) {
                throw new IllegalArgumentException("null explicit address mapping");
            }
            entries.add(entry);
            return this;
        }

        /** Adds every entry of {@code more}. */
        public Builder addAll(Iterable<ExplicitAddressMapping> more) {
            for (ExplicitAddressMapping e : more) {
                add(e);
            }
            return this;
        }

        /**
         * Checks the overlap rules (see the class comment) and builds the table.
         *
         * @throws IllegalArgumentException naming the first two conflicting entries
         */
        public ExplicitAddressMappingTable build() {
            NavigableMap<Ipv4Prefix, ExplicitAddressMapping> by4 = new TreeMap<>();
            NavigableMap<Ipv6Prefix, ExplicitAddressMapping> by6 = new TreeMap<>();
            for (ExplicitAddressMapping e : entries) {
                ExplicitAddressMapping same4 = by4.get(e.ipv4());
                if (same4 != null) {
                    throw conflict(e, same4, "the same IPv4 prefix");
                }
                ExplicitAddressMapping same6 = by6.get(e.ipv6());
                if (same6 != null) {
                    throw conflict(e, same6, "the same IPv6 prefix");
                }
                if (!allowNestedOverlaps) {
                    ExplicitAddressMapping o4 = overlapping4(by4, e.ipv4());
                    if (o4 != null) {
                        throw conflict(e, o4, "overlapping IPv4 prefixes");
                    }
                    ExplicitAddressMapping o6 = overlapping6(by6, e.ipv6());
                    if (o6 != null) {
                        throw conflict(e, o6, "overlapping IPv6 prefixes");
                    }
                }
                by4.put(e.ipv4(), e);
                by6.put(e.ipv6(), e);
            }
            return new ExplicitAddressMappingTable(entries, allowNestedOverlaps);
        }

        private static IllegalArgumentException conflict(
                ExplicitAddressMapping added, ExplicitAddressMapping existing, String what) {
            return new IllegalArgumentException("EAMT entry " + added + " conflicts with entry " + existing + ": "
                + what + (what.startsWith("overlapping")
                    ? " (nested entries make translation asymmetric; allow them explicitly if intended)"
                    : ""));
        }

        private static ExplicitAddressMapping overlapping4(
                NavigableMap<Ipv4Prefix, ExplicitAddressMapping> by4, Ipv4Prefix p) {
            // An existing prefix inside p starts within [p.address, p.lastAddress].
            Map.Entry<Ipv4Prefix, ExplicitAddressMapping> inside = by4.ceilingEntry(p);
            if (inside != null && p.contains(inside.getKey())) {
                return inside.getValue();
            }
            for (int l = 0; l < p.length(); l++) {
                ExplicitAddressMapping covering = by4.get(Ipv4Prefix.normalized(p.address(), l));
                if (covering != null) {
                    return covering;
                }
            }
            return null;
        }

        private static ExplicitAddressMapping overlapping6(
                NavigableMap<Ipv6Prefix, ExplicitAddressMapping> by6, Ipv6Prefix p) {
            Map.Entry<Ipv6Prefix, ExplicitAddressMapping> inside = by6.ceilingEntry(p);
            if (inside != null && p.contains(inside.getKey())) {
                return inside.getValue();
            }
            for (int l = 0; l < p.length(); l++) {
                ExplicitAddressMapping covering = by6.get(Ipv6Prefix.normalized(p.high(), p.low(), l));
                if (covering != null) {
                    return covering;
                }
            }
            return null;
        }
    }
}
