package io.isthmus.routing.rip;

import java.util.List;
import java.util.Objects;

/**
 * A RIPv2 message that passed the header and authentication checks: its command, its valid route entries, and why
 * any other entries were skipped (RFC 2453 section 3.9.2 ignores a bad entry, not the message).
 *
 * @param command          {@link RipPacket#REQUEST} or {@link RipPacket#RESPONSE}
 * @param entries          the valid route entries, in order
 * @param wholeTableRequest a request for the whole table: one entry, address family 0, metric 16 (RFC 2453 section
 *                         3.9.1); {@code entries} is then empty
 * @param sequence         the keyed-MD5 sequence number, or -1 without keyed MD5
 * @param skipped          why each invalid entry was skipped
 */
public record RipMessage(int command, List<RipEntry> entries, boolean wholeTableRequest, long sequence,
                         List<RipError> skipped) {
    /** Copies the lists. */
    public RipMessage {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
        if (command != RipPacket.REQUEST && command != RipPacket.RESPONSE) {
            throw new IllegalArgumentException("a RIP command is 1 or 2, was " + command);
        }
    }

    /** A response carrying {@code entries}. */
    public static RipMessage response(List<RipEntry> entries) {
        return new RipMessage(RipPacket.RESPONSE, entries, false, -1, List.of());
    }

    /** A request for {@code entries}, or for the whole table when {@code entries} is empty. */
    public static RipMessage request(List<RipEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        return new RipMessage(RipPacket.REQUEST, entries, entries.isEmpty(), -1, List.of());
    }

    /** Whether this is a request. */
    public boolean isRequest() {
        return command == RipPacket.REQUEST;
    }
}
