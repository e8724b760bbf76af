package io.isthmus.agent.dataplane;

import io.isthmus.agent.peering.PeeringGate;
import io.isthmus.agent.peering.PeeringView;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.WireStatus;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The IPv6 packets the substrate TUN delivers (DESIGN.md, "Components and data flow", incoming packet), one at a
 * time:
 *
 * <ol>
 *   <li>The destination must lie under this host's agent prefix, and its (overlay id, IPv4) must be a port on this
 *       host.</li>
 *   <li>Isolation: the claimed source (its overlay id, read from the source address) must be in the receiving
 *       port's network. The cache is keyed by (overlay id, IPv4) and its entries of a network were allowed for the
 *       ports of that network, so an entry another network's port asked for must not let a packet across.</li>
 *   <li>Anti-spoofing: the source substrate address must be the one the controller maps the claimed source
 *       (its overlay id and IPv4, read from the source address) to, that is the next hop of the
 *       {@link ResolutionCache} entry for it. Without a fresh entry a resolution is queued (on behalf of the
 *       receiving port), exactly as an outbound miss, and meanwhile the network's view decides: the source's node
 *       there must be on the host the source address names ({@link NetworkView#member}); a source the view does not
 *       know is checked against a stale entry, or dropped without one.</li>
 *   <li>Steering: a destination that is no port on this host is accepted when the route table of the source's
 *       subnet forwards it to an appliance interface on this host (the sending agent chose that appliance by the
 *       flow hash the flow label carries); the packet goes to the appliance's port, its destination unchanged
 *       ({@link DataplaneCounter#DELIVERED_TO_APPLIANCE}). What an appliance forwards arrives from its host, under
 *       that host's prefix, with the original source address: a source substrate address that is not the source
 *       node's host is accepted when it is the host of an appliance of the network with an interface in the
 *       receiving port's subnet ({@link DataplaneCounter#FROM_APPLIANCE}).</li>
 *   <li>Translated to IPv4 (RFC 7915), given an Ethernet header (destination: the port's MAC; source: the sender's
 *       derived MAC when it is in the port's subnet, else the subnet router's MAC) and written to the port.</li>
 * </ol>
 *
 * <p>A destination that is a group or a subnet's directed broadcast goes to {@link MulticastReceiver}, which checks
 * the source and delivers to the ports that listen.
 *
 * <p>TTL is not decremented here: the sending agent emulated the routers on the path and carried the resulting TTL in
 * the flow label ({@link SubstrateTtl}), which becomes the IPv4 TTL; the translator is no hop.
 *
 * <p>What the checks cannot see: a packet carrying exactly the substrate address of a node of the receiving port's
 * network is that node's as far as this agent can tell. The substrate must not let a machine send from another
 * host's prefix (ingress filtering at its edges, BCP 38); agents only send from their own prefix.
 *
 * <p>Not thread-safe: one instance per data-plane thread, with its own {@link DataplaneCounters}. Allocation-free and
 * exception-free per packet; every packet ends in exactly one outcome counter, which {@link #process} returns.
 */
public final class InboundPipeline {
    private final OverlayAddressing addressing;
    private final long prefixHigh;
    private final long prefixLow;
    private final PortTable ports;
    private final ResolutionCache cache;
    private final ResolutionRequests requests;
    private final LongSupplier clock;
    private final DataplaneCounters counters;
    private final FlowAddressMapper mapper = new FlowAddressMapper();
    private final Translator translator;
    private final MulticastReceiver multicast;
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Ipv6Packet error = new Ipv6Packet();
    private final ResolutionCache.Entry entry = new ResolutionCache.Entry();
    private final QuotedFlow quoted = new QuotedFlow();
    private final Ipv6Slot claimed = new Ipv6Slot();
    private final EthernetFrame frame = new EthernetFrame();
    private final MemorySegment frameBuffer =
        Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + TranslatorConfig.MAX_PACKET, 8);
    private final PacketSink translated = this::emitTranslated;

    /** The packet being translated: where its translation goes. */
    private LocalPort receiver;
    private long sourceMac;
    private DataplaneSinks sinks;
    private int flowHash;

    /** A pipeline with the {@link OutboundPipeline#DEFAULT_TRANSLATOR} settings. */
    public InboundPipeline(DataplaneContext context, DataplaneCounters counters) {
        this(context, counters, OutboundPipeline.DEFAULT_TRANSLATOR);
    }

    /**
     * A pipeline whose translator runs with {@code translatorConfig.apply(mapper)} (the IPv4 next-hop MTU is the
     * tenant MTU); the mapper given must be used as is.
     */
    public InboundPipeline(DataplaneContext context, DataplaneCounters counters,
                           Function<AddressMapper, TranslatorConfig> translatorConfig) {
        this.addressing = context.addressing();
        this.prefixHigh = context.hostPrefix().high();
        this.prefixLow = context.hostPrefix().low();
        this.ports = context.ports();
        this.cache = context.cache();
        this.requests = context.requests();
        this.clock = context.clock();
        this.counters = counters;
        this.translator = mapper.translator(translatorConfig);
        this.multicast = new MulticastReceiver(context, counters, translatorConfig);
    }

    /**
     * Handles the IPv6 packet in {@code length} bytes of {@code segment} from {@code offset}, read from the substrate
     * TUN. Counts and returns the outcome.
     */
    public DataplaneCounter process(MemorySegment segment, long offset, int length, DataplaneSinks sinks) {
        DataplaneCounter outcome = handle(segment, offset, length, sinks);
        counters.increment(outcome);
        return outcome;
    }

    private DataplaneCounter handle(MemorySegment segment, long offset, int length, DataplaneSinks sinks) {
        if (ip6.wrap(segment, offset, length).checkLength() != WireStatus.OK) {
            return DataplaneCounter.MALFORMED_IPV6;
        }
        long destinationHigh = ip6.destinationHigh();
        long destinationLow = ip6.destinationLow();
        if (!addressing.hasAgentPrefix(destinationHigh, destinationLow, prefixHigh, prefixLow)) {
            return DataplaneCounter.NOT_OUR_PREFIX;
        }
        int overlayId = addressing.networkId(destinationHigh, destinationLow);
        int destination = addressing.ipv4(destinationHigh, destinationLow);
        PortTable.Snapshot snapshot = ports.snapshot();
        LocalPort port = snapshot.find(overlayId, destination);
        if (port == null && MulticastReceiver.isBroadcastOrMulticast(snapshot.network(overlayId), destination)) {
            return multicast.receive(snapshot, snapshot.network(overlayId), ip6, destination, segment, offset, sinks);
        }
        LocalPort appliance = steeredTo(snapshot, overlayId, destination, port);
        boolean toAppliance = appliance != null;
        if (toAppliance) {
            port = appliance;
        } else if (port == null) {
            return DataplaneCounter.UNKNOWN_DESTINATION_PORT;
        }
        long sourceHigh = ip6.sourceHigh();
        long sourceLow = ip6.sourceLow();
        int sourceOverlayId = addressing.networkId(sourceHigh, sourceLow);
        if (sourceOverlayId != port.overlayId()) {
            return fromPeer(snapshot, port, sourceOverlayId, destination, segment, offset, sinks);
        }
        int source = addressing.ipv4(sourceHigh, sourceLow);
        long now = clock.getAsLong();
        int found = cache.lookup(sourceOverlayId, source, now, entry);
        if (found != ResolutionCache.FRESH) {
            ask(port.index(), sourceOverlayId, source, now);
        }
        NetworkView network = found == ResolutionCache.FRESH ? null : snapshot.network(sourceOverlayId);
        NetworkView.Member member = network == null ? null : network.member(source);
        if (member != null) {
            // The view the controller pushed says where the source's node is: the mapping anti-spoofing needs.
            if (member.local() || !addressing.compose(member.hostPrefixHigh(), member.hostPrefixLow(),
                sourceOverlayId, source, claimed) || claimed.high != sourceHigh || claimed.low != sourceLow) {
                if (!fromAppliance(snapshot, port, sourceHigh, sourceLow)) {
                    return DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH;
                }
            } else {
                counters.increment(DataplaneCounter.FORWARDED_ON_NETWORK_VIEW);
            }
        } else {
            if (found == ResolutionCache.MISS) {
                return DataplaneCounter.SOURCE_RESOLUTION_MISS;
            }
            if (!entry.allowed()) {
                return DataplaneCounter.SOURCE_NOT_ALLOWED;
            }
            if ((entry.nextHopHigh() != sourceHigh || entry.nextHopLow() != sourceLow)
                && !fromAppliance(snapshot, port, sourceHigh, sourceLow)) {
                return DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH;
            }
            if (found == ResolutionCache.STALE) {
                counters.increment(DataplaneCounter.FORWARDED_ON_STALE_ENTRY);
            }
        }
        // A packet steered to an appliance was handed over by the router of its subnet.
        long mac = port.inSubnet(source) && !toAppliance ? VirtualMacs.forInterface(source) : port.routerMac();
        return deliver(port, source, sourceHigh, sourceLow, destination, mac, segment, offset, sinks,
            toAppliance ? DataplaneCounter.DELIVERED_TO_APPLIANCE : DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
    }

    /**
     * Translates the packet in {@link #ip6} to IPv4 with source {@code source} and destination {@code destination},
     * its TTL the flow label's, and writes it to {@code port} from MAC {@code sourceMac}; {@code delivered} is the
     * outcome when it went.
     */
    private DataplaneCounter deliver(LocalPort port, int source, long sourceHigh, long sourceLow, int destination,
                                     long sourceMac, MemorySegment segment, long offset, DataplaneSinks sinks,
                                     DataplaneCounter delivered) {
        mapper.set(source, sourceHigh, sourceLow, destination, ip6.destinationHigh(), ip6.destinationLow());
        this.receiver = port;
        this.sourceMac = sourceMac;
        this.sinks = sinks;
        this.flowHash = ip6.flowLabel() >>> 8;
        ip6.setHopLimit(SubstrateTtl.ttl(ip6));
        TranslationResult result = translator.translate6to4(segment, offset, ip6.length(), translated);
        this.receiver = null;
        this.sinks = null;
        return counters.translated(result, delivered);
    }

    /**
     * A packet from network {@code sourceOverlayId}, another than the receiving port's: it must come from a range of
     * the port's network's peering view, from the substrate address the controller resolves its source to in that
     * network (anti-spoofing, as within a network, but without the network's view: the cache decides, and the first
     * packet waits for the answer), and pass the policies ({@link PeeringGate#in}). It is delivered with its source
     * translated to the address the receiving network sees; the sending agent already emulated the routers.
     */
    private DataplaneCounter fromPeer(PortTable.Snapshot snapshot, LocalPort port, int sourceOverlayId,
                                      int destination, MemorySegment segment, long offset, DataplaneSinks sinks) {
        NetworkView network = snapshot.network(port.overlayId());
        PeeringView peering = network == null ? PeeringView.NONE : network.peering();
        long sourceHigh = ip6.sourceHigh();
        long sourceLow = ip6.sourceLow();
        int source = addressing.ipv4(sourceHigh, sourceLow);
        int range = peering.bySource(sourceOverlayId, source);
        if (range < 0) {
            return DataplaneCounter.SOURCE_IN_OTHER_NETWORK;
        }
        long now = clock.getAsLong();
        int found = cache.lookup(sourceOverlayId, source, now, entry);
        if (found != ResolutionCache.FRESH) {
            ask(port.index(), sourceOverlayId, source, now);
        }
        if (found == ResolutionCache.MISS) {
            return DataplaneCounter.SOURCE_RESOLUTION_MISS;
        }
        if (!entry.allowed()) {
            return DataplaneCounter.SOURCE_NOT_ALLOWED;
        }
        if (entry.nextHopHigh() != sourceHigh || entry.nextHopLow() != sourceLow) {
            return DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH;
        }
        int seen = peering.fromPeer(range, source);
        int protocol = transportProtocol();
        long ports = flowPorts(protocol);
        // An error about a packet the node sent: the quoted packet went from the node to the peer.
        boolean answer = ip6.nextHeader() == IpProtocol.ICMPV6
            && quoted.readIcmpv6(ip6.segment(), ip6.offset() + ip6.payloadOffset(), ip6.payloadLength(), addressing)
            && PeeringGate.tracked(peering, port.overlayId(), quoted.source, peering.fromPeer(range,
                quoted.destination), quoted.protocol, FlowPorts.source(quoted.ports),
                FlowPorts.destination(quoted.ports), now);
        int verdict = answer ? PeeringGate.PASS : PeeringGate.in(peering, range, port.overlayId(), destination, seen,
            protocol, FlowPorts.destination(ports), FlowPorts.source(ports), FlowPorts.opens(ports), now);
        if (verdict != PeeringGate.PASS) {
            return verdict == PeeringGate.RESPONSES_ONLY ? DataplaneCounter.PEERING_RESPONSES_ONLY
                : DataplaneCounter.PEERING_RULE_DENIED;
        }
        return deliver(port, seen, sourceHigh, sourceLow, destination, port.routerMac(), segment, offset, sinks,
            DataplaneCounter.DELIVERED_FROM_PEER);
    }

    /**
     * The transport protocol of the packet in {@link #ip6} as IPv4 numbers it (ICMPv6 as ICMP), behind a fragment
     * header if there is one.
     */
    private int transportProtocol() {
        int next = ip6.nextHeader();
        if (next == IpProtocol.IPV6_FRAGMENT && ip6.payloadLength() >= 1) {
            next = ip6.segment().get(ValueLayout.JAVA_BYTE, ip6.offset() + ip6.payloadOffset()) & 0xff;
        }
        return next == IpProtocol.ICMPV6 ? IpProtocol.ICMP : next;
    }

    /** The ports of the packet in {@link #ip6}'s flow ({@link FlowPorts}): none behind an extension header. */
    private long flowPorts(int protocol) {
        int next = ip6.nextHeader();
        if (next != IpProtocol.TCP && next != IpProtocol.UDP && next != IpProtocol.ICMPV6) {
            return FlowPorts.NONE;
        }
        return FlowPorts.of(protocol, next == IpProtocol.ICMPV6, ip6.segment(), ip6.offset() + ip6.payloadOffset(),
            ip6.payloadLength());
    }

    /**
     * The appliance port on this host that the packet in {@link #ip6}, for {@code destination} in network
     * {@code overlayId}, was steered to, or null: the route of the source's subnet's table for the destination (outside
     * that subnet) forwards to appliance interfaces, and the one the flow hash in the flow label picks, as the sending
     * agent picked it, is on this host. When the picked one is elsewhere, a destination port here ({@code local})
     * takes the packet (that appliance forwarded it, keeping the flow's hash), and without one the first next hop that
     * is here does (the sender's table differed). A source that is one of the next hops itself is never steered, as
     * the sending agent does not steer it. Allocation-free.
     */
    private LocalPort steeredTo(PortTable.Snapshot snapshot, int overlayId, int destination, LocalPort local) {
        NetworkView network = snapshot.network(overlayId);
        long sourceHigh = ip6.sourceHigh();
        long sourceLow = ip6.sourceLow();
        if (network == null || addressing.networkId(sourceHigh, sourceLow) != overlayId) {
            return null;
        }
        int source = addressing.ipv4(sourceHigh, sourceLow);
        int index = network.subnetIndexContaining(source);
        // Within a subnet no router is crossed: nothing is steered (as the sending agent does).
        RouteTableView.Route route = index < 0 || network.subnetAt(index).contains(destination) ? null
            : network.routeTableAt(index).lookup(destination);
        if (route == null || route.action() != RouteTableView.Action.FORWARD || route.nextHopCount() == 0
            || route.hasNextHop(source)) {
            return null;
        }
        int count = route.nextHopCount();
        int chosen = (ip6.flowLabel() >>> 8) % count;
        LocalPort picked = snapshot.find(overlayId, route.nextHop(chosen).address());
        if (picked != null && !picked.sourceDestCheck()) {
            return picked == local ? null : picked;
        }
        if (local != null) {
            return null;
        }
        for (int i = 1; i < count; i++) {
            LocalPort other = snapshot.find(overlayId, route.nextHop((chosen + i) % count).address());
            if (other != null && !other.sourceDestCheck()) {
                return other;
            }
        }
        return null;
    }

    /**
     * Whether the source substrate address, which is not the host of the claimed source node, is the host of an
     * appliance of {@code port}'s network with an interface in {@code port}'s subnet: the appliance forwarded the
     * packet. Counted. Allocation-free.
     */
    private boolean fromAppliance(PortTable.Snapshot snapshot, LocalPort port, long sourceHigh, long sourceLow) {
        NetworkView network = snapshot.network(port.overlayId());
        int index = network == null ? -1 : network.subnetIndexContaining(port.address());
        if (index < 0 || !network.fromApplianceHost(index, addressing, sourceHigh, sourceLow)) {
            return false;
        }
        counters.increment(DataplaneCounter.FROM_APPLIANCE);
        return true;
    }

    private void ask(int portIndex, int overlayId, int ipv4, long now) {
        counters.countRequest(requests.request(portIndex, overlayId, ipv4, now));
    }

    /** The translator's output: the IPv4 translation framed for the port, an ICMPv6 error back to the substrate. */
    private void emitTranslated(MemorySegment segment, long offset, int length, PacketSink.Emission kind) {
        if (kind == PacketSink.Emission.ICMP_ERROR_TO_SENDER) {
            SubstrateTtl.stamp(error.wrap(segment, offset, length), SubstrateTtl.ORIGINATED_TTL, flowHash);
            counters.increment(DataplaneCounter.ICMP_ERROR_TO_SENDER);
            sinks.toSubstrate(segment, offset, length);
            return;
        }
        int header = EthernetFrame.HEADER_LENGTH;
        if (length > frameBuffer.byteSize() - header) {
            return;
        }
        MemorySegment.copy(segment, offset, frameBuffer, header, length);
        frame.wrap(frameBuffer, 0, header + length);
        frame.setDestination(receiver.mac());
        frame.setSource(sourceMac);
        frame.setOuterEtherType(EtherType.IPV4);
        sinks.toPort(receiver.index(), frameBuffer, 0, header + length);
    }
}
