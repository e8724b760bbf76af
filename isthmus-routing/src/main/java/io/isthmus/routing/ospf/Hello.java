package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hello packet's body (type 1, RFC 2328 appendix A.3.2).
 *
 * <pre>
 * |                        Network Mask                           |
 * |         HelloInterval         |    Options    |    Rtr Pri    |
 * |                     RouterDeadInterval                        |
 * |                      Designated Router                        |
 * |                   Backup Designated Router                    |
 * |                          Neighbor                             |  (repeated)
 * </pre>
 *
 * @param networkMask     the sender's interface mask
 * @param helloInterval   seconds between its Hellos
 * @param options         its options
 * @param priority        its router priority (0: never DR)
 * @param deadInterval    seconds of silence after which it declares a neighbour down
 * @param designatedRouter the DR's interface address as the sender sees it, or 0
 * @param backupDesignatedRouter the BDR's interface address, or 0
 * @param neighbors       router ids of the neighbours it heard from within the dead interval
 */
public record Hello(int networkMask, int helloInterval, int options, int priority, int deadInterval,
                    int designatedRouter, int backupDesignatedRouter, List<Integer> neighbors)
    implements OspfMessage {
    /** The packet type. */
    public static final int TYPE = 1;
    /** The fixed part's length. */
    public static final int FIXED_LENGTH = 20;

    /** Copies {@code neighbors}. */
    public Hello {
        neighbors = List.copyOf(neighbors);
    }

    static Hello parse(ByteBuffer buffer, int offset, int length) {
        if (length < FIXED_LENGTH || (length - FIXED_LENGTH) % 4 != 0) {
            return null;
        }
        List<Integer> neighbors = new ArrayList<>((length - FIXED_LENGTH) / 4);
        for (int at = offset + FIXED_LENGTH; at < offset + length; at += 4) {
            neighbors.add(buffer.getInt(at));
        }
        return new Hello(buffer.getInt(offset), buffer.getShort(offset + 4) & 0xffff, buffer.get(offset + 6) & 0xff,
            buffer.get(offset + 7) & 0xff, buffer.getInt(offset + 8), buffer.getInt(offset + 12),
            buffer.getInt(offset + 16), neighbors);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int length() {
        return FIXED_LENGTH + 4 * neighbors.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putInt(offset, networkMask);
        buffer.putShort(offset + 4, (short) helloInterval);
        buffer.put(offset + 6, (byte) options);
        buffer.put(offset + 7, (byte) priority);
        buffer.putInt(offset + 8, deadInterval);
        buffer.putInt(offset + 12, designatedRouter);
        buffer.putInt(offset + 16, backupDesignatedRouter);
        int at = offset + FIXED_LENGTH;
        for (int neighbor : neighbors) {
            buffer.putInt(at, neighbor);
            at += 4;
        }
    }
}
