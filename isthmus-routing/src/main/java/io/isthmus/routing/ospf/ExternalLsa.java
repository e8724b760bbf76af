package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An AS-external-LSA (LS type 5, RFC 2328 appendix A.4.5): a destination outside the AS, Link State ID its network.
 *
 * <pre>
 * |                         Network Mask                          |
 * |E|     0       |                  metric                       |
 * |                      Forwarding address                       |
 * |                      External Route Tag                       |
 * |E|    TOS      |                TOS  metric                    |  (repeated with its own forwarding address and
 * |                      Forwarding address                       |   tag, 12 bytes each)
 * |                      External Route Tag                       |
 * </pre>
 *
 * @param mask              the destination's mask
 * @param type2             the E bit: a type-2 metric (larger than any internal cost) rather than type 1
 * @param metric            the cost, 24 bits; {@link #LS_INFINITY} is unreachable
 * @param forwardingAddress where to send the traffic, 0 for the originator
 * @param routeTag          a tag for the border routers, not used by OSPF itself
 * @param tosEntries        TOS-specific entries, 12 bytes each, carried and not used
 */
public record ExternalLsa(int mask, boolean type2, int metric, int forwardingAddress, int routeTag,
                          List<TosEntry> tosEntries) implements LsaBody {
    /** The LS type. */
    public static final int TYPE = 5;
    /** The metric of an unreachable destination. */
    public static final int LS_INFINITY = 0xffffff;
    private static final int E_BIT = 0x80000000;

    /** Copies {@code tosEntries}. */
    public ExternalLsa {
        tosEntries = List.copyOf(tosEntries);
    }

    /** A type-2 route without TOS entries. */
    public static ExternalLsa type2(int mask, int metric) {
        return new ExternalLsa(mask, true, metric, 0, 0, List.of());
    }

    /**
     * A TOS-specific entry.
     *
     * @param eAndTosAndMetric  the E bit, TOS and metric word
     * @param forwardingAddress its forwarding address
     * @param routeTag          its tag
     */
    public record TosEntry(int eAndTosAndMetric, int forwardingAddress, int routeTag) {
    }

    /** Parses an AS-external-LSA body, or null when it is not 16 bytes and whole TOS entries. */
    static ExternalLsa parse(ByteBuffer buffer, int offset, int length) {
        if (length < 16 || (length - 16) % 12 != 0) {
            return null;
        }
        List<TosEntry> tos = new ArrayList<>((length - 16) / 12);
        for (int at = offset + 16; at < offset + length; at += 12) {
            tos.add(new TosEntry(buffer.getInt(at), buffer.getInt(at + 4), buffer.getInt(at + 8)));
        }
        int word = buffer.getInt(offset + 4);
        return new ExternalLsa(buffer.getInt(offset), (word & E_BIT) != 0, word & 0xffffff,
            buffer.getInt(offset + 8), buffer.getInt(offset + 12), tos);
    }

    @Override
    public int length() {
        return 16 + 12 * tosEntries.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putInt(offset, mask);
        buffer.putInt(offset + 4, (type2 ? E_BIT : 0) | (metric & 0xffffff));
        buffer.putInt(offset + 8, forwardingAddress);
        buffer.putInt(offset + 12, routeTag);
        int at = offset + 16;
        for (TosEntry entry : tosEntries) {
            buffer.putInt(at, entry.eAndTosAndMetric());
            buffer.putInt(at + 4, entry.forwardingAddress());
            buffer.putInt(at + 8, entry.routeTag());
            at += 12;
        }
    }
}
