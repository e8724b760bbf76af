package io.isthmus.api.resource;

import io.isthmus.wire.Ipv4Prefix;
import java.util.Objects;

/**
 * One kind of traffic an attachment lets pass. With no rule, an attachment passes all traffic; with rules, a packet
 * passes when one matches.
 *
 * @param direction {@link Direction#IN} to the attached network, {@link Direction#OUT} from it
 * @param protocol the IP protocol
 * @param fromPort first destination port (TCP and UDP only; 0 with {@link Protocol#ICMP} and {@link Protocol#ANY})
 * @param toPort last destination port, inclusive
 * @param destination the destination addresses ({@code 0.0.0.0/0}: any)
 */
public record TrafficRule(Direction direction, Protocol protocol, int fromPort, int toPort, Ipv4Prefix destination) {
    /** Rejects nulls. */
    public TrafficRule {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(destination, "destination");
    }

    /** Which way a rule applies, seen from the attached network. */
    public enum Direction {
        /** Into the attached network. */
        IN,
        /** Out of the attached network. */
        OUT
    }

    /** The protocols a rule can name. */
    public enum Protocol {
        TCP, UDP, ICMP, ANY;

        /** Whether rules of this protocol carry a port range. */
        public boolean hasPorts() {
            return this == TCP || this == UDP;
        }
    }
}
