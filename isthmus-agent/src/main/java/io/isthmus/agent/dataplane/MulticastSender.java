package io.isthmus.agent.dataplane;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.PacketView;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.Function;

/**
 * The sending agent's replication of a node's broadcast and multicast packets (DESIGN.md, "Addressing": replicated by
 * the sending agent to the agents with subscribed members, to {@code agent prefix | network id | group address}):
 *
 * <ul>
 *   <li>Subnet broadcast (the sender's subnet's directed broadcast, or 255.255.255.255) and link-local multicast
 *       (224.0.0.0/24, flooded like broadcast, RFC 4541 section 2.1.2) go to every other port of the sender's subnet
 *       on this host, and one copy to each other host with an interface in that subnet ({@link NetworkView}). A
 *       broadcast copy carries the directed broadcast address, so the receiver knows the subnet; a limited broadcast
 *       (255.255.255.255) thus arrives as the directed one.</li>
 *   <li>Other multicast goes to the member ports of this host ({@link MulticastGroups}) in the sender's subnet, and,
 *       when the network lets multicast cross its virtual routers ({@link NetworkSettings#multicastAcrossSubnets}),
 *       to the members of its other subnets through the two routers on the way, the TTL decremented by each
 *       ({@link #ROUTERS_ACROSS}; not at all when it would run out on the way, and no ICMP error about a multicast
 *       packet, RFC 1812 section 4.3.2.7). Each other host with members in the sender's
 *       subnet (or in any subnet, when crossing is allowed and the TTL is high enough) gets one copy, carrying the
 *       TTL as sent; the receiving agent decrements it for its members in other subnets, as the routers on their
 *       path (so that one copy serves both kinds of members).</li>
 * </ul>
 *
 * <p>Local copies get the destination MAC of the group (01:00:5e and the group's low 23 bits, RFC 1112 section 6.4) or
 * the broadcast MAC; their source MAC is the sender's within the subnet, the receiving subnet's router's across it.
 * The packet is translated once (RFC 7915); the copies for the hosts differ only in the IPv6 destination, patched in
 * place with the transport checksum adjusted for the new pseudo-header (RFC 1624), fragment by fragment.
 *
 * <p>Not thread-safe: one per {@link OutboundPipeline}. Allocation-free and exception-free per packet.
 */
final class MulticastSender {
    private static final ValueLayout.OfShort U16 = PacketView.U16;
    private static final int LIMITED_BROADCAST = -1;
    /**
     * The virtual routers between two subnets of a network: the sender's subnet's and the receiver's, each
     * decrementing the TTL (RFC 1812 section 5.3.1), as for unicast ({@code OutboundPipeline}'s routing).
     */
    static final int ROUTERS_ACROSS = 2;

    private final OverlayAddressing addressing;
    private final long prefixHigh;
    private final long prefixLow;
    private final MulticastGroups groups;
    private final DataplaneCounters counters;
    private final FlowAddressMapper mapper = new FlowAddressMapper();
    private final Translator translator;
    private final Ipv6Packet translation = new Ipv6Packet();
    private final Ipv6Slot source = new Ipv6Slot();
    private final Ipv6Slot target = new Ipv6Slot();
    private final PacketSink translated = this::emitTranslated;

    /** The packet being replicated to other hosts. */
    private DataplaneSinks sinks;
    private NetworkView network;
    private int subnetIndex;
    private MulticastGroups.Group group;
    private int overlayId;
    private int senderSubnet;
    private int wireDestination;
    private boolean toAllMemberHosts;
    private int ttl;
    private int flowHash;
    private int remoteCopies;

    MulticastSender(DataplaneContext context, DataplaneCounters counters,
                    Function<AddressMapper, TranslatorConfig> translatorConfig) {
        this.addressing = context.addressing();
        this.prefixHigh = context.hostPrefix().high();
        this.prefixLow = context.hostPrefix().low();
        this.groups = context.groups();
        this.counters = counters;
        this.translator = mapper.translator(translatorConfig);
    }

    /** Whether {@code destination} is the sender's broadcast or a multicast or reserved (240/4) address. */
    static boolean isBroadcastOrMulticast(LocalPort port, int destination) {
        return destination >>> 28 >= 0xe
            || port.subnetPrefixLength() <= 30 && destination == port.subnetBroadcast();
    }

    /**
     * Replicates the packet {@code ip} (inside {@code frame}, whose bytes are {@code segment} from {@code offset}) that
     * {@code port} sent to a broadcast or multicast destination; source checks are done. The frame's header and TTL
     * may be rewritten.
     */
    DataplaneCounter send(PortTable.Snapshot snapshot, LocalPort port, EthernetFrame frame, Ipv4Packet ip,
                          MemorySegment segment, long offset, DataplaneSinks sinks) {
        int destination = ip.destination();
        if (destination >>> 28 == 0xf && destination != LIMITED_BROADCAST) {
            return DataplaneCounter.RESERVED_DESTINATION;
        }
        NetworkView view = snapshot.network(port.overlayId());
        int index = view == null ? -1 : view.subnetIndexContaining(port.address());
        boolean broadcast = destination == LIMITED_BROADCAST || destination == port.subnetBroadcast();
        boolean linkLocal = destination >>> 8 == 0xe0_0000;
        int frameLength = EthernetFrame.HEADER_LENGTH + ip.length();
        int localCopies = 0;
        if (broadcast || linkLocal) {
            frame.setDestination(broadcast ? MacAddress.BROADCAST : MacAddress.ofIpv4Multicast(destination));
            List<LocalPort> all = snapshot.ports();
            for (int i = 0; i < all.size(); i++) {
                LocalPort other = all.get(i);
                if (other.index() != port.index() && sameSubnet(other, port)) {
                    sinks.toPort(other.index(), segment, offset, frameLength);
                    localCopies++;
                }
            }
            if (index >= 0) {
                remote(view, index, null, port, ip, broadcast ? port.subnetBroadcast() : destination, false, sinks);
            }
            return outcome(localCopies, DataplaneCounter.BROADCAST_REPLICATED);
        }
        MulticastGroups.Group members = groups.snapshot().find(port.overlayId(), destination);
        if (members == null) {
            return DataplaneCounter.MULTICAST_NO_MEMBERS;
        }
        boolean across = view != null && view.settings().multicastAcrossSubnets() && ip.ttl() > ROUTERS_ACROSS;
        frame.setDestination(MacAddress.ofIpv4Multicast(destination));
        for (int i = 0; i < members.localCount(); i++) {
            LocalPort member = snapshot.byIndex(members.localPort(i));
            if (member != null && member.index() != port.index() && sameSubnet(member, port)) {
                sinks.toPort(member.index(), segment, offset, frameLength);
                localCopies++;
            }
        }
        // Before the TTL is decremented for the local members of other subnets: the hosts get the TTL as sent.
        if (members.remoteCount() > 0) {
            remote(view, index, members, port, ip, destination, across, sinks);
        }
        if (across) {
            int oldTtl = ip.ttl();
            int protocol = ip.protocol();
            ip.setTtl(oldTtl - ROUTERS_ACROSS);
            ip.setHeaderChecksum(Checksum.adjust(ip.headerChecksum(), oldTtl << 8 | protocol,
                (oldTtl - ROUTERS_ACROSS) << 8 | protocol));
            for (int i = 0; i < members.localCount(); i++) {
                LocalPort member = snapshot.byIndex(members.localPort(i));
                if (member != null && member.index() != port.index() && member.overlayId() == port.overlayId()
                    && !sameSubnet(member, port)) {
                    frame.setSource(member.routerMac());
                    sinks.toPort(member.index(), segment, offset, frameLength);
                    localCopies++;
                }
            }
        }
        return outcome(localCopies, DataplaneCounter.MULTICAST_REPLICATED);
    }

    private DataplaneCounter outcome(int localCopies, DataplaneCounter replicated) {
        for (int i = 0; i < localCopies; i++) {
            counters.increment(DataplaneCounter.REPLICA_TO_PORT);
        }
        int copies = localCopies + remoteCopies;
        remoteCopies = 0;
        return copies > 0 ? replicated : DataplaneCounter.MULTICAST_NO_MEMBERS;
    }

    private static boolean sameSubnet(LocalPort a, LocalPort b) {
        return a.overlayId() == b.overlayId() && a.subnetAddress() == b.subnetAddress()
            && a.subnetPrefixLength() == b.subnetPrefixLength();
    }

    /**
     * Translates the packet once and writes one copy per selected host: every other host with an interface in the
     * sender's subnet ({@code members} null), or the hosts of {@code members} with members in the sender's subnet, or
     * any ({@code toAllMemberHosts}).
     */
    private void remote(NetworkView view, int index, MulticastGroups.Group members, LocalPort port, Ipv4Packet ip,
                        int destinationOnWire, boolean toAllMemberHosts, DataplaneSinks sinks) {
        this.network = view;
        this.subnetIndex = index;
        this.group = members;
        this.overlayId = port.overlayId();
        this.senderSubnet = port.subnetAddress();
        this.wireDestination = destinationOnWire;
        this.toAllMemberHosts = toAllMemberHosts;
        int first = nextHost(-1);
        if (first < 0) {
            return;
        }
        if (!addressing.compose(prefixHigh, prefixLow, overlayId, ip.source(), source)
            || !addressing.compose(hostHigh(first), hostLow(first), overlayId, destinationOnWire, target)) {
            counters.increment(DataplaneCounter.REPLICA_TRANSLATION_FAILED);
            return;
        }
        mapper.set(ip.destination(), target.high, target.low, ip.source(), source.high, source.low);
        this.sinks = sinks;
        this.ttl = ip.ttl();
        this.flowHash = SubstrateTtl.flowHash(ip);
        TranslationResult result = translator.translate4to6(ip.segment(), ip.offset(), ip.length(), translated);
        if (result.isDrop()) {
            // An event: the packet's one outcome is the replication's, whatever became of this copy.
            counters.increment(DataplaneCounter.REPLICA_TRANSLATION_FAILED);
        } else if (result == TranslationResult.FRAGMENTED) {
            counters.increment(DataplaneCounter.FRAGMENTED);
        }
        this.sinks = null;
        this.network = null;
        this.group = null;
    }

    /** The next host after {@code i} that gets a copy, or -1. */
    private int nextHost(int i) {
        int count = group == null ? network.remoteHostCount(subnetIndex) : group.remoteCount();
        for (int next = i + 1; next < count; next++) {
            if (group == null || toAllMemberHosts || group.remoteHasSubnet(next, senderSubnet)) {
                return next;
            }
        }
        return -1;
    }

    private long hostHigh(int i) {
        return group == null ? network.remoteHostHigh(subnetIndex, i) : group.remoteHigh(i);
    }

    private long hostLow(int i) {
        return group == null ? network.remoteHostLow(subnetIndex, i) : group.remoteLow(i);
    }

    /**
     * The translator's output: a translated packet (or fragment) is written once per host, its destination patched;
     * an ICMP error about a broadcast or multicast packet is never sent (RFC 1812 section 4.3.2.7).
     */
    private void emitTranslated(MemorySegment segment, long offset, int length, PacketSink.Emission kind) {
        if (kind != PacketSink.Emission.TRANSLATED) {
            return;
        }
        SubstrateTtl.stamp(translation.wrap(segment, offset, length), ttl, flowHash);
        int checksumAt = transportChecksumOffset(segment, offset, length);
        for (int host = nextHost(-1); host >= 0; host = nextHost(host)) {
            if (!addressing.compose(hostHigh(host), hostLow(host), overlayId, wireDestination, target)) {
                continue;
            }
            long oldHigh = translation.destinationHigh();
            long oldLow = translation.destinationLow();
            if (oldHigh != target.high || oldLow != target.low) {
                translation.setDestination(target.high, target.low);
                if (checksumAt >= 0) {
                    int old = segment.get(U16, offset + checksumAt) & 0xffff;
                    int updated = Checksum.adjust(old, Checksum.add(Checksum.ofLong(oldHigh), Checksum.ofLong(oldLow)),
                        Checksum.add(Checksum.ofLong(target.high), Checksum.ofLong(target.low)));
                    // A UDP checksum of zero means none (RFC 768): the ones' complement zero is sent as all ones.
                    if (updated == 0 && translation.nextHeader() != IpProtocol.ICMPV6) {
                        updated = 0xffff;
                    }
                    segment.set(U16, offset + checksumAt, (short) updated);
                }
            }
            counters.increment(DataplaneCounter.REPLICA_TO_SUBSTRATE);
            remoteCopies++;
            sinks.toSubstrate(segment, offset, length);
        }
    }

    /**
     * The offset in the translated packet of the checksum covering the IPv6 pseudo-header (UDP, TCP, ICMPv6), or -1
     * when there is none in this packet (a fragment other than the first, another protocol, too short).
     */
    private static int transportChecksumOffset(MemorySegment segment, long offset, int length) {
        int nextHeader = segment.get(ValueLayout.JAVA_BYTE, offset + Ipv6Packet.NEXT_HEADER) & 0xff;
        int at = Ipv6Packet.HEADER_LENGTH;
        if (nextHeader == IpProtocol.IPV6_FRAGMENT) {
            if (length < at + 8 || (segment.get(U16, offset + at + 2) & 0xfff8) != 0) {
                return -1;
            }
            nextHeader = segment.get(ValueLayout.JAVA_BYTE, offset + at) & 0xff;
            at += 8;
        }
        int field = switch (nextHeader) {
            case IpProtocol.UDP -> at + 6;
            case IpProtocol.ICMPV6 -> at + 2;
            case IpProtocol.TCP -> at + 16;
            default -> -1;
        };
        return field >= 0 && field + 2 <= length ? field : -1;
    }
}
