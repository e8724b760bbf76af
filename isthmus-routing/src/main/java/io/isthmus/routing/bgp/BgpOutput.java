package io.isthmus.routing.bgp;

import java.nio.ByteBuffer;

/** One TCP connection's sending side, as a {@link BgpPeer} sees it. */
public interface BgpOutput {
    /** Queues {@code bytes} (position to limit) for sending; the implementation copies what it keeps. */
    void write(ByteBuffer bytes);

    /**
     * Closes the connection after what was written. The peer calls it when it ends a session or refuses a
     * connection; the caller then does not report {@link BgpPeer#disconnected} for this connection.
     */
    void close();
}
