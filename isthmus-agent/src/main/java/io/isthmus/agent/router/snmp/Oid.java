package io.isthmus.agent.router.snmp;

import java.util.Arrays;

/**
 * An OBJECT IDENTIFIER: a sequence of 2 to {@value #MAX_ARCS} arcs (sub-identifiers), each an unsigned 32-bit value
 * (RFC 2578 section 3.5: "at most 128 sub-identifiers", "each sub-identifier has a maximum value of 2^32-1").
 *
 * <p>Ordered lexicographically arc by arc, arcs compared unsigned, a prefix before its extensions: the order of
 * GetNextRequest (RFC 3416 section 4.2.2). Immutable.
 */
public final class Oid implements Comparable<Oid> {
    /** The most arcs an OID may have (RFC 2578 section 3.5). */
    public static final int MAX_ARCS = 128;

    private final int[] arcs;

    private Oid(int[] arcs) {
        this.arcs = arcs;
    }

    /**
     * The OID of {@code arcs}, each read as unsigned 32 bits.
     *
     * @throws IllegalArgumentException with fewer than 2 or more than {@value #MAX_ARCS} arcs, or a first arc above 2
     *     or a second arc above 39 under a first arc of 0 or 1 (X.690 section 8.19.4)
     */
    public static Oid of(int... arcs) {
        return checked(arcs.clone());
    }

    /** {@code 1.3.6.1.2.1.1.5.0} as an OID; {@code a.b.c} with decimal arcs up to 4294967295. */
    public static Oid parse(String dotted) {
        String[] parts = dotted.startsWith(".") ? dotted.substring(1).split("\\.", -1) : dotted.split("\\.", -1);
        int[] arcs = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long arc;
            try {
                arc = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an OID: " + dotted, e);
            }
            if (arc < 0 || arc > 0xffff_ffffL || parts[i].startsWith("+")) {
                throw new IllegalArgumentException("arc out of range in " + dotted);
            }
            arcs[i] = (int) arc;
        }
        return checked(arcs);
    }

    private static Oid checked(int[] arcs) {
        if (arcs.length < 2 || arcs.length > MAX_ARCS) {
            throw new IllegalArgumentException("an OID has 2 to " + MAX_ARCS + " arcs, not " + arcs.length);
        }
        if (Integer.compareUnsigned(arcs[0], 2) > 0 || arcs[0] < 2 && Integer.compareUnsigned(arcs[1], 39) > 0) {
            throw new IllegalArgumentException("first arcs out of range: " + arcs[0] + "." + arcs[1]);
        }
        return new Oid(arcs);
    }

    /** This OID followed by {@code more} arcs. */
    public Oid append(int... more) {
        int[] joined = Arrays.copyOf(arcs, arcs.length + more.length);
        System.arraycopy(more, 0, joined, arcs.length, more.length);
        return checked(joined);
    }

    /** The number of arcs. */
    public int size() {
        return arcs.length;
    }

    /** Arc {@code i} as a signed int holding the unsigned 32-bit value; see {@link #arcValue}. */
    public int arc(int i) {
        return arcs[i];
    }

    /** Arc {@code i}, 0 to 4294967295. */
    public long arcValue(int i) {
        return Integer.toUnsignedLong(arcs[i]);
    }

    /** A copy of the arcs. */
    public int[] arcs() {
        return arcs.clone();
    }

    /** Whether this OID starts with every arc of {@code prefix} (an OID is a prefix of itself). */
    public boolean startsWith(Oid prefix) {
        return prefix.arcs.length <= arcs.length
            && Arrays.equals(arcs, 0, prefix.arcs.length, prefix.arcs, 0, prefix.arcs.length);
    }

    @Override
    public int compareTo(Oid other) {
        return Arrays.compareUnsigned(arcs, other.arcs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Oid other && Arrays.equals(arcs, other.arcs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(arcs);
    }

    /** Dotted decimal, as {@code snmpwalk -On} prints it without the leading dot. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < arcs.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(Integer.toUnsignedString(arcs[i]));
        }
        return out.toString();
    }
}
