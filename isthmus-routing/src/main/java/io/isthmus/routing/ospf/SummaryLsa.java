package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A summary-LSA (LS type 3, a network in another area, or 4, an AS boundary router; RFC 2328 appendix A.4.4),
 * originated by an area border router.
 *
 * <pre>
 * |                         Network Mask                          |
 * |      0        |                  metric                       |
 * |     TOS       |                TOS  metric                    |  (repeated)
 * </pre>
 *
 * @param mask       the network's mask (0 for type 4)
 * @param metric     the cost from the border router, 24 bits
 * @param tosMetrics TOS-specific metrics as 32-bit words, carried and not used
 */
public record SummaryLsa(int mask, int metric, List<Integer> tosMetrics) implements LsaBody {
    /** The LS type of a summary of a network. */
    public static final int TYPE_NETWORK = 3;
    /** The LS type of a summary of an AS boundary router. */
    public static final int TYPE_ASBR = 4;

    /** Copies {@code tosMetrics}. */
    public SummaryLsa {
        tosMetrics = List.copyOf(tosMetrics);
    }

    /** Parses a summary-LSA body, or null when it is not a mask, a metric and whole TOS words. */
    static SummaryLsa parse(ByteBuffer buffer, int offset, int length) {
        if (length < 8 || length % 4 != 0) {
            return null;
        }
        List<Integer> tos = new ArrayList<>(length / 4 - 2);
        for (int at = offset + 8; at < offset + length; at += 4) {
            tos.add(buffer.getInt(at));
        }
        return new SummaryLsa(buffer.getInt(offset), buffer.getInt(offset + 4) & 0xffffff, tos);
    }

    @Override
    public int length() {
        return 8 + 4 * tosMetrics.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putInt(offset, mask);
        buffer.putInt(offset + 4, metric & 0xffffff);
        int at = offset + 8;
        for (int tos : tosMetrics) {
            buffer.putInt(at, tos);
            at += 4;
        }
    }
}
