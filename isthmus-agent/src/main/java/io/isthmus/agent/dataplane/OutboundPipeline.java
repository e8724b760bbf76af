package io.isthmus.agent.dataplane;

import io.isthmus.agent.peering.PeeringGate;
import io.isthmus.agent.peering.PeeringView;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.ArpPacket;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TokenBucket;
import io.isthmus.xlat.TranslatorConfig;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The frames a node sends on its TAP (DESIGN.md, "Components and data flow", outgoing packet), one at a time:
 *
 * <ol>
 *   <li>Ethernet: untagged Ethernet II with a unicast source, else dropped.</li>
 *   <li>ARP requests are answered on the same port, in place: a target in the node's subnet gets the MAC of that
 *       interface ({@code VirtualMacs.forInterface}, or the local port's own MAC when it is on this host), and no
 *       answer when no interface holds it; the
 *       gateway or any target outside the subnet gets the subnet router's MAC. A gratuitous ARP (request or reply)
 *       claiming an address that is not the node's is dropped and counted, never answered nor learned; one
 *       announcing the node's own address needs nothing; probes (RFC 5227) are not answered, so duplicate address
 *       detection passes.</li>
 *   <li>The virtual router's services are punted to its slow path ({@link RouterPunt}): DHCP (UDP to port 67, whose
 *       clients may send from 0.0.0.0), IGMP, and SNMP (UDP to port 161 of the gateway).</li>
 *   <li>IPv4: the node's own source MAC and address are enforced unless its port has source/destination check off
 *       (an appliance). A destination outside the node's subnet crosses the virtual routers on the way: the
 *       sender's subnet's, then the destination subnet's, each decrementing the TTL and answering with ICMP errors
 *       from its own address ({@link #route}).</li>
 *   <li>Steering through appliances: a destination outside the node's subnet is first looked up (longest prefix
 *       match) in the route table of the sender's subnet ({@link RouteTableView}, pushed by the controller). A
 *       route that delivers locally, no route, or no table, goes on as above; a blackhole is dropped; a forward goes
 *       to one of its next hops (appliance interfaces), chosen by the flow's hash, with its destination unchanged and
 *       its TTL decremented once by the sender's router: written to the appliance's port when it is on this host,
 *       else translated with destination {@code appliance's host prefix | overlay id | final destination}. A route
 *       with no healthy next hop drops; one whose next hops include the sender delivers locally (no loop).</li>
 *   <li>Peering: a destination outside the network that the route table sends through a peering router (or, without
 *       a table, that a range of the network's {@link PeeringView} holds) goes to the peer network ({@link #peer}):
 *       policies, a TTL decrement per router on the path, 1:1 translation, metering; to the substrate, or through
 *       this thread's inbound pipeline when the peered node is on this host.</li>
 *   <li>Broadcast and multicast are replicated to the listening ports of this host and one copy per listening host
 *       ({@link MulticastSender}).</li>
 *   <li>A destination that is a port on this host in the same network is delivered directly, MACs rewritten (the
 *       destination's MAC; as source, the sender's MAC within a subnet, else the destination subnet's router's).</li>
 *   <li>Otherwise the {@link ResolutionCache} decides: allowed entries are translated to IPv6 (RFC 7915) with source
 *       {@code this host's prefix | overlay id | source IPv4} and destination the entry's next hop, the TTL carried
 *       in the flow label ({@link SubstrateTtl}), and written to the substrate; refused ones are dropped.</li>
 * </ol>
 *
 * <p><b>Misses.</b> A destination the cache does not hold, or holds expired, is asked of the controller through
 * {@link ResolutionRequests} (the data plane never waits for it and holds no packet buffers); meanwhile the packet goes
 * where the network's view, pushed by the controller, puts the destination's node ({@link NetworkView#member},
 * counted as {@link DataplaneCounter#FORWARDED_ON_NETWORK_VIEW}), so the first packets of a flow within a network
 * are not lost. A destination the view does not know either is dropped ({@link DataplaneCounter#RESOLUTION_MISS});
 * an expired entry is still used while its refresh is in flight (stale-while-revalidate), so a controller outage
 * keeps existing flows working.
 *
 * <p>Packets that reach the virtual routers (addressed to the sender's, or crossing them) are counted on the routers'
 * interfaces ({@link NetworkView#routerCounters}): each router has one in its subnet and an uplink to the network's
 * other routers.
 *
 * <p>Not thread-safe: one instance per data-plane thread, with its own {@link DataplaneCounters}. Allocation-free and
 * exception-free per packet; every packet ends in exactly one outcome counter, which {@link #process} returns.
 */
public final class OutboundPipeline {
    /** The MTU of the substrate: Ethernet's; it carries the default tenant MTU plus the 20 bytes IPv6 adds. */
    public static final int SUBSTRATE_MTU = 1500;
    /**
     * The translator settings by default: the pipeline itself emulates the routers, so the translator is no hop; and
     * the substrate's MTU is known, so only packets that exceed it are fragmented (RFC 7915 section 4's
     * "lowest-ipv6-mtu" of 1280 would fragment, and so break, ICMP messages of 1260 to 1480 bytes that the tenant MTU
     * allows).
     */
    public static final Function<AddressMapper, TranslatorConfig> DEFAULT_TRANSLATOR =
        mapper -> TranslatorConfig.defaults(mapper).withDecrementHopLimit(false).withLowestIpv6Mtu(SUBSTRATE_MTU);
    /** The datagram size every IPv4 host accepts (RFC 791), which bounds an ICMP error (RFC 1812 section 4.3.2.3). */
    private static final int MINIMUM_REASSEMBLY = 576;
    /**
     * The ICMP errors a pipeline's virtual routers send at most per second, in bursts as large (RFC 1812 section
     * 4.3.2.8: rate-limited, as Linux limits its own to 1000 a second).
     */
    public static final int ICMP_ERRORS_PER_SECOND = 1000;
    /** The UDP port of DHCP servers (RFC 2131 section 4.1). */
    private static final int DHCP_SERVER_PORT = 67;
    /** The UDP port of SNMP agents (RFC 3417 section 3.1). */
    private static final int SNMP_PORT = 161;
    private static final int RIP_PORT = 520;
    private static final int BGP_PORT = 179;
    /** OSPF's AllSPFRouters, 224.0.0.5 (RFC 2328 appendix A.1). */
    private static final int ALL_SPF_ROUTERS = 0xe0000005;
    /** OSPF's AllDRouters, 224.0.0.6. */
    private static final int ALL_D_ROUTERS = 0xe0000006;
    /** RIPv2's group, 224.0.0.9 (RFC 2453 section 4.5). */
    private static final int RIP_ROUTERS = 0xe0000009;

    private final OverlayAddressing addressing;
    private final long prefixHigh;
    private final long prefixLow;
    private final PortTable ports;
    private final ResolutionCache cache;
    private final ResolutionRequests requests;
    private final LongSupplier clock;
    private final RouterPunt punt;
    private final DataplaneCounters counters;
    private final FlowAddressMapper mapper = new FlowAddressMapper();
    private final Translator translator;
    private final MulticastSender multicast;
    private final EthernetFrame frame = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Ipv6Packet translation = new Ipv6Packet();
    private final Icmpv4Packet icmp = new Icmpv4Packet();
    private final Ipv4Packet original = new Ipv4Packet();
    private final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter();
    private final MemorySegment fragmentBuffer =
        Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + TranslatorConfig.MAX_PACKET, 8);
    private final UdpDatagram udp = new UdpDatagram();
    private final QuotedFlow quoted = new QuotedFlow();
    private final TcpSegment tcp = new TcpSegment();
    private final ResolutionCache.Entry entry = new ResolutionCache.Entry();
    private final Ipv6Slot source = new Ipv6Slot();
    private final Ipv6Slot nextHop = new Ipv6Slot();
    private final TokenBucket errorRate = new TokenBucket(ICMP_ERRORS_PER_SECOND);
    private final EthernetFrame errorFrame = new EthernetFrame();
    private final Ipv4Packet errorIp = new Ipv4Packet();
    private final Icmpv4Packet errorIcmp = new Icmpv4Packet();
    private final MemorySegment errorBuffer =
        Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + TranslatorConfig.MAX_PACKET, 8);
    private final PacketSink translated = this::emitTranslated;
    /** Takes the translations for a peered node on this host, as the substrate would bring them back. */
    private final InboundPipeline hairpin;

    /** The packet being translated: where its translation goes. */
    private LocalPort sender;
    private DataplaneSinks sinks;
    private int ttl;
    private int flowHash;
    /** Whether the packet being translated is for a peered node on this host ({@link #hairpin}). */
    private boolean local;
    /** The flow hash of the packet being steered ({@link #steer}), which chose its next hop. */
    private int steeredFlowHash;

    /** A pipeline with the {@link #DEFAULT_TRANSLATOR} settings. */
    public OutboundPipeline(DataplaneContext context, DataplaneCounters counters) {
        this(context, counters, DEFAULT_TRANSLATOR);
    }

    /**
     * A pipeline whose translator runs with {@code translatorConfig.apply(mapper)} (MTUs, ICMP error sources); the
     * mapper given must be used as is.
     */
    public OutboundPipeline(DataplaneContext context, DataplaneCounters counters,
                            Function<AddressMapper, TranslatorConfig> translatorConfig) {
        this.addressing = context.addressing();
        this.prefixHigh = context.hostPrefix().high();
        this.prefixLow = context.hostPrefix().low();
        this.ports = context.ports();
        this.cache = context.cache();
        this.requests = context.requests();
        this.clock = context.clock();
        this.punt = context.punt();
        this.counters = counters;
        this.translator = mapper.translator(translatorConfig);
        this.multicast = new MulticastSender(context, counters, translatorConfig);
        this.hairpin = new InboundPipeline(context, counters, translatorConfig);
    }

    /**
     * Handles the frame in {@code length} bytes of {@code segment} from {@code offset}, read from the TAP of port
     * {@code portIndex}; the frame may be rewritten in place. Counts and returns the outcome.
     */
    public DataplaneCounter process(int portIndex, MemorySegment segment, long offset, int length,
                                    DataplaneSinks sinks) {
        DataplaneCounter outcome = handle(portIndex, segment, offset, length, sinks);
        counters.increment(outcome);
        return outcome;
    }

    private DataplaneCounter handle(int portIndex, MemorySegment segment, long offset, int length,
                                    DataplaneSinks sinks) {
        PortTable.Snapshot snapshot = ports.snapshot();
        LocalPort port = snapshot.byIndex(portIndex);
        if (port == null) {
            return DataplaneCounter.UNKNOWN_SOURCE_PORT;
        }
        if (frame.wrap(segment, offset, length).checkLength() != WireStatus.OK) {
            return DataplaneCounter.MALFORMED_FRAME;
        }
        if (frame.hasVlanTag()) {
            return DataplaneCounter.TAGGED_FRAME;
        }
        int etherType = frame.etherType();
        if (etherType == EtherType.ARP) {
            return arp(snapshot, port, segment, offset, length, sinks);
        }
        if (etherType == EtherType.IPV4) {
            return ipv4(snapshot, port, segment, offset, length, sinks);
        }
        return DataplaneCounter.NOT_IPV4_OR_ARP;
    }

    private DataplaneCounter arp(PortTable.Snapshot snapshot, LocalPort port, MemorySegment segment, long offset,
                                 int length, DataplaneSinks sinks) {
        int header = EthernetFrame.HEADER_LENGTH;
        if (arp.wrap(segment, offset + header, length - header).checkLength() != WireStatus.OK) {
            return DataplaneCounter.MALFORMED_ARP;
        }
        boolean check = port.sourceDestCheck();
        if (check && (frame.source() != port.mac() || arp.senderHardwareAddress() != port.mac())) {
            return DataplaneCounter.SPOOFED_SOURCE_MAC;
        }
        int sender = arp.senderProtocolAddress();
        boolean gratuitous = arp.isGratuitous();
        if (!arp.isRequest()) {
            // A reply announcing an address (RFC 5227 section 3 allows replies as announcements) is a claim too.
            if (arp.isReply() && gratuitous) {
                return sender == port.address()
                    ? DataplaneCounter.ARP_ANNOUNCEMENT_IGNORED : DataplaneCounter.GRATUITOUS_ARP_CONFLICT;
            }
            return DataplaneCounter.ARP_NOT_REQUEST;
        }
        if (arp.isProbe()) {
            return DataplaneCounter.ARP_PROBE_IGNORED;
        }
        if (gratuitous) {
            return sender == port.address()
                ? DataplaneCounter.ARP_ANNOUNCEMENT_IGNORED : DataplaneCounter.GRATUITOUS_ARP_CONFLICT;
        }
        if (check && sender != port.address()) {
            return DataplaneCounter.SPOOFED_SOURCE_IP;
        }
        int target = arp.targetProtocolAddress();
        long answer;
        if (target == port.gateway() || !port.inSubnet(target)) {
            answer = port.routerMac();
        } else if (port.subnetPrefixLength() <= 30
            && (target == port.subnetAddress() || target == port.subnetBroadcast())) {
            return DataplaneCounter.ARP_RESERVED_TARGET;
        } else {
            NetworkView network = snapshot.network(port.overlayId());
            if (network != null && !network.hasMember(target)) {
                // Nobody holds the address: no answer, so the node reports the host unreachable itself, as on a
                // real link.
                return DataplaneCounter.ARP_NO_SUCH_HOST;
            }
            LocalPort local = snapshot.find(port.overlayId(), target);
            answer = local != null ? local.mac() : VirtualMacs.forInterface(target);
        }
        arp.turnIntoReply(answer);
        frame.turnAround(answer);
        sinks.toPort(port.index(), segment, offset, header + ArpPacket.LENGTH);
        return DataplaneCounter.ARP_REPLIED;
    }

    private DataplaneCounter ipv4(PortTable.Snapshot snapshot, LocalPort port, MemorySegment segment, long offset,
                                  int length, DataplaneSinks sinks) {
        int header = EthernetFrame.HEADER_LENGTH;
        if (ip.wrap(segment, offset + header, length - header).checkLength() != WireStatus.OK) {
            return DataplaneCounter.MALFORMED_IPV4;
        }
        if (!ip.verifyHeaderChecksum()) {
            return DataplaneCounter.BAD_IPV4_HEADER_CHECKSUM;
        }
        boolean check = port.sourceDestCheck();
        if (check && frame.source() != port.mac()) {
            return DataplaneCounter.SPOOFED_SOURCE_MAC;
        }
        int protocol = ip.protocol();
        if (protocol == IpProtocol.UDP && toUdpPort(DHCP_SERVER_PORT)
            && (ip.source() == 0 || ip.source() == port.address() || !check)) {
            // A client without an address yet sends from 0.0.0.0 (RFC 2131 section 4.1).
            return punt(RouterPunt.Kind.DHCP, port, segment, offset, length);
        }
        if (check && ip.source() != port.address()) {
            return DataplaneCounter.SPOOFED_SOURCE_IP;
        }
        if (protocol == IpProtocol.IGMP) {
            return punt(RouterPunt.Kind.IGMP, port, segment, offset, length);
        }
        int destination = ip.destination();
        RouterPunt.Kind routing = routingProtocol(port, protocol, destination);
        if (routing != null) {
            return punt(routing, port, segment, offset, length);
        }
        int first = destination >>> 24;
        if (first == 0 || first == 127 || (destination >>> 16) == 0xa9fe) {
            return DataplaneCounter.NO_ROUTE_LOCAL;
        }
        if (MulticastSender.isBroadcastOrMulticast(port, destination)) {
            return multicast.send(snapshot, port, frame, ip, segment, offset, sinks);
        }
        int frameLength = header + ip.length();
        NetworkView network = snapshot.network(port.overlayId());
        if (destination == port.gateway()) {
            DataplaneCounter outcome = protocol == IpProtocol.UDP && toUdpPort(SNMP_PORT)
                ? punt(RouterPunt.Kind.SNMP, port, segment, offset, length)
                : toRouter(port, segment, offset, sinks);
            countToRouter(network, port, frameLength, outcome);
            return outcome;
        }
        boolean crossesRouter = !port.inSubnet(destination);
        if (crossesRouter) {
            VirtualRouterCounters from = network == null ? null : network.routerCounters(port.gateway());
            if (from != null) {
                from.subnet().received(frameLength);
            }
            RouteTableView.Route route = routeFor(network, port, destination);
            if (network != null && (route == null ? network.subnetContaining(destination) == null
                : route.action() == RouteTableView.Action.PEERING)) {
                int range = network.peering().byDestination(destination);
                if (range >= 0) {
                    return peer(port, network, range, destination, segment, offset, sinks);
                }
            }
            if (route != null && route.action() != RouteTableView.Action.DELIVER_LOCAL
                && !route.hasNextHop(port.address())) {
                // A next hop that is the sender itself: an appliance's own packets are never sent back to it.
                return steer(snapshot, port, network, route, segment, offset, sinks);
            }
            DataplaneCounter dropped = route(port, network, destination, segment, offset, sinks);
            if (dropped != null) {
                return dropped;
            }
        } else if (network != null) {
            // A link, not a router: what a switch would do with a frame nobody takes or one too large for the link.
            if (!network.hasMember(destination)) {
                return DataplaneCounter.NO_SUCH_HOST;
            }
            if (ip.length() > network.settings().mtu()) {
                return DataplaneCounter.EXCEEDS_LINK_MTU;
            }
        }
        if (crossesRouter && network != null && ip.length() > network.settings().mtu()) {
            return forwardFragments(snapshot, port, destination, null, network.settings().mtu(), segment, offset,
                sinks);
        }
        return forward(snapshot, port, destination, crossesRouter, segment, offset, sinks);
    }

    /**
     * The packet in {@link #ip} may be fragmented and exceeds the MTU after a router: the router fragments it (RFC 1812
     * section 4.2.2.7) and each fragment goes on: to appliance interface {@code hop}, or, when null, to the
     * destination. Returns the first fragment's outcome.
     */
    private DataplaneCounter forwardFragments(PortTable.Snapshot snapshot, LocalPort port, int destination,
                                              RouteTableView.NextHop hop, int mtu, MemorySegment segment, long offset,
                                              DataplaneSinks sinks) {
        int header = EthernetFrame.HEADER_LENGTH;
        original.wrap(ip.segment(), ip.offset(), ip.length());
        int count = fragmenter.count(original, mtu);
        DataplaneCounter first = DataplaneCounter.FRAGMENTATION_NEEDED;
        for (int i = 0; i < count; i++) {
            MemorySegment.copy(segment, offset, fragmentBuffer, 0, header);
            int length = fragmenter.fragment(original, mtu, i, fragmentBuffer, header);
            frame.wrap(fragmentBuffer, 0, header + length);
            ip.wrap(fragmentBuffer, header, length);
            DataplaneCounter outcome = hop == null
                ? forward(snapshot, port, destination, true, fragmentBuffer, 0, sinks)
                : toNextHop(snapshot, port, hop, destination, fragmentBuffer, 0, sinks);
            if (i == 0) {
                first = outcome;
            }
        }
        counters.increment(DataplaneCounter.ROUTER_FRAGMENTED);
        return first;
    }

    /** Delivers the packet in {@link #ip} to a port on this host or through the substrate. */
    private DataplaneCounter forward(PortTable.Snapshot snapshot, LocalPort port, int destination,
                                     boolean crossesRouter, MemorySegment segment, long offset, DataplaneSinks sinks) {
        int header = EthernetFrame.HEADER_LENGTH;
        int frameLength = header + ip.length();
        NetworkView network = snapshot.network(port.overlayId());
        LocalPort local = snapshot.find(port.overlayId(), destination);
        if (local != null) {
            frame.setDestination(local.mac());
            frame.setSource(crossesRouter ? local.routerMac() : port.mac());
            sinks.toPort(local.index(), segment, offset, header + ip.length());
            if (crossesRouter) {
                countRouted(network, port, destination, frameLength);
            }
            return DataplaneCounter.DELIVERED_LOCAL;
        }
        DataplaneCounter outcome = remote(port, network, destination, sinks);
        if (crossesRouter && outcome == DataplaneCounter.SENT_TO_SUBSTRATE) {
            countRouted(network, port, destination, frameLength);
        }
        return outcome;
    }

    /**
     * The route of the sender's subnet's table for {@code destination}, or null: no view of the network yet, no table
     * pushed for the subnet, or no route (all of which deliver as without tables). Allocation-free.
     */
    private static RouteTableView.Route routeFor(NetworkView network, LocalPort port, int destination) {
        int index = network == null ? -1 : network.subnetIndexContaining(port.subnetAddress());
        return index < 0 ? null : network.routeTableAt(index).lookup(destination);
    }

    /**
     * The sender's router applies a route of its subnet's table that does not deliver locally (DESIGN.md, steering
     * through appliances): a blackhole drops; a forward picks a next hop by the flow's hash, so a flow sticks to one
     * appliance of an ECMP group, decrements the TTL (answering a TTL that runs out, and a packet too large that may
     * not be fragmented, as {@link #route} does) and sends the packet, its destination unchanged, to the appliance
     * interface.
     */
    private DataplaneCounter steer(PortTable.Snapshot snapshot, LocalPort port, NetworkView network,
                                   RouteTableView.Route route, MemorySegment segment, long offset,
                                   DataplaneSinks sinks) {
        if (route.action() == RouteTableView.Action.BLACKHOLE) {
            return DataplaneCounter.ROUTE_BLACKHOLE;
        }
        int count = route.nextHopCount();
        if (count == 0) {
            return DataplaneCounter.NO_HEALTHY_NEXT_HOP;
        }
        int ttl = ip.ttl();
        if (ttl <= 1) {
            icmpError(port, port.gateway(), 1, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0, sinks);
            return DataplaneCounter.TTL_EXPIRED;
        }
        int mtu = network.settings().mtu();
        if (ip.length() > mtu && ip.dontFragment()) {
            icmpError(port, port.gateway(), 1, Icmpv4Packet.DESTINATION_UNREACHABLE,
                Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, mtu, sinks);
            return DataplaneCounter.FRAGMENTATION_NEEDED;
        }
        // The flow label carries this hash, also on the fragments the router makes (whose own hash would lack the
        // ports): the receiving agent takes the next hop from it.
        steeredFlowHash = SubstrateTtl.flowHash(ip);
        RouteTableView.NextHop hop = route.nextHop(steeredFlowHash % count);
        decrementTtl(ttl);
        int destination = ip.destination();
        if (ip.length() > mtu) {
            return forwardFragments(snapshot, port, destination, hop, mtu, segment, offset, sinks);
        }
        return toNextHop(snapshot, port, hop, destination, segment, offset, sinks);
    }

    /**
     * The packet in {@link #ip} goes to range {@code range} of the network's peering view (a peered network), across
     * the sender's router, the peering routers on the way and the far subnet's router, as on any routed path:
     * <ol>
     *   <li>both attachments' policies decide ({@link PeeringGate#out}): answers pass, else responses-only and the
     *       traffic rules apply, and what passes is tracked; what they refuse costs the controller nothing;</li>
     *   <li>the destination, as the sender's network sees it, is the peer's own address translated back 1:1; the
     *       controller resolves that address in the peer network (its overlay id), and the cache keeps the answer;</li>
     *   <li>each router decrements the TTL, and the one where it runs out answers with ICMP time exceeded from its
     *       address: the sender's gateway, each peering router's hop address, the far subnet's gateway as seen;</li>
     *   <li>the packet is translated with source {@code this host | overlay id | source} and destination
     *       {@code peer's host | peer's overlay id | peer's own address}, so that the checksums follow the addresses,
     *       and metered.</li>
     * </ol>
     * A packet larger than the MTU is answered with fragmentation needed when it may not be fragmented, else dropped
     * ({@link DataplaneCounter#EXCEEDS_LINK_MTU}): peered paths do not fragment.
     */
    private DataplaneCounter peer(LocalPort port, NetworkView network, int range, int destination,
                                  MemorySegment segment, long offset, DataplaneSinks sinks) {
        PeeringView peering = network.peering();
        int far = peering.farGateway(range, destination);
        int routers = peering.routerCount(range);
        if (far == 0) {
            // Inside the peer's range but in none of its subnets: the last peering router has no route.
            icmpError(port, routers == 0 ? port.gateway() : peering.routerHop(range, routers - 1), routers + 1,
                Icmpv4Packet.DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_HOST_UNREACHABLE, 0, sinks);
            return DataplaneCounter.NO_ROUTE;
        }
        int mtu = network.settings().mtu();
        if (ip.length() > mtu) {
            if (!ip.dontFragment()) {
                return DataplaneCounter.EXCEEDS_LINK_MTU;
            }
            icmpError(port, port.gateway(), 1, Icmpv4Packet.DESTINATION_UNREACHABLE,
                Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, mtu, sinks);
            return DataplaneCounter.FRAGMENTATION_NEEDED;
        }
        long now = clock.getAsLong();
        int protocol = ip.protocol();
        long flowPorts = ip.isFragment() ? FlowPorts.NONE : FlowPorts.of(protocol, false, ip.segment(),
            ip.offset() + ip.headerLength(), ip.length() - ip.headerLength());
        // An error the node sends about a packet it received: the quoted packet went from the peer to the node.
        boolean answer = protocol == IpProtocol.ICMP && !ip.isFragment()
            && quoted.readIcmpv4(ip.segment(), ip.offset() + ip.headerLength(), ip.length() - ip.headerLength())
            && PeeringGate.tracked(peering, port.overlayId(), quoted.destination, quoted.source, quoted.protocol,
                FlowPorts.destination(quoted.ports), FlowPorts.source(quoted.ports), now);
        int verdict = answer ? PeeringGate.PASS : PeeringGate.out(peering, range, port.overlayId(), ip.source(),
            destination, protocol, FlowPorts.source(flowPorts), FlowPorts.destination(flowPorts),
            FlowPorts.opens(flowPorts), now);
        if (verdict != PeeringGate.PASS) {
            return verdict == PeeringGate.RESPONSES_ONLY ? DataplaneCounter.PEERING_RESPONSES_ONLY
                : DataplaneCounter.PEERING_RULE_DENIED;
        }
        int peerOverlayId = peering.peerOverlayId(range);
        int peerAddress = peering.toPeer(range, destination);
        int found = cache.lookup(peerOverlayId, peerAddress, now, entry);
        if (found != ResolutionCache.FRESH) {
            ask(port.index(), peerOverlayId, peerAddress, now);
        }
        if (found == ResolutionCache.MISS) {
            return DataplaneCounter.RESOLUTION_MISS;
        }
        if (!entry.allowed()) {
            return DataplaneCounter.NOT_ALLOWED;
        }
        int hops = routers + 2;
        int ttl = ip.ttl();
        if (ttl <= hops) {
            int expiresAt = Math.max(1, ttl);
            int router = expiresAt == 1 ? port.gateway()
                : expiresAt <= routers + 1 ? peering.routerHop(range, expiresAt - 2) : far;
            icmpError(port, router, expiresAt, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0, sinks);
            return DataplaneCounter.TTL_EXPIRED;
        }
        decrementTtl(ttl, hops);
        int length = ip.length();
        // A peered node on this host: the translation goes through this thread's inbound pipeline, which enforces
        // the receiving side as it would for a packet from the substrate (and counts its own outcome).
        local = addressing.hasAgentPrefix(entry.nextHopHigh(), entry.nextHopLow(), prefixHigh, prefixLow);
        DataplaneCounter outcome = translate(port, destination, entry.nextHopHigh(), entry.nextHopLow(),
            SubstrateTtl.flowHash(ip), sinks, DataplaneCounter.SENT_TO_PEER);
        local = false;
        if (outcome == DataplaneCounter.SENT_TO_PEER) {
            peering.meter(range, length);
        }
        return outcome;
    }

    /**
     * Sends the packet in {@link #ip} to appliance interface {@code hop}: written to its port when it is on this host
     * (to its MAC, from the sender's router's), else translated to the substrate with destination
     * {@code hop's host prefix | overlay id | destination}, the final destination, which the receiving agent delivers
     * to the appliance (its {@link InboundPipeline}). Counted out of the sender's router's interface in the subnet,
     * where the appliance interface is.
     */
    private DataplaneCounter toNextHop(PortTable.Snapshot snapshot, LocalPort port, RouteTableView.NextHop hop,
                                       int destination, MemorySegment segment, long offset, DataplaneSinks sinks) {
        int frameLength = EthernetFrame.HEADER_LENGTH + ip.length();
        NetworkView network = snapshot.network(port.overlayId());
        VirtualRouterCounters router = network == null ? null : network.routerCounters(port.gateway());
        LocalPort local = snapshot.find(port.overlayId(), hop.address());
        if (local != null) {
            frame.setDestination(hop.mac());
            frame.setSource(port.routerMac());
            sinks.toPort(local.index(), segment, offset, frameLength);
            if (router != null) {
                router.subnet().sent(frameLength);
            }
            return DataplaneCounter.FORWARDED_TO_LOCAL_APPLIANCE;
        }
        if (!addressing.compose(hop.hostPrefixHigh(), hop.hostPrefixLow(), port.overlayId(), destination, nextHop)) {
            return DataplaneCounter.TRANSLATION_UNTRANSLATABLE_DESTINATION;
        }
        DataplaneCounter outcome = translate(port, destination, nextHop.high, nextHop.low, steeredFlowHash, sinks,
            DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
        if (router != null && outcome == DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE) {
            router.subnet().sent(frameLength);
        }
        return outcome;
    }

    /**
     * Counts a packet addressed to the sender's virtual router on the router's interface in the subnet: received, and
     * what became of it (answered, an unknown protocol, an error, refused by a full slow path). The slow path counts
     * its own answers.
     */
    private static void countToRouter(NetworkView network, LocalPort port, int frameLength,
                                      DataplaneCounter outcome) {
        VirtualRouterCounters router = network == null ? null : network.routerCounters(port.gateway());
        if (router == null) {
            return;
        }
        RouterInterfaceCounters in = router.subnet();
        in.received(frameLength);
        if (outcome == DataplaneCounter.ROUTER_ECHO_REPLIED) {
            in.sent(frameLength);
        } else if (outcome == DataplaneCounter.ADDRESSED_TO_ROUTER) {
            in.increment(RouterInterfaceCounters.Counter.IN_UNKNOWN_PROTOCOLS);
        } else if (outcome == DataplaneCounter.BAD_ICMP_CHECKSUM) {
            in.increment(RouterInterfaceCounters.Counter.IN_ERRORS);
        } else if (outcome == DataplaneCounter.PUNT_REFUSED) {
            in.increment(RouterInterfaceCounters.Counter.IN_DISCARDS);
        }
    }

    /**
     * Counts a packet the two virtual routers forwarded, once it has left for its destination: out of the sender's
     * router's uplink, into the destination's router's uplink and out of its interface in the destination's subnet
     * ({@link #route}). A packet the routers dropped or answered was counted only where it entered.
     */
    private static void countRouted(NetworkView network, LocalPort port, int destination, int frameLength) {
        if (network == null) {
            return;
        }
        VirtualRouterCounters from = network.routerCounters(port.gateway());
        VirtualRouterCounters to = network.routerCounters(destination);
        if (from != null) {
            from.uplink().sent(frameLength);
        }
        if (to != null) {
            to.uplink().received(frameLength);
            to.subnet().sent(frameLength);
        }
    }

    /**
     * Emulates the virtual routers between the sender's subnet and {@code destination} (RFC 1812 section 5.2): the
     * sender's router (A), then the destination subnet's router (B). Each decrements the TTL and answers, from its own
     * address, a TTL that runs out (time exceeded); A answers a destination no subnet holds (network unreachable) and
     * a packet larger than the network's MTU that may not be fragmented (fragmentation needed, RFC 1191); B answers
     * an address no interface holds (host unreachable), and echo requests to its own address. Without a view of the
     * network yet, only router A's TTL decrement is emulated.
     *
     * @return the drop outcome, or null when the packet goes on with its TTL decremented once per router
     */
    private DataplaneCounter route(LocalPort port, NetworkView network, int destination, MemorySegment segment,
                                   long offset, DataplaneSinks sinks) {
        int ttl = ip.ttl();
        SubnetView target = network == null ? null : network.subnetContaining(destination);
        if (network != null && target == null) {
            icmpError(port, port.gateway(), 1, Icmpv4Packet.DESTINATION_UNREACHABLE,
                Icmpv4Packet.CODE_NET_UNREACHABLE, 0, sinks);
            return DataplaneCounter.NO_ROUTE;
        }
        if (ttl <= 1) {
            icmpError(port, port.gateway(), 1, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0, sinks);
            return DataplaneCounter.TTL_EXPIRED;
        }
        // Larger packets that may be fragmented are, once every router has let them through (forwardFragments).
        if (network != null && ip.length() > network.settings().mtu() && ip.dontFragment()) {
            icmpError(port, port.gateway(), 1, Icmpv4Packet.DESTINATION_UNREACHABLE,
                Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, network.settings().mtu(), sinks);
            return DataplaneCounter.FRAGMENTATION_NEEDED;
        }
        decrementTtl(ttl);
        if (target == null) {
            return null;
        }
        // Router B: the error it sends crosses router A back to the sender.
        if (destination == target.gateway()) {
            return toOtherRouter(port, target, segment, offset, sinks);
        }
        if (target.prefixLength() <= 30 && destination == target.broadcast()) {
            // Directed broadcasts are not forwarded (RFC 2644).
            return DataplaneCounter.DIRECTED_BROADCAST;
        }
        if (ttl - 1 <= 1) {
            icmpError(port, target.gateway(), 2, Icmpv4Packet.TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0,
                sinks);
            return DataplaneCounter.TTL_EXPIRED;
        }
        if (!network.hasMember(destination)) {
            icmpError(port, target.gateway(), 2, Icmpv4Packet.DESTINATION_UNREACHABLE,
                Icmpv4Packet.CODE_HOST_UNREACHABLE, 0, sinks);
            return DataplaneCounter.NO_SUCH_HOST;
        }
        decrementTtl(ttl - 1);
        return null;
    }

    /** Whether the packet in {@link #ip}, known to be UDP, is an unfragmented datagram to {@code destinationPort}. */
    private boolean toUdpPort(int destinationPort) {
        int headerLength = ip.headerLength();
        return !ip.isFragment()
            && udp.wrap(ip.segment(), ip.offset() + headerLength, ip.length() - headerLength).checkLength()
                == WireStatus.OK
            && udp.destinationPort() == destinationPort;
    }

    /**
     * The routing protocol the packet in {@link #ip} speaks to the port's virtual router, or null: OSPF to
     * AllSPFRouters, AllDRouters or the router; RIP to its group, the subnet's broadcast or the router; BGP to the
     * router's port 179. Only a participant's packets go to the router ({@link RouterPunt#wants}); others' stay on
     * the link, as on a router that does not speak the protocol there.
     */
    private RouterPunt.Kind routingProtocol(LocalPort port, int protocol, int destination) {
        RouterPunt.Kind kind;
        if (protocol == IpProtocol.OSPF) {
            kind = destination == ALL_SPF_ROUTERS || destination == ALL_D_ROUTERS || destination == port.gateway()
                ? RouterPunt.Kind.OSPF : null;
        } else if (protocol == IpProtocol.UDP) {
            kind = (destination == RIP_ROUTERS || destination == port.gateway()
                || destination == port.subnetBroadcast()) && toUdpPort(RIP_PORT) ? RouterPunt.Kind.RIP : null;
        } else if (protocol == IpProtocol.TCP) {
            kind = destination == port.gateway() && toTcpPort(BGP_PORT) ? RouterPunt.Kind.BGP : null;
        } else {
            kind = null;
        }
        return kind != null && punt.wants(kind, port.index()) ? kind : null;
    }

    private boolean toTcpPort(int destinationPort) {
        int headerLength = ip.headerLength();
        return !ip.isFragment()
            && tcp.wrap(ip.segment(), ip.offset() + headerLength, ip.length() - headerLength).checkLength()
                == WireStatus.OK
            && tcp.destinationPort() == destinationPort;
    }

    /** Hands the frame to the virtual router's slow path ({@link RouterPunt}). */
    private DataplaneCounter punt(RouterPunt.Kind kind, LocalPort port, MemorySegment segment, long offset,
                                  int length) {
        return punt.offer(kind, port.index(), segment, offset, EthernetFrame.HEADER_LENGTH + ip.length())
            ? DataplaneCounter.PUNTED_TO_ROUTER : DataplaneCounter.PUNT_REFUSED;
    }

    /**
     * A packet to the subnet's virtual router: an ICMP echo request is answered on the port, in place, from the
     * router's address and MAC (RFC 1122 section 3.2.2.6: same identifier, sequence and data; a fresh TTL, as the router
     * originates the reply). Fragmented requests and requests with IP options are not answered.
     */
    private DataplaneCounter toRouter(LocalPort port, MemorySegment segment, long offset, DataplaneSinks sinks) {
        return echoFromRouter(port, port.gateway(), SubstrateTtl.ORIGINATED_TTL, segment, offset, sinks);
    }

    /**
     * A packet to the virtual router of another subnet, {@code target}, having crossed the sender's router: an echo
     * request is answered from {@code target}'s address, the reply crossing the sender's router back (one TTL less);
     * an SNMP request goes to the routers' slow path, which answers for {@code target} the same way.
     */
    private DataplaneCounter toOtherRouter(LocalPort port, SubnetView target, MemorySegment segment, long offset,
                                           DataplaneSinks sinks) {
        if (ip.protocol() == IpProtocol.UDP && toUdpPort(SNMP_PORT)) {
            return punt(RouterPunt.Kind.SNMP, port, segment, offset, EthernetFrame.HEADER_LENGTH + ip.length());
        }
        return echoFromRouter(port, target.gateway(), SubstrateTtl.ORIGINATED_TTL - 1, segment, offset, sinks);
    }

    /** Answers an echo request in {@link #ip} from router address {@code router}, with {@code ttl}. */
    private DataplaneCounter echoFromRouter(LocalPort port, int router, int ttl, MemorySegment segment, long offset,
                                            DataplaneSinks sinks) {
        int headerLength = ip.headerLength();
        int icmpLength = ip.length() - headerLength;
        if (ip.protocol() != IpProtocol.ICMP || ip.isFragment() || headerLength != Ipv4Packet.HEADER_LENGTH
            || icmp.wrap(ip.segment(), ip.offset() + headerLength, icmpLength).checkLength() != WireStatus.OK
            || icmp.type() != Icmpv4Packet.ECHO_REQUEST || icmp.code() != 0) {
            return DataplaneCounter.ADDRESSED_TO_ROUTER;
        }
        if (Checksum.sum(icmp.segment(), icmp.offset(), icmpLength, 0) != 0xffff) {
            return DataplaneCounter.BAD_ICMP_CHECKSUM;
        }
        icmp.setType(Icmpv4Packet.ECHO_REPLY);
        icmp.setChecksum(Checksum.adjust(icmp.checksum(), Icmpv4Packet.ECHO_REQUEST << 8, Icmpv4Packet.ECHO_REPLY << 8));
        ip.setDestination(ip.source());
        ip.setSource(router);
        ip.setTtl(ttl);
        ip.fillHeaderChecksum();
        frame.turnAround(port.routerMac());
        sinks.toPort(port.index(), segment, offset, EthernetFrame.HEADER_LENGTH + ip.length());
        return DataplaneCounter.ROUTER_ECHO_REPLIED;
    }

    /**
     * A virtual router at address {@code router}, {@code hops} routers from the sender (1: its own), answers the packet
     * in {@link #ip} with an ICMP error (RFC 792; RFC 1812 sections 4.3.2.3, 5.2.7 and 5.3.1) sent to the sender's port
     * from its own router's MAC, quoting the packet as the router got it, as much as fits in 576 bytes. Never about an
     * ICMP error or a fragment other than the first (RFC 1812 section 4.3.2.7). The error's TTL is what is left of 64
     * after crossing the routers back.
     *
     * @param restOfHeader the ICMP header's second word: the next-hop MTU for fragmentation needed (RFC 1191)
     */
    private void icmpError(LocalPort port, int router, int hops, int type, int code, int restOfHeader,
                           DataplaneSinks sinks) {
        int headerLength = ip.headerLength();
        if (ip.fragmentOffset() != 0 || ip.protocol() == IpProtocol.ICMP
            && icmp.wrap(ip.segment(), ip.offset() + headerLength, ip.length() - headerLength).checkLength()
                == WireStatus.OK && Icmpv4Packet.isError(icmp.type())) {
            return;
        }
        if (!errorRate.tryAcquire()) {
            counters.increment(DataplaneCounter.ICMP_ERROR_RATE_LIMITED);
            return;
        }
        int ethernet = EthernetFrame.HEADER_LENGTH;
        int quoted = Math.min(ip.length(), MINIMUM_REASSEMBLY - Ipv4Packet.HEADER_LENGTH - Icmpv4Packet.HEADER_LENGTH);
        int icmpLength = Icmpv4Packet.HEADER_LENGTH + quoted;
        int total = Ipv4Packet.HEADER_LENGTH + icmpLength;
        MemorySegment.copy(ip.segment(), ip.offset(), errorBuffer, ethernet + Ipv4Packet.HEADER_LENGTH
            + Icmpv4Packet.HEADER_LENGTH, quoted);
        errorFrame.wrap(errorBuffer, 0, ethernet + total);
        errorFrame.setDestination(port.mac());
        errorFrame.setSource(port.routerMac());
        errorFrame.setOuterEtherType(EtherType.IPV4);
        errorIp.wrap(errorBuffer, ethernet, total);
        errorIp.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        errorIp.setTos(0);
        errorIp.setTotalLength(total);
        errorIp.setIdentification(0);
        errorIp.setFlagsAndFragmentOffset(false, false, 0);
        errorIp.setTtl(SubstrateTtl.ORIGINATED_TTL - (hops - 1));
        errorIp.setProtocol(IpProtocol.ICMP);
        errorIp.setSource(router);
        errorIp.setDestination(ip.source());
        errorIp.fillHeaderChecksum();
        errorIcmp.wrap(errorBuffer, ethernet + Ipv4Packet.HEADER_LENGTH, icmpLength);
        errorIcmp.setType(type);
        errorIcmp.setCode(code);
        errorIcmp.setRestOfHeader(restOfHeader);
        errorIcmp.setChecksum(0);
        errorIcmp.setChecksum(Checksum.finish(Checksum.sum(errorBuffer, ethernet + Ipv4Packet.HEADER_LENGTH,
            icmpLength, 0)));
        counters.increment(DataplaneCounter.ICMP_ERROR_TO_SENDER);
        sinks.toPort(port.index(), errorBuffer, 0, ethernet + total);
    }

    /** Takes one router off the TTL, {@code ttl}, of the packet in {@link #ip} (RFC 1624 checksum update). */
    private void decrementTtl(int ttl) {
        decrementTtl(ttl, 1);
    }

    /** Takes {@code routers} off the TTL, {@code ttl}, of the packet in {@link #ip}, updating its checksum. */
    private void decrementTtl(int ttl, int routers) {
        int protocol = ip.protocol();
        ip.setTtl(ttl - routers);
        ip.setHeaderChecksum(Checksum.adjust(ip.headerChecksum(), ttl << 8 | protocol,
            (ttl - routers) << 8 | protocol));
    }

    /**
     * Sends the packet in {@link #ip} over the substrate to the host of {@code destination}: where the cache says, or,
     * when the cache has no fresh answer, where the network's view (pushed by the controller) puts the destination's
     * node, so that the first packets of a flow in one network need not wait for the controller (which is asked all
     * the same, and whose answer, a refusal included, then decides).
     */
    private DataplaneCounter remote(LocalPort port, NetworkView network, int destination, DataplaneSinks sinks) {
        long now = clock.getAsLong();
        int found = cache.lookup(port.overlayId(), destination, now, entry);
        if (found != ResolutionCache.FRESH) {
            ask(port.index(), port.overlayId(), destination, now);
        }
        NetworkView.Member member = found == ResolutionCache.FRESH || network == null ? null
            : network.member(destination);
        long nextHopHigh;
        long nextHopLow;
        if (member != null && !member.local()
            && addressing.compose(member.hostPrefixHigh(), member.hostPrefixLow(), port.overlayId(), destination,
                nextHop)) {
            counters.increment(DataplaneCounter.FORWARDED_ON_NETWORK_VIEW);
            nextHopHigh = nextHop.high;
            nextHopLow = nextHop.low;
        } else if (found == ResolutionCache.MISS) {
            return DataplaneCounter.RESOLUTION_MISS;
        } else if (!entry.allowed()) {
            return DataplaneCounter.NOT_ALLOWED;
        } else {
            if (found == ResolutionCache.STALE) {
                counters.increment(DataplaneCounter.FORWARDED_ON_STALE_ENTRY);
            }
            nextHopHigh = entry.nextHopHigh();
            nextHopLow = entry.nextHopLow();
        }
        return translate(port, destination, nextHopHigh, nextHopLow, SubstrateTtl.flowHash(ip), sinks,
            DataplaneCounter.SENT_TO_SUBSTRATE);
    }

    /**
     * Translates the packet in {@link #ip} to the substrate: source {@code this host's prefix | overlay id | source},
     * destination {@code nextHopHigh:nextHopLow} standing for {@code destination}, {@code flowHash} in the flow label;
     * {@code sent} is the outcome when the translation went out.
     */
    private DataplaneCounter translate(LocalPort port, int destination, long nextHopHigh, long nextHopLow,
                                       int flowHash, DataplaneSinks sinks, DataplaneCounter sent) {
        if (!addressing.compose(prefixHigh, prefixLow, port.overlayId(), ip.source(), source)) {
            return DataplaneCounter.TRANSLATION_UNTRANSLATABLE_SOURCE;
        }
        mapper.set(destination, nextHopHigh, nextHopLow, ip.source(), source.high, source.low);
        this.sender = port;
        this.sinks = sinks;
        this.ttl = ip.ttl();
        this.flowHash = flowHash;
        TranslationResult result = translator.translate4to6(ip.segment(), ip.offset(), ip.length(), translated);
        this.sender = null;
        this.sinks = null;
        return counters.translated(result, sent);
    }

    private void ask(int portIndex, int overlayId, int ipv4, long now) {
        counters.countRequest(requests.request(portIndex, overlayId, ipv4, now));
    }

    /** The translator's output: the translation goes to the substrate, an ICMPv4 error back to the node. */
    private void emitTranslated(MemorySegment segment, long offset, int length, PacketSink.Emission kind) {
        if (kind == PacketSink.Emission.TRANSLATED) {
            SubstrateTtl.stamp(translation.wrap(segment, offset, length), ttl, flowHash);
            if (local) {
                hairpin.process(segment, offset, length, sinks);
            } else {
                sinks.toSubstrate(segment, offset, length);
            }
            return;
        }
        int header = EthernetFrame.HEADER_LENGTH;
        if (length > errorBuffer.byteSize() - header) {
            return;
        }
        MemorySegment.copy(segment, offset, errorBuffer, header, length);
        errorFrame.wrap(errorBuffer, 0, header + length);
        errorFrame.setDestination(sender.mac());
        errorFrame.setSource(sender.routerMac());
        errorFrame.setOuterEtherType(EtherType.IPV4);
        counters.increment(DataplaneCounter.ICMP_ERROR_TO_SENDER);
        sinks.toPort(sender.index(), errorBuffer, 0, header + length);
    }
}
