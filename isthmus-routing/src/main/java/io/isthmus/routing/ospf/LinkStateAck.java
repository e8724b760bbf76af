package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Link State Acknowledgment packet's body (type 5, RFC 2328 appendix A.3.6): headers of the LSAs acknowledged.
 *
 * @param lsaHeaders the acknowledged instances
 */
public record LinkStateAck(List<LsaHeader> lsaHeaders) implements OspfMessage {
    /** The packet type. */
    public static final int TYPE = 5;

    /** Copies {@code lsaHeaders}. */
    public LinkStateAck {
        lsaHeaders = List.copyOf(lsaHeaders);
    }

    static LinkStateAck parse(ByteBuffer buffer, int offset, int length) {
        if (length % LsaHeader.LENGTH != 0) {
            return null;
        }
        List<LsaHeader> headers = new ArrayList<>(length / LsaHeader.LENGTH);
        for (int at = offset; at < offset + length; at += LsaHeader.LENGTH) {
            headers.add(LsaHeader.read(buffer, at));
        }
        return new LinkStateAck(headers);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int length() {
        return LsaHeader.LENGTH * lsaHeaders.size();
    }

    @Override
    public void write(ByteBuffer buffer, int offset) {
        int at = offset;
        for (LsaHeader header : lsaHeaders) {
            header.write(buffer, at);
            at += LsaHeader.LENGTH;
        }
    }
}
