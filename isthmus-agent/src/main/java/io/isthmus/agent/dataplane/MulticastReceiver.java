package io.isthmus.agent.dataplane;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * The receiving agent's side of broadcast and multicast ({@link MulticastSender}): a copy from the substrate whose
 * destination is {@code this host's prefix | overlay id | group or directed broadcast}.
 *
 * <ol>
 *   <li>Anti-spoofing: the claimed source (overlay id and IPv4, read from the source address) must be an interface of
 *       the network on another host, and the source address must lie under that host's prefix, as the controller's
 *       updates say ({@link NetworkView#member}). No resolution is needed, so a sender's first packet passes.</li>
 *   <li>Delivered, translated back once (RFC 7915), to the local ports of the network that listen: a directed
 *       broadcast to the ports of that subnet; 224.0.0.0/24 to the ports of the source's subnet; another group to its
 *       member ports ({@link MulticastGroups}) in the source's subnet with the TTL as sent and, when the network lets
 *       multicast cross subnets, to its member ports in other subnets with the TTL decremented by the two virtual
 *       routers on their path ({@link MulticastSender#ROUTERS_ACROSS}; not at all when it would run out).</li>
 *   <li>Each copy gets the group's MAC (RFC 1112 section 6.4) or the broadcast MAC as destination, and the source's MAC
 *       within its subnet, the receiving subnet's router MAC across. No ICMP error is ever sent about such a packet
 *       (RFC 1812 section 4.3.2.7).</li>
 * </ol>
 *
 * <p>Not thread-safe: one per {@link InboundPipeline}. Allocation-free and exception-free per packet.
 */
final class MulticastReceiver {
    private final OverlayAddressing addressing;
    private final MulticastGroups groups;
    private final DataplaneCounters counters;
    private final FlowAddressMapper mapper = new FlowAddressMapper();
    private final Translator translator;
    private final EthernetFrame frame = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final MemorySegment frameBuffer =
        Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + TranslatorConfig.MAX_PACKET, 8);
    private final PacketSink translated = this::emitTranslated;

    /** The packet being delivered. */
    private DataplaneSinks sinks;
    private PortTable.Snapshot snapshot;
    private MulticastGroups.Group group;
    private int overlayId;
    private int source;
    private long sourceMac;
    private int destination;
    private int mode;
    private boolean across;
    private int copies;

    private static final int BROADCAST = 0;
    private static final int LINK_LOCAL = 1;
    private static final int GROUP = 2;

    MulticastReceiver(DataplaneContext context, DataplaneCounters counters,
                      Function<AddressMapper, TranslatorConfig> translatorConfig) {
        this.addressing = context.addressing();
        this.groups = context.groups();
        this.counters = counters;
        this.translator = mapper.translator(translatorConfig);
    }

    /**
     * Whether {@code destination} of network {@code view} is a group or the directed broadcast of one of its subnets
     * (of length 30 or less). Allocation-free.
     */
    static boolean isBroadcastOrMulticast(NetworkView view, int destination) {
        if (destination >>> 28 == 0xe) {
            return true;
        }
        if (view == null) {
            return false;
        }
        int index = view.subnetIndexContaining(destination);
        if (index < 0) {
            return false;
        }
        SubnetView subnet = view.subnetAt(index);
        return subnet.prefixLength() <= 30 && subnet.broadcast() == destination;
    }

    /**
     * Delivers the IPv6 packet {@code ip6} (from {@code offset} of {@code segment}) of network {@code view}, whose
     * destination's IPv4 part {@code destination} passed {@link #isBroadcastOrMulticast}. The packet may be rewritten.
     */
    DataplaneCounter receive(PortTable.Snapshot ports, NetworkView view, Ipv6Packet ip6, int destination,
                             MemorySegment segment, long offset, DataplaneSinks out) {
        if (view == null) {
            return DataplaneCounter.MULTICAST_NO_LOCAL_MEMBERS;
        }
        long sourceHigh = ip6.sourceHigh();
        long sourceLow = ip6.sourceLow();
        if (addressing.networkId(sourceHigh, sourceLow) != view.overlayId()) {
            return DataplaneCounter.SOURCE_IN_OTHER_NETWORK;
        }
        int claimed = addressing.ipv4(sourceHigh, sourceLow);
        NetworkView.Member member = view.member(claimed);
        if (member == null || member.local()
            || !addressing.hasAgentPrefix(sourceHigh, sourceLow, member.hostPrefixHigh(), member.hostPrefixLow())) {
            return DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH;
        }
        int kind;
        MulticastGroups.Group members = null;
        if (destination >>> 8 == 0xe0_0000) {
            kind = LINK_LOCAL;
        } else if (destination >>> 28 == 0xe) {
            kind = GROUP;
            members = groups.snapshot().find(view.overlayId(), destination);
            if (members == null || members.localCount() == 0) {
                return DataplaneCounter.MULTICAST_NO_LOCAL_MEMBERS;
            }
        } else {
            kind = BROADCAST;
        }
        this.snapshot = ports;
        this.group = members;
        this.overlayId = view.overlayId();
        this.source = claimed;
        this.sourceMac = member.mac();
        this.destination = destination;
        this.mode = kind;
        this.sinks = out;
        int ttl = SubstrateTtl.ttl(ip6);
        this.across = kind == GROUP && view.settings().multicastAcrossSubnets() && ttl > MulticastSender.ROUTERS_ACROSS;
        this.copies = 0;
        mapper.set(claimed, sourceHigh, sourceLow, destination, ip6.destinationHigh(), ip6.destinationLow());
        ip6.setHopLimit(ttl);
        TranslationResult result = translator.translate6to4(segment, offset, ip6.length(), translated);
        int delivered = copies;
        this.sinks = null;
        this.snapshot = null;
        this.group = null;
        if (result.isDrop()) {
            return DataplaneCounter.ofTranslationDrop(result);
        }
        if (result == TranslationResult.FRAGMENTED) {
            counters.increment(DataplaneCounter.FRAGMENTED);
        }
        return delivered > 0 ? DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE
            : DataplaneCounter.MULTICAST_NO_LOCAL_MEMBERS;
    }

    /** The translator's output: the IPv4 packet framed and written to each listening port; errors are never sent. */
    private void emitTranslated(MemorySegment segment, long offset, int length, PacketSink.Emission kind) {
        int header = EthernetFrame.HEADER_LENGTH;
        if (kind != PacketSink.Emission.TRANSLATED || length > frameBuffer.byteSize() - header) {
            return;
        }
        MemorySegment.copy(segment, offset, frameBuffer, header, length);
        frame.wrap(frameBuffer, 0, header + length);
        frame.setDestination(mode == BROADCAST ? MacAddress.BROADCAST : MacAddress.ofIpv4Multicast(destination));
        frame.setOuterEtherType(EtherType.IPV4);
        frame.setSource(sourceMac);
        if (mode == GROUP) {
            for (int i = 0; i < group.localCount(); i++) {
                LocalPort port = snapshot.byIndex(group.localPort(i));
                if (port != null && port.overlayId() == overlayId && port.inSubnet(source)) {
                    write(port, header + length);
                }
            }
            if (across) {
                ip.wrap(frameBuffer, header, length);
                int ttl = ip.ttl();
                int protocol = ip.protocol();
                ip.setTtl(ttl - MulticastSender.ROUTERS_ACROSS);
                ip.setHeaderChecksum(Checksum.adjust(ip.headerChecksum(), ttl << 8 | protocol,
                    (ttl - MulticastSender.ROUTERS_ACROSS) << 8 | protocol));
                for (int i = 0; i < group.localCount(); i++) {
                    LocalPort port = snapshot.byIndex(group.localPort(i));
                    if (port != null && port.overlayId() == overlayId && !port.inSubnet(source)) {
                        frame.setSource(port.routerMac());
                        write(port, header + length);
                    }
                }
            }
            return;
        }
        List<LocalPort> all = snapshot.ports();
        for (int i = 0; i < all.size(); i++) {
            LocalPort port = all.get(i);
            boolean listens = port.overlayId() == overlayId && (mode == LINK_LOCAL ? port.inSubnet(source)
                : port.subnetPrefixLength() <= 30 && port.subnetBroadcast() == destination);
            if (listens) {
                write(port, header + length);
            }
        }
    }

    private void write(LocalPort port, int length) {
        if (port.address() == source) {
            return;
        }
        counters.increment(DataplaneCounter.REPLICA_TO_PORT);
        copies++;
        sinks.toPort(port.index(), frameBuffer, 0, length);
    }
}
