package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A router-LSA (LS type 1, RFC 2328 appendix A.4.2): the router's links in the area.
 *
 * <pre>
 * |    0    |V|E|B|        0      |            # links            |
 * |                          Link ID                              |
 * |                         Link Data                             |
 * |     Type      |     # TOS     |            metric             |
 * |      TOS      |        0      |          TOS  metric          |  (# TOS times)
 * </pre>
 *
 * @param flags the V (virtual link endpoint), E (AS boundary router) and B (area border router) bits
 * @param links the links
 */
public record RouterLsa(int flags, List<Link> links) implements LsaBody {
    /** The LS type. */
    public static final int TYPE = 1;
    /** The B bit: an area border router. */
    public static final int FLAG_B = 0x01;
    /** The E bit: an AS boundary router. */
    public static final int FLAG_E = 0x02;
    /** The V bit: the endpoint of a virtual link. */
    public static final int FLAG_V = 0x04;
    /** A point-to-point link to another router: Link ID its router id. */
    public static final int LINK_POINT_TO_POINT = 1;
    /** A link to a transit network: Link ID the DR's interface address. */
    public static final int LINK_TRANSIT = 2;
    /** A link to a stub network: Link ID the network, Link Data its mask. */
    public static final int LINK_STUB = 3;
    /** A virtual link: Link ID the other end's router id. */
    public static final int LINK_VIRTUAL = 4;

    /** Copies {@code links}. */
    public RouterLsa {
        links = List.copyOf(links);
    }

    /**
     * One link of the router.
     *
     * @param id         by type: a router id, the DR's address, a network number
     * @param data       by type: the router's interface address, or a network mask
     * @param type       {@link #LINK_POINT_TO_POINT}, {@link #LINK_TRANSIT}, {@link #LINK_STUB}, {@link #LINK_VIRTUAL}
     * @param metric     the cost of using the link, 0 to 65535
     * @param tosMetrics TOS-specific metrics, each TOS in the high byte of a 32-bit word and the metric in the low
     *                   16 bits (RFC 2328 keeps them for compatibility; they are carried, not used)
     */
    public record Link(int id, int data, int type, int metric, List<Integer> tosMetrics) {
        /** Copies {@code tosMetrics}. */
        public Link {
            tosMetrics = List.copyOf(tosMetrics);
        }

        /** A link without TOS metrics. */
        public Link(int id, int data, int type, int metric) {
            this(id, data, type, metric, List.of());
        }
    }

    /** Parses a router-LSA body, or null when its links do not fill it exactly. */
    static RouterLsa parse(ByteBuffer buffer, int offset, int length) {
        if (length < 4) {
            return null;
        }
        int count = buffer.getShort(offset + 2) & 0xffff;
        List<Link> links = new ArrayList<>(Math.min(count, length / 12));
        int at = offset + 4;
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            if (end - at < 12) {
                return null;
            }
            int tosCount = buffer.get(at + 9) & 0xff;
            if (end - at < 12 + 4 * tosCount) {
                return null;
            }
            List<Integer> tos = new ArrayList<>(tosCount);
            for (int t = 0; t < tosCount; t++) {
                tos.add(buffer.getInt(at + 12 + 4 * t));
            }
            links.add(new Link(buffer.getInt(at), buffer.getInt(at + 4), buffer.get(at + 8) & 0xff,
                buffer.getShort(at + 10) & 0xffff, tos));
            at += 12 + 4 * tosCount;
        }
        return at == end ? new RouterLsa(buffer.get(offset) & 0xff, links) : null;
    }

    @Override
    public int length() {
        int length = 4;
        for (Link link : links) {
            length += 12 + 4 * link.tosMetrics().size();
        }
        return length;
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.put(offset, (byte) flags);
        buffer.put(offset + 1, (byte) 0);
        buffer.putShort(offset + 2, (short) links.size());
        int at = offset + 4;
        for (Link link : links) {
            buffer.putInt(at, link.id());
            buffer.putInt(at + 4, link.data());
            buffer.put(at + 8, (byte) link.type());
            buffer.put(at + 9, (byte) link.tosMetrics().size());
            buffer.putShort(at + 10, (short) link.metric());
            at += 12;
            for (int tos : link.tosMetrics()) {
                buffer.putInt(at, tos);
                at += 4;
            }
        }
    }
}
