package io.isthmus.agent.dataplane;

import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The tenant's TTL across the substrate. Two nodes of one subnet are one link apart whatever the substrate between
 * their hosts looks like, so the TTL a node receives must be the TTL its peer sent, less one per emulated router; the
 * substrate's own routers (at least the two host kernels) decrement the IPv6 hop limit, and their number is unknown
 * to the receiving agent. So the sending agent carries the emulated TTL in the low 8 bits of the IPv6 flow label and
 * sends every packet with hop limit {@link #SUBSTRATE_HOP_LIMIT}; the receiving agent takes the TTL back from the
 * label. The flow label's upper 12 bits hold a hash of the flow (addresses, protocol and, for unfragmented TCP and UDP,
 * ports), so the label stays constant per flow (RFC 6437) for the substrate's equal-cost multipath.
 *
 * <p>Every packet an agent writes to the substrate is stamped this way, the translations of the nodes' packets and
 * the ICMPv6 errors the agent sends itself.
 */
final class SubstrateTtl {
    /** The hop limit of every packet an agent sends on the substrate: the substrate's own diameter bound. */
    static final int SUBSTRATE_HOP_LIMIT = 64;
    /** The TTL of the packets an agent originates (its ICMP errors, its virtual routers' replies), as a host sends them. */
    static final int ORIGINATED_TTL = 64;

    private static final ValueLayout.OfInt PORTS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int FLOW_HASH_MASK = 0xfff;

    private SubstrateTtl() {
    }

    /** Sets the flow label of {@code ip6} to carry {@code ttl} and {@code flowHash}, and its hop limit. */
    static void stamp(Ipv6Packet ip6, int ttl, int flowHash) {
        ip6.setFlowLabel((flowHash & FLOW_HASH_MASK) << 8 | (ttl & 0xff));
        ip6.setHopLimit(SUBSTRATE_HOP_LIMIT);
    }

    /** The tenant TTL {@code ip6}'s flow label carries. */
    static int ttl(Ipv6Packet ip6) {
        return ip6.flowLabel() & 0xff;
    }

    /** A 12-bit hash of {@code ip}'s flow: its addresses and protocol, and ports when it has them whole. */
    static int flowHash(Ipv4Packet ip) {
        int protocol = ip.protocol();
        long key = (ip.source() & 0xffff_ffffL) << 32 | (ip.destination() & 0xffff_ffffL);
        long ports = 0;
        int headerLength = ip.headerLength();
        if ((protocol == IpProtocol.TCP || protocol == IpProtocol.UDP) && !ip.isFragment()
            && ip.length() >= headerLength + 4) {
            ports = ip.segment().get(PORTS, ip.offset() + headerLength) & 0xffff_ffffL;
        }
        return Hashing.slot(key ^ Long.rotateLeft(ports << 8 | protocol, 29), FLOW_HASH_MASK);
    }
}
