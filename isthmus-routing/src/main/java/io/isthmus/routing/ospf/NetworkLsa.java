package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A network-LSA (LS type 2, RFC 2328 appendix A.4.3), originated by a broadcast network's DR: Link State ID the DR's
 * interface address, then the network mask and the routers fully adjacent to the DR (and the DR itself).
 *
 * <pre>
 * |                         Network Mask                          |
 * |                        Attached Router                        |  (repeated)
 * </pre>
 *
 * @param mask            the network's mask
 * @param attachedRouters the router ids of the routers on the network
 */
public record NetworkLsa(int mask, List<Integer> attachedRouters) implements LsaBody {
    /** The LS type. */
    public static final int TYPE = 2;

    /** Copies {@code attachedRouters}. */
    public NetworkLsa {
        attachedRouters = List.copyOf(attachedRouters);
    }

    /** Parses a network-LSA body, or null when it is not a mask and whole router ids. */
    static NetworkLsa parse(ByteBuffer buffer, int offset, int length) {
        if (length < 4 || length % 4 != 0) {
            return null;
        }
        List<Integer> routers = new ArrayList<>(length / 4 - 1);
        for (int at = offset + 4; at < offset + length; at += 4) {
            routers.add(buffer.getInt(at));
        }
        return new NetworkLsa(buffer.getInt(offset), routers);
    }

    @Override
    public int length() {
        return 4 + 4 * attachedRouters.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putInt(offset, mask);
        int at = offset + 4;
        for (int router : attachedRouters) {
            buffer.putInt(at, router);
            at += 4;
        }
    }
}
