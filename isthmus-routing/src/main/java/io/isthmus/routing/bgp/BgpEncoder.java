package io.isthmus.routing.bgp;

import io.isthmus.routing.bgp.PathAttributes.AsPathSegment;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes BGP messages (RFC 4271 section 4) with their header. The caller keeps an UPDATE within {@link
 * BgpMessage#MAX_LENGTH}; {@link #prefixLength} says how much each prefix takes.
 */
public final class BgpEncoder {
    private BgpEncoder() {
    }

    /** The octets a prefix takes in a Withdrawn Routes or NLRI field: its length and the significant octets. */
    public static int prefixLength(Ipv4Prefix prefix) {
        return 1 + (prefix.length() + 7) / 8;
    }

    /**
     * Encodes {@code message} into a new buffer, ready to read.
     *
     * @param fourOctetAs whether both sides advertised 4-octet AS support (RFC 6793): AS_PATH and AGGREGATOR then
     *     carry 4-octet AS numbers; otherwise 2-octet ones, AS_TRANS standing in for larger numbers, which AS4_PATH
     *     then carries
     */
    public static ByteBuffer encode(BgpMessage message, boolean fourOctetAs) {
        ByteBuffer out = ByteBuffer.allocate(BgpMessage.MAX_LENGTH);
        for (int i = 0; i < 16; i++) {
            out.put((byte) 0xff);
        }
        out.putShort((short) 0);
        out.put((byte) message.type());
        switch (message) {
            case BgpMessage.Open open -> writeOpen(out, open);
            case BgpMessage.Update update -> writeUpdate(out, update, fourOctetAs);
            case BgpMessage.Notification notification -> {
                out.put((byte) notification.error().code());
                out.put((byte) notification.error().subcode());
                notification.error().data().writeTo(out);
            }
            case BgpMessage.Keepalive keepalive -> {
            }
            case BgpMessage.RouteRefresh refresh -> {
                out.putShort((short) refresh.afi());
                out.put((byte) 0);
                out.put((byte) refresh.safi());
            }
        }
        out.putShort(16, (short) out.position());
        return out.flip();
    }

    private static void writeOpen(ByteBuffer out, BgpMessage.Open open) {
        out.put((byte) open.version());
        out.putShort((short) open.myAs());
        out.putShort((short) open.holdTime());
        out.putInt(open.bgpIdentifier());
        int parametersLengthAt = out.position();
        out.put((byte) 0);
        if (!open.capabilities().isEmpty()) {
            // One optional parameter of type 2 holding every capability (RFC 5492 section 4).
            out.put((byte) 2);
            int parameterLengthAt = out.position();
            out.put((byte) 0);
            for (Capability capability : open.capabilities()) {
                out.put((byte) capability.code());
                int lengthAt = out.position();
                out.put((byte) 0);
                switch (capability) {
                    case Capability.Multiprotocol mp -> {
                        out.putShort((short) mp.afi());
                        out.put((byte) 0);
                        out.put((byte) mp.safi());
                    }
                    case Capability.RouteRefresh rr -> {
                    }
                    case Capability.FourOctetAs four -> out.putInt((int) four.asNumber());
                    case Capability.GracefulRestart gr -> {
                        out.putShort((short) (gr.restartFlags() << 12 | gr.restartTime()));
                        for (Capability.GracefulRestart.Family family : gr.families()) {
                            out.putShort((short) family.afi());
                            out.put((byte) family.safi());
                            out.put((byte) family.flags());
                        }
                    }
                    case Capability.Unknown unknown -> unknown.value().writeTo(out);
                }
                out.put(lengthAt, (byte) (out.position() - lengthAt - 1));
            }
            out.put(parameterLengthAt, (byte) (out.position() - parameterLengthAt - 1));
        }
        out.put(parametersLengthAt, (byte) (out.position() - parametersLengthAt - 1));
    }

    private static void writeUpdate(ByteBuffer out, BgpMessage.Update update, boolean fourOctetAs) {
        int withdrawnLengthAt = out.position();
        out.putShort((short) 0);
        writePrefixes(out, update.withdrawn());
        out.putShort(withdrawnLengthAt, (short) (out.position() - withdrawnLengthAt - 2));
        int attributesLengthAt = out.position();
        out.putShort((short) 0);
        writeAttributes(out, update.attributes(), fourOctetAs);
        out.putShort(attributesLengthAt, (short) (out.position() - attributesLengthAt - 2));
        writePrefixes(out, update.nlri());
    }

    static void writePrefixes(ByteBuffer out, List<Ipv4Prefix> prefixes) {
        for (Ipv4Prefix prefix : prefixes) {
            out.put((byte) prefix.length());
            for (int i = 0; i < (prefix.length() + 7) / 8; i++) {
                out.put((byte) (prefix.address() >>> (24 - 8 * i)));
            }
        }
    }

    private static void writeAttributes(ByteBuffer out, PathAttributes a, boolean fourOctetAs) {
        int wellKnown = PathAttributes.FLAG_TRANSITIVE;
        int optional = PathAttributes.FLAG_OPTIONAL;
        int optionalTransitive = PathAttributes.FLAG_OPTIONAL | PathAttributes.FLAG_TRANSITIVE;
        if (a.origin() >= 0) {
            int at = begin(out, wellKnown, PathAttributes.ORIGIN);
            out.put((byte) a.origin());
            end(out, at);
        }
        boolean needsAs4Path = false;
        if (a.asPath() != null) {
            int at = begin(out, wellKnown, PathAttributes.AS_PATH);
            needsAs4Path = writeAsPath(out, a.asPath(), fourOctetAs);
            end(out, at);
        }
        if (a.hasNextHop()) {
            int at = begin(out, wellKnown, PathAttributes.NEXT_HOP);
            out.putInt(a.nextHop());
            end(out, at);
        }
        if (a.med() >= 0) {
            int at = begin(out, optional, PathAttributes.MULTI_EXIT_DISC);
            out.putInt((int) a.med());
            end(out, at);
        }
        if (a.localPref() >= 0) {
            int at = begin(out, wellKnown, PathAttributes.LOCAL_PREF);
            out.putInt((int) a.localPref());
            end(out, at);
        }
        if (a.atomicAggregate()) {
            end(out, begin(out, wellKnown, PathAttributes.ATOMIC_AGGREGATE));
        }
        if (a.aggregator() != null) {
            int at = begin(out, optionalTransitive, PathAttributes.AGGREGATOR);
            long asn = a.aggregator().asNumber();
            if (fourOctetAs) {
                out.putInt((int) asn);
            } else {
                out.putShort((short) (asn > 0xffff ? BgpMessage.AS_TRANS : asn));
            }
            out.putInt(a.aggregator().address());
            end(out, at);
        }
        if (a.communities() != null) {
            int at = begin(out, optionalTransitive, PathAttributes.COMMUNITIES);
            a.communities().writeTo(out);
            end(out, at);
        }
        if (a.mpReach() != null) {
            PathAttributes.MpReach reach = a.mpReach();
            int at = begin(out, optional, PathAttributes.MP_REACH_NLRI);
            out.putShort((short) reach.afi());
            out.put((byte) reach.safi());
            out.put((byte) reach.nextHop().length());
            reach.nextHop().writeTo(out);
            out.put((byte) 0);
            writePrefixes(out, reach.nlri());
            reach.otherFamilyNlri().writeTo(out);
            end(out, at);
        }
        if (a.mpUnreach() != null) {
            PathAttributes.MpUnreach unreach = a.mpUnreach();
            int at = begin(out, optional, PathAttributes.MP_UNREACH_NLRI);
            out.putShort((short) unreach.afi());
            out.put((byte) unreach.safi());
            writePrefixes(out, unreach.withdrawn());
            unreach.otherFamilyWithdrawn().writeTo(out);
            end(out, at);
        }
        List<AsPathSegment> as4Path = a.as4Path() != null ? a.as4Path() : needsAs4Path ? a.asPath() : null;
        if (as4Path != null && !fourOctetAs) {
            // RFC 6793 section 4.2.2: a 2-octet session carries the true path in AS4_PATH.
            int at = begin(out, optionalTransitive, PathAttributes.AS4_PATH);
            writeAsPath(out, as4Path, true);
            end(out, at);
        }
        for (PathAttributes.RawAttribute raw : a.unknown()) {
            int at = begin(out, raw.flags() & ~PathAttributes.FLAG_EXTENDED_LENGTH, raw.type());
            raw.value().writeTo(out);
            end(out, at);
        }
    }

    // Writes the segments; true when a 2-octet encoding had to put AS_TRANS in place of a larger number.
    private static boolean writeAsPath(ByteBuffer out, List<AsPathSegment> path, boolean fourOctetAs) {
        boolean translated = false;
        for (AsPathSegment segment : path) {
            out.put((byte) segment.type());
            out.put((byte) segment.asNumbers().size());
            for (long asn : segment.asNumbers()) {
                if (fourOctetAs) {
                    out.putInt((int) asn);
                } else if (asn > 0xffff) {
                    out.putShort((short) BgpMessage.AS_TRANS);
                    translated = true;
                } else {
                    out.putShort((short) asn);
                }
            }
        }
        return translated;
    }

    // Every attribute is written with a 2-octet length (extended length flag, RFC 4271 section 4.3), which any
    // speaker accepts and keeps the writer single-pass.
    private static int begin(ByteBuffer out, int flags, int type) {
        out.put((byte) (flags | PathAttributes.FLAG_EXTENDED_LENGTH));
        out.put((byte) type);
        out.putShort((short) 0);
        return out.position();
    }

    private static void end(ByteBuffer out, int valueStart) {
        out.putShort(valueStart - 2, (short) (out.position() - valueStart));
    }
}
