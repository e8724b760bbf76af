package io.isthmus.routing;

import java.util.Objects;

/**
 * What a session shows an operator: its protocol state, since when it is up, how many prefixes it received, accepted
 * and announced, and what went wrong last.
 *
 * @param protocol       the protocol
 * @param peer           the participant's interface address, as an int
 * @param state          the protocol's own name of the state ({@code Established}, {@code Full}, {@code Up}, ...)
 * @param up             whether routes are exchanged in this state
 * @param upSinceMillis  wall-clock milliseconds since the epoch when the session last came up; 0 while down
 * @param received       prefixes the participant announces now, before filtering
 * @param accepted       prefixes accepted from it now
 * @param announced      prefixes announced to it now
 * @param filtered       routes refused since the session was made, as outside the allowed prefixes
 * @param overLimit      routes refused since the session was made, beyond the maximum number of prefixes
 * @param rateLimited    messages held back or dropped by the rate limit since the session was made
 * @param messagesIn     protocol messages received
 * @param messagesOut    protocol messages sent
 * @param lastError      the last error, as an operator reads it, or empty
 */
public record SessionStatus(RoutingProtocol protocol, int peer, String state, boolean up, long upSinceMillis,
                            int received, int accepted, int announced, long filtered, long overLimit,
                            long rateLimited, long messagesIn, long messagesOut, String lastError) {
    /** Rejects nulls. */
    public SessionStatus {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
    }
}
