package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Database Description packet's body (type 2, RFC 2328 appendix A.3.3).
 *
 * <pre>
 * |         Interface MTU         |    Options    |0|0|0|0|0|I|M|MS
 * |                     DD sequence number                        |
 * |                       An LSA Header                           |  (repeated, 20 bytes each)
 * </pre>
 *
 * @param interfaceMtu the largest IP datagram the sender's interface sends unfragmented
 * @param options      the sender's options
 * @param flags        the I (init), M (more) and MS (master) bits
 * @param sequence     the DD sequence number
 * @param lsaHeaders   headers of the sender's LSAs
 */
public record DatabaseDescription(int interfaceMtu, int options, int flags, int sequence, List<LsaHeader> lsaHeaders)
    implements OspfMessage {
    /** The packet type. */
    public static final int TYPE = 2;
    /** The MS bit: the sender is master. */
    public static final int FLAG_MASTER = 0x01;
    /** The M bit: more packets follow. */
    public static final int FLAG_MORE = 0x02;
    /** The I bit: the first packet of the exchange. */
    public static final int FLAG_INIT = 0x04;
    /** The fixed part's length. */
    public static final int FIXED_LENGTH = 8;

    /** Copies {@code lsaHeaders}. */
    public DatabaseDescription {
        lsaHeaders = List.copyOf(lsaHeaders);
    }

    static DatabaseDescription parse(ByteBuffer buffer, int offset, int length) {
        if (length < FIXED_LENGTH || (length - FIXED_LENGTH) % LsaHeader.LENGTH != 0) {
            return null;
        }
        List<LsaHeader> headers = new ArrayList<>((length - FIXED_LENGTH) / LsaHeader.LENGTH);
        for (int at = offset + FIXED_LENGTH; at < offset + length; at += LsaHeader.LENGTH) {
            headers.add(LsaHeader.read(buffer, at));
        }
        return new DatabaseDescription(buffer.getShort(offset) & 0xffff, buffer.get(offset + 2) & 0xff,
            buffer.get(offset + 3) & 0x07, buffer.getInt(offset + 4), headers);
    }

    /** Whether {@code flag} is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int length() {
        return FIXED_LENGTH + LsaHeader.LENGTH * lsaHeaders.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putShort(offset, (short) interfaceMtu);
        buffer.put(offset + 2, (byte) options);
        buffer.put(offset + 3, (byte) flags);
        buffer.putInt(offset + 4, sequence);
        int at = offset + FIXED_LENGTH;
        for (LsaHeader header : lsaHeaders) {
            header.write(buffer, at);
            at += LsaHeader.LENGTH;
        }
    }
}
