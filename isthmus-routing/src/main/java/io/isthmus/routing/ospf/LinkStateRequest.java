package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Link State Request packet's body (type 3, RFC 2328 appendix A.3.4): the LSAs the sender wants.
 *
 * <pre>
 * |                          LS type                              |
 * |                       Link State ID                           |
 * |                     Advertising Router                        |  (the three repeated)
 * </pre>
 *
 * @param requests the LSAs requested
 */
public record LinkStateRequest(List<LsaKey> requests) implements OspfMessage {
    /** The packet type. */
    public static final int TYPE = 3;
    /** The length of one request. */
    public static final int ENTRY_LENGTH = 12;

    /** Copies {@code requests}. */
    public LinkStateRequest {
        requests = List.copyOf(requests);
    }

    static LinkStateRequest parse(ByteBuffer buffer, int offset, int length) {
        if (length % ENTRY_LENGTH != 0) {
            return null;
        }
        List<LsaKey> keys = new ArrayList<>(length / ENTRY_LENGTH);
        for (int at = offset; at < offset + length; at += ENTRY_LENGTH) {
            keys.add(new LsaKey(buffer.getInt(at), buffer.getInt(at + 4), buffer.getInt(at + 8)));
        }
        return new LinkStateRequest(keys);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int length() {
        return ENTRY_LENGTH * requests.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        int at = offset;
        for (LsaKey key : requests) {
            buffer.putInt(at, key.type());
            buffer.putInt(at + 4, key.linkStateId());
            buffer.putInt(at + 8, key.advertisingRouter());
            at += ENTRY_LENGTH;
        }
    }
}
