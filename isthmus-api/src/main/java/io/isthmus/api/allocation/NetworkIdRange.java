package io.isthmus.api.allocation;

/**
 * The configured range of 24-bit overlay network ids the controller hands out, {@code first..last} inclusive, within
 * 1..2^24-1 (0 means "no network" in substrate addresses). A deployment may split the id space between regions or
 * keep ids aside for edge agents by configuring a narrower range.
 */
public record NetworkIdRange(int first, int last) {
    /** The whole 24-bit space but 0. */
    public static final NetworkIdRange ALL = new NetworkIdRange(1, 0xff_ffff);

    /** Rejects a range outside 1..2^24-1 or empty. */
    public NetworkIdRange {
        if (first < 1 || last > 0xff_ffff || first > last) {
            throw new IllegalArgumentException("network id range must lie in 1..16777215: " + first + ".." + last);
        }
    }

    /** Number of ids in the range. */
    public int size() {
        return last - first + 1;
    }

    /** Whether {@code id} lies in the range. */
    public boolean contains(int id) {
        return id >= first && id <= last;
    }
}
