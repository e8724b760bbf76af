package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;

/** The body of an OSPF packet, by packet type (RFC 2328 appendix A.3). */
public sealed interface OspfMessage permits Hello, DatabaseDescription, LinkStateRequest, LinkStateUpdate,
    LinkStateAck {
    /** The packet type, 1 to 5. */
    int type();

    /** Bytes written by {@link #write}. */
    int length();

    /** Writes the body at {@code offset}. */
    void write(ByteBuffer buffer, int offset);
}
