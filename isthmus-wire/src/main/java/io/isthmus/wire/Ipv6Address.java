package io.isthmus.wire;

/**
 * An IPv6 address as two longs (network order: {@code high} holds bytes 0..7). The data plane passes the two halves
 * as primitives; this record is for configuration, tools and tests.
 */
public record Ipv6Address(long high, long low) implements Comparable<Ipv6Address> {

    /** Parses RFC 4291 text (with {@code ::} compression and an optional trailing dotted quad). */
    public static Ipv6Address parse(String text) {
        String s = text;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') >= 0 && lastColon >= 0) {
            // RFC 4291 section 2.2 form 3: the low 32 bits written as a dotted quad.
            int v4 = Ipv4Address.parse(s.substring(lastColon + 1));
            s = s.substring(0, lastColon + 1) + Integer.toHexString(v4 >>> 16) + ":" + Integer.toHexString(v4 & 0xffff);
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && gap != s.lastIndexOf("::")) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        String[] head = splitWords(gap >= 0 ? s.substring(0, gap) : s, text);
        String[] rest = gap >= 0 ? splitWords(s.substring(gap + 2), text) : new String[0];
        int explicit = head.length + rest.length;
        if (explicit > 8 || (gap < 0 && explicit != 8) || (gap >= 0 && explicit == 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        int[] words = new int[8];
        for (int i = 0; i < head.length; i++) {
            words[i] = parseWord(head[i], text);
        }
        for (int i = 0; i < rest.length; i++) {
            words[8 - rest.length + i] = parseWord(rest[i], text);
        }
        long high = 0;
        long low = 0;
        for (int w = 0; w < 4; w++) {
            high = (high << 16) | words[w];
            low = (low << 16) | words[w + 4];
        }
        return new Ipv6Address(high, low);
    }

    private static String[] splitWords(String s, String text) {
        if (s.isEmpty()) {
            return new String[0];
        }
        String[] words = s.split(":", -1);
        for (String w : words) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
        }
        return words;
    }

    private static int parseWord(String w, String text) {
        if (w.isEmpty() || w.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        int value = 0;
        for (int i = 0; i < w.length(); i++) {
            // ASCII only: Integer.parseInt(w, 16) also accepts Arabic-Indic, fullwidth ... digits and letters.
            char c = w.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** The 16-bit word {@code index} (0..7). */
    public int word(int index) {
        long half = index < 4 ? high : low;
        return (int) (half >>> (48 - 16 * (index & 3))) & 0xffff;
    }

    /** The byte {@code index} (0..15). */
    public int octet(int index) {
        long half = index < 8 ? high : low;
        return (int) (half >>> (56 - 8 * (index & 7))) & 0xff;
    }

    /** RFC 5952 canonical text: lowercase, longest run (of two or more) of zero words compressed. */
    @Override
    public String toString() {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (word(i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && word(j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(word(i)));
        }
        return b.toString();
    }

    @Override
    public int compareTo(Ipv6Address o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }
}
